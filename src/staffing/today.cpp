#include "staffing/today.hpp"

#include <cmath>

#include "casework/figures.hpp"
#include "casework/figures_read.hpp"
#include "core/clock.hpp"
#include "engines/capacity/analytic.hpp"
#include "engines/capacity/simulate.hpp"

namespace ploeg::staffing {

namespace cap = ploeg::capacity;
namespace fig = ploeg::casework::figures;

Measured read_measured(store::Connection& c, const Scope& scope, std::int64_t now, int weeks) {
  Measured m;
  fig::Scope where;
  if (scope.kind == "team" && !scope.team_ids.empty()) {
    where = {"team", scope.team_ids.front()};
  } else if (scope.kind == "region") {
    auto region = fig::figures_region(c, scope.code);
    if (!region) return m;
    where = {"region", region->id};
  } else {
    return m;
  }
  auto today = local_day(now);
  auto first = fig::week_start(today) - 7 * std::int64_t{weeks - 1};
  auto trend = fig::trend(c, where, "week", first, today);
  m.decided = trend.total.decided;
  if (trend.total.median_days) m.median_days = static_cast<double>(*trend.total.median_days);
  if (trend.total.p90_days) m.p90_days = static_cast<double>(*trend.total.p90_days);
  double sum = 0;
  for (auto& p : trend.points) sum += static_cast<double>(p.backlog);
  if (!trend.points.empty()) m.backlog = sum / static_cast<double>(trend.points.size());
  return m;
}

bool within(double modelled, double measured, double tolerance) {
  if (measured == 0) return std::abs(modelled) <= 0.5;
  return std::abs(modelled - measured) <= tolerance * std::abs(measured);
}

Comparison compare(const LogModel& lm, const Measured& measured) {
  Comparison out;
  out.measured = measured;
  auto& m = lm.model;
  if (m.case_types.empty() || !cap::validate(m).empty()) {
    out.problem = "staffing_model_empty";
    return out;
  }
  auto analytic = cap::analyse(m);
  if (!analytic.stable) {
    for (auto& p : analytic.pools) {
      if (!p.stable)
        out.overloaded.push_back(m.competences[static_cast<std::size_t>(p.competence)].name);
    }
    out.problem = "staffing_model_unstable";
    return out;
  }
  out.analytic_mean_days = m.days(analytic.mean_throughput_hours);
  out.analytic_not_applicable = analytic.not_applicable;
  auto r = cap::simulate(m, {.backlog = true, .count_by_decision = true});
  out.simulated = true;
  out.median_days = m.days(r.all_cases.p50_hours.mean);
  out.p90_days = m.days(r.all_cases.p90_hours.mean);
  double sum = 0;
  int weeks = 0;
  for (auto& w : r.backlog) {
    if (w.week > m.simulation.warmup_weeks) {
      sum += w.open_cases.mean;
      ++weeks;
    }
  }
  out.backlog = weeks ? sum / weeks : 0;
  out.median_agrees = measured.median_days && within(out.median_days, *measured.median_days);
  out.p90_agrees = measured.p90_days && within(out.p90_days, *measured.p90_days);
  out.backlog_agrees = within(out.backlog, measured.backlog);
  out.agrees = out.median_agrees && out.p90_agrees && out.backlog_agrees;

  for (std::size_t s = 0; s < m.steps.size() && s < lm.steps.size(); ++s) {
    auto& step = m.steps[s];
    auto& seen = lm.steps[s];
    double hours = step.delay.mean_hours;
    if (!cap::no_work(step)) {
      double speed = m.people.empty() ? cap::pool_of(m, step.competence).speed : 1.0;
      hours += r.steps[s].mean_wait_hours.mean + step.service.mean_hours / speed;
    }
    out.steps.push_back({seen.code, seen.name, seen.mean_days, m.days(hours), seen.compared});
  }
  if (!out.agrees) {
    for (auto& s : out.steps) {
      if (s.visits == 0) continue;
      if (!out.unexplained ||
          std::abs(s.modelled_days - s.measured_days) >
              std::abs(out.unexplained->modelled_days - out.unexplained->measured_days))
        out.unexplained = s;
    }
  }
  return out;
}

std::map<std::string, double> observed_hours(const LogModel& lm) {
  std::map<std::string, double> hours, visits;
  for (std::size_t s = 0; s < lm.steps.size() && s < lm.model.steps.size(); ++s) {
    auto& seen = lm.steps[s];
    if (seen.visits == 0 || cap::no_work(lm.model.steps[s])) continue;
    hours[seen.competence] += seen.work_hours * static_cast<double>(seen.visits);
    visits[seen.competence] += static_cast<double>(seen.visits);
  }
  for (auto& [code, h] : hours) h /= visits[code];
  return hours;
}

cap::Model what_if_model(const LogModel& lm, const Assumptions& assumptions) {
  auto m = lm.model;
  m.simulation.warmup_weeks = 8;
  m.simulation.replications = 4;
  for (auto& c : m.competences) c.availability = assumptions.availability;
  for (auto& p : m.people) p.availability = assumptions.availability;
  auto observed = observed_hours(lm);
  for (auto& step : m.steps) {
    if (cap::no_work(step)) continue;
    auto& code = m.competences[static_cast<std::size_t>(step.competence)].name;
    auto seen = observed.find(code);
    auto wanted = assumptions.hours.find(code);
    if (seen == observed.end() || wanted == assumptions.hours.end() || seen->second <= 0) continue;
    double ratio = wanted->second / seen->second;
    if (std::abs(ratio - 1) < 1e-9) continue;
    for (auto& x : step.service.samples) x *= ratio;
    step.service.mean_hours *= ratio;
  }
  return m;
}

Today read_today(store::Connection& c, const Scope& scope, const Flow& flow, double availability,
                 std::int64_t now) {
  Today t;
  auto log = read_log(c, scope.team_ids, now - 52 * 7 * 86400, now);
  t.model = build_model(flow, log, availability);
  auto measured = read_measured(c, scope, now, t.model.compared_weeks);
  t.comparison = compare(t.model, measured);
  return t;
}

}  // namespace ploeg::staffing
