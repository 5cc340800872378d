// The outbox and its sender, on SQLite and PostgreSQL, against a real SMTP
// server (tests/support/smtp_sink.py): mail in the citizen's language, none
// lost while the server is down, none sent twice, a dead sender's row sent
// again with the same Message-ID, failure after the last attempt.
#include "mail/outbox.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

#include "casework/demo_backend.hpp"
#include "casework/held_clock.hpp"
#include "casework/requests.hpp"
#include "mail/pages.hpp"
#include "mail/sender.hpp"
#include "store/backend.hpp"
#include "support/smtp_sink.hpp"

namespace ploeg::mail {
namespace {

using namespace std::chrono_literals;

const web::Catalogue& catalogue() {
  static const auto loaded = web::Catalogue::load(std::string(PLOEG_SOURCE_DIR) + "/web/locales");
  return loaded;
}

class OutboxTest : public casework::testing::DemoBackendTest {
 protected:
  SenderOptions options(const test::SmtpSink& sink) {
    SenderOptions o;
    o.smtp.url = sink.url();
    o.smtp.from = "noreply@agency.example.be";
    o.smtp.tls = "none";
    o.smtp.timeout = std::chrono::seconds(5);
    o.link_base = "https://ploeg.example.be";
    return o;
  }

  // Files a request as a citizen writing in `language`; answers its reference.
  std::string file(const std::string& language, const std::string& email = "citizen@example.be",
                   const std::string& phone = "") {
    casework::NewRequest r;
    r.type = "parking_card";
    r.conditions = {"renewal"};
    r.postcode = "9000";
    r.name = "Marie Peeters";
    r.email = email;
    r.phone = phone;
    r.description = "My parking card expires next month.";
    r.submission_key = "key-" + std::to_string(++filed_);
    r.browser = "visitor:browser";
    r.language = language;
    auto filed = casework::file_request(*db_, r);
    EXPECT_TRUE(filed.receipt) << (filed.errors.empty() ? "" : filed.errors[0].message);
    return filed.receipt ? filed.receipt->reference : "";
  }

  std::vector<Row> rows() {
    std::vector<Row> out;
    for (auto& r : query("SELECT id, state, attempts, next_attempt_at, last_error, payload, "
                         "created_at FROM mail_outbox ORDER BY id")
                       .rows) {
      Row row;
      row.id = r.integer(0);
      row.state = r.text(1);
      row.attempts = static_cast<int>(r.integer(2));
      row.next_attempt_at = r.integer(3);
      row.last_error = r.text(4);
      row.kind = r.text(5);  // the payload, for the tests
      row.created_at = r.integer(6);
      out.push_back(row);
    }
    return out;
  }

  int filed_ = 0;
};

TEST_P(OutboxTest, TheCitizenIsToldInTheLanguageTheyFiledInWithAWorkingLink) {
  test::SmtpSink sink;
  auto nl = file("nl", "an@example.be");
  auto fr = file("fr", "anne@example.be");
  auto en = file("en", "ann@example.be");
  file("nl", "", "0470 12 34 56");  // no e-mail address: nothing to send
  EXPECT_EQ(count("mail_outbox"), 3);
  Sender sender(*db_, catalogue(), options(sink));
  EXPECT_EQ(sender.run_once(), 3);
  ASSERT_TRUE(sink.wait_for(3, 10s));
  auto mails = sink.mails();
  ASSERT_EQ(mails.size(), 3u);
  std::map<std::string, test::ReceivedMail> by_recipient;
  for (auto& m : mails) by_recipient[m.recipients.at(0)] = m;
  auto& dutch = by_recipient.at("an@example.be");
  EXPECT_EQ(dutch.subject, "We hebben uw aanvraag " + nl + " ontvangen");
  EXPECT_EQ(dutch.language, "nl");
  EXPECT_NE(dutch.body.find("Goedendag,"), std::string::npos) << dutch.body;
  EXPECT_NE(dutch.body.find("Het referentienummer is " + nl), std::string::npos) << dutch.body;
  EXPECT_EQ(by_recipient.at("anne@example.be").subject, "Nous avons bien reçu votre demande " + fr);
  EXPECT_NE(by_recipient.at("anne@example.be").body.find("Suivez-la sur votre page personnelle :"),
            std::string::npos);
  EXPECT_EQ(by_recipient.at("ann@example.be").subject, "We received your request " + en);
  EXPECT_EQ(dutch.mail_from, "noreply@agency.example.be");

  // The link in the mail opens the request it is about.
  std::smatch m;
  auto body = by_recipient.at("ann@example.be").body;
  ASSERT_TRUE(std::regex_search(body, m,
                                std::regex("https://ploeg\\.example\\.be/status/([A-Za-z0-9_-]+)")))
      << body;
  auto seen = casework::status(*db_->acquire(), m[1].str());
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->reference, en);

  // Sent: the link is gone from the database, the record stays.
  for (auto& row : rows()) {
    EXPECT_EQ(row.state, "sent");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.kind, "{}");  // the payload
  }
  EXPECT_EQ(query("SELECT about FROM mail_outbox ORDER BY id").rows[0].text(0), "request:" + nl);
  // Nothing more to send: nothing is sent twice.
  EXPECT_EQ(sender.run_once(), 0);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(sink.mails().size(), 3u);
}

TEST_P(OutboxTest, WhileTheServerIsDownNothingIsLostAndLaterEverythingArrivesOnce) {
  casework::testing::HeldClock clock;
  test::SmtpSink sink(false);  // down
  std::vector<std::string> references{file("en"), file("nl"), file("fr")};
  Sender sender(*db_, catalogue(), options(sink));
  EXPECT_EQ(sender.run_once(), 0);
  auto now = now_seconds();
  for (auto& row : rows()) {
    EXPECT_EQ(row.state, "queued");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.next_attempt_at, now + 30);  // first_retry_seconds
    EXPECT_NE(row.last_error, "");
    EXPECT_NE(row.kind, "{}");  // the payload is kept until sent
  }
  sink.start();
  EXPECT_EQ(sender.run_once(), 0);  // not due yet: the back-off holds
  clock.advance(30);
  EXPECT_EQ(sender.run_once(), 3);
  EXPECT_EQ(sender.run_once(), 0);
  ASSERT_TRUE(sink.wait_for(3, 10s));
  std::this_thread::sleep_for(200ms);
  auto mails = sink.mails();
  ASSERT_EQ(mails.size(), 3u);
  std::set<std::string> subjects;
  std::set<std::string> ids;
  for (auto& m : mails) {
    subjects.insert(m.subject);
    ids.insert(m.message_id);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(subjects.count("We received your request " + references[0]));
  EXPECT_TRUE(subjects.count("We hebben uw aanvraag " + references[1] + " ontvangen"));
  EXPECT_TRUE(subjects.count("Nous avons bien reçu votre demande " + references[2]));
  for (auto& row : rows()) {
    EXPECT_EQ(row.state, "sent");
    EXPECT_EQ(row.attempts, 2);
  }
}

TEST_P(OutboxTest, ARowWhoseSenderDiedIsSentAgainWithTheSameMessageId) {
  casework::testing::HeldClock clock;
  test::SmtpSink sink;
  file("en");
  // A sender claims the row and dies before it marks it sent.
  auto claimed = claim(*db_, "dead-sender", 10, 120);
  ASSERT_EQ(claimed.size(), 1u);
  Sender sender(*db_, catalogue(), options(sink));
  EXPECT_EQ(sender.run_once(), 0);  // its lease still holds
  clock.advance(121);
  EXPECT_EQ(sender.run_once(), 1);
  ASSERT_TRUE(sink.wait_for(1, 10s));
  EXPECT_EQ(sink.mails()[0].message_id,
            "<" + message_id(claimed[0], "noreply@agency.example.be") + ">");
  EXPECT_EQ(sink.mails()[0].message_id, "<outbox-" + std::to_string(claimed[0].id) + "." +
                                            std::to_string(claimed[0].created_at) +
                                            "@agency.example.be>");
  // The dead sender's late word changes nothing: the row is no longer its.
  mark_failed(*db_, claimed[0].id, "dead-sender", "late", now_seconds());
  EXPECT_EQ(rows()[0].state, "sent");
}

TEST_P(OutboxTest, TwoSendersOnOneDatabaseSendEveryRowOnce) {
  test::SmtpSink sink;
  db_->transaction([&](store::Connection& c) {
    for (int i = 0; i < 40; ++i) {
      enqueue(c, {kinds::new_link,
                  "request:R" + std::to_string(i),
                  "c" + std::to_string(i) + "@example.be",
                  "en",
                  {{"reference", "R" + std::to_string(i)}, {"type", "t"}, {"link", "/status/x"}}});
    }
  });
  auto other = open();
  auto o = options(sink);
  o.batch = 5;
  Sender first(*db_, catalogue(), o);
  Sender second(*other, catalogue(), o);
  int a = 0, b = 0;
  std::thread t([&] { a = first.run_once(); });
  b = second.run_once();
  t.join();
  EXPECT_EQ(a + b, 40);
  ASSERT_TRUE(sink.wait_for(40, 20s));
  std::this_thread::sleep_for(200ms);
  auto mails = sink.mails();
  EXPECT_EQ(mails.size(), 40u);
  std::set<std::string> ids;
  for (auto& m : mails) ids.insert(m.message_id);
  EXPECT_EQ(ids.size(), 40u);
}

TEST_P(OutboxTest, AfterTheLastAttemptTheRowFailsAndWaitsForAnAdministrator) {
  casework::testing::HeldClock clock;
  test::SmtpSink sink(false);
  file("en");
  auto o = options(sink);
  o.max_attempts = 3;
  o.first_retry_seconds = 10;
  Sender sender(*db_, catalogue(), o);
  EXPECT_EQ(sender.run_once(), 0);
  EXPECT_EQ(rows()[0].next_attempt_at, now_seconds() + 10);
  clock.advance(10);
  EXPECT_EQ(sender.run_once(), 0);
  EXPECT_EQ(rows()[0].next_attempt_at, now_seconds() + 20);  // doubled
  clock.advance(20);
  EXPECT_EQ(sender.run_once(), 0);
  auto row = rows()[0];
  EXPECT_EQ(row.state, "failed");
  EXPECT_EQ(row.attempts, 3);
  EXPECT_NE(row.last_error.find("onnect"), std::string::npos) << row.last_error;
  clock.advance(3600);
  sink.start();
  EXPECT_EQ(sender.run_once(), 0);  // a failed row stays until someone sends it again
  EXPECT_EQ(sink.mails().size(), 0u);
}

TEST(Outbox, TheBackOffDoublesUpToItsCap) {
  SenderOptions o;
  EXPECT_EQ(retry_delay(o, 1), 30);
  EXPECT_EQ(retry_delay(o, 2), 60);
  EXPECT_EQ(retry_delay(o, 3), 120);
  EXPECT_EQ(retry_delay(o, 8), 3600);
  EXPECT_EQ(retry_delay(o, 60), 3600);
}

TEST(Outbox, TheSmtpSettingsAreCheckedBeforeTheServerStarts) {
  SmtpSettings s;
  check(s);  // no server: mail is kept, not sent
  s.url = "http://mail.example.be";
  s.from = "noreply@agency.example.be";
  EXPECT_THROW(check(s), std::invalid_argument);
  s.url = "smtp://mail.example.be:587";
  check(s);
  s.from = "";
  EXPECT_THROW(check(s), std::invalid_argument);  // a server needs a sender
  s.from = "noreply@agency.example.be\r\nBcc: x@y.be";
  EXPECT_THROW(check(s), std::invalid_argument);
  s.from = "noreply@agency.example.be";
  s.tls = "sometimes";
  EXPECT_THROW(check(s), std::invalid_argument);
}

TEST(Outbox, RecipientsAreMaskedAndHeadersCannotBeInjected) {
  EXPECT_EQ(masked("marie.peeters@example.be"), "ma***@example.be");
  EXPECT_EQ(masked("m@example.be"), "m***@example.be");
  EXPECT_FALSE(deliverable("a@b.be\r\nBcc: x@y.be"));
  EXPECT_FALSE(deliverable("a@b.be, c@d.be"));
  EXPECT_FALSE(deliverable("no-at-sign"));
  EXPECT_TRUE(deliverable("marie@example.be"));
  Row row;
  row.id = 7;
  row.created_at = 1800000000;
  row.kind = kinds::decision_taken;
  row.recipient = "marie@example.be";
  row.language = "fr";
  row.values = {{"reference", "2026-AAAA-BBBB"}, {"type", "Carte"}, {"link", "/status/t"}};
  SenderOptions o;
  o.smtp.from = "noreply@agency.example.be";
  o.link_base = "https://ploeg.example.be";
  auto message = compose(row, catalogue(), o);
  EXPECT_NE(message.find("Message-ID: <outbox-7.1800000000@agency.example.be>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(message.find("Content-Transfer-Encoding: base64\r\n\r\n"), std::string::npos);
}

PLOEG_INSTANTIATE_BACKENDS(OutboxTest);

}  // namespace
}  // namespace ploeg::mail
