// Staffing (issue 6): the fewest people per competence that meet a target on
// the throughput time, by an analytic first guess then a search on the
// simulation; with the effect of one more person in each role.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engines/capacity/model.hpp"
#include "engines/capacity/simulate.hpp"

namespace ploeg::capacity {

// "p90<=60d" (90% of cases decided within 60 days), "90%<=60d" (the same),
// "p50<=10d", "mean<=20d"; units d (days), w (weeks) or h (hours).
struct Target {
  bool mean = false;  // else a quantile
  double quantile = 0.9;
  double days = 0;
  std::string case_type;  // empty: every case
  std::string text;       // as given
};
// The target, or nullopt with `error` saying what to write.
std::optional<Target> parse_target(const std::string& text, std::string& error);

struct Marginal {
  int competence = 0;
  double value_days =
      0;             // the target's figure (mean or quantile) with one more person in each team
  double share = 0;  // cases within the target's days then
};

struct StaffPlan {
  std::vector<int> per_team;     // people per competence in each team
  std::vector<int> first_guess;  // the analytic guess the search started from
  std::vector<double> today;     // people per team the model gives
  bool met = false;
  Estimate value_days;  // the target's figure at the plan (mean over replications)
  Estimate share;       // share of cases within the target's days
  std::vector<Marginal> marginal;
  int simulations = 0;
  double seconds = 0;
  SimulationResult check;  // the whole model (every team) simulated at the plan
};

struct StaffingOptions {
  std::function<void(const std::string&)> progress;
  int max_people_per_competence = 500;  // per team
};

// The model with each competence's FTE set from people per team.
Model with_staff(const Model& model, const std::vector<int>& per_team);

StaffPlan plan_staff(const Model& model, const Target& target, const StaffingOptions& options = {});

}  // namespace ploeg::capacity
