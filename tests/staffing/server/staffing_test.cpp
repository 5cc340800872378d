// End to end: "How many people do we need?" on the real `ploeg serve` with
// the demo organisation: the demand is the database's, the answer names
// every competence of the process, the figures come with charts and their
// tables, bad numbers are refused with what to type, and only signed-in
// visitors see it.
#include <gtest/gtest.h>

#include <ctime>
#include <memory>
#include <regex>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class StaffingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-staffing-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  // The regional team with the most requests of the last 52 weeks.
  static std::string busiest_team() {
    auto db = database();
    auto since = now_seconds() - 52 * 7 * 86400;
    return db->acquire()
        ->query(
            "SELECT t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE "
            "r.submitted_at >= $1 GROUP BY t.code ORDER BY count(*) DESC, t.code LIMIT 1",
            {since})
        .rows.at(0)
        .text(0);
  }
  static inline std::unique_ptr<DemoServer> demo_;
};

// The numbers of a table's row whose heading is `heading`.
std::vector<std::string> row_cells(const std::string& page, const std::string& heading) {
  std::vector<std::string> cells;
  auto at = page.find("<th scope=\"row\">" + heading + "</th>");
  if (at == std::string::npos) return cells;
  auto end = page.find("</tr>", at);
  std::regex cell(R"re(<td class="num[^"]*">(?:<strong>)?([^<]*))re");
  auto row = page.substr(at, end - at);
  for (std::sregex_iterator it(row.begin(), row.end(), cell), stop; it != stop; ++it)
    cells.push_back((*it)[1]);
  return cells;
}

TEST_F(StaffingTest, ATeamsDemandIsTheDatabasesAndEveryCompetenceGetsAnAnswer) {
  auto v = demo_->signed_in("coworker");
  auto choose = v.get("/staffing");
  ASSERT_EQ(choose.status, 200) << choose.body;
  EXPECT_NE(choose.body.find("href=\"/staffing\""), std::string::npos);  // in the menu
  auto team = busiest_team();
  EXPECT_NE(choose.body.find("<option value=\"" + team + "\">"), std::string::npos);

  auto page = settled(v, "/staffing?team=" + team);
  ASSERT_EQ(page.status, 200) << page.body;
  auto db = database();
  auto lease = db->acquire();
  auto since = now_seconds() - 52 * 7 * 86400;
  auto counted = lease->query(
      "SELECT rt.name, count(*) FROM requests r JOIN request_types rt ON rt.id = "
      "r.request_type_id JOIN teams t ON t.id = r.team_id WHERE t.code = $1 AND r.submitted_at "
      ">= $2 GROUP BY rt.name",
      {team, since});
  ASSERT_FALSE(counted.empty());
  for (auto& row : counted.rows) {
    auto cells = row_cells(page.body, row.text(0));
    ASSERT_FALSE(cells.empty()) << row.text(0);
    // Received may grow by a request filed in the second between the two reads; not here.
    EXPECT_EQ(cells[0], row.text(1)) << row.text(0);
  }
  // One answer row per competence of the process, with a whole number of people needed.
  auto competences = lease->query(
      "SELECT DISTINCT k.name FROM process_steps s JOIN competences k ON k.id = s.competence_id");
  // (In the answer's table: a step may bear its competence's name.)
  auto answer = page.body.substr(std::min(page.body.size(), page.body.find("staffing__roles")));
  for (auto& row : competences.rows) {
    auto name = std::regex_replace(row.text(0), std::regex("&"), "&amp;");
    auto cells = row_cells(answer, name);
    ASSERT_GE(cells.size(), 6u) << row.text(0) << " in the answer";
    EXPECT_TRUE(std::regex_match(cells[1], std::regex(R"(\d+)"))) << cells[1];
  }
  EXPECT_NE(page.body.find("<title id=\"chart-staff-svg-title\">"), std::string::npos);
  EXPECT_NE(page.body.find("<caption id=\"chart-backlog-caption\">"), std::string::npos);
  EXPECT_NE(page.body.find("staffing__what-if"), std::string::npos);
  // The default target is the tightest type's (30 days for a parking card):
  // at 90% no staff reaches it, since the waits for the citizen and for
  // doctors' reports alone take longer (issue 19). The allowances' own 90
  // days is reachable.
  auto reachable = settled(v, "/staffing?team=" + team + "&target_days=90");
  EXPECT_NE(reachable.body.find("alert--success staffing__plan"), std::string::npos)
      << "the demo team's target of 90 days is reachable";
}

// Issue 19, item 7: for every demo team the API puts today as modelled from
// its own event log beside today as measured, and says they agree exactly
// when each figure is within 10% (the test's own arithmetic). Whether every
// team agrees depends on the day the demo is made (the server tests run at
// several moments): staffing_demo_tests checks that at a fixed date. Over 30
// demo dates (three days apart) 26 had every team within 10% and 4 had one
// team outside, by the chance of ~200 decisions a team: here all but one must.
TEST_F(StaffingTest, EveryDemoTeamsModelIsComparedWithItsFiguresAndSaysSo) {
  auto v = demo_->signed_in("coworker");
  auto db = database();
  auto teams = db->acquire()->query("SELECT code FROM teams WHERE kind = 'regional' ORDER BY code");
  ASSERT_GE(teams.rows.size(), 10u);
  auto close = [](const boost::json::value& modelled, const boost::json::value& measured) {
    double a = modelled.to_number<double>(), b = measured.to_number<double>();
    return std::abs(a - b) <= 0.1 * b;
  };
  std::size_t agreeing = 0;
  for (auto& row : teams.rows) {
    auto code = row.text(0);
    auto r = v.get("/api/v1/staffing?team=" + code);
    ASSERT_TRUE(r.status == 200 || r.status == 202) << code << " " << r.status;
    auto today = parsed(r).at("today");
    ASSERT_TRUE(today.is_object()) << code;
    auto& measured = today.at("measured");
    auto& modelled = today.at("modelled");
    ASSERT_TRUE(modelled.is_object()) << code << " " << r.body;
    EXPECT_GT(measured.at("decided").as_int64(), 50) << code;
    bool all = true;
    for (auto* figure : {"median_days", "p90_days", "backlog"}) {
      bool within = close(modelled.at(figure), measured.at(figure));
      EXPECT_EQ(today.at("agreement").at(figure).as_bool(), within) << code << " " << figure;
      all = all && within;
      if (!within)
        std::printf("%s %s: modelled %.1f, measured %.1f\n", code.c_str(), figure,
                    modelled.at(figure).to_number<double>(),
                    measured.at(figure).to_number<double>());
    }
    EXPECT_EQ(today.at("agrees").as_bool(), all) << code;
    EXPECT_EQ(today.at("unexplained_step").is_null(), all) << code;
    agreeing += all;
  }
  EXPECT_GE(agreeing + 1, teams.rows.size()) << "all demo teams but one at most agree";
  // The page shows both side by side and says they agree, before any answer.
  auto agrees = [&](const std::string& code) {
    return parsed(v.get("/api/v1/staffing?team=" + code)).at("today").at("agrees").as_bool();
  };
  std::string shown = teams.rows[0].text(0);
  for (auto& row : teams.rows) {
    if (agrees(row.text(0))) {
      shown = row.text(0);
      break;
    }
  }
  auto page = v.get("/staffing?team=" + shown);
  ASSERT_EQ(page.status, 200);
  auto verdict = page.body.find("The model reproduces the last 39 weeks within 10%");
  EXPECT_NE(verdict, std::string::npos) << page.body;
  EXPECT_LT(page.body.find("Today, as measured and as modelled"), verdict);
  EXPECT_EQ(row_cells(page.body, "Median days to a decision").size(), 2u);
}

// When model and measurement differ, no what-if is answered and the step the
// model cannot explain is named: here a team's measured figures are made
// 1000 days longer (the figures tables, not the log, are changed), so the
// model built from the unchanged log falls short.
TEST_F(StaffingTest, AModelThatDoesNotReproduceTodayNamesTheStepAndAnswersNothing) {
  auto v = demo_->signed_in("coworker");
  auto db = database();
  auto lease = db->acquire();
  auto team =
      lease->query("SELECT id, code FROM teams WHERE kind = 'regional' ORDER BY code DESC LIMIT 1");
  auto id = team.rows.at(0).integer(0);
  auto code = team.rows.at(0).text(1);
  lease->query(
      "UPDATE figures_throughput SET days = days + 1000 WHERE scope = 'team' AND scope_id = $1",
      {id});
  auto r = v.get("/api/v1/staffing?team=" + code);
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parsed(r);
  EXPECT_FALSE(o.at("today").at("agrees").as_bool());
  EXPECT_FALSE(o.at("today").at("agreement").at("median_days").as_bool());
  ASSERT_TRUE(o.at("today").at("unexplained_step").is_object());
  auto step = str(o.at("today").at("unexplained_step").at("name"));
  EXPECT_FALSE(step.empty());
  EXPECT_TRUE(o.at("answer").is_null()) << "no what-if from a model that disagrees";
  auto page = v.get("/staffing?team=" + code);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("it cannot explain the step “" + step + "”"), std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("staffing__roles"), std::string::npos);
  lease->query(
      "UPDATE figures_throughput SET days = days - 1000 WHERE scope = 'team' AND scope_id = $1",
      {id});
}

TEST_F(StaffingTest, AStricterTargetNeedsAtLeastAsManyPeople) {
  auto v = demo_->signed_in("coworker");
  auto team = busiest_team();
  auto people = [&](const std::string& query) {
    auto page = settled(v, "/staffing?team=" + team + query);
    EXPECT_EQ(page.status, 200) << page.body;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(page.body, m, std::regex(R"((?:needs|with) (\d+) people)")))
        << page.body;
    return m.empty() ? 0 : std::stoi(m[1]);
  };
  int easy = people("&target_percent=80&target_days=60");
  int strict = people("&target_percent=95&target_days=10&hours_social_work=12");
  EXPECT_GT(easy, 0);
  EXPECT_GT(strict, easy);
}

TEST_F(StaffingTest, BadNumbersAreRefusedWithWhatToType) {
  auto v = demo_->signed_in("coworker");
  auto team = busiest_team();
  auto r = v.get("/staffing?team=" + team + "&target_days=soon&hours_medical=-2");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("“soon” is not a number from 1 to 730."), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("“-2” is not a number from 0.05 to 200."), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(r.body.find("staffing__roles"), std::string::npos) << "no answer from bad numbers";
  // What was typed stays in the form, escaped.
  auto escaped = v.get("/staffing?team=" + team + "&target_days=%3Cb%3E");
  EXPECT_NE(escaped.body.find("value=\"&lt;b&gt;\""), std::string::npos);
  EXPECT_EQ(v.get("/staffing?team=no-such-team").status, 404);
  EXPECT_EQ(v.get("/staffing?region=nowhere").status, 404);
}

TEST_F(StaffingTest, ARegionIsPlannedAsItsTeams) {
  auto v = demo_->signed_in("coach");
  auto db = database();
  auto region = db->acquire()->query(
      "SELECT g.code, count(*) FROM regions g JOIN teams t ON t.region_id = g.id AND t.kind = "
      "'regional' GROUP BY g.code ORDER BY count(*) DESC, g.code LIMIT 1");
  auto r = settled(v, "/staffing?region=" + region.rows.at(0).text(0));
  ASSERT_EQ(r.status, 200) << r.body;
  // "1 team", "3 teams": the count picks the form.
  auto teams = region.rows[0].integer(1);
  auto plural = teams == 1 ? "" : "s";
  EXPECT_NE(r.body.find(std::to_string(teams) + " team" + plural + ", "), std::string::npos);
  EXPECT_NE(r.body.find(std::to_string(teams) + " regional team" + plural), std::string::npos);
}

// The answer is long work (issue 18 item 12): a background job computes it,
// the page follows the job, and the answer is kept for the same figures.
TEST_F(StaffingTest, TheAnswerIsComputedByAJobThePageFollowsAndIsKept) {
  auto v = demo_->signed_in("coworker");
  auto db = database();
  auto lease = db->acquire();
  // Another computation of the team runs: the page says so and follows it.
  auto team = "gent-01";
  auto scope = std::string("staffing:team:") + team;
  auto now = now_seconds();
  auto other = lease
                   ->query(
                       "INSERT INTO jobs (kind, scope, about, status, progress_permille, "
                       "started_by, created_at, updated_at) VALUES ('staffing.answer', $1, "
                       "'other figures', 'running', 250, 'user:coach', $2, $2) RETURNING id",
                       {scope, now})
                   .rows.at(0)
                   .integer(0);
  auto url = std::string("/staffing?team=") + team + "&target_days=25";
  auto busy = v.get(url);
  ASSERT_EQ(busy.status, 200);
  EXPECT_NE(busy.body.find("with other assumptions are being computed"), std::string::npos);
  EXPECT_NE(busy.body.find("data-job-url=\"/jobs/" + std::to_string(other) + "\""),
            std::string::npos);
  EXPECT_NE(busy.body.find("Working on it: 25 % done."), std::string::npos);
  EXPECT_EQ(busy.body.find("Computed at "), std::string::npos) << "no answer yet";
  // It ends (here: cancelled by whoever started it); this one's own job starts.
  ASSERT_EQ(v.post("/jobs/" + std::to_string(other) + "/cancel", {{"return_to", url}}).status, 303);
  auto page = settled(v, url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Computed at "), std::string::npos);
  auto done = lease->query(
      "SELECT id, about, started_by FROM jobs WHERE scope = $1 AND status = 'done' ORDER BY id "
      "DESC LIMIT 1",
      {scope});
  ASSERT_EQ(done.rows.size(), 1u);
  EXPECT_EQ(done.rows[0].text(2), "user:coworker");
  auto key = done.rows[0].text(1);
  EXPECT_EQ(lease->query("SELECT count(*) FROM staffing_answers WHERE answer_key = $1", {key})
                .rows.at(0)
                .integer(0),
            1);
  // The same figures again: the kept answer, no new job; in Dutch as well.
  auto jobs = [&] {
    return lease->query("SELECT count(*) FROM jobs WHERE scope = $1", {scope})
        .rows.at(0)
        .integer(0);
  };
  auto before = jobs();
  EXPECT_NE(v.get(url).body.find("Computed at "), std::string::npos);
  ASSERT_EQ(v.post("/language", {{"lang", "nl"}}).status, 303);
  EXPECT_NE(v.get(url).body.find("Berekend om "), std::string::npos);
  v.post("/language", {{"lang", "en"}});
  EXPECT_EQ(jobs(), before);
  // A computation of these figures that was cancelled: the page says so and
  // offers to compute again, which starts a new job.
  lease->query("DELETE FROM staffing_answers WHERE answer_key = $1", {key});
  lease->query(
      "INSERT INTO jobs (kind, scope, about, status, outcome_key, started_by, created_at, "
      "updated_at, finished_at) VALUES ('staffing.answer', $1, $2, 'cancelled', "
      "'jobs_cancelled', 'user:coach', $3, $3, $3)",
      {scope, key, now_seconds()});
  auto stopped = v.get(url);
  EXPECT_NE(stopped.body.find("Cancelled: nothing was changed."), std::string::npos);
  EXPECT_NE(stopped.body.find("&amp;again=1"), std::string::npos);
  EXPECT_EQ(jobs(), before + 1);
  EXPECT_NE(settled(v, url + "&again=1").body.find("Computed at "), std::string::npos);
  EXPECT_EQ(jobs(), before + 2);
}

TEST_F(StaffingTest, OnlySignedInVisitorsSeeIt) {
  Visitor anonymous(demo_->port());
  auto r = anonymous.get("/staffing?team=" + busiest_team());
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_EQ(anonymous.get("/").body.find("href=\"/staffing\""), std::string::npos);
}

}  // namespace
}  // namespace ploeg::test
