// "Today, as modelled" next to "today, as measured" (issue 19, item 7): the
// model built from the team's log is simulated over the same weeks as the
// dashboard's figures are read — median and 90th percentile days from
// receipt to decision, and the requests open at the end of each week — and
// the two must agree within 10% before the staffing page answers any
// what-if. When they do not, the step whose time the model explains worst is
// named.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "staffing/flow.hpp"
#include "staffing/log.hpp"
#include "staffing/plan.hpp"
#include "store/database.hpp"

namespace ploeg::staffing {

inline constexpr double agreement_tolerance = 0.10;

// The dashboard's figures (casework/figures_read) over the last `weeks` weeks.
struct Measured {
  std::int64_t decided = 0;
  std::optional<double> median_days, p90_days;
  double backlog = 0;  // open at the end of each week, averaged over the weeks
};
// The figures of the scope's team, or of its region.
Measured read_measured(store::Connection& c, const Scope& scope, std::int64_t now, int weeks);

struct StepTime {
  std::string code, name;
  double measured_days = 0;  // ready -> done, mean, from the log
  double modelled_days = 0;  // queue + work + delay, mean, from the simulation
  std::int64_t visits = 0;   // measured ones
};

struct Comparison {
  bool simulated = false;  // false: the model could not run (see problem)
  std::string problem;     // a catalogue key: staffing_model_unstable, staffing_model_empty
  std::vector<std::string> overloaded;  // competence codes past their capacity
  Measured measured;
  double median_days = 0, p90_days = 0, backlog = 0;  // modelled
  // Each figure within agreement_tolerance of the measured one.
  bool median_agrees = false, p90_agrees = false, backlog_agrees = false;
  bool agrees = false;
  std::vector<StepTime> steps;
  std::optional<StepTime> unexplained;  // when it does not agree: the step furthest off
  // The queueing formulas' mean days to a decision, unless they do not apply.
  double analytic_mean_days = 0;
  std::vector<std::string> analytic_not_applicable;
};

// Within `tolerance` of the measured value (relative; an absolute half
// request or day when the measured value is 0).
bool within(double modelled, double measured, double tolerance = agreement_tolerance);

// Simulates the model and compares it with the measured figures. Pure.
Comparison compare(const LogModel& model, const Measured& measured);

// Mean hours of work a visit per competence, as the log saw them (visits
// of steps nobody of the team works on left out).
std::map<std::string, double> observed_hours(const LogModel& model);

// The model for the what-ifs: the log's, each competence's work scaled to
// the assumptions' hours where they differ from the observed ones, the
// assumptions' availability, and the page's shorter runs (eight weeks of
// warm-up, four replications: hundreds of them are run).
capacity::Model what_if_model(const LogModel& model, const Assumptions& assumptions);

// Everything the staffing page and API show of today for a scope: the
// model from its log and the comparison with its figures.
struct Today {
  LogModel model;
  Comparison comparison;
};
Today read_today(store::Connection& c, const Scope& scope, const Flow& flow, double availability,
                 std::int64_t now);

}  // namespace ploeg::staffing
