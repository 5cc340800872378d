// `ploeg plan-week`: the week planner on a team's week as JSON (issue 7).
//   ploeg plan-week --input week.json --out plan.json [--lp model.lp]
// --lp also writes the exact model for a MIP solver (CBC reads it).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "engines/roster/model.hpp"

namespace ploeg::app {

class RosterCommand {
 public:
  explicit RosterCommand(CLI::App& app);
  // The exit code when plan-week was given, else nullopt. Needs no database.
  // 0: a plan (unmet rules, if any, are listed with their reasons); 1: bad
  // input, nothing written; 2: no plan keeps the hard limits (desks, home days).
  std::optional<int> run() const;

 private:
  int plan(const roster::Week& week) const;

  CLI::App* command_ = nullptr;
  std::string input_, out_, lp_;
};

}  // namespace ploeg::app
