// End to end on the real server with a real SMTP server
// (tests/support/smtp_sink.py): a citizen complains on their status page,
// the complaint waits on the team's queue and the members' home with its
// age, a member answers it on the request page, the citizen is mailed and
// reads the answer under their complaint; the team's figures count it. Who
// may answer, for every kind of visitor:
//
//   POST /requests/{ref}/complaint-answer   members of the handling team;
//                                           anyone else 403 with nothing of
//                                           the request or the citizen.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "support/smtp_sink.hpp"

namespace ploeg::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* password = "complaints-pages-secret-42";
constexpr const char* citizen_name = "Marie Peeters";
constexpr const char* citizen_email = "complaining.citizen@example.be";

bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

class ComplaintsPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_temp_dir("ploeg-complaints-pages-");
    database_ = "sqlite:" + (dir_ / "ploeg.db").string();
    logins_ = run_demo({"--people", "300", "--database", database_});
    sink_ = std::make_unique<SmtpSink>();
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

  static std::unique_ptr<store::Database> db() { return store::Database::open(database_); }

  static Visitor demo_login(const std::string& who) {
    Visitor v(server_->port());
    EXPECT_TRUE(v.sign_in(who, logins_.at(who))) << who;
    return v;
  }

  // An account of its own for a person of (or, `member` false, not of) the
  // team handling `reference`.
  static Visitor team_account(const std::string& reference, bool member,
                              const std::string& username) {
    auto email = db()->acquire()
                     ->query(std::string("SELECT p.email FROM people p WHERE NOT EXISTS (SELECT 1 "
                                         "FROM account_people a WHERE a.person_id = p.id) AND ") +
                                 (member ? "" : "NOT ") +
                                 "EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id "
                                 "AND m.team_id = (SELECT team_id FROM requests WHERE reference "
                                 "= $1)) AND EXISTS (SELECT 1 FROM memberships m WHERE "
                                 "m.person_id = p.id) ORDER BY p.id LIMIT 1",
                             {reference})
                     .rows.at(0)
                     .text(0);
    add_linked_account(database_, username, email, password);
    Visitor v(server_->port());
    EXPECT_TRUE(v.sign_in(username, password)) << username;
    return v;
  }

  struct Filed {
    std::string reference;
    std::string status_path;  // /status/TOKEN
  };
  // Files a request in Gent as a citizen with an e-mail address, in `lang`.
  static Filed file(const std::string& lang) {
    Visitor citizen(server_->port());
    citizen.cookies()["ploeg_lang"] = lang;
    auto form = citizen.get("/request");
    std::smatch m;
    static const std::regex key(R"re(name="submission_key" value="([^"]+)")re");
    EXPECT_TRUE(std::regex_search(form.body, m, key));
    auto sent = citizen.post("/request", {{"type", "parking_card"},
                                          {"conditions", "renewal"},
                                          {"postcode", "9000"},
                                          {"name", citizen_name},
                                          {"email", citizen_email},
                                          {"description", "My card expires."},
                                          {"submission_key", m[1].str()}});
    EXPECT_EQ(sent.status, 303) << sent.body;
    auto location = sent.header("Location").value_or("");
    Filed f;
    f.status_path = location.substr(0, location.find('?'));
    f.reference = reference_on(citizen.get(location).body);
    return f;
  }

  static std::vector<ReceivedMail> mails_with(const std::string& text) {
    std::vector<ReceivedMail> out;
    for (auto& m : sink_->mails()) {
      if (m.recipients.size() == 1 && m.recipients[0] == citizen_email &&
          m.subject.find(text) != std::string::npos) {
        out.push_back(m);
      }
    }
    return out;
  }
  static bool wait_for_mail(const std::string& text) {
    auto until = std::chrono::steady_clock::now() + 15s;
    while (mails_with(text).empty()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  }

  // The complaints answered in the API's months and their days to answer in
  // all (the mean times the count).
  static std::pair<std::int64_t, double> answered_figures(Visitor& v, const std::string& team) {
    auto api = v.get("/api/v1/teams/" + team + "/figures?period=month");
    EXPECT_EQ(api.status, 200);
    auto total = boost::json::parse(api.body).at("total").as_object();
    auto n = total.at("complaints_answered").to_number<std::int64_t>();
    auto mean = total.at("mean_days_to_answer");
    EXPECT_EQ(mean.is_null(), n == 0) << api.body;
    return {n, mean.is_null() ? 0.0 : mean.to_number<double>() * static_cast<double>(n)};
  }

  static std::int64_t count(const std::string& sql, const std::vector<store::Value>& params) {
    return db()->acquire()->query(sql, params).rows.at(0).integer(0);
  }

  static inline std::filesystem::path dir_;
  static inline std::string database_;
  static inline std::map<std::string, std::string> logins_;
  static inline std::unique_ptr<SmtpSink> sink_;
  static inline std::unique_ptr<PloegServer> server_;
};

TEST_F(ComplaintsPagesTest, AMemberAnswersAComplaintAndTheCitizenIsMailedAndReadsIt) {
  auto filed = file("en");
  ASSERT_FALSE(filed.reference.empty());
  Visitor citizen(server_->port());
  ASSERT_EQ(citizen.get(filed.status_path).status, 200);
  auto complained =
      citizen.post(filed.status_path + "/complaint", {{"text", "Nobody called me <back>."}});
  ASSERT_EQ(complained.status, 303) << complained.body;
  // Two days old.
  db()->acquire()->query(
      "UPDATE request_events SET at = at - 2 * 86400 WHERE kind = 'complaint' AND request_id = "
      "(SELECT id FROM requests WHERE reference = $1)",
      {filed.reference});
  auto status = citizen.get(filed.status_path);
  EXPECT_TRUE(has(status, "Your complaints"));
  EXPECT_TRUE(has(status, "Nobody called me &lt;back&gt;."));
  EXPECT_TRUE(has(status, "The team has not answered yet."));

  auto member = team_account(filed.reference, true, "answerer");
  auto team_code = db()->acquire()
                       ->query(
                           "SELECT t.code FROM teams t JOIN requests r ON r.team_id = t.id "
                           "WHERE r.reference = $1",
                           {filed.reference})
                       .rows.at(0)
                       .text(0);
  // On the queue and the home, with its age; on the request page, the form.
  auto queue = member.get("/teams/" + team_code + "/queue");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(has(queue, "Complaints waiting for an answer"));
  EXPECT_TRUE(has(queue, "href=\"/requests/" + filed.reference + "\">" + filed.reference +
                             "</a> <span class=\"tag tag--warning\">waiting 2 days</span>"))
      << queue.body;
  // The home counts the team's complaints waiting (the demo history's last
  // days' too) and links the oldest.
  auto waiting = count(
      "SELECT count(*) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE "
      "e.kind = 'complaint' AND r.team_id = (SELECT team_id FROM requests WHERE reference = $1) "
      "AND NOT EXISTS (SELECT 1 FROM complaint_answers a WHERE a.complaint_event_id = e.id)",
      {filed.reference});
  ASSERT_GE(waiting, 1);
  auto home = member.get("/");
  EXPECT_TRUE(has(home, waiting == 1 ? std::string("1 complaint waits for an answer, for ")
                                     : std::to_string(waiting) +
                                           " complaints wait for an answer, the oldest for "))
      << home.body;
  auto page = member.get("/requests/" + filed.reference);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "action=\"/requests/" + filed.reference + "/complaint-answer\""));
  EXPECT_TRUE(has(page, "Nobody called me &lt;back&gt;."));
  EXPECT_TRUE(has(page, "waiting 2 days"));

  // The team's figures before (the demo history's answers are in them).
  auto before_answer = answered_figures(member, team_code);

  // Empty: the form comes back with its message.
  auto path = "/requests/" + filed.reference + "/complaint-answer";
  auto empty = member.post(path, {{"answer", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(has(empty, "Write your answer to the citizen."));
  auto answered = member.post(path, {{"answer", "We are sorry: we call you <tomorrow>."}});
  ASSERT_EQ(answered.status, 303);
  auto after = member.get(answered.header("Location").value_or(""));
  EXPECT_TRUE(has(after, "The answer is on the citizen&apos;s status page.")) << after.body;
  EXPECT_TRUE(has(after, "Complaint answered"));
  EXPECT_FALSE(has(after, "/complaint-answer\""));
  // Nothing waits any more: a second answer is a conflict.
  EXPECT_EQ(member.post(path, {{"answer", "Again."}}).status, 409);
  EXPECT_FALSE(has(member.get("/teams/" + team_code + "/queue"),
                   "href=\"/requests/" + filed.reference + "\">" + filed.reference +
                       "</a> <span class=\"tag tag--warning\">"));

  // The mail arrives at the SMTP server, with a link to the status page.
  ASSERT_TRUE(wait_for_mail("An answer to your complaint about request " + filed.reference));
  auto mail = mails_with("An answer to your complaint").at(0);
  EXPECT_EQ(mail.language, "en");
  EXPECT_EQ(mail.body.find("tomorrow"), std::string::npos);  // the answer is on the page only
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mail.body, m, std::regex(R"re(http://127\.0\.0\.1:\d+(/status/[A-Za-z0-9_-]+))re")));
  auto read = Visitor(server_->port()).get(m[1].str());
  EXPECT_EQ(read.status, 200);
  EXPECT_TRUE(has(read, "Our answer"));
  EXPECT_TRUE(has(read, "We are sorry: we call you &lt;tomorrow&gt;."));

  // The team's figures count it, on the page and in the API.
  auto figures = member.get("/figures/teams/" + team_code);
  EXPECT_TRUE(has(figures, "Complaints answered"));
  EXPECT_TRUE(has(figures, "Mean days to answer a complaint"));
  auto after_answer = answered_figures(member, team_code);
  EXPECT_EQ(after_answer.first, before_answer.first + 1);
  EXPECT_NEAR(after_answer.second, before_answer.second + 2.0, 1e-9);
}

TEST_F(ComplaintsPagesTest, OnlyMembersOfTheHandlingTeamAnswerAndOthersLearnNothing) {
  auto filed = file("nl");
  Visitor citizen(server_->port());
  citizen.get(filed.status_path);
  ASSERT_EQ(citizen.post(filed.status_path + "/complaint", {{"text", "Te traag."}}).status, 303);
  auto path = "/requests/" + filed.reference + "/complaint-answer";
  const std::vector<std::pair<std::string, std::string>> form = {{"answer", "Sorry."}};

  std::vector<std::pair<std::string, Visitor>> others;
  others.emplace_back("member of another team", team_account(filed.reference, false, "elsewhere"));
  others.emplace_back("coach of other teams", demo_login("coach"));
  others.emplace_back("administrator", demo_login("admin"));
  for (auto& [who, visitor] : others) {
    visitor.get("/");
    auto r = visitor.post(path, form);
    EXPECT_EQ(r.status, 403) << who;
    EXPECT_FALSE(has(r, citizen_name)) << who;
    EXPECT_FALSE(has(r, citizen_email)) << who;
    EXPECT_FALSE(has(r, "Te traag.")) << who;
    // Nor do they see the request page, or its complaint.
    auto page = visitor.get("/requests/" + filed.reference);
    EXPECT_EQ(page.status, 403) << who;
    EXPECT_FALSE(has(page, "Te traag.")) << who;
  }
  // Anonymous: no session, no CSRF token of one: refused before anything.
  Visitor anonymous(server_->port());
  anonymous.get("/");
  auto r = anonymous.post(path, form);
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(has(r, "Te traag."));
  auto answers_of_request = [&] {
    return count(
        "SELECT count(*) FROM complaint_answers a JOIN requests r ON r.id = "
        "a.request_id WHERE r.reference = $1",
        {filed.reference});
  };
  EXPECT_EQ(answers_of_request(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = "
                  "'request.complaint.answer.refused' AND subject = $1",
                  {"request:" + filed.reference}),
            3);
  // A member of the team answers it.
  auto member = team_account(filed.reference, true, "teammate");
  member.get("/requests/" + filed.reference);
  EXPECT_EQ(member.post(path, form).status, 303);
  EXPECT_EQ(answers_of_request(), 1);
}

}  // namespace
}  // namespace ploeg::test
