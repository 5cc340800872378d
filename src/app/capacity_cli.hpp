// `ploeg simulate` and `ploeg plan-staff`: the resource planning engine on a
// TOML model (issue 6).
//   ploeg simulate MODEL.toml [--json out.json] [--csv out.csv] [--what-if] [--seed N]
//   ploeg plan-staff MODEL.toml --target "p90<=60d" [--case-type NAME] [--json out.json]
// Standard output and the files are the same bytes for the same model and
// seed; timings and progress go to standard error.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "engines/capacity/model.hpp"

namespace ploeg::app {

class CapacityCommands {
 public:
  explicit CapacityCommands(CLI::App& app);
  // The exit code when simulate or plan-staff was given, else nullopt. Needs no
  // database. 0: done; 1: bad input; 2 (plan-staff): the target cannot be met.
  std::optional<int> run() const;

 private:
  int simulate() const;
  int simulate(const capacity::Model& model) const;  // after --seed and --replications
  int plan_staff() const;

  CLI::App* simulate_ = nullptr;
  CLI::App* plan_ = nullptr;
  std::string model_, json_, csv_, target_, case_type_;
  std::optional<std::uint64_t> seed_;
  std::optional<int> replications_;
  bool what_if_ = false;
};

}  // namespace ploeg::app
