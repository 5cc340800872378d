#include "staffing/views.hpp"

#include <cmath>

#include "core/clock.hpp"
#include "web/charts.hpp"

namespace ploeg::staffing {
namespace {

using web::fixed;

std::string days_text(double days) {
  return fixed(days, days < 10 ? 1 : 0);
}
std::string percent(double share) {
  return fixed(share * 100, 0) + "%";
}

web::Data choices_data(const PageInput& input) {
  web::Data data;
  web::List teams, regions;
  for (auto& t : input.choices.teams) {
    web::Data item;
    item.set("code", t.code);
    item.set("name", t.region.empty() ? t.name : t.name + " (" + t.region + ")");
    item.set("selected", input.scope_kind == "team" && input.scope_code == t.code);
    teams.push_back(item);
  }
  for (auto& r : input.choices.regions) {
    web::Data item;
    item.set("code", r.code);
    item.set("name", r.name);
    item.set("selected", input.scope_kind == "region" && input.scope_code == r.code);
    regions.push_back(item);
  }
  data.set("teams", teams);
  data.set("regions", regions);
  return data;
}

std::string error_for(const web::Catalogue& catalogue, const std::string& lang,
                      const std::vector<FieldError>& errors, const std::string& field) {
  for (auto& e : errors) {
    if (e.field == field) return catalogue.format(lang, e.key, e.values);
  }
  return "";
}

// A form field: its value as typed (or the assumption), and its error.
web::Data field(const web::Catalogue& catalogue, const std::string& lang, const PageInput& input,
                const std::string& name, const std::string& value) {
  web::Data f;
  f.set("name", name);
  auto error = error_for(catalogue, lang, input.errors, name);
  auto typed = input.typed.find(name);
  f.set("value", typed == input.typed.end() ? value : typed->second);
  f.set("error", error);
  f.set("invalid", !error.empty());
  return f;
}

web::Data form_data(const web::Catalogue& catalogue, const std::string& lang,
                    const PageInput& input, const Flow& flow) {
  auto& a = input.assumptions;
  web::Data form;
  form.set("scope_field", input.scope_kind);
  form.set("scope_code", input.scope_code);
  form.set("target_percent",
           field(catalogue, lang, input, "target_percent", std::to_string(a.target_percent)));
  form.set("target_days",
           field(catalogue, lang, input, "target_days", std::to_string(a.target_days)));
  form.set("availability",
           field(catalogue, lang, input, "availability", fixed(a.availability * 100, 0)));
  web::List hours;
  for (auto& code : flow.competences) {
    auto found = a.hours.find(code);
    auto name = flow.competence_names.find(code);
    auto f = field(catalogue, lang, input, "hours_" + code,
                   found == a.hours.end() ? "" : fixed(found->second, 2));
    f.set("label", name == flow.competence_names.end() ? code : name->second);
    hours.push_back(f);
  }
  form.set("hours", hours);
  web::List errors;
  for (auto& e : input.errors) {
    web::Data item;
    item.set("text", catalogue.format(lang, e.key, e.values));
    errors.push_back(item);
  }
  form.set("errors", errors);
  form.set("has_errors", !input.errors.empty());
  return form;
}

web::List demand_rows(const Flow& flow) {
  web::List rows;
  for (auto& t : flow.types) {
    web::Data row;
    row.set("name", t.name);
    row.set("received", std::to_string(t.received));
    row.set("per_week", fixed(t.per_week, 1));
    row.set("target_days", std::to_string(t.target_days));
    rows.push_back(row);
  }
  return rows;
}

web::List charts(const web::Catalogue& catalogue, const std::string& lang, const Answer& a,
                 const Assumptions& assumptions) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  web::List out;
  web::ChartAxis staff;
  staff.label = t("staffing_chart_staff_axis");
  for (int offset : a.offsets) {
    auto label = offset == 0 ? t("staffing_chart_plan")
                             : (offset > 0 ? "+" : "−") + std::to_string(std::abs(offset));
    staff.ticks.push_back(label);
    staff.rows.push_back(label);
  }
  std::vector<web::ChartLine> lines;
  for (std::size_t k = 0; k < a.roles.size() && k < a.days_by_offset.size(); ++k)
    lines.push_back({a.roles[k].name, a.days_by_offset[k], 1});
  auto percentile = std::to_string(assumptions.target_percent);
  out.push_back(web::line_chart(
      "chart-staff", catalogue.format(lang, "staffing_chart_staff", {{"percent", percentile}}),
      catalogue.format(lang, "staffing_chart_staff_desc", {{"percent", percentile}}), staff,
      lines));

  web::ChartAxis weeks;
  weeks.label = t("staffing_chart_week");
  for (int w : a.weeks) {
    weeks.ticks.push_back(std::to_string(w));
    weeks.rows.push_back(std::to_string(w));
  }
  std::vector<web::ChartLine> backlog;
  if (!a.backlog_today.empty()) backlog.push_back({t("staffing_today"), a.backlog_today, 0});
  backlog.push_back({t("staffing_with_plan"), a.backlog_plan, 0});
  out.push_back(web::line_chart("chart-backlog", t("staffing_chart_backlog"),
                                t("staffing_chart_backlog_desc"), weeks, backlog));
  return out;
}

web::Data answer_data(const web::Catalogue& catalogue, const std::string& lang,
                      const PageInput& input, const Flow& flow, const Answer& a) {
  auto& as = input.assumptions;
  auto percentile = std::to_string(as.target_percent);
  auto target_days = std::to_string(as.target_days);
  web::Data data;
  // Why today's staff cannot keep up, in the visitor's language.
  std::vector<std::string> overloaded;
  for (auto& r : a.roles) {
    if (r.fte_today <= 0)
      overloaded.push_back(catalogue.format(lang, "staffing_nobody", {{"competence", r.name}}));
    else if (r.utilisation_today >= 1)
      overloaded.push_back(
          catalogue.format(lang, "staffing_overloaded",
                           {{"competence", r.name},
                            {"needed", fixed(r.fte_today * r.utilisation_today, 1)},
                            {"have", fixed(r.fte_today, 1)}}));
  }
  data.set("unstable", web::texts(overloaded));
  data.set("is_unstable", !a.stable_today);
  if (a.today) {
    data.set("today_text", catalogue.format(lang, "staffing_today_text",
                                            {{"percent", percentile},
                                             {"days", days_text(a.today->mean)},
                                             {"share", percent(a.today_share.value_or(0))},
                                             {"target", target_days}}));
    data.set("today_meets", a.today->mean <= as.target_days);
  }
  int needed = 0;
  web::List roles;
  for (auto& r : a.roles) {
    needed += r.needed;
    web::Data row;
    row.set("name", r.name);
    row.set("fte_today", fixed(r.fte_today, 1));
    row.set("needed", std::to_string(r.needed));
    row.set("per_team", std::to_string(r.needed_per_team));
    double diff = r.needed - r.fte_today;
    row.set("difference", (diff > 0.05 ? "+" : diff < -0.05 ? "−" : "") + fixed(std::abs(diff), 1));
    row.set("short", diff > 0.05);
    row.set("utilisation_today",
            r.utilisation_today > 9.99 ? std::string(">999%") : percent(r.utilisation_today));
    row.set("overloaded", r.utilisation_today >= 1);
    row.set("utilisation_plan", percent(r.utilisation_plan));
    row.set("one_more", r.one_more_days ? days_text(*r.one_more_days) : web::no_value);
    roles.push_back(row);
  }
  data.set("roles", roles);
  data.set("met", a.met);
  data.set("plan_text",
           catalogue.format(lang, a.met ? "staffing_plan_text" : "staffing_plan_not_met",
                            {{"scope", flow.scope_name},
                             {"people", std::to_string(needed)},
                             {"percent", percentile},
                             {"target", target_days},
                             {"days", days_text(a.plan.mean)},
                             {"low", days_text(a.plan.low)},
                             {"high", days_text(a.plan.high)}}));
  data.set("by_team", flow.teams > 1);
  data.set("charts", charts(catalogue, lang, a, as));
  web::Data what_if;
  what_if.set("functional_mean", days_text(a.functional.mean_days));
  what_if.set("functional_p90", days_text(a.functional.p90_days));
  what_if.set("teams_mean", days_text(a.teams.mean_days));
  what_if.set("teams_p90", days_text(a.teams.p90_days));
  what_if.set("staff", catalogue.text(lang, a.stable_today ? "staffing_what_if_today"
                                                           : "staffing_what_if_plan"));
  what_if.set("teams_label", catalogue.format(lang, "staffing_what_if_teams",
                                              {{"teams", std::to_string(flow.teams)}}, flow.teams));
  what_if.set(
      "analytic",
      catalogue.format(lang, "staffing_analytic_not_applicable",
                       {{"why", catalogue.text(lang, "staffing_analytic_batched_handoffs")}}));
  data.set("what_if", what_if);
  data.set("method", catalogue.format(lang, input.today ? "staffing_method_log" : "staffing_method",
                                      {{"simulations", std::to_string(a.simulations)}}));
  return data;
}

std::string maybe_days(const std::optional<double>& d) {
  return d ? days_text(*d) : std::string(web::no_value);
}

// One figure, measured and modelled, and whether they agree.
web::Data figure_row(const web::Catalogue& catalogue, const std::string& lang, const char* key,
                     const std::string& measured, const std::string& modelled, bool agrees,
                     bool simulated) {
  web::Data row;
  row.set("name", catalogue.text(lang, key));
  row.set("measured", measured);
  row.set("modelled", simulated ? modelled : std::string(web::no_value));
  row.set("agrees", agrees);
  row.set("verdict", catalogue.text(lang, agrees ? "staffing_today_agrees_short"
                                                 : "staffing_today_differs_short"));
  return row;
}

web::Data today_data(const web::Catalogue& catalogue, const std::string& lang, const Today& t) {
  auto& c = t.comparison;
  web::Data data;
  auto weeks = std::to_string(t.model.compared_weeks);
  data.set("caption", catalogue.format(lang, "staffing_today_caption", {{"weeks", weeks}}));
  web::List rows;
  rows.push_back(figure_row(catalogue, lang, "staffing_today_median",
                            maybe_days(c.measured.median_days), days_text(c.median_days),
                            c.median_agrees, c.simulated));
  rows.push_back(figure_row(catalogue, lang, "staffing_today_p90", maybe_days(c.measured.p90_days),
                            days_text(c.p90_days), c.p90_agrees, c.simulated));
  rows.push_back(figure_row(catalogue, lang, "staffing_today_backlog", fixed(c.measured.backlog, 1),
                            fixed(c.backlog, 1), c.backlog_agrees, c.simulated));
  data.set("rows", rows);
  data.set("agrees", c.agrees);
  std::string verdict;
  if (!c.simulated) {
    std::string names;
    for (auto& code : c.overloaded) names += (names.empty() ? "" : ", ") + code;
    verdict = catalogue.format(lang, c.problem.empty() ? "staffing_model_empty" : c.problem,
                               {{"competences", names}});
  } else if (c.agrees) {
    verdict = catalogue.format(lang, "staffing_today_agrees", {{"weeks", weeks}});
  } else if (c.unexplained) {
    verdict = catalogue.format(lang, "staffing_today_unexplained",
                               {{"step", c.unexplained->name},
                                {"measured", days_text(c.unexplained->measured_days)},
                                {"modelled", days_text(c.unexplained->modelled_days)}});
  } else {
    verdict = catalogue.text(lang, "staffing_today_differs");
  }
  data.set("verdict", verdict);
  web::List steps;
  for (std::size_t s = 0; s < c.steps.size() && s < t.model.steps.size(); ++s) {
    auto& seen = t.model.steps[s];
    auto& time = c.steps[s];
    web::Data row;
    row.set("name", seen.name);
    row.set("visits", std::to_string(seen.visits));
    row.set("work", seen.visits && seen.work_hours == 0
                        ? catalogue.text(lang, "staffing_step_outside")
                        : fixed(seen.work_hours, 1));
    row.set("waits",
            seen.visits ? fixed(seen.delay_share * 100, 0) + "%" : std::string(web::no_value));
    row.set("wait_days", seen.delay_share > 0
                             ? days_text(seen.delay_hours / seen.delay_share / 38 * 7)
                             : std::string(web::no_value));
    row.set("measured", time.visits ? days_text(time.measured_days) : std::string(web::no_value));
    row.set("modelled", c.simulated ? days_text(time.modelled_days) : std::string(web::no_value));
    row.set("unexplained", c.unexplained && c.unexplained->code == time.code);
    steps.push_back(row);
  }
  data.set("steps", steps);
  // The queueing formulas beside the simulation, or why they do not apply.
  if (c.simulated) {
    if (c.analytic_not_applicable.empty()) {
      data.set("analytic", catalogue.format(lang, "staffing_analytic_mean",
                                            {{"days", days_text(c.analytic_mean_days)}}));
    } else {
      std::string why;
      for (auto& code : c.analytic_not_applicable)
        why += (why.empty() ? "" : " ") + catalogue.text(lang, "staffing_analytic_" + code);
      data.set("analytic",
               catalogue.format(lang, "staffing_analytic_not_applicable", {{"why", why}}));
    }
  }
  return data;
}

}  // namespace

web::Data page_data(const web::Catalogue& catalogue, const std::string& lang,
                    const PageInput& input) {
  web::Data data;
  data.set("choices", choices_data(input));
  data.set("chosen", input.flow.has_value());
  if (!input.flow) return data;
  auto& flow = *input.flow;
  data.set("scope_name", flow.scope_name);
  data.set("scope_summary", catalogue.format(lang, "staffing_scope_summary",
                                             {{"teams", std::to_string(flow.teams)},
                                              {"people", std::to_string(flow.people)},
                                              {"weeks", std::to_string(flow.weeks)}},
                                             flow.teams));
  data.set("demand", demand_rows(flow));
  data.set("no_demand", flow.types.empty());
  data.set("form", form_data(catalogue, lang, input, flow));
  if (input.today) {
    data.set("today", today_data(catalogue, lang, *input.today));
    data.set("what_ifs_held", !input.today->comparison.agrees);
  }
  if (input.answer) {
    auto shown = answer_data(catalogue, lang, input, flow, *input.answer);
    if (input.computed_at)
      shown.set("computed_text", catalogue.format(lang, "staffing_computed_at",
                                                  {{"time", local_minute(input.computed_at)}}));
    data.set("answer", shown);
  }
  return data;
}

}  // namespace ploeg::staffing
