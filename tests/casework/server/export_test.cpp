// End to end: the tables of the figures' pages and the team's queue as CSV
// files (issue 19, item 8), on the real `ploeg serve` with a demo
// organisation. The files hold what the pages and the API show, headed in
// the visitor's language, with plain numbers; a citizen's name that looks
// like a formula is neutralised; every download is in the audit log. Who
// may, for every kind of visitor:
//
//   GET /figures?...&format=csv&table=T              as the page: every signed-in
//   GET /figures/teams/{code}?...&format=csv&table=T  visitor; anonymous to /login
//   GET /teams/{code}/queue?...&format=csv&table=queue  as the page: members of the
//                                                     team only (403 to anyone
//                                                     else, with nothing of the
//                                                     queue); names only when
//                                                     searched
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"
#include "casework/server/casework_pages_fixture.hpp"
#include "core/csv.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

namespace json = boost::json;

constexpr const char* formula_name = "=HYPERLINK(\"http://evil.example\",\"Click\")";

class CaseworkExportTest : public CaseworkPagesTest {
 protected:
  // The records of a CSV answer, checked for what every download has.
  static std::vector<std::vector<std::string>> records(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
    EXPECT_EQ(r.header("Cache-Control").value_or(""), "no-store");
    EXPECT_TRUE(r.header("Content-Disposition").value_or("").starts_with("attachment; filename=\""))
        << r.header("Content-Disposition").value_or("");
    auto document = csv::read(r.body);
    EXPECT_TRUE(document.errors.empty()) << r.body;
    std::vector<std::vector<std::string>> out;
    for (auto& record : document.records) out.push_back(record.fields);
    return out;
  }

  // The row whose first cell is `first`; empty when none.
  static std::vector<std::string> row_of(const std::vector<std::vector<std::string>>& rows,
                                         const std::string& first) {
    for (auto& row : rows) {
      if (!row.empty() && row[0] == first) return row;
    }
    return {};
  }

  static Visitor in(Visitor v, const std::string& lang) {
    v.cookies()["ploeg_lang"] = lang;
    return v;
  }

  struct Filed {
    std::string reference;
    std::int64_t team_id = 0;
    std::string team_code;
  };
  static Filed file_named(const std::string& name) {
    auto link = file_as_citizen(demo_->port(), {{"type", "parking_card"},
                                                {"conditions", "renewal"},
                                                {"postcode", "9000"},
                                                {"name", name},
                                                {"email", citizen_email},
                                                {"description", "My card expires."}});
    Visitor citizen(demo_->port());
    Filed f;
    f.reference = reference_on(citizen.get(link).body);
    EXPECT_FALSE(f.reference.empty());
    auto team = db()->acquire()->query(
        "SELECT t.id, t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.reference "
        "= $1",
        {f.reference});
    f.team_id = team.rows.at(0).integer(0);
    f.team_code = team.rows.at(0).text(1);
    return f;
  }

  static std::int64_t audited(const std::string& action, const std::string& subject,
                              const std::string& actor) {
    return count("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2 AND actor = $3",
                 {action, subject, actor});
  }
};

// ---------- the queue ----------

TEST_F(CaseworkExportTest, AMemberDownloadsTheQueueAsThePageShowsItNamesOnlyWhenSearched) {
  auto filed = file_named(formula_name);
  auto other = file_named(citizen_name);
  ASSERT_EQ(other.team_id, filed.team_id);
  auto person = member(filed.team_id, "intake");
  auto v = as(person);
  auto actor = "user:" + username_of(person);
  auto queue_path = "/teams/" + filed.team_code + "/queue";

  auto page = v.get(queue_path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page, "href=\"" + queue_path + "?format=csv&amp;table=queue\""));
  // The rows of the page, in its order.
  std::vector<std::string> shown;
  static const std::regex reference(R"re(class="queue__reference" href="[^"]+">([^<]+)</a>)re");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), reference);
       it != std::sregex_iterator(); ++it) {
    shown.push_back((*it)[1].str());
  }
  ASSERT_FALSE(shown.empty());

  auto csv_answer = v.get(queue_path + "?format=csv&table=queue");
  auto rows = records(csv_answer);
  ASSERT_EQ(rows.size(), shown.size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Reference", "Request", "Step", "Received on",
                                               "Days waited", "Target (days)", "Decided",
                                               "Taken by", "Held (working days)"}));
  for (std::size_t i = 0; i < shown.size(); ++i) EXPECT_EQ(rows[i + 1][0], shown[i]);
  // The filed request's row says what its row on the page says.
  auto mine = row_of(rows, filed.reference);
  ASSERT_EQ(mine.size(), 9u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      page.body, m,
      std::regex(
          ">" + filed.reference +
          R"re(</a>[^\n]*</th>\s*<td data-label="Request">([^<]+)</td>\s*<td data-label="Step">([^<]+?)(?: <span|</td>)[\s\S]*?queue__received">([^<]+)<)re")))
      << page.body.substr(page.body.find(">" + filed.reference + "<"), 900);
  EXPECT_EQ(mine[1], m[1].str());
  EXPECT_EQ(mine[2], m[2].str());
  EXPECT_EQ(mine[3], m[3].str());
  EXPECT_EQ(mine[4], "0");  // filed today
  EXPECT_EQ(mine[6], "no");
  EXPECT_EQ(mine[7], "");  // nobody took it
  // No citizen's name without a search, as on the page.
  EXPECT_EQ(csv_answer.body.find("HYPERLINK"), std::string::npos);
  EXPECT_EQ(csv_answer.body.find(citizen_name), std::string::npos);
  EXPECT_TRUE(csv_answer.header("Content-Disposition")
                  .value_or("")
                  .starts_with("attachment; filename=\"queue-" + filed.team_code));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'queue.export' AND subject = $1 "
                  "AND actor = $2 AND detail = $3",
                  {"team:" + filed.team_code, actor,
                   "rows: " + std::to_string(shown.size()) + ", without names"}),
            1);

  // A search: the names it finds, a formula made harmless, audited without
  // the words searched.
  auto searched = v.get(queue_path + "?q=hyperlink&format=csv&table=queue");
  auto found = records(searched);
  auto named = count(
      "SELECT count(*) FROM requests WHERE team_id = $1 AND finished_at IS NULL AND contact_name "
      "LIKE '%HYPERLINK%'",
      {filed.team_id});
  ASSERT_EQ(found.size(), static_cast<std::size_t>(named) + 1) << searched.body;
  EXPECT_EQ(found[0][1], "Citizen");
  auto found_row = row_of(found, filed.reference);
  ASSERT_EQ(found_row.size(), 10u);
  EXPECT_EQ(found_row[1], std::string("'") + formula_name);
  EXPECT_EQ(searched.body.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(searched.body.find(",\"=HYPERLINK"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'queue.export' AND subject = $1 "
                  "AND actor = $2 AND detail = $3",
                  {"team:" + filed.team_code, actor,
                   "rows: " + std::to_string(named) + ", with citizens' names"}),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'queue.export' AND "
                  "lower(detail) LIKE '%hyperlink%'",
                  {}),
            0);

  // The same filters as the page: a type that is not filed, nothing.
  auto none = records(v.get(queue_path + "?type=no_such_type&format=csv&table=queue"));
  EXPECT_EQ(none.size(), 1u);

  // In Dutch.
  auto nl = records(in(as(person), "nl").get(queue_path + "?q=hyperlink&format=csv&table=queue"));
  ASSERT_FALSE(nl.empty());
  EXPECT_EQ(nl[0],
            (std::vector<std::string>{"Referentie", "Burger", "Aanvraag", "Stap", "Ontvangen op",
                                      "Dagen gewacht", "Streeftermijn (dagen)", "Beslist",
                                      "Opgenomen door", "In behandeling (werkdagen)"}));

  // One table only; a search too long as on the page.
  EXPECT_EQ(v.get(queue_path + "?format=csv&table=people").status, 404);
  EXPECT_EQ(v.get(queue_path + "?format=csv").status, 404);
  EXPECT_EQ(v.get(queue_path + "?format=csv&table=queue&q=" + std::string(101, 'a')).status, 422);
}

TEST_F(CaseworkExportTest, NobodyButTheTeamsMembersGetsTheQueue) {
  auto filed = file_named(formula_name);
  auto target = "/teams/" + filed.team_code + "/queue?q=hyperlink&format=csv&table=queue";
  auto nothing_of_it = [&](const HttpResponse& r) {
    EXPECT_EQ(r.body.find(filed.reference), std::string::npos);
    EXPECT_EQ(r.body.find("HYPERLINK"), std::string::npos);
    EXPECT_FALSE(r.header("Content-Disposition").has_value());
  };
  {
    SCOPED_TRACE("anonymous");
    Visitor anonymous(demo_->port());
    auto r = anonymous.get(target);
    EXPECT_EQ(r.status, 303);
    EXPECT_TRUE(r.header("Location").value_or("").starts_with("/login?next="));
    nothing_of_it(r);
  }
  auto outsider = count(
      "SELECT min(person_id) FROM memberships WHERE person_id NOT IN (SELECT person_id FROM "
      "memberships WHERE team_id = $1)",
      {filed.team_id});
  std::vector<std::pair<std::string, Visitor>> refused = {{"member of another team", as(outsider)},
                                                          {"coach", demo_->signed_in("coach")},
                                                          {"admin", demo_->signed_in("admin")}};
  for (auto& [who, v] : refused) {
    SCOPED_TRACE(who);
    auto r = v.get(target);
    EXPECT_EQ(r.status, 403);
    nothing_of_it(r);
  }
  // The demo's coach coaches other teams: not a member of this one.
  EXPECT_EQ(count("SELECT count(*) FROM memberships m JOIN account_people a ON a.person_id = "
                  "m.person_id JOIN users u ON u.id = a.user_id WHERE u.username = 'coach' AND "
                  "m.team_id = $1",
                  {filed.team_id}),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'queue.export' AND actor IN "
                  "('user:coach', 'user:admin', $1)",
                  {"user:" + username_of(outsider)}),
            0);
  EXPECT_EQ(audited("queue.view.refused", "team:" + filed.team_code, "user:coach"), 1);
  // The member gets it, with the name searched.
  auto member_answer = as(member(filed.team_id, "intake")).get(target);
  auto rows = records(member_answer);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_NE(member_answer.body.find(filed.reference), std::string::npos);
}

// ---------- the figures ----------

TEST_F(CaseworkExportTest, EveryFiguresTableDownloadsWithThePagesFiltersAndNumbers) {
  auto filed = file_named(citizen_name);
  auto region = db()->acquire()->query(
      "SELECT r.code FROM teams t JOIN regions r ON r.id = t.region_id WHERE t.code = $1",
      {filed.team_code});
  auto region_code = region.rows.at(0).text(0);
  auto v = demo_->signed_in("coworker");

  // Every table of both pages has its link, with the page's filters.
  auto organisation = v.get("/figures?region=" + region_code + "&period=month&range=6");
  ASSERT_EQ(organisation.status, 200) << organisation.body;
  for (auto table : {"key", "flow", "throughput", "backlog", "satisfaction", "teams"}) {
    EXPECT_TRUE(has(organisation, "href=\"/figures?region=" + region_code +
                                      "&amp;period=month&amp;range=6&amp;sort=name&amp;format="
                                      "csv&amp;table=" +
                                      table + "\""))
        << table;
  }
  auto team_path = "/figures/teams/" + filed.team_code;
  auto team_page = v.get(team_path);
  ASSERT_EQ(team_page.status, 200);
  for (auto table : {"key", "flow", "throughput", "backlog", "satisfaction"}) {
    EXPECT_TRUE(has(team_page, "href=\"" + team_path +
                                   "?period=week&amp;range=3&amp;measure=median_days&amp;format="
                                   "csv&amp;table=" +
                                   table + "\""))
        << table;
  }

  // The team's weeks: as the API gives them, and two more filed count at once.
  auto flow_target = team_path + "?format=csv&table=flow";
  auto flow = records(v.get(flow_target));
  ASSERT_GE(flow.size(), 2u);
  EXPECT_EQ(flow[0], (std::vector<std::string>{"Week of", "Received", "Decided"}));
  auto api = parsed(v.get("/api/v1/teams/" + filed.team_code + "/figures"));
  auto& periods = api.at("periods").as_array();
  ASSERT_EQ(periods.size() + 1, flow.size());
  for (std::size_t i = 0; i < periods.size(); ++i) {
    EXPECT_EQ(flow[i + 1][0], str(periods[i].at("start")));
    EXPECT_EQ(flow[i + 1][1], std::to_string(periods[i].at("received").as_int64()));
    EXPECT_EQ(flow[i + 1][2], std::to_string(periods[i].at("decided").as_int64()));
  }
  auto received_now = std::stoll(flow.back()[1]);
  file_named(citizen_name);
  file_named(citizen_name);
  auto after = records(v.get(flow_target));
  EXPECT_EQ(std::stoll(after.back()[1]), received_now + 2);

  // The key figures, one a row, as the API's totals.
  auto key = records(v.get(team_path + "?format=csv&table=key"));
  api = parsed(v.get("/api/v1/teams/" + filed.team_code + "/figures"));
  EXPECT_EQ(key[0], (std::vector<std::string>{"Figure", "Value"}));
  EXPECT_EQ(row_of(key, "Received").at(1),
            std::to_string(api.at("total").at("received").as_int64()));
  EXPECT_EQ(row_of(key, "Open now").at(1),
            std::to_string(api.at("open_now").at("open").as_int64()));
  auto in_target = row_of(key, "Within target (%)");
  ASSERT_EQ(in_target.size(), 2u);
  EXPECT_EQ(in_target[1].find('%'), std::string::npos);
  auto& share = api.at("total").at("share_in_target");
  if (share.is_double()) {
    EXPECT_NEAR(std::stod(in_target[1]), share.as_double() * 100.0, 0.006);
  } else {
    EXPECT_EQ(in_target[1], "");
  }
  // Satisfaction: a plain decimal with a dot, whatever the language.
  auto satisfaction = records(
      in(demo_->signed_in("coworker"), "fr").get(team_path + "?format=csv&table=satisfaction"));
  ASSERT_GE(satisfaction.size(), 2u);
  EXPECT_EQ(satisfaction[0], (std::vector<std::string>{"Semaine du", "Satisfaction (1–5)"}));
  for (std::size_t i = 1; i < satisfaction.size(); ++i) {
    EXPECT_TRUE(std::regex_match(satisfaction[i][1], std::regex(R"(|\d(\.\d\d?)?)")))
        << satisfaction[i][1];
  }

  // The region's teams side by side, as the API's; in English and Dutch.
  auto teams_target = "/figures?region=" + region_code + "&format=csv&table=teams";
  auto teams = records(v.get(teams_target));
  ASSERT_GE(teams.size(), 2u);
  EXPECT_EQ(teams[0], (std::vector<std::string>{
                          "Team", "Region", "Received", "Decided", "Median days",
                          "90th percentile days", "Within target (%)", "Open now",
                          "Oldest open (days)", "Satisfaction (1–5)", "Complaints per 100"}));
  auto region_api = parsed(v.get("/api/v1/figures?region=" + region_code));
  auto& api_teams = region_api.at("teams").as_array();
  EXPECT_EQ(api_teams.size() + 1, teams.size());
  for (auto& t : api_teams) {
    auto row = row_of(teams, str(t.at("name")));
    ASSERT_EQ(row.size(), 11u) << str(t.at("name"));
    EXPECT_EQ(row[2], std::to_string(t.at("figures").at("received").as_int64()));
    EXPECT_EQ(row[7], std::to_string(t.at("open_now").at("open").as_int64()));
  }
  auto teams_nl = records(in(demo_->signed_in("coworker"), "nl").get(teams_target));
  ASSERT_FALSE(teams_nl.empty());
  EXPECT_EQ(teams_nl[0].at(0), "Team");
  EXPECT_EQ(teams_nl[0].at(1), "Regio");
  EXPECT_EQ(teams_nl[0].at(2), "Ontvangen");
  EXPECT_EQ(teams_nl[0].at(3), "Beslist");
  // Without a region the rows are the regions.
  auto regions = records(v.get("/figures?format=csv&table=teams"));
  EXPECT_EQ(regions[0].at(0), "Region");
  auto all_api = parsed(v.get("/api/v1/figures"));
  EXPECT_EQ(regions.size(), all_api.at("regions").as_array().size() + 1);

  // Audited as every export; a table a page does not have is 404.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'figures.export' AND actor = "
                  "'user:coworker' AND subject = $1 AND detail LIKE 'table teams, %'",
                  {"region:" + region_code}),
            2);
  EXPECT_GE(audited("figures.export", "team:" + filed.team_code, "user:coworker"), 4);
  EXPECT_EQ(v.get("/figures?format=csv&table=nothing").status, 404);
  EXPECT_EQ(v.get("/figures?format=csv&table=peers").status, 404);
  EXPECT_EQ(v.get(team_path + "?format=csv&table=teams").status, 404);
  EXPECT_EQ(v.get(team_path + "?format=csv").status, 404);
  EXPECT_EQ(v.get("/figures/teams/no-such-team?format=csv&table=key").status, 404);
}

TEST_F(CaseworkExportTest, TheFiguresFilesAreOpenAsThePagesAre) {
  auto filed = file_named(citizen_name);
  auto team_target = "/figures/teams/" + filed.team_code + "?format=csv&table=peers";
  for (auto who : {"coworker", "coach", "admin"}) {
    SCOPED_TRACE(who);
    auto v = demo_->signed_in(who);
    auto rows = records(v.get("/figures?format=csv&table=key"));
    EXPECT_EQ(rows.size(), 14u);
    auto peers = records(v.get(team_target));
    ASSERT_FALSE(peers.empty());
    EXPECT_EQ(peers[0].at(0), "Team");
    EXPECT_EQ(peers[0].at(3), "Median days to a decision");
    EXPECT_EQ(peers[0].at(5), "Alike (%)");
  }
  auto member_rows = records(as(member(filed.team_id, "intake")).get(team_target));
  EXPECT_FALSE(member_rows.empty());
  Visitor anonymous(demo_->port());
  for (auto target : {std::string("/figures?format=csv&table=key"), team_target}) {
    auto r = anonymous.get(target);
    EXPECT_EQ(r.status, 303) << target;
    EXPECT_TRUE(r.header("Location").value_or("").starts_with("/login?next=")) << target;
    EXPECT_FALSE(r.header("Content-Disposition").has_value());
  }
}

}  // namespace
}  // namespace ploeg::test
