// The process definition and postcode routing in the database, on SQLite and
// PostgreSQL, against the demo organisation.
#include "casework/store.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/platform.hpp"
#include "casework/process.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::casework {
namespace {

class CaseworkStoreTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    organisation_ = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) { organisation::sql::save(c, organisation_); });
  }
  organisation::Organisation organisation_;
};

TEST_P(CaseworkStoreTest, TheProcessComesBackAsItWasSaved) {
  auto process = default_process();
  db_->transaction([&](store::Connection& c) { sql::save_process(c, process); });
  EXPECT_EQ(sql::load_process(*db_->acquire()), process);
  // Saving again replaces it whole.
  process.types.pop_back();
  process.types[0].steps.pop_back();
  db_->transaction([&](store::Connection& c) { sql::save_process(c, process); });
  EXPECT_EQ(sql::load_process(*db_->acquire()), process);
}

TEST_P(CaseworkStoreTest, AnUnknownCompetenceSavesNothing) {
  db_->transaction([&](store::Connection& c) { sql::save_process(c, default_process()); });
  auto bad = default_process();
  bad.types[1].steps[2].competence = "plumbing";
  EXPECT_THROW(db_->transaction([&](store::Connection& c) { sql::save_process(c, bad); }),
               store::ConstraintError);
  EXPECT_EQ(sql::load_process(*db_->acquire()), default_process());
}

TEST_P(CaseworkStoreTest, ATypeWithRequestsKeepsItsIdentityAndCannotBeRemoved) {
  db_->transaction([&](store::Connection& c) { sql::save_process(c, default_process()); });
  auto id_of = [&](const std::string& code) {
    return query("SELECT id FROM request_types WHERE code = $1", {code}).rows.at(0).integer(0);
  };
  auto parking = id_of("parking_card");
  query(
      "INSERT INTO requests (reference, submission_key, request_type_id, postcode, team_id, "
      "contact_name, description, submitted_at) SELECT 'R-1', 'k', $1, '9000', min(id), 'A', "
      "'B', 0 FROM teams",
      {parking});
  auto edited = default_process();
  edited.types.back().target_days = 45;  // parking_card, the last by code
  db_->transaction([&](store::Connection& c) { sql::save_process(c, edited); });
  EXPECT_EQ(id_of("parking_card"), parking);
  EXPECT_EQ(sql::load_process(*db_->acquire()), edited);
  edited.types.pop_back();
  EXPECT_THROW(db_->transaction([&](store::Connection& c) { sql::save_process(c, edited); }),
               store::ConstraintError);
  EXPECT_EQ(id_of("parking_card"), parking);
}

TEST_P(CaseworkStoreTest, EveryPostcodeGoesToARegionalTeamOfItsRegion) {
  std::map<std::string, std::set<std::string>> regional_teams;  // region -> team codes
  for (auto& t : organisation_.teams) {
    if (t.kind == "regional") regional_teams[*t.region].insert(t.code);
  }
  auto lease = db_->acquire();
  for (auto& region : organisation_.regions) {
    std::string previous;
    std::set<std::string> used;
    for (auto& postcode : region.postcodes) {  // ascending
      auto r = sql::route(*lease, postcode);
      ASSERT_TRUE(r) << postcode;
      EXPECT_EQ(r->region, region.code);
      EXPECT_TRUE(regional_teams[region.code].count(r->team)) << postcode << " " << r->team;
      // Contiguous blocks: once left, a team never comes back.
      if (r->team != previous) {
        EXPECT_TRUE(used.insert(r->team).second) << postcode;
      }
      previous = r->team;
    }
    // Every regional team of the region gets a share.
    EXPECT_EQ(used, regional_teams[region.code]) << region.code;
  }
}

TEST_P(CaseworkStoreTest, APostcodeInNoRegionHasNoRoute) {
  auto lease = db_->acquire();
  EXPECT_FALSE(sql::route(*lease, "0999"));
  EXPECT_FALSE(sql::route(*lease, ""));
  EXPECT_FALSE(sql::route(*lease, "'; DROP TABLE teams; --"));
}

TEST_P(CaseworkStoreTest, ARegionWithoutARegionalTeamNamesOnlyTheRegion) {
  auto& region = organisation_.regions.front();
  db_->transaction([&](store::Connection& c) {
    c.query(
        "UPDATE teams SET kind = 'purpose' WHERE region_id = (SELECT id FROM regions WHERE "
        "code = $1)",
        {region.code});
  });
  auto r = sql::route(*db_->acquire(), region.postcodes.front());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->region, region.code);
  EXPECT_TRUE(r->team.empty());
}

PLOEG_INSTANTIATE_BACKENDS(CaseworkStoreTest);

}  // namespace
}  // namespace ploeg::casework
