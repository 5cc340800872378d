// End to end: the open dashboard of the real `ploeg serve`: every
// signed-in co-worker sees the figures, they match the database, a request
// filed by a citizen counts at once, a team's page names better-doing
// similar teams, and bad filters fall back instead of failing; the API gives
// a team's figures as its page shows them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <ctime>
#include <memory>
#include <regex>
#include <set>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

std::int64_t this_monday() {
  return monday_of(today());
}

// "2026-08-17" -> days since 1970.
std::int64_t day_of_date(const std::string& text) {
  return ploeg::day_of_date(text).value();
}

class DashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Two regional teams of one region, the closest in size: the first does
    // slowly this week what the second does at once, so whatever history
    // the demo has, the second is the first's better peer.
    demo_ = std::make_unique<DemoServer>("ploeg-dashboard-", [](const std::string& database) {
      auto db = store::Database::open(database);
      db->transaction([](store::Connection& c) {
        auto pairs = c.query(
            "SELECT a.code, a.id, b.code, b.id, b.name FROM teams a JOIN teams b ON b.region_id = "
            "a.region_id AND b.id <> a.id AND b.kind = 'regional' WHERE a.kind = 'regional' "
            "ORDER BY abs((SELECT count(*) FROM memberships WHERE team_id = a.id) - (SELECT "
            "count(*) FROM memberships WHERE team_id = b.id)), a.code, b.code");
        ASSERT_FALSE(pairs.empty());
        slow_ = pairs.rows[0].text(0);
        fast_ = pairs.rows[0].text(2);
        fast_name_ = pairs.rows[0].text(4);
        auto week = this_monday();
        for (auto [id, days] :
             {std::pair{pairs.rows[0].integer(1), 400}, std::pair{pairs.rows[0].integer(3), 0}}) {
          c.query(
              "INSERT INTO figures (scope, scope_id, period, start_day, received, decided) VALUES "
              "('team', $1, 'week', $2, 100000, 100000) ON CONFLICT (scope, scope_id, period, "
              "start_day) DO UPDATE SET received = figures.received + 100000, decided = "
              "figures.decided + 100000",
              {id, week});
          c.query(
              "INSERT INTO figures_throughput (scope, scope_id, period, start_day, days, decided) "
              "VALUES ('team', $1, 'week', $2, $3, 100000) ON CONFLICT (scope, scope_id, period, "
              "start_day, days) DO UPDATE SET decided = figures_throughput.decided + 100000",
              {id, week, days});
        }
      });
    });
  }
  static void TearDownTestSuite() { demo_.reset(); }
  Visitor signed_in(const std::string& user = "coworker") { return demo_->signed_in(user); }

  std::unique_ptr<store::Database> database() { return store::Database::open(demo_->database()); }

  // The first day of the range the page says it shows.
  static std::int64_t range_start(const std::string& page) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(
        page, m, std::regex(R"re(dashboard__range">(\d{4}-\d{2}-\d{2}) to \d{4}-\d{2}-\d{2}<)re")));
    return m.empty() ? 0 : day_of_date(m[1]);
  }
  // A team's "received" cell in the side-by-side table.
  static std::int64_t received_in_table(const std::string& page, const std::string& code) {
    std::smatch m;
    std::regex row("href=\"/figures/teams/" + code +
                   R"re(\?[^"]*">[^<]+</a></th>\s*<td>[^<]*</td>\s*<td class="num">(\d+)</td>)re");
    EXPECT_TRUE(std::regex_search(page, m, row)) << code;
    return m.empty() ? -1 : std::stoll(m[1]);
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline std::string slow_, fast_, fast_name_;
};

TEST_F(DashboardTest, ACoWorkerSeesEveryRegionThenItsTeamsWithTheDatabasesNumbers) {
  auto v = signed_in();
  auto all = v.get("/figures");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_NE(all.body.find("href=\"/figures\""), std::string::npos);  // in the menu
  auto db = database();
  auto lease = db->acquire();
  // The organisation's page: every region, each leading to its teams.
  for (auto& region : lease->query("SELECT code FROM regions").rows) {
    EXPECT_NE(all.body.find("href=\"/figures?region=" + region.text(0) + "&amp;"),
              std::string::npos)
        << region.text(0);
  }
  EXPECT_EQ(all.body.find("href=\"/figures/teams/"), std::string::npos);
  auto region = lease->query(
      "SELECT r.code, r.id FROM teams t JOIN regions r ON r.id = t.region_id WHERE t.code = $1",
      {slow_});
  auto r = v.get("/figures?region=" + region.rows.at(0).text(0));
  ASSERT_EQ(r.status, 200);
  auto teams = lease->query("SELECT code FROM teams WHERE kind = 'regional' AND region_id = $1",
                            {region.rows[0].integer(1)});
  ASSERT_GE(teams.rows.size(), 1u);
  for (auto& t : teams.rows) {
    EXPECT_NE(r.body.find("href=\"/figures/teams/" + t.text(0) + "?"), std::string::npos);
  }
  auto first = range_start(r.body);
  auto expected = lease->query(
      "SELECT SUM(received) FROM figures f JOIN teams t ON t.id = f.scope_id WHERE f.scope = "
      "'team' AND f.period = 'week' AND t.code = $1 AND f.start_day >= $2",
      {slow_, first});
  EXPECT_GE(expected.rows[0].integer(0), 100000);
  EXPECT_EQ(received_in_table(r.body, slow_), expected.rows[0].integer(0));
  // Charts with their titles, and their numbers as tables.
  EXPECT_NE(r.body.find("<svg class=\"chart__svg\""), std::string::npos);
  EXPECT_NE(r.body.find("<title id=\"chart-flow-svg-title\">"), std::string::npos);
  EXPECT_NE(r.body.find("<caption id=\"chart-backlog-caption\">"), std::string::npos);
  // This week is not over: its column is shaded and its table row says so,
  // once for each of the four charts.
  std::size_t shaded = 0, rows = 0;
  for (auto at = r.body.find("<rect class=\"chart__partial\""); at != std::string::npos;
       at = r.body.find("<rect class=\"chart__partial\"", at + 1)) {
    ++shaded;
  }
  for (auto at = r.body.find(" (so far)</th>"); at != std::string::npos;
       at = r.body.find(" (so far)</th>", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(shaded, 4u);
  EXPECT_EQ(rows, 4u);
}

TEST_F(DashboardTest, ACitizensRequestCountsAtOnceAndNothingPersonalShows) {
  Visitor citizen(demo_->port());
  auto form = citizen.get("/request");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(form.body, m, std::regex(R"re(name="submission_key" value="([^"]+)")re")));
  auto v = signed_in();
  auto db = database();
  auto team = db->acquire()->query(
      "SELECT t.code FROM region_postcodes p JOIN teams t ON t.region_id = p.region_id WHERE "
      "p.postcode = '9000' AND t.kind = 'regional'");
  ASSERT_FALSE(team.empty());
  std::map<std::string, std::int64_t> before;
  auto page = v.get("/figures?region=gent");
  for (auto& t : team.rows) before[t.text(0)] = received_in_table(page.body, t.text(0));

  auto sent = citizen.post("/request", {{"type", "parking_card"},
                                        {"postcode", "9000"},
                                        {"name", "Wannes Dashboardtest"},
                                        {"email", "wannes@example.be"},
                                        {"description", "Counted on the dashboard?"},
                                        {"submission_key", m[1].str()}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  auto filed = db->acquire()->query(
      "SELECT t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.contact_name = $1",
      {std::string("Wannes Dashboardtest")});
  ASSERT_EQ(filed.rows.size(), 1u);
  auto after = v.get("/figures?region=gent");
  for (auto& [code, n] : before) {
    EXPECT_EQ(received_in_table(after.body, code), n + (code == filed.rows[0].text(0) ? 1 : 0))
        << code;
  }
  auto team_page = v.get("/figures/teams/" + filed.rows[0].text(0));
  ASSERT_EQ(team_page.status, 200);
  for (auto& body : {after.body, team_page.body}) {
    EXPECT_EQ(body.find("Dashboardtest"), std::string::npos);
    EXPECT_EQ(body.find("wannes@"), std::string::npos);
  }
}

TEST_F(DashboardTest, AnonymousVisitorsAreSentToSignIn) {
  Visitor anonymous(demo_->port());
  for (auto path : {std::string("/figures"), "/figures/teams/" + slow_}) {
    auto r = anonymous.get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u) << path;
    EXPECT_EQ(r.body.find("figures-table"), std::string::npos);
  }
  // The menu of a visitor not signed in has no "Figures".
  EXPECT_EQ(anonymous.get("/").body.find("href=\"/figures\""), std::string::npos);
}

TEST_F(DashboardTest, ATeamsPageNamesASimilarTeamThatDoesBetterAndWhomToAsk) {
  auto v = signed_in();
  auto r = v.get("/figures/teams/" + slow_ + "?measure=median_days");
  ASSERT_EQ(r.status, 200) << r.body;
  auto peers = r.body.find("id=\"peers-caption\"");
  ASSERT_NE(peers, std::string::npos) << r.body;
  auto table = r.body.substr(peers);
  EXPECT_NE(table.find(">" + fast_name_ + "</a>"), std::string::npos) << table;
  EXPECT_NE(table.find("href=\"/figures/teams/" + fast_ + "?"), std::string::npos);
  // Its median is 0 days, ours 400: better by 400 days.
  EXPECT_NE(table.find("peers__better\">400<"), std::string::npos);
  auto holders = database()->acquire()->query(
      "SELECT p.id, p.name FROM role_assignments ra JOIN roles r ON r.id = ra.role_id JOIN "
      "people p ON p.id = ra.person_id JOIN teams t ON t.id = ra.team_id WHERE t.code = $1 AND "
      "r.code IN ('knowledge', 'quality')",
      {fast_});
  for (auto& h : holders.rows) {
    EXPECT_NE(table.find("href=\"/people/" + h.text(0) + "\""), std::string::npos) << h.text(1);
  }
  // The faster team has no better peer on that measure.
  auto fast = v.get("/figures/teams/" + fast_ + "?measure=median_days");
  ASSERT_EQ(fast.status, 200);
  EXPECT_EQ(fast.body.find("id=\"peers-caption\""), std::string::npos);
  EXPECT_NE(fast.body.find("No similar team does better"), std::string::npos);
}

TEST_F(DashboardTest, BadFiltersFallBackAndUnknownTeamsAreNotFound) {
  auto v = signed_in();
  auto plain = v.get("/figures");
  auto bad = v.get("/figures?period=year&range=99&region=%3Cnowhere%3E&sort=-bogus");
  ASSERT_EQ(bad.status, 200) << bad.body;
  EXPECT_NE(bad.body.find("<option value=\"week\" selected>"), std::string::npos);
  EXPECT_NE(bad.body.find("<option value=\"3\" selected>"), std::string::npos);
  EXPECT_EQ(bad.body.find("&lt;nowhere"), std::string::npos);
  EXPECT_EQ(range_start(bad.body), range_start(plain.body));
  auto table = [](const std::string& page) {
    auto at = page.find("<tbody>", page.find("figures-table"));
    return page.substr(at, page.find("</tbody>", at) - at);
  };
  EXPECT_EQ(table(bad.body), table(plain.body));

  // A region and months: only that region's teams, the months chosen.
  auto db = database();
  auto region = db->acquire()->query(
      "SELECT r.code, t.code FROM teams t JOIN regions r ON r.id = t.region_id WHERE t.code = $1",
      {slow_});
  auto other = db->acquire()->query(
      "SELECT t.code FROM teams t WHERE t.kind = 'regional' AND t.region_id <> (SELECT region_id "
      "FROM teams WHERE code = $1)",
      {slow_});
  ASSERT_FALSE(other.empty());
  auto one = v.get("/figures?region=" + region.rows[0].text(0) + "&period=month&range=12");
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("<option value=\"month\" selected>"), std::string::npos);
  EXPECT_NE(one.body.find("href=\"/figures/teams/" + slow_ + "?"), std::string::npos);
  EXPECT_EQ(one.body.find("href=\"/figures/teams/" + other.rows[0].text(0) + "?"),
            std::string::npos);
  EXPECT_TRUE(
      std::regex_search(one.body, std::regex(R"re(dashboard__range">\d{4}-\d{2}-01 to )re")));
  EXPECT_LT(range_start(one.body), range_start(plain.body) - 250);  // nine months earlier

  // Sorted by received, most first: the team given 100,000 more leads.
  auto sorted = v.get("/figures?region=" + region.rows[0].text(0) + "&sort=-received");
  ASSERT_EQ(sorted.status, 200);
  auto slow_at = sorted.body.find("href=\"/figures/teams/" + slow_ + "?");
  auto rows_at = sorted.body.find("<tbody>", sorted.body.find("figures-table"));
  auto first_row = sorted.body.find("href=\"/figures/teams/", rows_at);
  EXPECT_EQ(slow_at, first_row);
  EXPECT_NE(sorted.body.find("aria-sort=\"descending\""), std::string::npos);

  EXPECT_EQ(v.get("/figures/teams/no-such-team").status, 404);
  EXPECT_EQ(v.get("/figures/teams/%3Cscript%3E").status, 404);
  auto odd = v.get("/figures/teams/" + slow_ + "?measure=nonsense&period=decade&range=-1");
  EXPECT_EQ(odd.status, 200);
  EXPECT_NE(odd.body.find("<option value=\"median_days\" selected>"), std::string::npos);
}

// GET /api/v1/teams/{code}/figures: what the pages show, for programs.
TEST_F(DashboardTest, TheApiGivesATeamsFiguresAsThePagesShowThem) {
  namespace json = boost::json;
  auto v = signed_in();
  auto db = database();
  auto region = db->acquire()->query(
      "SELECT r.code, r.name FROM teams t JOIN regions r ON r.id = t.region_id WHERE t.code = $1",
      {slow_});
  auto page = v.get("/figures?region=" + region.rows.at(0).text(0));
  ASSERT_EQ(page.status, 200);
  auto r = v.get("/api/v1/teams/" + slow_ + "/figures?measure=median_days");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json");
  auto doc = json::parse(r.body);
  EXPECT_EQ(doc.at("team").at("code").as_string(), slow_);
  EXPECT_EQ(doc.at("team").at("region_name").as_string(), region.rows[0].text(1));
  EXPECT_EQ(doc.at("period").as_string(), "week");
  EXPECT_EQ(doc.at("range_months").as_int64(), 3);
  // The page's range and the page's number.
  auto from = day_of_date(std::string(doc.at("from").as_string()));
  EXPECT_EQ(from, range_start(page.body));
  EXPECT_EQ(day_of_date(std::string(doc.at("to").as_string())), today());
  auto received = doc.at("total").at("received").as_int64();
  EXPECT_EQ(received, received_in_table(page.body, slow_));
  // A week each from the first to this one, adding up to the total.
  const auto& periods = doc.at("periods").as_array();
  ASSERT_EQ(static_cast<std::int64_t>(periods.size()), (this_monday() - from) / 7 + 1);
  std::int64_t sum = 0;
  for (auto& p : periods) sum += p.at("received").as_int64();
  EXPECT_EQ(sum, received);
  const auto& now = periods.back();
  EXPECT_EQ(day_of_date(std::string(now.at("start").as_string())), this_monday());
  EXPECT_GE(now.at("received").as_int64(), 100000);
  EXPECT_EQ(now.at("median_days").as_int64(), 400);
  // The better similar team the page names, with whom to ask there.
  const auto& peers = doc.at("peers");
  EXPECT_EQ(peers.at("measure").as_string(), "median_days");
  EXPECT_FALSE(peers.at("higher_is_better").as_bool());
  ASSERT_FALSE(peers.at("teams").as_array().empty()) << r.body;
  const auto& best = peers.at("teams").as_array().front();
  EXPECT_EQ(best.at("code").as_string(), fast_);
  EXPECT_EQ(best.at("name").as_string(), fast_name_);
  EXPECT_DOUBLE_EQ(best.at("better_by").to_number<double>(), 400.0);
  std::set<std::int64_t> contacts, holders;
  for (auto& c : best.at("contacts").as_array()) contacts.insert(c.at("id").as_int64());
  for (auto& h : db->acquire()
                     ->query("SELECT ra.person_id FROM role_assignments ra JOIN roles r ON r.id = "
                             "ra.role_id JOIN teams t ON t.id = ra.team_id WHERE t.code = $1 AND "
                             "r.code IN ('knowledge', 'quality')",
                             {fast_})
                     .rows)
    holders.insert(h.integer(0));
  EXPECT_EQ(contacts, holders);

  // Months: a year back from the first of its month, thirteen of them.
  auto months =
      json::parse(v.get("/api/v1/teams/" + slow_ + "/figures?period=month&range=12").body);
  const auto& points = months.at("periods").as_array();
  EXPECT_EQ(points.size(), 13u);
  for (auto& p : points) EXPECT_EQ(std::string(p.at("start").as_string()).substr(8), "01");
}

TEST_F(DashboardTest, TheApiRefusesUnknownFiltersAndTeamsWithoutFigures) {
  namespace json = boost::json;
  auto v = signed_in();
  auto error_of = [](const HttpResponse& r) { return json::parse(r.body).at("error").as_object(); };
  auto bad = v.get("/api/v1/teams/" + slow_ + "/figures?period=year");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(error_of(bad).at("code").as_string(), "bad_parameter");
  EXPECT_EQ(error_of(bad).at("message").as_string(), "period must be week or month.");
  EXPECT_EQ(error_of(bad).at("field").as_string(), "period");
  auto range = v.get("/api/v1/teams/" + slow_ + "/figures?range=99");
  EXPECT_EQ(range.status, 400);
  EXPECT_EQ(error_of(range).at("field").as_string(), "range");
  auto measure = v.get("/api/v1/teams/" + slow_ + "/figures?measure=speed");
  EXPECT_EQ(measure.status, 400);
  EXPECT_EQ(error_of(measure).at("field").as_string(), "measure");

  auto unknown = v.get("/api/v1/teams/no-such-team/figures");
  ASSERT_EQ(unknown.status, 404);
  EXPECT_EQ(error_of(unknown).at("code").as_string(), "not_found");
  EXPECT_NE(std::string(error_of(unknown).at("message").as_string())
                .find("There is no regional team with code no-such-team"),
            std::string::npos)
      << unknown.body;
  EXPECT_TRUE(error_of(unknown).at("field").is_null());
  // A team that is not regional handles no requests: no figures, as the page.
  auto support = database()->acquire()->query(
      "SELECT code FROM teams WHERE kind <> 'regional' ORDER BY code LIMIT 1");
  ASSERT_FALSE(support.empty());
  auto other = v.get("/api/v1/teams/" + support.rows[0].text(0) + "/figures");
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(v.get("/figures/teams/" + support.rows[0].text(0)).status, 404);

  Visitor anonymous(demo_->port());
  auto nobody = anonymous.get("/api/v1/teams/" + slow_ + "/figures");
  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(error_of(nobody).at("code").as_string(), "not_signed_in");
}

}  // namespace
}  // namespace ploeg::test
