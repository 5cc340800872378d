#include "staffing/plan.hpp"

#include <algorithm>
#include <cmath>

#include "engines/capacity/analytic.hpp"
#include "engines/capacity/staffing.hpp"

namespace ploeg::staffing {

namespace cap = ploeg::capacity;

double default_hours(const std::string& competence) {
  // Rough hours of work per request at each kind of step in an allowance
  // agency: a page's starting point, which the team corrects.
  static const std::map<std::string, double> hours = {{"intake", 1.0},      {"administration", 1.5},
                                                      {"social_work", 4.0}, {"medical", 2.0},
                                                      {"decision", 1.5},    {"payment", 0.5}};
  auto found = hours.find(competence);
  return found == hours.end() ? 2.0 : found->second;
}

Assumptions default_assumptions(const Flow& flow) {
  Assumptions a;
  for (auto& code : flow.competences) a.hours[code] = default_hours(code);
  // The tightest target among the types the scope receives.
  int days = 0;
  for (auto& t : flow.types) days = days == 0 ? t.target_days : std::min(days, t.target_days);
  if (days > 0) a.target_days = days;
  return a;
}

cap::Model model_of(const Flow& flow, const Assumptions& assumptions) {
  cap::Model m;
  m.simulation.clock = cap::Clock::office_hours;
  m.simulation.hours_per_week = 38;
  m.simulation.horizon_weeks = 60;
  m.simulation.warmup_weeks = 8;
  m.simulation.replications = 4;
  m.simulation.seed = 1;
  m.organisation.teams = flow.teams;
  for (auto& code : flow.competences) {
    auto fte = flow.fte.find(code);
    m.competences.push_back(
        {code, fte == flow.fte.end() ? 0.0 : fte->second, assumptions.availability});
  }
  for (auto& type : flow.types) {
    cap::CaseType ct;
    ct.name = type.code;
    ct.arrivals_per_week = type.per_week;
    for (auto& need : type.steps) {
      if (need.share <= 0) continue;
      int step = m.step_index(need.code);
      if (step < 0) {
        auto hours = assumptions.hours.find(need.competence);
        m.steps.push_back(
            {need.code,
             m.competence_index(need.competence),
             {hours == assumptions.hours.end() ? default_hours(need.competence) : hours->second,
              1.0, cap::Distribution::exponential}});
        step = static_cast<int>(m.steps.size()) - 1;
      }
      ct.route.push_back({step, std::min(1.0, need.share), 0, -1});
    }
    if (!ct.route.empty()) m.case_types.push_back(ct);
  }
  return m;
}

namespace {

struct Measured {
  cap::Estimate days;
  double share = 0;
  std::vector<std::optional<double>> backlog;
};

// The target's figure of one run, in days.
Measured measure(const cap::Model& m, const cap::Target& target, int& simulations) {
  cap::SimulationOptions so;
  so.target_hours = m.hours(target.days);
  so.quantile = target.quantile;
  ++simulations;
  auto r = cap::simulate(m, so);
  Measured out;
  auto& q = r.all_cases.quantile_hours;
  out.days = {m.days(q.mean), m.days(q.low), m.days(q.high)};
  out.share = r.all_cases.within_target.mean;
  for (auto& w : r.backlog) {
    if (w.week > m.simulation.warmup_weeks)  // weeks count from 1
      out.backlog.push_back(w.open_cases.mean);
  }
  return out;
}

FormFigures figures_of(const cap::Model& m, int& simulations) {
  ++simulations;
  auto r = cap::simulate(m, {.backlog = false});
  return {m.days(r.all_cases.throughput_hours.mean), m.days(r.all_cases.p90_hours.mean)};
}

}  // namespace

Answer answer(const Flow& flow, const Assumptions& assumptions, const Watch& watch) {
  return answer(flow, model_of(flow, assumptions), assumptions, watch);
}

Answer answer(const Flow& flow, const cap::Model& model, const Assumptions& assumptions,
              const Watch& watch) {
  auto step = [&watch](double fraction, const char* message) {
    if (watch.stop && watch.stop()) throw Stopped{};
    if (watch.progress) watch.progress(fraction, message);
  };
  Answer a;
  auto today = model;
  for (auto& c : today.competences) c.availability = assumptions.availability;
  if (today.case_types.empty() || !cap::validate(today).empty()) return a;
  cap::Target target;
  target.quantile = assumptions.target_percent / 100.0;
  target.days = assumptions.target_days;
  int teams = std::max(1, flow.teams);

  auto today_load = cap::analyse(today);
  a.stable_today = today_load.stable;
  a.unstable = today_load.unstable;
  if (a.stable_today) {
    step(0.05, "today's staff");
    auto now = measure(today, target, a.simulations);
    a.today = now.days;
    a.today_share = now.share;
    a.backlog_today = now.backlog;
  }

  step(0.15, "the staff that meets the target");
  auto plan = cap::plan_staff(today, target);
  a.simulations += plan.simulations;
  a.met = plan.met;
  a.plan = plan.value_days;
  a.plan_share = plan.share.mean;
  auto at_plan = cap::with_staff(today, plan.per_team);
  auto plan_load = cap::analyse(at_plan);
  for (std::size_t k = 0; k < today.competences.size(); ++k) {
    RoleAnswer role;
    role.code = today.competences[k].name;
    auto name = flow.competence_names.find(role.code);
    role.name = name == flow.competence_names.end() ? role.code : name->second;
    role.fte_today = today.competences[k].fte;
    role.utilisation_today = today_load.pools[k].utilisation;
    role.needed_per_team = plan.per_team[k];
    role.needed = plan.per_team[k] * teams;
    role.utilisation_plan = plan_load.pools[k].utilisation;
    for (auto& more : plan.marginal) {
      if (more.competence == static_cast<int>(k)) role.one_more_days = more.value_days;
    }
    a.roles.push_back(role);
  }
  {
    step(0.6, "the backlog at the plan");
    Measured planned = measure(at_plan, target, a.simulations);
    a.backlog_plan = planned.backlog;
  }
  for (int w = today.simulation.warmup_weeks; w < today.simulation.horizon_weeks; ++w)
    a.weeks.push_back(w - today.simulation.warmup_weeks + 1);

  // Throughput time against staff, one role at a time.
  a.offsets = {-2, -1, 0, 1, 2};
  for (std::size_t k = 0; k < today.competences.size(); ++k) {
    step(0.65 + 0.25 * static_cast<double>(k) / static_cast<double>(today.competences.size()),
         "one role more or less");
    std::vector<std::optional<double>> line;
    for (int offset : a.offsets) {
      auto people = plan.per_team;
      people[k] += offset;
      if (people[k] < 1) {
        line.push_back(std::nullopt);
        continue;
      }
      auto trial = cap::with_staff(today, people);
      if (!cap::analyse(trial).stable) {
        line.push_back(std::nullopt);  // the queue grows without limit: no figure
        continue;
      }
      line.push_back(offset == 0 ? plan.value_days.mean
                                 : measure(trial, target, a.simulations).days.mean);
    }
    a.days_by_offset.push_back(line);
  }

  // The transformation: the same people as functional units or as teams.
  step(0.92, "functional units against teams");
  auto staff = a.stable_today ? today : at_plan;
  auto functional = staff;
  functional.organisation.form = cap::Form::functional;
  functional.organisation.teams = 1;
  functional.organisation.handoff_batch_hours = 38;  // passed on once a week
  a.functional = figures_of(functional, a.simulations);
  a.teams = figures_of(staff, a.simulations);
  return a;
}

}  // namespace ploeg::staffing
