// The team's week end to end: a member fills in their own row, the page
// shows what is unmet, anyone of the team asks for a proposal and accepts
// it, and every office day of the plan gets a desk; outsiders see nothing,
// a row with too many home days is refused and nothing of it is saved.
#include <gtest/gtest.h>

#include <ctime>
#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

// Monday of next week, YYYY-MM-DD, and its day number.
std::pair<std::string, std::int64_t> next_monday() {
  return {week::date_of(week::monday_in(1)), week::monday_in(1)};
}

class WeekPlanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-weekplan-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  // The co-worker's team and person.
  static std::pair<std::string, std::int64_t> coworker() {
    auto r = database()->acquire()->query(
        "SELECT t.code, a.person_id FROM account_people a JOIN users u ON u.id = a.user_id JOIN "
        "memberships m ON m.person_id = a.person_id JOIN teams t ON t.id = m.team_id WHERE "
        "u.username = "
        "'coworker' AND t.kind = 'regional' LIMIT 1");
    return {r.rows.at(0).text(0), r.rows.at(0).integer(1)};
  }
  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(WeekPlanTest, AMemberFillsInTheirRowThenTheTeamAcceptsAProposalWithDesks) {
  auto [team, person] = coworker();
  auto [start, monday] = next_monday();
  auto v = demo_->signed_in("coworker");
  auto page = v.get("/teams/" + team + "/week?start=" + start);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("name=\"day_0\" form=\"week-mine\""), std::string::npos)
      << "an own row to fill in";

  auto saved = v.post("/teams/" + team + "/week/mine",
                      {{"start", start}, {"day_0", "home"}, {"day_1", "off"}, {"day_4", "home"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto db = database();
  auto lease = db->acquire();
  auto mine =
      lease->query("SELECT day - $2, place FROM week_entries WHERE person_id = $1 ORDER BY day",
                   {person, monday});
  ASSERT_EQ(mine.rows.size(), 3u);
  EXPECT_EQ(mine.rows[1].text(1), "off");

  auto proposed = propose_week(v, "/teams/" + team + "/week", start);
  ASSERT_EQ(proposed.posted.status, 303);
  ASSERT_EQ(proposed.ended, "done");
  auto rows = lease->query(
      "SELECT COUNT(*) FROM week_proposals p JOIN teams t ON t.id = p.team_id WHERE "
      "t.code = $1 AND p.day >= $2",
      {team, monday});
  auto members = lease->query(
      "SELECT COUNT(*) FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.code = $1",
      {team});
  EXPECT_EQ(rows.rows[0].integer(0), 5 * members.rows[0].integer(0));
  auto leave = lease->query("SELECT place FROM week_proposals WHERE person_id = $1 AND day = $2",
                            {person, monday + 1});
  EXPECT_EQ(leave.rows.at(0).text(0), "off") << "a day off entered stays off";

  auto accepted = v.post("/teams/" + team + "/week/accept", {{"start", start}});
  ASSERT_EQ(accepted.status, 303);
  // Every office day of the plan has a desk (the demo office has room for the team).
  auto office_days = lease->query(
      "SELECT COUNT(*) FROM week_plans p JOIN teams t ON t.id = p.team_id WHERE t.code = $1 AND "
      "p.day >= $2 "
      "AND p.place = 'office'",
      {team, monday});
  auto desks = lease->query(
      "SELECT COUNT(*) FROM desk_bookings b JOIN week_plans p ON p.person_id = b.person_id AND "
      "p.day = b.day "
      "JOIN teams t ON t.id = p.team_id WHERE t.code = $1 AND p.day >= $2 AND p.place = 'office' "
      "AND b.part = 'am'",
      {team, monday});
  EXPECT_GT(office_days.rows[0].integer(0), 0);
  EXPECT_EQ(desks.rows[0].integer(0), office_days.rows[0].integer(0));
  // The plan in the member's calendar, through a private link; a new link ends the old one.
  auto posted = v.post("/teams/" + team + "/week/calendar", {{"start", start}, {"replace", "yes"}});
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto made = v.get(posted.header("Location").value_or(""));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(made.body, m,
                                std::regex(R"re(value="http://[^/"]+(/calendar/[^"]+\.ics)")re")))
      << made.body;
  std::string feed = m[1];
  auto ics = http_request(demo_->port(), "GET", feed);
  ASSERT_EQ(ics.status, 200);
  EXPECT_EQ(ics.header("Content-Type").value_or(""), "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  auto first_office = lease->query(
      "SELECT MIN(day) FROM week_plans WHERE person_id = $1 AND day >= $2 AND place = 'office'",
      {person, monday});
  if (!first_office.rows[0].is_null(0)) {
    auto date = date_text(first_office.rows[0].integer(0), "%Y%m%d");
    EXPECT_NE(ics.body.find("DTSTART;VALUE=DATE:" + date + "\r\n"), std::string::npos) << ics.body;
    EXPECT_NE(ics.body.find("SUMMARY:Office\\, desk "), std::string::npos) << ics.body;
  }
  EXPECT_NE(ics.body.find("SUMMARY:Day off"), std::string::npos) << "the entered leave on Tuesday";
  v.post("/teams/" + team + "/week/calendar", {{"start", start}, {"replace", "yes"}});
  EXPECT_EQ(http_request(demo_->port(), "GET", feed).status, 404) << "the old link ended";
  auto after = v.get("/teams/" + team + "/week?start=" + start + "&done=accepted");
  EXPECT_NE(after.body.find("The proposal is the plan now"), std::string::npos);
  EXPECT_NE(after.body.find("Plan: Office · desk "), std::string::npos);
}

// Behind a TLS proxy the Host header says nothing of https: the link a
// calendar application is given follows the configured public URL.
TEST_F(WeekPlanTest, TheCalendarLinkFollowsThePublicUrl) {
  std::string output;
  EXPECT_FALSE(run_ploeg({"serve", "--database", demo_->database(), "--listen", "127.0.0.1:0",
                          "--public-url", "ftp://ploeg.example.org"},
                         "", {}, &output)
                   .success());
  EXPECT_NE(output.find("public_url \"ftp://ploeg.example.org\": it must start with https://"),
            std::string::npos)
      << output;
  PloegServer proxied(demo_->database(), {"--public-url", "https://ploeg.example.org/"});
  Visitor v(proxied.port());
  ASSERT_TRUE(v.sign_in("coworker", demo_->password("coworker")));
  auto [start, monday] = next_monday();
  auto team = coworker().first;
  v.get("/teams/" + team + "/week?start=" + start);
  auto posted = v.post("/teams/" + team + "/week/calendar", {{"start", start}, {"replace", "yes"}});
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto made = v.get(posted.header("Location").value_or(""));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      made.body, m, std::regex(R"re(value="https://ploeg\.example\.org(/calendar/[^"]+\.ics)")re")))
      << made.body;
  EXPECT_EQ(http_request(proxied.port(), "GET", m[1].str()).status, 200);
}

TEST_F(WeekPlanTest, TheRowsAsTheyAreShowWhatIsUnmet) {
  auto [team, person] = coworker();
  auto [start, monday] = next_monday();
  auto db = database();
  // Everyone of the team at home on Thursday: nobody for intake in the office.
  db->transaction([&, team = team](store::Connection& c) {
    c.query("DELETE FROM week_entries WHERE day = $1", {monday + 3});
    c.query(
        "INSERT INTO week_entries (team_id, person_id, day, place) SELECT m.team_id, m.person_id, "
        "$2, "
        "'home' FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.code = $1",
        {team, monday + 3});
  });
  auto v = demo_->signed_in("coworker");
  auto page = v.get("/teams/" + team + "/week?start=" + start);
  ASSERT_EQ(page.status, 200);
  auto intake =
      db->acquire()->query("SELECT name FROM competences WHERE code = 'intake'").rows.at(0).text(0);
  auto escaped = std::regex_replace(intake, std::regex("&"), "&amp;");
  EXPECT_NE(page.body.find("Thursday: the rule asks for 1 with " + escaped +
                           " in the office; there are 0. "
                           "The others who hold it: "),
            std::string::npos)
      << page.body;
  // In Dutch, from the same facts, the competence by its Dutch name.
  ASSERT_EQ(v.post("/language", {{"lang", "nl"}}).status, 303);
  auto dutch = v.get("/teams/" + team + "/week?start=" + start);
  auto onthaal = db->acquire()
                     ->query(
                         "SELECT name FROM names WHERE kind = 'competence' AND code = "
                         "'intake' AND language = 'nl'")
                     .rows.at(0)
                     .text(0);
  EXPECT_EQ(onthaal, "Onthaal (frontoffice)");
  EXPECT_NE(
      dutch.body.find("donderdag: de regel vraagt 1 met " + onthaal + " op kantoor; er zijn er 0."),
      std::string::npos);
  EXPECT_EQ(v.post("/language", {{"lang", "en"}}).status,
            303);  // the language is the account's: put it back
}

TEST_F(WeekPlanTest, TooManyHomeDaysAreRefusedAndNothingIsSaved) {
  auto [team, person] = coworker();
  auto [start, monday] = next_monday();
  auto v = demo_->signed_in("coworker");
  v.get("/teams/" + team + "/week?start=" + start);
  auto before = database()->acquire()->query(
      "SELECT COUNT(*), COALESCE(SUM(day), 0) FROM week_entries WHERE person_id = $1", {person});
  auto r = v.post("/teams/" + team + "/week/mine", {{"start", start},
                                                    {"day_0", "home"},
                                                    {"day_1", "home"},
                                                    {"day_2", "home"},
                                                    {"day_3", "home"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("More home days than the policy allows"), std::string::npos);
  auto after = database()->acquire()->query(
      "SELECT COUNT(*), COALESCE(SUM(day), 0) FROM week_entries WHERE person_id = $1", {person});
  EXPECT_EQ(after.rows[0].integer(0), before.rows[0].integer(0));
  EXPECT_EQ(after.rows[0].integer(1), before.rows[0].integer(1));
  auto bad = v.post("/teams/" + team + "/week/mine", {{"start", start}, {"day_0", "beach"}});
  EXPECT_EQ(bad.status, 400);
}

TEST_F(WeekPlanTest, OutsidersSeeNothingAndFormsNeedTheirToken) {
  auto [team, person] = coworker();
  auto other = database()->acquire()->query(
      "SELECT code FROM teams WHERE kind = 'regional' AND id NOT IN (SELECT team_id FROM "
      "memberships WHERE "
      "person_id = $1) LIMIT 1",
      {person});
  auto v = demo_->signed_in("coworker");
  EXPECT_EQ(v.get("/teams/" + other.rows.at(0).text(0) + "/week").status, 403);
  EXPECT_EQ(v.get("/teams/no-such-team/week").status, 404);
  auto [start, monday] = next_monday();
  v.get("/teams/" + team + "/week?start=" + start);
  EXPECT_EQ(
      v.post("/teams/" + team + "/week/propose", {{"start", start}}, std::string("wrong")).status,
      403);
  Visitor anonymous(demo_->port());
  EXPECT_EQ(anonymous.get("/teams/" + team + "/week").status, 303);
  auto admin = demo_->signed_in("admin");
  EXPECT_EQ(admin.get("/teams/" + team + "/week").status, 200)
      << "administrators see every team's week";
}

}  // namespace
}  // namespace ploeg::test
