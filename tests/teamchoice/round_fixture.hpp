// The fixture of the team choice tests: the 300-person demo organisation on
// SQLite or PostgreSQL, the region with the most regional teams, one of its
// coaches and a coach of none of its teams.
#pragma once

#include <gtest/gtest.h>

#include "app/platform.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"
#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice::fixture {

class RoundFixture : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) { organisation::sql::save(c, o); });
    // The region with the most regional teams, so there is a choice to make.
    auto region = query(
        "SELECT g.code, g.id FROM regions g JOIN teams t ON t.region_id = g.id AND t.kind = "
        "'regional' GROUP BY g.code, g.id ORDER BY count(*) DESC, g.code LIMIT 1");
    region_ = region.rows.at(0).text(0);
    region_id_ = region.rows.at(0).integer(1);
    // A coach of one of its teams, and a coach who coaches none of them.
    coach_ = query(
                 "SELECT coach_id FROM teams WHERE region_id = $1 AND kind = 'regional' AND "
                 "coach_id IS NOT NULL ORDER BY code LIMIT 1",
                 {region_id_})
                 .rows.at(0)
                 .integer(0);
    other_coach_ = query(
                       "SELECT coach_id FROM teams WHERE coach_id IS NOT NULL AND coach_id NOT "
                       "IN (SELECT coach_id FROM teams WHERE region_id = $1 AND coach_id IS NOT "
                       "NULL) ORDER BY code LIMIT 1",
                       {region_id_})
                       .rows.at(0)
                       .integer(0);
  }

  Actor coach() const { return testing::acting_as(*db_, coach_, "user:coach", "coach"); }
  Actor other_coach() const {
    return testing::acting_as(*db_, other_coach_, "user:other-coach", "coach");
  }
  Actor admin() const { return testing::acting_as(*db_, 0, "user:admin", "admin"); }
  Actor as(std::int64_t person_id, const std::string& role = "coworker") const {
    return testing::acting_as(*db_, person_id, "user:p" + std::to_string(person_id), role);
  }

  std::int64_t open() {
    auto opened = open_round(*db_, coach(), "Spring round", region_);
    EXPECT_TRUE(opened) << (opened.errors.empty() ? "" : opened.errors[0].message);
    return opened.id;
  }

  Round round(std::int64_t id) {
    auto lease = db_->acquire();
    auto r = load_round(*lease, id);
    EXPECT_TRUE(r.has_value());
    return *r;
  }

  // Someone in a regional team of another region: never in the round.
  std::int64_t outsider() {
    return query(
               "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
               "t.kind = 'regional' AND t.region_id <> $1 AND NOT EXISTS (SELECT 1 FROM "
               "memberships o JOIN teams u ON u.id = o.team_id WHERE o.person_id = m.person_id "
               "AND u.region_id = $1 AND u.kind = 'regional') ORDER BY m.person_id LIMIT 1",
               {region_id_})
        .rows.at(0)
        .integer(0);
  }

  std::string first_error(const Result& r) { return r.errors.empty() ? "" : r.errors[0].key; }

  std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action}).rows[0].integer(0);
  }

  std::string region_;
  std::int64_t region_id_ = 0;
  std::int64_t coach_ = 0, other_coach_ = 0;
};

}  // namespace ploeg::teamchoice::fixture
