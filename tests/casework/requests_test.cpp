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
    return r;
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
