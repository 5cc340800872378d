// The answer to "how many people do we need?" for a flow read from the
// casework data, pure: the capacity model it makes with the page's
// assumptions, the staff per competence that meets the target, the effect
// of one person more or less, the backlog week by week and the what-if of
// functional units against teams.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engines/capacity/model.hpp"
#include "engines/capacity/simulate.hpp"
#include "staffing/flow.hpp"

namespace ploeg::staffing {

struct Assumptions {
  std::map<std::string, double> hours;  // work per step, by competence code
  double availability = 0.8;            // of each FTE, for casework, after absence
  int target_percent = 90;
  int target_days = 30;
};

// Hours of work per step by competence: what a page starts from, to be adjusted.
double default_hours(const std::string& competence);
Assumptions default_assumptions(const Flow& flow);

// Office hours (38 a week), a year after eight weeks of warm-up, four replications.
capacity::Model model_of(const Flow& flow, const Assumptions& assumptions);

struct RoleAnswer {
  std::string code, name;
  double fte_today = 0;          // whole scope
  double utilisation_today = 0;  // analytic; above 1 is overloaded
  int needed_per_team = 0;
  int needed = 0;  // whole scope
  double utilisation_plan = 0;
  std::optional<double> one_more_days;  // the target's figure with one more per team
};

struct FormFigures {
  double mean_days = 0, p90_days = 0;
};

struct Answer {
  bool stable_today = true;
  std::vector<std::string> unstable;        // sentences, when today's staff cannot keep up
  std::optional<capacity::Estimate> today;  // the target's figure (days) with today's staff
  std::optional<double> today_share;        // of requests decided within the target's days
  bool met = false;
  capacity::Estimate plan;  // the target's figure at the plan
  double plan_share = 0;
  std::vector<RoleAnswer> roles;
  // Throughput time against staff: per role, the target's figure with
  // offsets[i] people per team more than the plan (others at the plan).
  std::vector<int> offsets;
  std::vector<std::vector<std::optional<double>>> days_by_offset;  // [role][offset]
  // Open requests at the end of each week after the warm-up.
  std::vector<int> weeks;
  std::vector<std::optional<double>> backlog_today, backlog_plan;
  // The same staff (today's when it keeps up, else the plan's) and demand
  // as functional units passing requests on weekly, against teams.
  FormFigures functional, teams;
  int simulations = 0;
};

// Who follows a long answer: its progress, and whether to stop. Between its
// simulations answer() reports how far it is and, when `stop` says so,
// throws Stopped.
struct Watch {
  std::function<void(double fraction, const std::string& message)> progress;
  std::function<bool()> stop;
};
struct Stopped {};

Answer answer(const Flow& flow, const Assumptions& assumptions, const Watch& watch = {});
// The same from a model of today (one built from the event log, with its
// competences in the flow's order), with the assumptions' availability.
Answer answer(const Flow& flow, const capacity::Model& today, const Assumptions& assumptions,
              const Watch& watch = {});

}  // namespace ploeg::staffing
