// Building a team's staffing model from a year of its event log (issue 19,
// item 7; budget 200 ms) against a peer in the same process: the same rows
// read raw — the team's requests, their step events and their waits, one
// SELECT each, every column read and nothing built.
//
//   model_bench DATABASE_URL [ROUNDS]
//
// The database must hold the demo with its history (`ploeg demo --people N`).
// The team is the regional team with the most requests; the year ends at the
// newest event. Prints one line per engine:
//   engine=<model|raw> team=<code> requests=<n> rows=<n> p50_ms=<x> p99_ms=<y> mean_ms=<z>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "staffing/flow.hpp"
#include "staffing/log.hpp"
#include "store/database.hpp"

namespace {

using namespace ploeg;
using Clock = std::chrono::steady_clock;

struct Timing {
  double p50 = 0, p99 = 0, mean = 0;
};

Timing timing(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Timing t;
  auto rank = [&](int percent) {
    auto r = std::max<std::size_t>(1, (ms.size() * percent + 99) / 100);
    return ms[r - 1];
  };
  t.p50 = rank(50);
  t.p99 = rank(99);
  for (double x : ms) t.mean += x;
  t.mean /= static_cast<double>(ms.size());
  return t;
}

double since_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: model_bench DATABASE_URL [ROUNDS]\n";
    return 2;
  }
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 50;
  auto db = store::Database::open(argv[1]);
  auto lease = db->acquire();
  auto& c = *lease;
  auto newest = c.query("SELECT max(at) FROM request_events").rows.at(0);
  if (newest.is_null(0)) {
    std::cerr << "model_bench: the database holds no requests (run `ploeg demo`)\n";
    return 1;
  }
  std::int64_t now = newest.integer(0) + 1, since = now - 52 * 7 * 86400;
  auto team = c.query(
                   "SELECT t.id, t.code, count(*) FROM requests r JOIN teams t ON t.id = "
                   "r.team_id WHERE t.kind = 'regional' GROUP BY t.id, t.code ORDER BY 3 DESC, 2 "
                   "LIMIT 1")
                  .rows.at(0);
  std::vector<std::int64_t> ids{team.integer(0)};
  std::string code = team.text(1);

  std::vector<double> model_ms, raw_ms;
  std::size_t visits = 0, rows = 0;
  for (int r = 0; r < rounds; ++r) {
    auto start = Clock::now();
    auto flow = staffing::read_flow(c, ids, code, now);
    auto log = staffing::read_log(c, ids, since, now);
    auto model = staffing::build_model(flow, log, 0.8);
    model_ms.push_back(since_ms(start));
    visits = static_cast<std::size_t>(model.visits);

    start = Clock::now();
    std::vector<store::Value> p{since, now, ids[0]};
    std::string which =
        " r.team_id = $3 AND r.submitted_at < $2 AND (r.submitted_at >= $1 OR r.finished_at IS "
        "NULL OR r.finished_at >= $1)";
    rows = 0;
    for (auto* sql : {"SELECT r.* FROM requests r WHERE",
                      "SELECT e.* FROM request_events e JOIN requests r ON r.id = e.request_id "
                      "WHERE",
                      "SELECT w.* FROM request_waits w JOIN requests r ON r.id = w.request_id "
                      "WHERE"}) {
      auto result = c.query(std::string(sql) + which, p);
      for (auto& row : result.rows) {
        for (std::size_t k = 0; k < row.size(); ++k) rows += row.is_null(k) ? 0 : 1;
      }
    }
    raw_ms.push_back(since_ms(start));
  }
  auto m = timing(model_ms), w = timing(raw_ms);
  std::printf(
      "engine=model team=%s requests=%lld visits=%zu p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f\n",
      code.c_str(), static_cast<long long>(team.integer(2)), visits, m.p50, m.p99, m.mean);
  std::printf("engine=raw team=%s requests=%lld cells=%zu p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f\n",
              code.c_str(), static_cast<long long>(team.integer(2)), rows, w.p50, w.p99, w.mean);
  return 0;
}
