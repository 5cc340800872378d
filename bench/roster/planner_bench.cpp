// Week planner benchmark (issue 7), printed as the "roster" section of
// bench/RESULTS.md:
//  - the demo organisation's size: 20 teams of 15 in 4 offices, each team
//    planned in turn on the desks its office has left; the planner (local
//    search, then CBC in-process up to 1 s a team) against the local search
//    alone and against the cbc program on each team's exact model;
//  - small generated weeks: the planner and its local search against the
//    optimum of the same model from the cbc program.
//
//   planner_bench [CBC_PROGRAM]
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "engines/roster/generate.hpp"
#include "engines/roster/lp.hpp"
#include "engines/roster/planner.hpp"

using namespace ploeg::roster;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct CbcRun {
  bool optimal = false;
  double objective = 0, seconds = 0;
};

// The cbc program on the week's exact model, timed as a whole process.
CbcRun cbc(const std::string& program, const Week& w, const std::string& dir) {
  auto lp = write_lp(w);
  std::ofstream(dir + "/week.lp") << lp.text;
  std::string command =
      program + " " + dir + "/week.lp solve solution " + dir + "/solution.txt > /dev/null";
  auto started = Clock::now();
  int rc = std::system(command.c_str());
  CbcRun run;
  run.seconds = since(started);
  std::ifstream in(dir + "/solution.txt");
  std::string first;
  std::getline(in, first);
  std::smatch m;
  if (rc == 0 &&
      std::regex_search(first, m, std::regex(R"(Optimal - objective value\s+(-?[\d.]+))"))) {
    run.optimal = true;
    run.objective = lp.constant - std::stod(m[1]);
  }
  return run;
}

std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, s < 0.01 ? "%.4f s" : "%.3f s", s);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string program = argc > 1 ? argv[1] : "cbc";
  char dir_template[] = "/tmp/ploeg-bench-roster.XXXXXX";
  std::string dir = mkdtemp(dir_template);

  // The demo organisation: 20 teams of 15, five teams an office.
  const int teams = 20, size = 15, offices = 4;
  std::vector<std::vector<int>> desks_left(offices, std::vector<int>(5, 5 * size * 6 / 10 + size));
  double planner = 0, local = 0, cbc_total = 0;
  int granted = 0, asked = 0, unmet = 0, proven = 0, cbc_better = 0, local_equal = 0,
      local_unusable = 0;
  long long ours_sum = 0, local_sum = 0;
  double cbc_sum = 0;
  for (int t = 0; t < teams; ++t) {
    auto w = generate_week(size, static_cast<std::uint64_t>(t + 1));
    auto& left = desks_left[static_cast<std::size_t>(t % offices)];
    for (std::size_t d = 0; d < 5; ++d) w.desks[d] = std::min(w.desks[d], left[d]);
    auto started = Clock::now();
    auto plan = propose(w);
    planner += since(started);
    started = Clock::now();
    auto alone = propose(w, {.seconds = 0});
    local += since(started);
    auto peer = cbc(program, w, dir);
    cbc_total += peer.seconds;
    granted += plan.score.wishes_granted;
    asked += plan.score.wishes_asked;
    unmet += static_cast<int>(plan.score.unmet.size());
    proven += plan.proven;
    cbc_better += plan.improved_by_cbc;
    local_equal += alone.score.objective() == plan.score.objective();
    local_unusable += !alone.score.usable();
    ours_sum += plan.score.objective();
    if (alone.score.usable()) local_sum += alone.score.objective();
    cbc_sum += peer.objective;
    for (std::size_t d = 0; d < 5; ++d) {
      for (auto& row : plan.assignment.place) left[d] -= row[d] == Place::office;
    }
  }
  std::printf("## Week planner (issue 7)\n\n");
  std::printf("Written by `bench/roster/run`; command: `%s`, pinned to one core.\n\n",
              std::getenv("BENCH_COMMAND") ? std::getenv("BENCH_COMMAND") : "bench/roster/run");
  std::printf(
      "The demo organisation's size: 20 teams of 15 (`generate_week(15, team)`), five teams to "
      "each of 4 "
      "offices; each team is planned in turn on the desks its office has left. "
      "The planner is the local search, then CBC in-process on the exact model (1 s a team at "
      "most); "
      "the peer is the `cbc` program on each team's exact model (`write_lp`), timed as a "
      "process.\n\n");
  std::printf(
      "| what | time, 20 teams | objective (sum) | wishes granted | rules unmet | proven optimal "
      "|\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  std::printf("| planner (local search + CBC) | %s | %lld | %d of %d | %d | %d of %d teams |\n",
              seconds_text(planner).c_str(), ours_sum, granted, asked, unmet, proven, teams);
  std::printf(
      "| local search alone | %s | %lld (the %d teams it planned) | | | equal to the planner in %d "
      "of %d teams; no plan within the desks in %d |\n",
      seconds_text(local).c_str(), local_sum, teams - local_unusable, local_equal, teams,
      local_unusable);
  std::printf("| `cbc` program (peer) | %s | %.0f | | | |\n\n", seconds_text(cbc_total).c_str(),
              cbc_sum);
  std::printf(
      "Target: the planner on the demo organisation in under 1 s: %s (%s; %.1fx the cbc program's "
      "time; "
      "CBC improved on the local search in %d teams).\n\n",
      planner < 1 ? "**met**" : "**not met**", seconds_text(planner).c_str(), planner / cbc_total,
      cbc_better);

  std::printf(
      "Small generated weeks: the objective (wish points, 10-20 each, less 1,000 a rule unmet) "
      "against the "
      "`cbc` program's optimum of the same model; gap = (optimum - ours) / |optimum|.\n\n");
  std::printf(
      "| members | seeds | planner: worst gap | local search alone: worst gap | planner time "
      "(mean) | cbc time (mean) |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  bool within = true;
  for (int members : {6, 10, 15, 25}) {
    double worst = 0, worst_local = 0, time_ours = 0, time_cbc = 0;
    const int seeds = 5;
    for (int seed = 1; seed <= seeds; ++seed) {
      auto w = generate_week(members, static_cast<std::uint64_t>(100 + seed));
      auto started = Clock::now();
      auto plan = propose(w);
      time_ours += since(started);
      auto alone = propose(w, {.seconds = 0});
      auto peer = cbc(program, w, dir);
      time_cbc += peer.seconds;
      double scale = std::max(1.0, std::abs(peer.objective));
      worst = std::max(worst, (peer.objective - plan.score.objective()) / scale);
      worst_local = std::max(worst_local, (peer.objective - alone.score.objective()) / scale);
    }
    within &= worst <= 0.02;
    std::printf("| %d | 5 | %.2f%% | %.2f%% | %s | %s |\n", members, 100 * worst, 100 * worst_local,
                seconds_text(time_ours / seeds).c_str(), seconds_text(time_cbc / seeds).c_str());
  }
  std::printf("\nTarget: within 2%% of CBC's optimum on small instances: %s.\n",
              within ? "**met**" : "**not met**");
  std::printf("\nDesk booking under load: the roster-booking section (bench/roster/booking.py).\n");
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
