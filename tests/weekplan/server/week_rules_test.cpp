// What a team decides about its week, and the organisation's policy, end to
// end: a member adds and removes a coverage rule (audited, and the week page
// checks it at once), a rule the team could never meet is refused, the team
// office days are saved whole; a part-timer's standing day off is never
// planned; only administrators change the policy, and the week and the desk
// API follow it.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

using week::date_of;
using week::monday_in;
using week::today;

class WeekRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-week-rules-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  static std::int64_t count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return database()->acquire()->query(sql, params).rows.at(0).integer(0);
  }
  using Team = week::Team;
  static Team coworker() { return week::coworker_team(*database()); }
  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(WeekRulesTest, AMemberAddsARuleTheWeekChecksAtOnceAndRemovesIt) {
  auto team = coworker();
  auto rules = "/teams/" + team.code + "/week/rules";
  auto v = demo_->signed_in("coworker");
  auto page = v.get(rules);
  ASSERT_EQ(page.status, 200);
  auto holders = count(
      "SELECT COUNT(*) FROM memberships m JOIN person_competences pc ON pc.person_id = "
      "m.person_id JOIN competences k ON k.id = pc.competence_id WHERE m.team_id = $1 AND k.code "
      "= 'social_work'",
      {team.id});
  ASSERT_GT(holders, 0);
  auto before = count("SELECT COUNT(*) FROM team_rules WHERE team_id = $1", {team.id});
  // More than the team holds: it could never be met.
  auto never = v.post(rules, {{"day", "every"},
                              {"minimum", std::to_string(holders + 1)},
                              {"competence", "social_work"},
                              {"place", "field"}});
  EXPECT_EQ(never.status, 422);
  EXPECT_NE(never.body.find("could never be met"), std::string::npos) << never.body;
  EXPECT_EQ(
      v.post(
           rules,
           {{"day", "every"}, {"minimum", "0"}, {"competence", "social_work"}, {"place", "field"}})
          .status,
      422);
  EXPECT_EQ(
      v.post(rules,
             {{"day", "2"}, {"minimum", "1"}, {"competence", "social_work"}, {"place", "off"}})
          .status,
      400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM team_rules WHERE team_id = $1", {team.id}), before)
      << "nothing saved from a refused rule";

  auto audited = count("SELECT COUNT(*) FROM audit_log WHERE action = 'weekplan.rule_added'");
  auto added = v.post(
      rules, {{"day", "2"}, {"minimum", "1"}, {"competence", "social_work"}, {"place", "field"}});
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'weekplan.rule_added'"),
            audited + 1);
  auto id = database()
                ->acquire()
                ->query(
                    "SELECT id FROM team_rules WHERE team_id = $1 AND place = 'field' AND "
                    "weekday = 2",
                    {team.id})
                .rows.at(0)
                .integer(0);
  // The week with nobody in the field on Wednesday now says so.
  auto monday = monday_in(2);
  auto week = v.get("/teams/" + team.code + "/week?start=" + date_of(monday));
  auto social = database()
                    ->acquire()
                    ->query("SELECT name FROM competences WHERE code = 'social_work'")
                    .rows.at(0)
                    .text(0);
  EXPECT_NE(week.body.find("Wednesday: the rule asks for 1 with " + social +
                           " on field visits; there are 0."),
            std::string::npos)
      << week.body;

  // Another team's rule cannot be removed from here; this team's can.
  auto foreign = database()->acquire()->query(
      "SELECT id FROM team_rules WHERE team_id <> $1 LIMIT 1", {team.id});
  v.get(rules);
  EXPECT_EQ(
      v.post(rules + "/remove", {{"rule", std::to_string(foreign.rows.at(0).integer(0))}}).status,
      404);
  // Ids go beyond four digits in a long-lived organisation.
  database()->acquire()->query("UPDATE team_rules SET id = $1 WHERE id = $2",
                               {std::int64_t{12'345'678'901}, id});
  id = 12'345'678'901;
  ASSERT_EQ(v.post(rules + "/remove", {{"rule", std::to_string(id)}}).status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM team_rules WHERE id = $1", {id}), 0);
  week = v.get("/teams/" + team.code + "/week?start=" + date_of(monday));
  EXPECT_EQ(week.body.find(" on field visits; there are 0."), std::string::npos);

  // Outsiders neither see nor change the rules.
  auto other = database()->acquire()->query(
      "SELECT code FROM teams WHERE kind = 'regional' AND id NOT IN (SELECT team_id FROM "
      "memberships WHERE person_id = $1) LIMIT 1",
      {team.person});
  auto theirs = "/teams/" + other.rows.at(0).text(0) + "/week/rules";
  EXPECT_EQ(v.get(theirs).status, 403);
  EXPECT_EQ(
      v.post(theirs,
             {{"day", "every"}, {"minimum", "1"}, {"competence", "intake"}, {"place", "office"}})
          .status,
      403);
}

TEST_F(WeekRulesTest, TheTeamOfficeDaysAreSavedWhole) {
  auto team = coworker();
  auto v = demo_->signed_in("coworker");
  v.get("/teams/" + team.code + "/week/rules");
  auto path = "/teams/" + team.code + "/week/office-days";
  ASSERT_EQ(v.post(path, {{"day", "0"}, {"day", "4"}}).status, 303);
  auto days = database()->acquire()->query(
      "SELECT weekday FROM team_office_days WHERE team_id = $1 ORDER BY weekday", {team.id});
  ASSERT_EQ(days.rows.size(), 2u);
  EXPECT_EQ(days.rows[0].integer(0), 0);
  EXPECT_EQ(days.rows[1].integer(0), 4);
  EXPECT_EQ(v.post(path, {{"day", "1"}, {"day", "7"}}).status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM team_office_days WHERE team_id = $1", {team.id}), 2)
      << "a bad day changes nothing";
  ASSERT_EQ(v.post(path, {}).status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM team_office_days WHERE team_id = $1", {team.id}), 0);
  ASSERT_EQ(v.post(path, {{"day", "2"}}).status, 303);  // the demo's Wednesday again
}

TEST_F(WeekRulesTest, OnlyAdministratorsChangeThePolicyAndTheWeekAndDesksFollowIt) {
  auto team = coworker();
  auto v = demo_->signed_in("coworker");
  EXPECT_EQ(v.get("/admin/workplace").status, 403);
  v.get("/teams/" + team.code + "/week");
  EXPECT_EQ(
      v.post("/admin/workplace", {{"max_home_days", "5"}, {"booking_horizon_days", "99"}}).status,
      403);
  auto admin = demo_->signed_in("admin");
  ASSERT_EQ(admin.get("/admin/workplace").status, 200);
  for (auto [home, horizon] : {std::pair{"6", "28"}, {"2", "0"}, {"x", "28"}, {"2", "400"}}) {
    auto r = admin.post("/admin/workplace",
                        {{"max_home_days", home}, {"booking_horizon_days", horizon}});
    EXPECT_EQ(r.status, 422) << home << " " << horizon;
  }
  EXPECT_EQ(count("SELECT max_home_days FROM workplace_policy"), 3) << "unchanged";
  ASSERT_EQ(admin.post("/admin/workplace", {{"max_home_days", "2"}, {"booking_horizon_days", "7"}})
                .status,
            303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'weekplan.policy'"), 1);

  // Three home days are one too many now.
  auto start = date_of(monday_in(1));
  v.get("/teams/" + team.code + "/week?start=" + start);
  auto mine = v.post("/teams/" + team.code + "/week/mine",
                     {{"start", start}, {"day_0", "home"}, {"day_1", "home"}, {"day_2", "home"}});
  EXPECT_EQ(mine.status, 422);
  EXPECT_NE(mine.body.find("More home days than the policy allows"), std::string::npos);
  EXPECT_NE(v.get("/teams/" + team.code + "/week?start=" + start).body.find("home days allowed: 2"),
            std::string::npos);
  // A desk ten days ahead is past the seven-day horizon.
  auto session = v.get("/api/v1/session");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(session.body, m, std::regex(R"re("csrf":"([^"]+)")re")));
  std::string cookie;
  for (auto& [name, value] : v.cookies())
    cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
  auto office = database()->acquire()->query(
      "SELECT o.code FROM offices o JOIN teams t ON t.region_id = o.region_id WHERE t.id = $1",
      {team.id});
  auto far = http_request(demo_->port(), "POST", "/api/v1/desk-bookings",
                          "{\"office\":\"" + office.rows.at(0).text(0) + "\",\"day\":\"" +
                              date_of(today() + 10) + "\"}",
                          {{"Cookie", cookie},
                           {"X-CSRF-Token", std::string(m[1])},
                           {"Content-Type", "application/json"}});
  EXPECT_EQ(far.status, 422);
  EXPECT_NE(far.body.find("to " + date_of(today() + 7) + ";"), std::string::npos) << far.body;
  admin.get("/admin/workplace");
  ASSERT_EQ(admin.post("/admin/workplace", {{"max_home_days", "3"}, {"booking_horizon_days", "28"}})
                .status,
            303);
}

TEST_F(WeekRulesTest, APartTimersStandingDayOffIsNeverPlanned) {
  auto team = coworker();
  auto start = date_of(monday_in(3));
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  v.get(week + "?start=" + start);
  auto all = v.post(
      week + "/days-off",
      {{"start", start}, {"off", "0"}, {"off", "1"}, {"off", "2"}, {"off", "3"}, {"off", "4"}});
  EXPECT_EQ(all.status, 422);
  EXPECT_NE(all.body.find("Leave at least one day you work"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person_days_off WHERE person_id = $1", {team.person}), 0);
  ASSERT_EQ(v.post(week + "/days-off", {{"start", start}, {"off", "4"}}).status, 303);
  auto page = v.get(week + "?start=" + start);
  EXPECT_EQ(page.body.find("name=\"day_4\" form=\"week-mine\""), std::string::npos)
      << "no choice on a day they do not work";
  EXPECT_NE(page.body.find("Not a working day"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"day-off-4\" name=\"off\" value=\"4\" checked"), std::string::npos);
  // An office day posted for Friday anyway is not saved; the proposal leaves Friday off.
  ASSERT_EQ(
      v.post(week + "/mine", {{"start", start}, {"day_0", "home"}, {"day_4", "office"}}).status,
      303);
  auto monday = monday_in(3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM week_entries WHERE person_id = $1 AND day = $2",
                  {team.person, monday + 4}),
            0);
  ASSERT_EQ(propose_week(v, week, start).ended, "done");
  EXPECT_EQ(database()
                ->acquire()
                ->query("SELECT place FROM week_proposals WHERE person_id = $1 AND day = $2",
                        {team.person, monday + 4})
                .rows.at(0)
                .text(0),
            "off");
  ASSERT_EQ(v.post(week + "/days-off", {{"start", start}}).status, 303);  // full-time again
}

TEST_F(WeekRulesTest, TheDaysOffFormSaysWhetherTheyMatchTheContract) {
  auto team = coworker();
  auto start = date_of(monday_in(3));
  auto week = "/teams/" + team.code + "/week";
  auto fte = [&](std::int64_t permille) {
    database()->acquire()->query("UPDATE people SET fte_permille = $2 WHERE id = $1",
                                 {team.person, permille});
  };
  auto was = count("SELECT fte_permille FROM people WHERE id = $1", {team.person});
  auto v = demo_->signed_in("coworker");
  fte(800);
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/days-off", {{"start", start}, {"off", "2"}}).status, 303);
  auto page = v.get(week + "?start=" + start).body;
  EXPECT_NE(page.find("Your contract is 80 % of full time: about 4 working days a week."),
            std::string::npos);
  EXPECT_EQ(page.find("does not match"), std::string::npos);
  fte(500);
  page = v.get(week + "?start=" + start).body;
  EXPECT_NE(page.find("you work 4 days a week, which does not match your contract of 50 % (about "
                      "2.5 days)"),
            std::string::npos);
  ASSERT_EQ(v.post(week + "/days-off", {{"start", start}}).status, 303);
  fte(was);
}

}  // namespace
}  // namespace ploeg::test
