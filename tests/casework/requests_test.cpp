// Filing a citizen's request: routed, receipted, idempotent, all or nothing,
// on SQLite and PostgreSQL.
#include "casework/requests.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <thread>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "casework/demo_backend.hpp"
#include "casework/held_clock.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::casework {
namespace {

class RequestsTest : public testing::DemoBackendTest {
 protected:
  static NewRequest valid(const std::string& key = "key-1") {
    NewRequest r;
    r.type = "parking_card";
    r.conditions = {"renewal"};
    r.postcode = "9000";
    r.name = "Marie Peeters";
    r.email = "marie@example.be";
    r.description = "My parking card expires next month.";
    r.submission_key = key;
    r.browser = "visitor:browser-of-marie";
    return r;
  }

  // The same form as another browser would send it, with other details.
  static NewRequest from_elsewhere(const std::string& key) {
    auto r = valid(key);
    r.browser = "visitor:browser-of-someone-else";
    r.name = "Eve Intruder";
    r.email = "eve@example.be";
    return r;
  }

  static std::vector<std::string> keys(const Filed& f) {
    std::vector<std::string> out;
    for (auto& e : f.errors) out.push_back(e.key);
    return out;
  }

  std::vector<std::string> fields(const Filed& f) {
    std::vector<std::string> out;
    for (auto& e : f.errors) out.push_back(e.field);
    return out;
  }
};

TEST_P(RequestsTest, ARequestGoesToItsRegionsTeamAndItsLinkShowsItsStage) {
  auto filed = file_request(*db_, valid());
  ASSERT_TRUE(filed.receipt) << (filed.errors.empty() ? "" : filed.errors[0].message);
  auto& receipt = *filed.receipt;
  EXPECT_TRUE(std::regex_match(receipt.reference, std::regex(R"(\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")))
      << receipt.reference;
  auto route = sql::route(*db_->acquire(), "9000");
  ASSERT_TRUE(route);
  EXPECT_EQ(receipt.team, route->team);
  EXPECT_FALSE(receipt.repeated);

  auto lease = db_->acquire();
  auto s = status(*lease, receipt.status_token);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->reference, receipt.reference);
  EXPECT_EQ(s->type_name, "Parking card");
  EXPECT_EQ(s->stage, "Intake");
  EXPECT_EQ(s->target_days, 30);
  EXPECT_FALSE(s->decided);
  // Only the token's hash is stored.
  EXPECT_TRUE(
      lease->query("SELECT 1 FROM request_links WHERE token_hash = $1", {receipt.status_token})
          .empty());
  EXPECT_FALSE(status(*lease, receipt.status_token + "x"));
  EXPECT_FALSE(status(*lease, ""));
}

TEST_P(RequestsTest, TheLanguageTheCitizenFiledInIsKeptForWhatIsWrittenToThem) {
  auto lease = db_->acquire();
  auto in = [&](const std::string& key, const std::string& language) {
    auto r = valid(key);
    r.language = language;
    auto filed = file_request(*db_, r);
    EXPECT_TRUE(filed.receipt);
    return filed.receipt ? status(*lease, filed.receipt->status_token)->language : "";
  };
  EXPECT_EQ(in("key-fr", "fr"), "fr");
  EXPECT_EQ(in("key-nl", "nl"), "nl");
  // A language the organisation does not write in is the fallback.
  EXPECT_EQ(in("key-de", "de"), "en");
}

TEST_P(RequestsTest, TheSameFormSentTwiceFilesOneRequest) {
  auto first = file_request(*db_, valid("double-click"));
  auto second = file_request(*db_, valid("double-click"));
  ASSERT_TRUE(first.receipt && second.receipt);
  EXPECT_EQ(first.receipt->reference, second.receipt->reference);
  EXPECT_TRUE(second.receipt->repeated);
  EXPECT_EQ(count("requests"), 1);
  // Both links lead to it.
  auto lease = db_->acquire();
  EXPECT_TRUE(status(*lease, first.receipt->status_token));
  EXPECT_TRUE(status(*lease, second.receipt->status_token));
  EXPECT_NE(file_request(*db_, valid("another form")).receipt->reference, first.receipt->reference);
}

// Issue 18: a form's key sent by anyone opened the request filed with it.
TEST_P(RequestsTest, AKeyFiledBeforeGivesAnotherBrowserNothingOfItsRequest) {
  auto first = file_request(*db_, valid("form-key"));
  ASSERT_TRUE(first.receipt);
  auto links = count("request_links");
  for (auto other : {from_elsewhere("form-key"), [] {
                       auto r = from_elsewhere("form-key");  // even with the very same words
                       r.name = "Marie Peeters";
                       r.email = "marie@example.be";
                       return r;
                     }()}) {
    auto second = file_request(*db_, other);
    EXPECT_FALSE(second.receipt);
    EXPECT_EQ(fields(second), std::vector<std::string>{"submission_key"});
    EXPECT_EQ(keys(second), std::vector<std::string>{"request_form_used"});
    for (auto& e : second.errors) {
      EXPECT_EQ(e.message.find(first.receipt->reference), std::string::npos);
      EXPECT_TRUE(e.values.empty());
    }
  }
  // No new link was made, and nothing new was filed.
  EXPECT_EQ(count("request_links"), links);
  EXPECT_EQ(count("requests"), 1);
  // Neither the key nor the browser is stored as sent.
  EXPECT_TRUE(query("SELECT 1 FROM requests WHERE submission_key = 'form-key' OR "
                    "submission_browser LIKE '%browser-of-marie%'")
                  .empty());
  // Without a browser, never a resend.
  auto anonymous = valid("form-key");
  anonymous.browser = "";
  EXPECT_EQ(keys(file_request(*db_, anonymous)), std::vector<std::string>{"request_form_used"});
}

TEST_P(RequestsTest, TheSameBrowserWithOtherWordsOrADayLaterFilesNothingUnderAnOldKey) {
  testing::HeldClock held;
  auto first = file_request(*db_, valid("form-key"));
  ASSERT_TRUE(first.receipt);
  auto edited = valid("form-key");
  edited.description = "My parking card expires next week.";
  EXPECT_EQ(keys(file_request(*db_, edited)), std::vector<std::string>{"request_form_used"});

  held.advance(resend_window_seconds - 60);
  auto resent = file_request(*db_, valid("form-key"));
  ASSERT_TRUE(resent.receipt);
  EXPECT_EQ(resent.receipt->reference, first.receipt->reference);
  EXPECT_TRUE(resent.receipt->repeated);

  held.advance(120);  // a day and a minute after it was filed
  auto late = file_request(*db_, valid("form-key"));
  EXPECT_FALSE(late.receipt);
  EXPECT_EQ(keys(late), std::vector<std::string>{"request_form_used"});
  EXPECT_EQ(count("requests"), 1);
}

TEST_P(RequestsTest, OneAddressFilesAtMostSoManyRequestsAnHour) {
  testing::HeldClock held;
  auto from = [](const std::string& address, int i) {
    auto r = valid("key-" + address + "-" + std::to_string(i));
    r.remote_address = address;
    return r;
  };
  std::string first_reference;
  for (int i = 0; i < max_filings_per_address_per_hour; ++i) {
    auto filed = file_request(*db_, from("198.51.100.7", i));
    ASSERT_TRUE(filed.receipt) << i;
    if (i == 0) first_reference = filed.receipt->reference;
    held.advance(60);
  }
  auto over = file_request(*db_, from("198.51.100.7", 100));
  EXPECT_FALSE(over.receipt);
  EXPECT_TRUE(over.errors.empty());
  // The first of the hour leaves the window an hour after it was filed.
  EXPECT_EQ(over.retry_after, 3600 - 60 * max_filings_per_address_per_hour);
  EXPECT_EQ(count("requests"), max_filings_per_address_per_hour);
  // A resend of a form already filed is no new filing: it is still answered.
  auto resend = file_request(*db_, from("198.51.100.7", 0));
  ASSERT_TRUE(resend.receipt);
  EXPECT_EQ(resend.receipt->reference, first_reference);
  // Another address files as usual.
  EXPECT_TRUE(file_request(*db_, from("198.51.100.8", 0)).receipt);
  // Once the hour has passed, the first address files again.
  held.advance(over.retry_after);
  EXPECT_TRUE(file_request(*db_, from("198.51.100.7", 101)).receipt);
  // Only hashes of the addresses are kept.
  EXPECT_TRUE(query("SELECT 1 FROM rate_limit_hits WHERE key_hash LIKE '%198.51%'").empty());
}

TEST_P(RequestsTest, EveryFieldACitizenSendsIsBounded) {
  auto r = valid();
  r.postcode = std::string(max_postcode_length + 1, '9');
  r.phone = "0470" + std::string(max_phone_length, ' ') + "123456";  // plausible, too long
  r.name = std::string(max_name_length + 1, 'n');
  r.email = std::string(max_contact_length, 'e') + "@example.be";
  r.submission_key = std::string(max_submission_key_length + 1, 'k');
  auto filed = file_request(*db_, r);
  EXPECT_FALSE(filed.receipt);
  EXPECT_EQ(fields(filed),
            (std::vector<std::string>{"postcode", "name", "email", "phone", "submission_key"}));
  EXPECT_EQ(keys(filed), (std::vector<std::string>{"request_too_long", "request_too_long",
                                                   "request_email_invalid", "request_too_long",
                                                   "request_form_stale"}));
  EXPECT_EQ(count("requests"), 0);
}

TEST_P(RequestsTest, ClicksAtTheSameMomentStillFileOneRequest) {
  std::vector<std::thread> clicks;
  std::vector<std::string> references(8);
  for (std::size_t i = 0; i < references.size(); ++i) {
    clicks.emplace_back([&, i] {
      auto filed = file_request(*db_, valid("same moment"));
      if (filed.receipt) references[i] = filed.receipt->reference;
    });
  }
  for (auto& t : clicks) t.join();
  EXPECT_EQ(count("requests"), 1);
  for (auto& r : references) EXPECT_EQ(r, references[0]);
  EXPECT_FALSE(references[0].empty());
}

TEST_P(RequestsTest, BadInputIsNamedFieldByFieldAndNothingIsFiled) {
  auto entries = count("audit_log");
  auto r = valid();
  r.type = "moon_trip";
  r.postcode = "0999";
  r.name = " ";
  r.email = "not an address";
  r.phone = "call me";
  r.description = std::string(max_description_length + 1, 'x');
  r.submission_key = "";
  auto filed = file_request(*db_, r);
  EXPECT_FALSE(filed.receipt);
  EXPECT_EQ(fields(filed), (std::vector<std::string>{"type", "postcode", "name", "email", "phone",
                                                     "description", "submission_key"}));
  EXPECT_EQ(count("requests"), 0);
  EXPECT_EQ(count("audit_log"), entries);

  r = valid();
  r.conditions = {"review"};  // a condition of allowances, not of parking cards
  r.email = "";
  EXPECT_EQ(fields(file_request(*db_, r)), (std::vector<std::string>{"conditions", "email"}));
  EXPECT_EQ(count("requests"), 0);
}

TEST_P(RequestsTest, TheAuditLogRecordsTheFilingWithoutPersonalData) {
  auto filed = file_request(*db_, valid());
  ASSERT_TRUE(filed.receipt);
  auto entries = audit::recent(*db_, 1);
  ASSERT_EQ(entries.size(), 1u);
  auto& e = entries[0].event;
  EXPECT_EQ(e.action, "request.file");
  EXPECT_EQ(e.subject, "request:" + filed.receipt->reference);
  for (const char* personal : {"Marie", "marie@example.be", "parking card expires"}) {
    EXPECT_EQ(e.detail.find(personal), std::string::npos) << personal;
    EXPECT_EQ(e.actor.find(personal), std::string::npos) << personal;
  }
}

PLOEG_INSTANTIATE_BACKENDS(RequestsTest);

}  // namespace
}  // namespace ploeg::casework
