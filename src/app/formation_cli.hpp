// `ploeg form-teams`: the team formation engine on CSV files (issue 5).
//   ploeg form-teams --people people.csv --teams teams.csv --mode optimise --out assignment.csv
//                    [--json summary.json] [--time-limit S] [--seed N] [--assignment FILE]
//                    [--write-mps FILE]
//   ploeg form-teams --generate N --seed S --out-dir D
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ploeg::app {

class FormationCommand {
 public:
  // Adds the subcommand to `app`.
  explicit FormationCommand(CLI::App& app);
  // The exit code when form-teams was given, else nullopt. Needs no database.
  // 0: done (check: the assignment is feasible); 1: bad input; 2: no feasible
  // assignment (check: the assignment breaks a constraint).
  std::optional<int> run() const;

 private:
  int generate() const;
  int solve() const;

  CLI::App* command_ = nullptr;
  std::string people_, teams_, mode_ = "optimise", out_, json_, assignment_, mps_, out_dir_;
  double time_limit_ = 60;
  std::uint64_t seed_ = 1;
  int generate_ = 0;
};

}  // namespace ploeg::app
