#include "app/roster_cli.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <new>

#include "core/files.hpp"
#include "engines/roster/json_io.hpp"
#include "engines/roster/lp.hpp"

namespace ploeg::app {

RosterCommand::RosterCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "plan-week", "Propose a team's week: who works where, coverage, appointments, wishes");
  command_->add_option("--input", input_, "week.json")->required();
  command_->add_option("--out", out_, "plan.json")->required();
  command_->add_option("--lp", lp_, "also write the exact model in LP format (for CBC)");
}

std::optional<int> RosterCommand::run() const {
  if (!command_->parsed()) return std::nullopt;
  roster::WeekFile file;
  try {
    file = roster::read_week(files::read_whole(input_), input_);
  } catch (const std::bad_alloc&) {
    std::cerr << "ploeg: out of memory while reading " << input_ << "\n";
    return 1;
  }
  if (!file.errors.empty()) {
    for (auto& e : file.errors) std::cerr << e << "\n";
    return 1;
  }
  try {
    return plan(file.week);
  } catch (const std::bad_alloc&) {
    std::cerr << "ploeg: " << roster::out_of_memory_message(file.week) << "\n";
    return 1;
  }
}

int RosterCommand::plan(const roster::Week& week) const {
  auto started = std::chrono::steady_clock::now();
  auto plan = roster::propose(week);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!lp_.empty()) files::write_whole(lp_, roster::write_lp(week).text);
  files::write_whole(out_, roster::plan_json(week, plan));
  auto& s = plan.score;
  std::printf("Planned %zu members over %zu days: %d of %d wishes granted, %zu rules unmet.\n",
              week.members.size(), week.days.size(), s.wishes_granted, s.wishes_asked,
              s.unmet.size());
  for (auto& u : s.unmet) std::printf("  unmet: %s\n", u.text.c_str());
  for (auto& h : s.hard) std::printf("  cannot hold: %s\n", h.c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "plan-week: %.3f s, %d improving moves%s%s\n", seconds, plan.moves,
               plan.improved_by_cbc ? ", improved by CBC" : "",
               plan.proven ? ", proven optimal" : "");
  return s.usable() ? 0 : 2;
}

}  // namespace ploeg::app
