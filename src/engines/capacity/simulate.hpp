// Discrete-event simulation of the case flow (issue 6): an event calendar,
// warm-up, replications on independent seeded streams, and 95% confidence
// intervals over the replications. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engines/capacity/model.hpp"

namespace ploeg::capacity {

// A mean over replications with its 95% confidence interval (Student's t).
struct Estimate {
  double mean = 0, low = 0, high = 0;
};

struct StepFigures {
  Estimate mean_wait_hours;  // in the queue of its competence, before the step
  Estimate visits_per_week;  // all teams
};

struct CompetenceFigures {
  Pool pool;  // one team's
  Estimate utilisation;
  Estimate mean_wait_hours;
};

struct CaseTypeFigures {
  std::int64_t completed = 0;  // cases counted, over all replications
  Estimate throughput_hours;   // mean
  Estimate p50_hours, p90_hours;
  Estimate within_target;   // share decided within Options::target_hours (when set)
  Estimate quantile_hours;  // at Options::quantile (when set)
};

struct WeekFigures {
  int week = 0;         // from the start, warm-up included
  Estimate open_cases;  // not yet decided at the end of the week, all teams
};

struct SimulationResult {
  std::vector<StepFigures> steps;
  std::vector<CompetenceFigures> competences;
  std::vector<CaseTypeFigures> case_types;
  CaseTypeFigures all_cases;
  std::vector<WeekFigures> backlog;
  // Little's law over the measured window: time-average cases in the system
  // against arrival rate times mean throughput time.
  Estimate mean_in_system, arrivals_per_hour;
  double little_relative_error = 0;  // |L - lambda W| / L, on the means
  std::int64_t events = 0;  // arrivals, service completions and hand-offs, all replications
  double seconds = 0;
};

// (Every member has an initializer, so designated initializers may leave any out.)
struct SimulationOptions {
  // Called after each replication with (done, of).
  std::function<void(int, int)> progress{};
  double target_hours = 0;  // when > 0: the share of cases decided within it
  double quantile = 0;      // when > 0: this quantile of the throughput time too
  bool backlog = true;      // week-by-week open cases
  // Throughput times of the cases decided after the warm-up (as a team's
  // figures count the requests decided in a range) rather than of those
  // that arrived after it.
  bool count_by_decision = false;
};

// Runs every replication of the model; the model must be valid (validate()).
SimulationResult simulate(const Model& model, const SimulationOptions& options = {});

// Student's t quantile for a two-sided 95% interval with df degrees of freedom.
double t95(int degrees_of_freedom);
Estimate estimate(const std::vector<double>& per_replication);

}  // namespace ploeg::capacity
