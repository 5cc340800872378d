#include "app/capacity_report.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace ploeg::app::capacity_report {
namespace {

namespace json = boost::json;
using capacity::Estimate;

// JSON has no infinity: an unstable queue's wait is null.
json::value number(double v) {
  return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::object interval(const Estimate& e) {
  return {{"mean", number(e.mean)}, {"ci95", json::array{number(e.low), number(e.high)}}};
}

std::string format(const char* pattern, ...) {
  char line[512];
  va_list args;
  va_start(args, pattern);
  std::vsnprintf(line, sizeof line, pattern, args);
  va_end(args);
  return line;
}

std::string ci(const Estimate& e, const char* digits = "%.2f") {
  std::string f = std::string(digits) + " [" + digits + ", " + digits + "]";
  return format(f.c_str(), e.mean, e.low, e.high);
}

const char* clock_name(const capacity::Model& m) {
  return m.simulation.clock == capacity::Clock::continuous ? "continuous" : "office-hours";
}

}  // namespace

json::object simulation_json(const capacity::Model& m, const capacity::Analytic& a,
                             const capacity::SimulationResult& r) {
  json::object o;
  o["model"] =
      json::object{{"time", clock_name(m)},
                   {"hours_per_week", m.simulation.hours_per_week},
                   {"horizon_weeks", m.simulation.horizon_weeks},
                   {"warmup_weeks", m.simulation.warmup_weeks},
                   {"replications", m.simulation.replications},
                   {"seed", m.simulation.seed},
                   {"form", m.organisation.form == capacity::Form::teams ? "teams" : "functional"},
                   {"teams", m.organisation.teams}};
  o["stable"] = a.stable;
  json::array unstable;
  for (auto& s : a.unstable) unstable.push_back(json::value(s));
  o["unstable"] = std::move(unstable);
  o["events"] = r.events;
  json::array steps;
  for (std::size_t s = 0; s < m.steps.size(); ++s) {
    auto& step = m.steps[s];
    auto k = static_cast<std::size_t>(step.competence);
    auto& pool = a.pools[k];
    steps.push_back(
        json::object{{"name", step.name},
                     {"competence", m.competences[k].name},
                     {"utilisation", interval(r.competences[k].utilisation)},
                     {"mean_wait_hours", interval(r.steps[s].mean_wait_hours)},
                     {"visits_per_week", interval(r.steps[s].visits_per_week)},
                     {"analytic", json::object{{"utilisation", number(pool.utilisation)},
                                               {"mean_wait_hours", number(pool.mean_wait_hours)},
                                               {"method", pool.method}}}});
  }
  o["steps"] = std::move(steps);
  json::array competences;
  for (std::size_t k = 0; k < m.competences.size(); ++k) {
    auto& c = m.competences[k];
    auto& f = r.competences[k];
    competences.push_back(json::object{
        {"name", c.name},
        {"fte", c.fte},
        {"availability", c.availability},
        {"servers_per_team", f.pool.servers},
        {"speed", f.pool.speed},
        {"utilisation", interval(f.utilisation)},
        {"mean_wait_hours", interval(f.mean_wait_hours)},
        {"analytic", json::object{{"utilisation", number(a.pools[k].utilisation)},
                                  {"wait_probability", number(a.pools[k].wait_probability)},
                                  {"mean_wait_hours", number(a.pools[k].mean_wait_hours)},
                                  {"method", a.pools[k].method}}}});
  }
  o["competences"] = std::move(competences);
  auto throughput = [&](const capacity::CaseTypeFigures& f) {
    json::object t = interval(f.throughput_hours);
    t["p50"] = number(f.p50_hours.mean);
    t["p90"] = number(f.p90_hours.mean);
    t["p90_ci95"] = json::array{number(f.p90_hours.low), number(f.p90_hours.high)};
    return t;
  };
  auto in_days = [&](const capacity::CaseTypeFigures& f) {
    return json::object{{"mean", number(m.days(f.throughput_hours.mean))},
                        {"p50", number(m.days(f.p50_hours.mean))},
                        {"p90", number(m.days(f.p90_hours.mean))}};
  };
  json::array types;
  for (std::size_t c = 0; c < m.case_types.size(); ++c) {
    auto& f = r.case_types[c];
    types.push_back(json::object{
        {"name", m.case_types[c].name},
        {"completed", f.completed},
        {"throughput_hours", throughput(f)},
        {"throughput_days", in_days(f)},
        {"analytic",
         json::object{{"mean_throughput_hours", number(a.case_types[c].mean_throughput_hours)}}}});
  }
  o["case_types"] = std::move(types);
  o["all_cases"] = json::object{
      {"completed", r.all_cases.completed},
      {"throughput_hours", throughput(r.all_cases)},
      {"throughput_days", in_days(r.all_cases)},
      {"analytic", json::object{{"mean_throughput_hours", number(a.mean_throughput_hours)}}}};
  o["little"] = json::object{{"mean_in_system", interval(r.mean_in_system)},
                             {"arrivals_per_hour", interval(r.arrivals_per_hour)},
                             {"relative_error", r.little_relative_error},
                             {"analytic_mean_in_system", number(a.mean_in_system)}};
  json::array backlog;
  for (auto& w : r.backlog)
    backlog.push_back(json::object{{"week", w.week}, {"open_cases", interval(w.open_cases)}});
  o["backlog"] = std::move(backlog);
  return o;
}

std::string simulation_table(const capacity::Model& m, const capacity::Analytic& a,
                             const capacity::SimulationResult& r) {
  std::string out =
      format("%d replications of %d weeks (%d of warm-up), %s clock, %s, %d team%s\n",
             m.simulation.replications, m.simulation.horizon_weeks, m.simulation.warmup_weeks,
             clock_name(m),
             m.organisation.form == capacity::Form::teams ? "regional teams" : "functional units",
             m.organisation.teams, m.organisation.teams == 1 ? "" : "s");
  for (auto& s : a.unstable) out += "UNSTABLE: " + s + "\n";
  out += "\nSimulated with 95% confidence intervals; analytic beside.\n";
  out += format("%-18s %-16s %-24s %-26s %-8s %-10s %s\n", "step", "competence", "utilisation",
                "mean wait (hours)", "util.", "wait (h)", "method");
  for (std::size_t s = 0; s < m.steps.size(); ++s) {
    auto k = static_cast<std::size_t>(m.steps[s].competence);
    out += format("%-18s %-16s %-24s %-26s %-8.3f %-10.2f %s\n", m.steps[s].name.c_str(),
                  m.competences[k].name.c_str(), ci(r.competences[k].utilisation, "%.3f").c_str(),
                  ci(r.steps[s].mean_wait_hours).c_str(), a.pools[k].utilisation,
                  a.pools[k].mean_wait_hours, a.pools[k].method.c_str());
  }
  out += format("\n%-18s %10s %-28s %10s %10s %10s %12s\n", "case type", "completed",
                "throughput (hours)", "p50 (h)", "p90 (h)", "p90 (days)", "analytic (h)");
  auto row = [&](const std::string& name, const capacity::CaseTypeFigures& f, double analytic) {
    out += format("%-18s %10lld %-28s %10.1f %10.1f %10.1f %12.1f\n", name.c_str(),
                  static_cast<long long>(f.completed), ci(f.throughput_hours, "%.1f").c_str(),
                  f.p50_hours.mean, f.p90_hours.mean, m.days(f.p90_hours.mean), analytic);
  };
  for (std::size_t c = 0; c < m.case_types.size(); ++c)
    row(m.case_types[c].name, r.case_types[c], a.case_types[c].mean_throughput_hours);
  if (m.case_types.size() > 1) row("(all)", r.all_cases, a.mean_throughput_hours);
  out += format(
      "\nLittle's law: %.2f cases in the system on average; arrivals x throughput time = %.2f "
      "(%.2f%% apart)\n",
      r.mean_in_system.mean, r.arrivals_per_hour.mean * r.all_cases.throughput_hours.mean,
      r.little_relative_error * 100);
  out += format("%lld events\n", static_cast<long long>(r.events));
  return out;
}

std::string simulation_csv(const capacity::Model& m, const capacity::Analytic& a,
                           const capacity::SimulationResult& r) {
  std::string out = "section,name,figure,mean,ci95_low,ci95_high\n";
  auto line = [&](const char* section, const std::string& name, const char* figure,
                  const Estimate& e) {
    out +=
        format("%s,%s,%s,%.6g,%.6g,%.6g\n", section, name.c_str(), figure, e.mean, e.low, e.high);
  };
  auto value = [&](const char* section, const std::string& name, const char* figure, double v) {
    line(section, name, figure, Estimate{v, v, v});
  };
  for (std::size_t s = 0; s < m.steps.size(); ++s) {
    line("step", m.steps[s].name, "mean_wait_hours", r.steps[s].mean_wait_hours);
    value("step", m.steps[s].name, "analytic_mean_wait_hours",
          a.pools[static_cast<std::size_t>(m.steps[s].competence)].mean_wait_hours);
  }
  for (std::size_t k = 0; k < m.competences.size(); ++k) {
    line("competence", m.competences[k].name, "utilisation", r.competences[k].utilisation);
    value("competence", m.competences[k].name, "analytic_utilisation", a.pools[k].utilisation);
  }
  for (std::size_t c = 0; c < m.case_types.size(); ++c) {
    auto& f = r.case_types[c];
    line("case_type", m.case_types[c].name, "throughput_hours", f.throughput_hours);
    line("case_type", m.case_types[c].name, "p50_hours", f.p50_hours);
    line("case_type", m.case_types[c].name, "p90_hours", f.p90_hours);
    value("case_type", m.case_types[c].name, "analytic_throughput_hours",
          a.case_types[c].mean_throughput_hours);
  }
  for (auto& w : r.backlog)
    line("backlog", "week " + std::to_string(w.week), "open_cases", w.open_cases);
  return out;
}

json::object plan_json(const capacity::Model& m, const capacity::Target& t,
                       const capacity::StaffPlan& p) {
  json::object o;
  o["target"] = t.text;
  o["met"] = p.met;
  o["teams"] = m.organisation.teams;
  o["value_days"] = interval(p.value_days);
  o["share_within_target"] = interval(p.share);
  json::array staff;
  for (std::size_t k = 0; k < m.competences.size(); ++k) {
    json::object s{{"competence", m.competences[k].name},
                   {"per_team", p.per_team[k]},
                   {"fte", p.per_team[k] * m.organisation.teams},
                   {"today_per_team", p.today[k]},
                   {"analytic_first_guess_per_team", p.first_guess[k]}};
    for (auto& mg : p.marginal) {
      if (static_cast<std::size_t>(mg.competence) == k)
        s["one_more_per_team"] =
            json::object{{"value_days", number(mg.value_days)}, {"share", mg.share}};
    }
    staff.push_back(std::move(s));
  }
  o["staff"] = std::move(staff);
  o["simulations"] = p.simulations;
  return o;
}

std::string plan_table(const capacity::Model& m, const capacity::Target& t,
                       const capacity::StaffPlan& p) {
  std::string figure = t.mean ? "mean" : format("p%.0f", t.quantile * 100);
  std::string out =
      format("Target %s: %s with this staff (%s %s days; %.1f%% of cases within %.0f days)\n",
             t.text.c_str(), p.met ? "met" : "NOT met", figure.c_str(),
             ci(p.value_days, "%.1f").c_str(), p.share.mean * 100, t.days);
  out += format("\n%-18s %10s %10s %10s %14s %18s\n", "competence", "per team", "in all", "today",
                "first guess", ("one more: " + figure + " (d)").c_str());
  for (std::size_t k = 0; k < m.competences.size(); ++k) {
    std::string more = "-";
    for (auto& mg : p.marginal) {
      if (static_cast<std::size_t>(mg.competence) == k) more = format("%.1f", mg.value_days);
    }
    out +=
        format("%-18s %10d %10d %10.1f %14d %18s\n", m.competences[k].name.c_str(), p.per_team[k],
               p.per_team[k] * m.organisation.teams, p.today[k], p.first_guess[k], more.c_str());
  }
  out += format("\n%d simulations; checked on the whole organisation (%d team%s)\n", p.simulations,
                m.organisation.teams, m.organisation.teams == 1 ? "" : "s");
  return out;
}

}  // namespace ploeg::app::capacity_report
