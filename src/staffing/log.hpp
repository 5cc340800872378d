// The capacity model of a team (or a region's teams) built from its own
// event log (issue 19, item 7): per step, the hours actually worked (taken ->
// completed, on the working clock) and the waits that are not work
// (request_waits: the citizen, a doctor's report, another service) as
// delays, each with its observed distribution; arrivals by week of the year.
// Reading is one function on the database (read_log); building the model
// from what was read is pure (build_model), so it is tested on a log the
// test writes by hand.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engines/capacity/model.hpp"
#include "staffing/flow.hpp"
#include "store/database.hpp"

namespace ploeg::staffing {

// A span of time [from, to], unix seconds.
using Span = std::pair<std::int64_t, std::int64_t>;

// One step of one request that was completed.
struct LoggedStep {
  std::string code;
  std::int64_t ready = 0;  // when the step before it ended (or the request was filed)
  std::int64_t done = 0;
  std::vector<Span> held;             // taken -> released or done: someone had it
  std::vector<std::int64_t> holders;  // who, for each of held (0: not known)
  std::vector<Span> waits;            // not work
};

struct LoggedRequest {
  std::string type;  // request type code
  std::int64_t submitted_at = 0;
  std::vector<LoggedStep> steps;  // completed ones, in order
};

struct EventLog {
  std::int64_t since = 0, now = 0;  // the year read
  std::vector<LoggedRequest> requests;
};

// The requests of these teams filed in [since, now) or still open then, with
// their steps' events and waits: three statements.
EventLog read_log(store::Connection& c, const std::vector<std::int64_t>& team_ids,
                  std::int64_t since, std::int64_t now);

// What the log says of one step (all types together), beside the model.
struct StepSeen {
  std::string code, name, competence;
  std::int64_t visits = 0;
  double work_hours = 0;      // mean
  double delay_hours = 0;     // mean, on the working clock
  double delay_share = 0;     // of visits with a wait
  double mean_days = 0;       // ready -> done, calendar days, of visits done in the compared weeks
  std::int64_t compared = 0;  // those visits
};

struct LogModel {
  capacity::Model model;
  std::vector<StepSeen> steps;  // in the model's step order
  int compared_weeks = 39;      // the last weeks whose figures are compared
  std::int64_t visits = 0;
};

// The simulation's shape: a year and the weeks before it as warm-up, the
// last compared_weeks compared with the measured figures.
inline constexpr int model_horizon_weeks = 60;
inline constexpr int model_compared_weeks = 39;
inline constexpr int model_replications = 12;
// Work and waits are sampled from visits that began between a year and this
// many weeks ago: begun later, only the short ones are done yet.
inline constexpr int model_settle_weeks = 13;

// The model of `flow` (its types, step shares, staff and teams) with work,
// delays and arrivals from the log. Steps nobody of the team worked on
// (all visits without held time) are delays only (capacity::no_work).
LogModel build_model(const Flow& flow, const EventLog& log, double availability);

// Hex SHA-256 of everything the model holds that the log gave, so a stored
// answer is recomputed when the log changed.
std::string model_digest(const capacity::Model& model);

}  // namespace ploeg::staffing
