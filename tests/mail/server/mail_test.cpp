// End to end: `ploeg serve` with a real SMTP server (tests/support/smtp_sink.py).
// A filed request is mailed in the citizen's language with a link that
// opens it; a lost link comes back by reference and e-mail with the same
// answer whether or not they match, throttled; while the mail server is
// down nothing is lost and the administrators' outbox shows it; who may
// see the outbox (anonymous, co-worker, member of another team, coach,
// administrator).
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "support/pdf_text.hpp"
#include "support/smtp_sink.hpp"

namespace ploeg::test {
namespace {

using namespace std::chrono_literals;

bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

class MailServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_temp_dir("ploeg-mail-server-");
    database_ = "sqlite:" + (dir_ / "ploeg.db").string();
    logins_ = run_demo({"--people", "300", "--database", database_});
    sink_ = std::make_unique<SmtpSink>();
    // A member of a team other than the demo co-worker's, with an account.
    auto db = store::Database::open(database_);
    auto other = db->acquire()
                     ->query(
                         "SELECT p.email FROM people p JOIN memberships m ON m.person_id = p.id "
                         "WHERE m.team_id NOT IN (SELECT m2.team_id FROM memberships m2 JOIN "
                         "account_people a ON a.person_id = m2.person_id JOIN users u ON u.id = "
                         "a.user_id WHERE u.username = 'coworker') AND NOT EXISTS (SELECT 1 FROM "
                         "account_people a WHERE a.person_id = p.id) ORDER BY p.id LIMIT 1")
                     .rows.at(0)
                     .text(0);
    add_linked_account(database_, "elsewhere", other, "mail-outbox-secret-42");
    server_ = std::make_unique<PloegServer>(database_, std::vector<std::string>{},
                                            std::vector<std::pair<std::string, std::string>>{
                                                {"PLOEG_SMTP_URL", sink_->url()},
                                                {"PLOEG_SMTP_TLS", "none"},
                                                {"PLOEG_MAIL_FROM", "noreply@agency.example.be"}});
  }
  static void TearDownTestSuite() {
    server_.reset();
    sink_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static Visitor signed_in(const std::string& who) {
    Visitor v(server_->port());
    auto password = who == "elsewhere" ? std::string("mail-outbox-secret-42") : logins_.at(who);
    EXPECT_TRUE(v.sign_in(who, password)) << who;
    return v;
  }

  // Files a request in `lang` as a citizen with `email`; the reference.
  static std::string file(const std::string& lang, const std::string& email) {
    Visitor citizen(server_->port());
    citizen.cookies()["ploeg_lang"] = lang;
    auto form = citizen.get("/request");
    std::smatch m;
    static const std::regex key(R"re(name="submission_key" value="([^"]+)")re");
    EXPECT_TRUE(std::regex_search(form.body, m, key));
    auto sent = citizen.post("/request", {{"type", "parking_card"},
                                          {"conditions", "renewal"},
                                          {"postcode", "9000"},
                                          {"name", "Marie Peeters"},
                                          {"email", email},
                                          {"description", "My card expires."},
                                          {"submission_key", m[1].str()}});
    EXPECT_EQ(sent.status, 303) << sent.body;
    auto page = citizen.get(sent.header("Location").value_or(""));
    EXPECT_TRUE(has(page, "href=\"/status/lost\"")) << "the receipt leads to a new link";
    return reference_on(page.body);
  }

  // The mails to `recipient` whose subject holds `text`.
  static std::vector<ReceivedMail> mails_to(const std::string& recipient, const std::string& text) {
    std::vector<ReceivedMail> out;
    for (auto& m : sink_->mails()) {
      if (m.recipients.size() == 1 && m.recipients[0] == recipient &&
          m.subject.find(text) != std::string::npos) {
        out.push_back(m);
      }
    }
    return out;
  }
  static bool wait_for_mail(const std::string& recipient, const std::string& text,
                            std::size_t count = 1) {
    auto until = std::chrono::steady_clock::now() + 15s;
    while (mails_to(recipient, text).size() < count) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  }

  // The path of the status link in a mail's body ("/status/TOKEN").
  static std::string link_path(const std::string& body) {
    std::smatch m;
    static const std::regex link(R"re(http://127\.0\.0\.1:\d+(/status/[A-Za-z0-9_-]+))re");
    return std::regex_search(body, m, link) ? m[1].str() : "";
  }

  static std::unique_ptr<store::Database> db() { return store::Database::open(database_); }

  static inline std::filesystem::path dir_;
  static inline std::string database_;
  static inline std::map<std::string, std::string> logins_;
  static inline std::unique_ptr<SmtpSink> sink_;
  static inline std::unique_ptr<PloegServer> server_;
};

TEST_F(MailServerTest, AFiledRequestIsMailedInTheCitizensLanguageWithALinkThatOpensIt) {
  struct Case {
    const char* lang;
    const char* email;
    std::string subject_before;
    std::string subject_after;
    const char* greeting;
  } cases[] = {
      {"nl", "nl.burger@example.be", "We hebben uw aanvraag ", " ontvangen", "Goedendag,"},
      {"fr", "fr.citoyen@example.be", "Nous avons bien reçu votre demande ", "", "Bonjour,"},
      {"en", "en.citizen@example.be", "We received your request ", "", "Hello,"}};
  for (auto& c : cases) {
    auto reference = file(c.lang, c.email);
    ASSERT_FALSE(reference.empty()) << c.lang;
    ASSERT_TRUE(wait_for_mail(c.email, reference)) << c.lang;
    auto mail = mails_to(c.email, reference).at(0);
    EXPECT_EQ(mail.subject, c.subject_before + reference + c.subject_after);
    EXPECT_EQ(mail.language, c.lang);
    EXPECT_NE(mail.body.find(c.greeting), std::string::npos) << mail.body;
    EXPECT_NE(mail.body.find(reference), std::string::npos) << mail.body;
    auto path = link_path(mail.body);
    ASSERT_FALSE(path.empty()) << mail.body;
    Visitor reader(server_->port());
    auto page = reader.get(path);
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(reference_on(page.body), reference);
  }
}

TEST_F(MailServerTest, AnInvalidEmailAddressIsRefusedByTheForm) {
  Visitor citizen(server_->port());
  auto form = citizen.get("/request");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(form.body, m, std::regex(R"re(name="submission_key" value="([^"]+)")re")));
  for (auto* email : {"marie@example", "marie@example.be, eve@example.be", "marie example.be"}) {
    auto sent = citizen.post("/request", {{"type", "parking_card"},
                                          {"postcode", "9000"},
                                          {"name", "Marie Peeters"},
                                          {"email", email},
                                          {"description", "My card expires."},
                                          {"submission_key", m[1].str()}});
    EXPECT_EQ(sent.status, 422) << email;
    EXPECT_TRUE(has(sent, "This e-mail address is not valid")) << email;
  }
}

TEST_F(MailServerTest, ALostLinkComesBackByMailWithTheSameAnswerWhetherOrNotItMatches) {
  auto reference = file("en", "lost.link@example.be");
  ASSERT_TRUE(wait_for_mail("lost.link@example.be", "We received"));
  Visitor citizen(server_->port());
  auto unknown = citizen.get("/status/not-a-token");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(has(unknown, "href=\"/status/lost\""));
  auto page = citizen.get("/status/lost");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "Lost the link to your request?"));

  auto wrong =
      citizen.post("/status/lost", {{"reference", reference}, {"email", "eve@example.be"}});
  auto right =
      citizen.post("/status/lost", {{"reference", reference}, {"email", "Lost.Link@example.be"}});
  EXPECT_EQ(wrong.status, 303);
  EXPECT_EQ(right.status, 303);
  EXPECT_EQ(wrong.header("Location"), right.header("Location"));
  EXPECT_EQ(wrong.body, right.body);
  auto answer = citizen.get(right.header("Location").value_or(""));
  EXPECT_TRUE(has(answer, "If the reference and the e-mail address belong together"));
  EXPECT_FALSE(has(answer, reference));

  ASSERT_TRUE(wait_for_mail("lost.link@example.be", "A new link to your request " + reference));
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(mails_to("eve@example.be", "").empty());
  auto mail = mails_to("lost.link@example.be", "A new link").at(0);
  auto path = link_path(mail.body);
  ASSERT_FALSE(path.empty()) << mail.body;
  EXPECT_EQ(reference_on(citizen.get(path).body), reference);

  // Missing fields are said per field.
  auto empty = citizen.post("/status/lost", {{"reference", ""}, {"email", "x"}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(has(empty, "Fill in the reference of your request."));
  EXPECT_TRUE(has(empty, "Fill in the e-mail address you gave"));

  // A third try on this reference passes, the fourth waits (429), whatever the address.
  EXPECT_EQ(
      citizen.post("/status/lost", {{"reference", reference}, {"email", "x@example.be"}}).status,
      303);
  auto refused =
      citizen.post("/status/lost", {{"reference", reference}, {"email", "lost.link@example.be"}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.header("Retry-After").value_or("").empty());
  EXPECT_FALSE(has(refused, "lost.link@example.be"));
  // Without the form's CSRF token nothing is done.
  EXPECT_EQ(
      citizen.post("/status/lost", {{"reference", "X"}, {"email", "x@example.be"}}, "").status,
      403);
  // The audit names the request only for the matching address, and no address.
  auto audit = db()->acquire()->query(
      "SELECT action, subject, detail FROM audit_log WHERE action LIKE 'request.link%' ORDER BY "
      "id");
  ASSERT_EQ(audit.rows.size(), 3u);
  EXPECT_EQ(audit.rows[0].text(0), "request.link_not_resent");
  EXPECT_EQ(audit.rows[0].text(1), "request:unknown");
  EXPECT_EQ(audit.rows[1].text(0), "request.link_resent");
  EXPECT_EQ(audit.rows[1].text(1), "request:" + reference);
  for (auto& row : audit.rows) EXPECT_EQ(row.text(2), "");
}

TEST_F(MailServerTest, WhileTheMailServerIsDownNothingIsLostAndTheOutboxShowsIt) {
  sink_->stop();
  auto reference = file("en", "down.time@example.be");
  auto admin = signed_in("admin");
  // The sender tried once and queued it again for later.
  HttpResponse outbox;
  auto until = std::chrono::steady_clock::now() + 15s;
  do {
    std::this_thread::sleep_for(100ms);
    outbox = admin.get("/admin/outbox");
  } while (!has(outbox, "onnect") && std::chrono::steady_clock::now() < until);
  EXPECT_EQ(outbox.status, 200);
  EXPECT_TRUE(has(outbox, "request:" + reference)) << outbox.body;
  EXPECT_TRUE(has(outbox, "do***@example.be"));
  EXPECT_FALSE(has(outbox, "down.time@example.be"));
  EXPECT_TRUE(has(outbox, "Couldn&#39;t connect") || has(outbox, "connect")) << outbox.body;
  auto row = db()->acquire()->query("SELECT id, state, attempts FROM mail_outbox WHERE about = $1",
                                    {"request:" + reference});
  ASSERT_EQ(row.rows.size(), 1u);
  auto id = std::to_string(row.rows[0].integer(0));
  EXPECT_EQ(row.rows[0].text(1), "queued");
  EXPECT_GE(row.rows[0].integer(2), 1);

  // After its last attempt a row fails and waits on the page for an administrator.
  db()->acquire()->query("UPDATE mail_outbox SET state = 'failed' WHERE id = $1",
                         {row.rows[0].integer(0)});
  outbox = admin.get("/admin/outbox");
  EXPECT_TRUE(has(outbox, "Failed"));
  EXPECT_TRUE(has(outbox, "action=\"/admin/outbox/" + id + "/retry\""));

  sink_->start();
  auto retried = admin.post("/admin/outbox/" + id + "/retry", {});
  EXPECT_EQ(retried.status, 303);
  ASSERT_TRUE(wait_for_mail("down.time@example.be", reference));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(mails_to("down.time@example.be", reference).size(), 1u);
  EXPECT_EQ(db()->acquire()
                ->query("SELECT state FROM mail_outbox WHERE id = $1", {row.rows[0].integer(0)})
                .rows.at(0)
                .text(0),
            "sent");
  EXPECT_EQ(
      db()->acquire()
          ->query("SELECT count(*) FROM audit_log WHERE action = 'mail.retry' AND subject = $1",
                  {"mail:" + id})
          .rows.at(0)
          .integer(0),
      1);
  // A sent row cannot be sent again, an unknown one is not found.
  EXPECT_EQ(admin.post("/admin/outbox/" + id + "/retry", {}).status, 404);
  EXPECT_EQ(admin.post("/admin/outbox/99999999/retry", {}).status, 404);
}

TEST_F(MailServerTest, OnlyAdministratorsSeeTheOutbox) {
  file("en", "matrix@example.be");
  Visitor anonymous(server_->port());
  anonymous.get("/login");
  auto r = anonymous.get("/admin/outbox");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location").value_or(""), "/login?next=%2Fadmin%2Foutbox");
  r = anonymous.post("/admin/outbox/1/retry", {});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(has(r, "example.be"));
  for (auto* who : {"coworker", "elsewhere", "coach"}) {
    auto v = signed_in(who);
    auto page = v.get("/admin/outbox");
    EXPECT_EQ(page.status, 403) << who;
    EXPECT_FALSE(has(page, "***@example.be")) << who;
    EXPECT_FALSE(has(page, "request:")) << who;
    v.get("/");
    auto post = v.post("/admin/outbox/1/retry", {});
    EXPECT_EQ(post.status, 403) << who;
    EXPECT_FALSE(has(post, "example.be")) << who;
  }
  auto admin = signed_in("admin");
  auto page = admin.get("/admin/outbox");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "Outbox: mail to citizens"));
  EXPECT_FALSE(has(page, "matrix@example.be"));  // masked, if it is still waiting
  EXPECT_EQ(db()->acquire()
                    ->query("SELECT count(*) FROM audit_log WHERE action = 'mail.outbox.view'")
                    .rows.at(0)
                    .integer(0) > 0,
            true);
}

// An account of its own, signed in, linked to the person with `email`.
Visitor signed_in_as(std::uint16_t port, const std::string& database, const std::string& username,
                     const std::string& email) {
  add_linked_account(database, username, email, "mail-outbox-secret-42");
  Visitor v(port);
  EXPECT_TRUE(v.sign_in(username, "mail-outbox-secret-42")) << username;
  return v;
}

// An account of its own for a person of (or, `member` false, not of) the
// team handling `reference`.
Visitor team_account(std::uint16_t port, const std::string& database, const std::string& reference,
                     bool member, const std::string& username) {
  auto db = store::Database::open(database);
  auto email = db->acquire()
                   ->query(std::string("SELECT p.email FROM people p JOIN memberships m ON "
                                       "m.person_id = p.id WHERE m.team_id ") +
                               (member ? "=" : "<>") +
                               " (SELECT team_id FROM requests WHERE reference = $1) AND NOT "
                               "EXISTS (SELECT 1 FROM account_people a WHERE a.person_id = p.id) "
                               "AND NOT EXISTS (SELECT 1 FROM memberships m2 WHERE m2.person_id = "
                               "p.id AND m2.team_id = (SELECT team_id FROM requests WHERE "
                               "reference = $1)) = $2 ORDER BY p.id LIMIT 1",
                           {reference, std::int64_t{member ? 0 : 1}})
                   .rows.at(0)
                   .text(0);
  return signed_in_as(port, database, username, email);
}

// An account of its own for a member of the team handling `reference` who
// holds `competence`.
Visitor holder_account(std::uint16_t port, const std::string& database,
                       const std::string& reference, const std::string& competence,
                       const std::string& username) {
  auto db = store::Database::open(database);
  auto email = db->acquire()
                   ->query(
                       "SELECT p.email FROM people p JOIN memberships m ON m.person_id = p.id "
                       "JOIN person_competences pc ON pc.person_id = p.id JOIN competences k "
                       "ON k.id = pc.competence_id WHERE m.team_id = (SELECT team_id FROM "
                       "requests WHERE reference = $1) AND k.code = $2 AND NOT EXISTS (SELECT "
                       "1 FROM account_people a WHERE a.person_id = p.id) ORDER BY p.id LIMIT 1",
                       {reference, competence})
                   .rows.at(0)
                   .text(0);
  return signed_in_as(port, database, username, email);
}

TEST_F(MailServerTest, ATeamMemberAsksTheCitizenWhoReadsItOnTheStatusPageAfterAMail) {
  auto reference = file("fr", "question@example.be");
  ASSERT_TRUE(wait_for_mail("question@example.be", reference));
  auto member = team_account(server_->port(), database_, reference, true, "asker");
  auto outsider = team_account(server_->port(), database_, reference, false, "outsider");
  auto page = member.get("/requests/" + reference);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "action=\"/requests/" + reference + "/ask\""));

  // Not of the team, anonymous, or an empty question: nothing asked.
  outsider.get("/");
  auto refused = outsider.post("/requests/" + reference + "/ask", {{"question", "Send it all."}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(has(refused, "question@example.be"));
  Visitor anonymous(server_->port());
  anonymous.get("/login");
  EXPECT_EQ(anonymous.post("/requests/" + reference + "/ask", {{"question", "x"}}).status, 403);
  auto empty = member.post("/requests/" + reference + "/ask", {{"question", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(has(empty, "Write what you need from the citizen."));

  member.get("/requests/" + reference);
  auto asked = member.post("/requests/" + reference + "/ask",
                           {{"question", "Envoyez une copie de votre carte actuelle."}});
  EXPECT_EQ(asked.status, 303);
  ASSERT_TRUE(wait_for_mail("question@example.be", "nous avons besoin de vous"));
  auto mail = mails_to("question@example.be", "nous avons besoin de vous").at(0);
  EXPECT_EQ(mail.subject, "Votre demande " + reference + " : nous avons besoin de vous");
  EXPECT_EQ(mail.body.find("copie de votre carte"), std::string::npos);  // not in the mail
  Visitor citizen(server_->port());
  auto status = citizen.get(link_path(mail.body));
  EXPECT_EQ(status.status, 200);
  EXPECT_TRUE(has(status, "Envoyez une copie de votre carte actuelle."));
  EXPECT_EQ(mails_to("question@example.be", "").size(), 2u);
}

TEST_F(MailServerTest, TheDecisionMailCarriesTheLetterAsAPdf) {
  auto reference = file("nl", "besluit@example.be");
  ASSERT_TRUE(wait_for_mail("besluit@example.be", reference));
  const std::string motivation = "Uw kaart is nog geldig en het attest van de arts volstaat.";
  // A renewal skips the medical assessment.
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"intake", "intake"}, {"completeness_check", "administration"}, {"decision", "decision"}};
  for (auto& [step, competence] : steps) {
    SCOPED_TRACE(step);
    auto worker = holder_account(server_->port(), database_, reference, competence, "d_" + step);
    auto page = "/requests/" + reference;
    worker.get(page);
    ASSERT_EQ(worker.post(page + "/take", {{"step_code", step}}).status, 303);
    worker.get(page);
    http::Fields fields = {{"step_code", step}, {"outcome", "Klaar: " + step}};
    if (step == "decision") {
      fields.emplace_back("decision", "granted");
      fields.emplace_back("motivation", motivation);
    }
    auto done = worker.post(page + "/complete", fields);
    ASSERT_EQ(done.status, 303) << done.body;
  }

  ASSERT_TRUE(wait_for_mail("besluit@example.be", "beslissing"));
  auto mail = mails_to("besluit@example.be", "beslissing").at(0);
  EXPECT_EQ(mail.language, "nl");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].file_name, reference + ".pdf");
  EXPECT_EQ(mail.attachments[0].content_type, "application/pdf");
  // The letter as the citizen's status page gives it: the same words.
  auto text = pdf_file_text(mail.attachments[0].path);
  EXPECT_NE(text.find(reference), std::string::npos) << text;
  EXPECT_NE(text.find(motivation), std::string::npos) << text;
  EXPECT_NE(text.find("Marie Peeters"), std::string::npos) << text;
  Visitor citizen(server_->port());
  EXPECT_EQ(pdf_text(citizen.get(link_path(mail.body) + "/letter.pdf").body), text);
  // Sending the citizen's letter is a look at their personal data: audited.
  EXPECT_EQ(db()->acquire()
                ->query("SELECT count(*) FROM audit_log WHERE action = 'request.letter.mailed' AND "
                        "actor = 'system:mail' AND subject = $1",
                        {"request:" + reference})
                .rows.at(0)
                .integer(0),
            1);
}

}  // namespace
}  // namespace ploeg::test
