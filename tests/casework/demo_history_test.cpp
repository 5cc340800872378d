// The demo's year of requests: deterministic, sized by the organisation,
// routed and held as the casework would, with figures that agree with the
// requests table and teams that differ; on SQLite and PostgreSQL.
#include "casework/demo_history.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "app/demo.hpp"
#include "app/platform.hpp"
#include "casework/figures.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::casework::history {
namespace {

constexpr int people = 300;
constexpr std::int64_t year_end = 1795000000;  // 2026-11-18, a Wednesday

class DemoHistoryTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
  }

  void organisation() {
    auto o = organisation::generate_demo(people, 1);
    db_->transaction([&](store::Connection& c) {
      organisation::sql::save(c, o);
      sql::save_process(c, default_process());
    });
  }

  static Options options(std::uint64_t seed = 1) {
    Options o;
    o.seed = seed;
    o.now = year_end;
    return o;
  }

  // What tells one generated request from another.
  using Fingerprint = std::tuple<std::string, std::size_t, std::size_t, std::int64_t, std::int64_t,
                                 int, std::int64_t, int, std::size_t, std::string>;
  std::vector<Fingerprint> fingerprints(const Input& in, const Options& o) {
    std::vector<Fingerprint> out;
    generate(in, o, [&](const Request& r) {
      out.emplace_back(r.reference, r.team, r.type, r.submitted_at, r.decided_at, r.step_index,
                       r.holder_id, r.rating, r.events.size(), r.contact_name);
    });
    return out;
  }

  // Per team: (submitted_at, decided_at or 0) of each request.
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> by_team() {
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> out;
    for (auto& row : query("SELECT team_id, submitted_at, decided_at FROM requests").rows) {
      out[row.integer(0)].push_back({row.integer(1), row.is_null(2) ? 0 : row.integer(2)});
    }
    return out;
  }
};

TEST_P(DemoHistoryTest, TheSameSeedGivesTheSameRequests) {
  organisation();
  Input in = load_input(*db_->acquire());
  auto first = fingerprints(in, options(1));
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(fingerprints(in, options(1)), first);
  EXPECT_NE(fingerprints(in, options(2)), first);

  // What is stored is what the generator gives.
  ASSERT_TRUE(create(*db_, options(1)));
  std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> stored, generated;
  for (auto& row :
       query("SELECT reference, submitted_at, coalesce(decided_at, 0) FROM requests").rows) {
    stored.emplace_back(row.text(0), row.integer(1), row.integer(2));
  }
  for (auto& f : first) generated.emplace_back(std::get<0>(f), std::get<3>(f), std::get<4>(f));
  std::sort(stored.begin(), stored.end());
  std::sort(generated.begin(), generated.end());
  EXPECT_EQ(stored, generated);
}

TEST_P(DemoHistoryTest, AYearHasAboutTwentyRequestsPerPersonWithinTheYear) {
  organisation();
  auto summary = create(*db_, options());
  ASSERT_TRUE(summary);
  auto n = count("requests");
  EXPECT_EQ(summary->requests, n);
  EXPECT_GE(n, 19 * people);
  EXPECT_LE(n, 21 * people);
  EXPECT_EQ(summary->events, count("request_events"));
  auto span = query("SELECT min(submitted_at), max(submitted_at) FROM requests").rows.at(0);
  EXPECT_GE(span.integer(0), year_end - 366 * 86400);
  EXPECT_LT(span.integer(1), year_end);
  // Ids grow with time, as when citizens file: the newest ids are the newest requests.
  EXPECT_EQ(query("SELECT count(*) FROM requests a JOIN requests b ON b.id = a.id + 1 WHERE "
                  "b.submitted_at < a.submitted_at")
                .rows.at(0)
                .integer(0),
            0);
  // Nobody files at the weekend.
  for (auto& row : query("SELECT submitted_at FROM requests").rows) {
    auto since_monday =
        figures::day_of(row.integer(0)) - figures::week_start(figures::day_of(row.integer(0)));
    ASSERT_LT(since_monday, 5) << row.integer(0);
  }
  // Unique keys and references of the citizen's format.
  EXPECT_EQ(query("SELECT count(DISTINCT submission_key) FROM requests").rows.at(0).integer(0), n);
  std::regex format(R"(\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})");
  for (auto& row : query("SELECT reference, contact_email, contact_phone FROM requests").rows) {
    ASSERT_TRUE(std::regex_match(row.text(0), format)) << row.text(0);
    ASSERT_FALSE(row.text(1).empty() && row.text(2).empty());
    if (!row.text(1).empty()) {
      ASSERT_NE(row.text(1).find("@example.org"), std::string::npos);
    }
  }
}

TEST_P(DemoHistoryTest, EachRequestLiesInItsTeamsPostcodes) {
  organisation();
  ASSERT_TRUE(create(*db_, options()));
  auto lease = db_->acquire();
  auto sample = lease->query(
      "SELECT r.postcode, t.code FROM requests r JOIN teams t ON t.id = r.team_id ORDER BY "
      "r.reference LIMIT 60");
  ASSERT_EQ(sample.rows.size(), 60u);
  for (auto& row : sample.rows) {
    auto route = sql::route(*lease, row.text(0));
    ASSERT_TRUE(route) << row.text(0);
    EXPECT_EQ(route->team, row.text(1)) << row.text(0);
  }
}

// Mail and letters go out in the citizen's language: the demo's citizens
// file in the language of where they live (Belgium's language areas by
// postcode), Brussels in all three.
TEST_P(DemoHistoryTest, CitizensFileInTheLanguageOfWhereTheyLive) {
  organisation();
  ASSERT_TRUE(create(*db_, options()));
  std::map<std::string, std::set<std::string>> seen;  // area -> languages
  for (auto& row : query("SELECT postcode, language FROM requests").rows) {
    int code = std::stoi(row.text(0));
    auto area = code < 1300                                    ? "brussels"
                : code < 1500 || (code >= 4000 && code < 8000) ? "wallonia"
                                                               : "flanders";
    seen[area].insert(row.text(1));
  }
  ASSERT_EQ(seen.size(), 3u) << "the demo has requests from each area";
  EXPECT_EQ(seen["flanders"], (std::set<std::string>{"nl"}));
  EXPECT_EQ(seen["wallonia"], (std::set<std::string>{"fr"}));
  EXPECT_EQ(seen["brussels"], (std::set<std::string>{"en", "fr", "nl"}));
}

TEST_P(DemoHistoryTest, TheFiguresAgreeWithTheRequests) {
  organisation();
  ASSERT_TRUE(create(*db_, options()));
  using Key = std::pair<std::int64_t, std::int64_t>;  // team, month's first day
  std::map<Key, std::int64_t> received, decided;
  std::map<std::int64_t, std::int64_t> open;
  for (auto& [team, requests] : by_team()) {
    for (auto [submitted, decided_at] : requests) {
      ++received[{team, figures::month_start(figures::day_of(submitted))}];
      if (decided_at) {
        ++decided[{team, figures::month_start(figures::day_of(decided_at))}];
      } else {
        ++open[team];
      }
    }
  }
  std::map<Key, std::int64_t> fig_received, fig_decided;
  for (auto& row : query("SELECT scope_id, start_day, received, decided FROM figures WHERE scope "
                         "= 'team' AND period = 'month'")
                       .rows) {
    if (row.integer(2)) fig_received[{row.integer(0), row.integer(1)}] = row.integer(2);
    if (row.integer(3)) fig_decided[{row.integer(0), row.integer(1)}] = row.integer(3);
  }
  EXPECT_EQ(fig_received, received);
  EXPECT_EQ(fig_decided, decided);
  std::map<std::int64_t, std::int64_t> fig_open;
  for (auto& row : query("SELECT scope_id, sum(open_count) FROM open_requests WHERE scope = "
                         "'team' GROUP BY scope_id")
                       .rows) {
    if (row.integer(1)) fig_open[row.integer(0)] = row.integer(1);
  }
  EXPECT_EQ(fig_open, open);
  // Ratings and complaints too, over the organisation.
  auto org = query(
                 "SELECT sum(ratings), sum(rating_sum), sum(complaints) FROM figures WHERE scope "
                 "= 'org' AND period = 'week'")
                 .rows.at(0);
  auto rated =
      query("SELECT count(*), sum(rating) FROM requests WHERE rating IS NOT NULL").rows.at(0);
  EXPECT_EQ(org.integer(0), rated.integer(0));
  EXPECT_EQ(org.integer(1), rated.integer(1));
  EXPECT_EQ(
      org.integer(2),
      query("SELECT count(*) FROM request_events WHERE kind = 'complaint'").rows[0].integer(0));
  EXPECT_GT(org.integer(2), 0);
  // The case mix: received per team, month and type.
  using MixKey = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  std::map<MixKey, std::int64_t> mix, fig_mix;
  for (auto& row : query("SELECT team_id, submitted_at, request_type_id FROM requests").rows) {
    ++mix[{row.integer(0), figures::month_start(figures::day_of(row.integer(1))), row.integer(2)}];
  }
  for (auto& row :
       query("SELECT team_id, start_day, request_type_id, received FROM figures_mix").rows) {
    fig_mix[{row.integer(0), row.integer(1), row.integer(2)}] = row.integer(3);
  }
  EXPECT_EQ(fig_mix, mix);
  EXPECT_GT(mix.size(), 1u);
}

TEST_P(DemoHistoryTest, TeamsDifferInSpeedAndTheSlowestBuildsABacklog) {
  organisation();
  ASSERT_TRUE(create(*db_, options()));
  struct Speed {
    std::int64_t median_days;
    double open_share;
  };
  std::vector<Speed> speeds;
  for (auto& [team, requests] : by_team()) {
    std::vector<std::int64_t> days;
    std::int64_t open = 0;
    for (auto [submitted, decided] : requests) {
      if (decided) {
        days.push_back(figures::throughput_days(submitted, decided));
      } else {
        ++open;
      }
    }
    ASSERT_FALSE(days.empty());
    std::sort(days.begin(), days.end());
    speeds.push_back({days[days.size() / 2], static_cast<double>(open) / requests.size()});
  }
  ASSERT_GE(speeds.size(), 3u);
  auto [fastest, slowest] = std::minmax_element(
      speeds.begin(), speeds.end(),
      [](const Speed& a, const Speed& b) { return a.median_days < b.median_days; });
  EXPECT_LT(fastest->median_days * 3, slowest->median_days * 2)
      << fastest->median_days << " against " << slowest->median_days;
  EXPECT_GT(slowest->open_share, fastest->open_share);
}

TEST_P(DemoHistoryTest, OpenRequestsWaitAtVariousStepsHeldByWhoCanDoThem) {
  organisation();
  ASSERT_TRUE(create(*db_, options()));
  auto lease = db_->acquire();
  auto process = sql::load_process(*lease);
  std::map<std::int64_t, const RequestType*> types;
  for (auto& row : lease->query("SELECT id, code FROM request_types").rows) {
    for (auto& t : process.types) {
      if (t.code == row.text(1)) types[row.integer(0)] = &t;
    }
  }
  std::set<std::pair<std::int64_t, std::string>> holds;  // person, competence
  for (auto& row : lease
                       ->query("SELECT p.person_id, k.code FROM person_competences p JOIN "
                               "competences k ON k.id = p.competence_id")
                       .rows) {
    holds.insert({row.integer(0), row.text(1)});
  }
  std::set<std::string> steps_waiting;
  int held = 0;
  for (auto& row : lease
                       ->query("SELECT request_type_id, conditions, step_index, holder_id, "
                               "team_id, finished_at, decided_at FROM requests WHERE "
                               "finished_at IS NULL")
                       .rows) {
    auto steps = steps_for(*types.at(row.integer(0)), sql::split_codes(row.text(1)));
    auto at = static_cast<std::size_t>(row.integer(2));
    ASSERT_LT(at, steps.size());
    steps_waiting.insert(steps[at]->code);
    if (row.is_null(3)) continue;
    ++held;
    EXPECT_TRUE(holds.count({row.integer(3), steps[at]->competence}))
        << "person " << row.integer(3) << " holds no " << steps[at]->competence;
    auto member = lease->query("SELECT 1 FROM memberships WHERE person_id = $1 AND team_id = $2",
                               {row.integer(3), row.integer(4)});
    EXPECT_FALSE(member.empty());
  }
  EXPECT_GE(steps_waiting.size(), 4u);
  EXPECT_GT(held, 0);
  // Every request keeps its steps: who took each and when it was done, and
  // the waits that were not work (issue 19: the staffing model reads them).
  auto kinds = lease->query(
      "SELECT DISTINCT e.kind FROM request_events e JOIN requests r ON r.id = e.request_id "
      "WHERE r.finished_at IS NOT NULL ORDER BY 1");
  std::set<std::string> finished_kinds;
  for (auto& row : kinds.rows) finished_kinds.insert(row.text(0));
  for (auto kind : {"filed", "taken", "done", "decided"})
    EXPECT_TRUE(finished_kinds.count(kind)) << kind;
  // A finished request has one 'done' per step its conditions leave.
  for (auto& row : lease
                       ->query("SELECT r.request_type_id, r.conditions, (SELECT count(*) FROM "
                               "request_events e WHERE e.request_id = r.id AND e.kind = 'done') "
                               "FROM requests r WHERE r.finished_at IS NOT NULL LIMIT 50")
                       .rows) {
    auto steps = steps_for(*types.at(row.integer(0)), sql::split_codes(row.text(1)));
    EXPECT_EQ(row.integer(2), static_cast<std::int64_t>(steps.size()));
  }
  auto done = lease->query(
      "SELECT count(*) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE "
      "r.finished_at IS NULL AND e.kind = 'done'");
  EXPECT_GT(done.rows.at(0).integer(0), 0);
  // Waits lie within their request's life, for a reason the table allows;
  // open ones only on requests not finished.
  auto waits = lease->query(
      "SELECT count(*), SUM(CASE WHEN w.ended_at IS NULL THEN 1 ELSE 0 END), SUM(CASE WHEN "
      "w.started_at < r.submitted_at OR (w.ended_at IS NULL AND r.finished_at IS NOT NULL) THEN 1 "
      "ELSE 0 END) FROM request_waits w JOIN requests r ON r.id = w.request_id");
  EXPECT_GT(waits.rows.at(0).integer(0), 0);
  EXPECT_GT(waits.rows.at(0).integer(1), 0);
  EXPECT_EQ(waits.rows.at(0).integer(2), 0);
}

TEST_P(DemoHistoryTest, TheDemoCommandGeneratesTheHistoryOnce) {
  ASSERT_EQ(app::create_demo(*db_, false, {people, 1}), 0);
  auto n = count("requests");
  EXPECT_GE(n, 19 * people);
  auto figures_rows = count("figures");
  ASSERT_EQ(app::create_demo(*db_, false, {people, 1}), 0);
  EXPECT_EQ(count("requests"), n);
  EXPECT_EQ(count("figures"), figures_rows);
  EXPECT_FALSE(create(*db_, options()));
  // A request filed later gets an id after the generated ones.
  auto max_id = query("SELECT max(id) FROM requests").rows.at(0).integer(0);
  auto id =
      query(
          "INSERT INTO requests (reference, submission_key, request_type_id, postcode, "
          "team_id, contact_name, description, submitted_at) SELECT 'x', 'y', "
          "request_type_id, postcode, team_id, 'n', 'd', 1 FROM requests LIMIT 1 RETURNING id")
          .rows.at(0)
          .integer(0);
  EXPECT_GT(id, max_id);
}

PLOEG_INSTANTIATE_BACKENDS(DemoHistoryTest);

}  // namespace
}  // namespace ploeg::casework::history
