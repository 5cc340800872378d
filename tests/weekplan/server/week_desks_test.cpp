// A member's desks on the team's week, end to end: they move to a desk they
// pick, and a desk someone else took first leaves theirs as it was; a full
// office puts them on its waiting list and the week says so.
#include <gtest/gtest.h>

#include <memory>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

using week::date_of;
using week::monday_in;
using week::today;

class WeekDesksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-week-desks-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  static week::Team coworker() { return week::coworker_team(*database()); }
  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(WeekDesksTest, AMemberMovesToADeskTheyPickAndATakenDeskLeavesTheirsAsItWas) {
  auto team = coworker();
  auto monday = monday_in(1);
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/mine", {{"start", start},
                                    {"day_0", "office"},
                                    {"day_1", "office"},
                                    {"day_2", "office"},
                                    {"day_3", "office"},
                                    {"day_4", "office"}})
                .status,
            303);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  ASSERT_EQ(v.post(week + "/accept", {{"start", start}}).status, 303);
  auto db = database();
  auto mine = db->acquire()->query(
      "SELECT b.day, b.desk_id, z.floor_id FROM desk_bookings b JOIN desks d ON d.id = b.desk_id "
      "JOIN zones z ON z.id = d.zone_id WHERE b.person_id = $1 AND b.day >= $2 AND b.day < $3 "
      "AND b.part = 'am' ORDER BY b.day",
      {team.person, monday, monday + 5});
  ASSERT_FALSE(mine.empty()) << "an office day with a desk";
  auto day = mine.rows[0].integer(0);
  auto had = mine.rows[0].integer(1);
  auto d = std::to_string(day - monday);
  auto office = db->acquire()->query("SELECT f.office_id FROM floors f WHERE f.id = $1",
                                     {mine.rows[0].integer(2)});
  auto office_id = office.rows.at(0).integer(0);
  auto free = db->acquire()->query(
      "SELECT d.id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
      "z.floor_id WHERE f.office_id = $1 AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE "
      "b.desk_id = d.id AND b.day = $2) ORDER BY d.code DESC LIMIT 1",
      {office_id, day});
  ASSERT_FALSE(free.empty());
  auto page = v.get(week + "?start=" + start);
  EXPECT_NE(page.body.find("name=\"desk\""), std::string::npos) << "the desk choice is offered";
  auto moved =
      v.post(week + "/desk",
             {{"start", start}, {"day", d}, {"desk", std::to_string(free.rows[0].integer(0))}});
  ASSERT_EQ(moved.status, 303) << moved.body;
  auto now_at = db->acquire()->query(
      "SELECT desk_id, part FROM desk_bookings WHERE person_id = $1 AND day = $2 ORDER BY part",
      {team.person, day});
  ASSERT_EQ(now_at.rows.size(), 2u) << "the whole day";
  EXPECT_EQ(now_at.rows[0].integer(0), free.rows[0].integer(0));
  EXPECT_EQ(
      db->acquire()
          ->query("SELECT COUNT(*) FROM desk_bookings WHERE desk_id = $1 AND day = $2", {had, day})
          .rows[0]
          .integer(0),
      0)
      << "the old desk is free again";

  // Someone else's desk that day: refused, and the member keeps theirs.
  auto someone = db->acquire()->query(
      "SELECT desk_id FROM desk_bookings WHERE day = $1 AND person_id <> $2 LIMIT 1",
      {day, team.person});
  ASSERT_FALSE(someone.empty());
  auto taken =
      v.post(week + "/desk",
             {{"start", start}, {"day", d}, {"desk", std::to_string(someone.rows[0].integer(0))}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.body.find("Someone took that desk"), std::string::npos);
  auto kept = db->acquire()->query(
      "SELECT desk_id FROM desk_bookings WHERE person_id = $1 AND day = $2", {team.person, day});
  ASSERT_EQ(kept.rows.size(), 2u);
  EXPECT_EQ(kept.rows[0].integer(0), free.rows[0].integer(0));
  // A desk in another office.
  auto elsewhere = db->acquire()->query(
      "SELECT d.id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
      "z.floor_id WHERE f.office_id <> $1 LIMIT 1",
      {office_id});
  auto far = v.post(
      week + "/desk",
      {{"start", start}, {"day", d}, {"desk", std::to_string(elsewhere.rows.at(0).integer(0))}});
  EXPECT_EQ(far.status, 422) << "a desk of another office is a wrong choice, as in the API";
  EXPECT_NE(far.body.find("another office than your plan says"), std::string::npos);
  // A day the plan has them at home.
  db->acquire()->query("UPDATE week_plans SET place = 'home' WHERE person_id = $1 AND day = $2",
                       {team.person, monday + 4});
  auto home =
      v.post(week + "/desk",
             {{"start", start}, {"day", "4"}, {"desk", std::to_string(free.rows[0].integer(0))}});
  EXPECT_EQ(home.status, 422);
  EXPECT_NE(home.body.find("does not have you in the office"), std::string::npos);
}

TEST_F(WeekDesksTest, AFullOfficePutsTheMemberOnItsWaitingListAndTheWeekSaysSo) {
  auto team = coworker();
  auto monday = monday_in(3);
  auto start = date_of(monday);
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  http::Fields row = {{"start", start}};
  for (int d = 0; d < 5; ++d) row.push_back({"day_" + std::to_string(d), "office"});
  ASSERT_EQ(v.post(week + "/mine", row).status, 303);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  auto db = database();
  ASSERT_EQ(db->acquire()
                ->query("SELECT place FROM week_proposals WHERE person_id = $1 AND day = $2",
                        {team.person, monday})
                .rows.at(0)
                .text(0),
            "office")
      << "the wish granted while desks were free";
  // Before the team accepts, people of other regions take every desk of the office that Monday.
  db->transaction([&](store::Connection& c) {
    auto desks = c.query(
        "SELECT d.id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
        "z.floor_id JOIN offices o ON o.id = f.office_id JOIN teams t ON t.region_id = "
        "o.region_id WHERE t.id = $1 AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE "
        "b.desk_id = d.id AND b.day = $2)",
        {team.id, monday});
    auto others = c.query(
        "SELECT p.id FROM people p WHERE p.id NOT IN (SELECT m.person_id FROM memberships m JOIN "
        "teams t ON t.id = m.team_id JOIN teams mine ON mine.region_id = t.region_id WHERE "
        "mine.id = $1) AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE b.person_id = p.id "
        "AND b.day = $2) ORDER BY p.id",
        {team.id, monday});
    ASSERT_GE(others.rows.size(), desks.rows.size());
    for (std::size_t i = 0; i < desks.rows.size(); ++i) {
      for (auto* part : {"am", "pm"})
        c.query(
            "INSERT INTO desk_bookings (desk_id, day, part, person_id, booked_at) VALUES ($1, $2, "
            "$3, $4, 0)",
            {desks.rows[i].integer(0), monday, std::string(part), others.rows[i].integer(0)});
    }
  });
  auto accepted = v.post(week + "/accept", {{"start", start}});
  ASSERT_EQ(accepted.status, 303);
  EXPECT_NE(accepted.header("Location").value_or("").find("no_desk="), std::string::npos);
  EXPECT_EQ(db->acquire()
                ->query("SELECT COUNT(*) FROM desk_waiting WHERE person_id = $1 AND day = $2",
                        {team.person, monday})
                .rows[0]
                .integer(0),
            1);
  auto page = v.get(accepted.header("Location").value_or(""));
  EXPECT_NE(page.body.find("No desk was free for: "), std::string::npos);
  EXPECT_NE(page.body.find("On the waiting list: number "), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("No other desk is free."), std::string::npos);
}

}  // namespace
}  // namespace ploeg::test
