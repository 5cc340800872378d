#include "staffing/api.hpp"

#include "core/clock.hpp"
#include "staffing/flow.hpp"
#include "staffing/pages.hpp"
#include "staffing/plan.hpp"
#include "web/api_answer.hpp"

namespace ploeg::staffing {
namespace {

namespace json = boost::json;
using web::api::Answers;

json::object estimate(const capacity::Estimate& e) {
  return json::object{{"mean", e.mean}, {"low", e.low}, {"high", e.high}};
}

json::value maybe(const std::optional<double>& x) {
  return x ? json::value(*x) : json::value(nullptr);
}

json::object answer_object(const Answer& a) {
  json::array unstable, roles;
  for (auto& line : a.unstable) unstable.emplace_back(line);
  for (auto& r : a.roles) {
    auto role = role_json(r);
    role["name"] = r.name;
    roles.push_back(std::move(role));
  }
  return json::object{
      {"stable_today", a.stable_today},
      {"unstable", std::move(unstable)},
      {"today_days", a.today ? json::value(estimate(*a.today)) : json::value(nullptr)},
      {"today_share", maybe(a.today_share)},
      {"met", a.met},
      {"plan_days", estimate(a.plan)},
      {"plan_share", a.plan_share},
      {"roles", std::move(roles)}};
}

json::value optional(const std::optional<double>& x) {
  return x ? json::value(*x) : json::value(nullptr);
}

json::object step_json(const StepTime& s) {
  return json::object{{"code", s.code},
                      {"name", s.name},
                      {"measured_days", s.measured_days},
                      {"modelled_days", s.modelled_days},
                      {"visits", s.visits}};
}

// Today as measured and as modelled: the what-ifs are answered only when
// they agree.
json::object today_json(const Today& t) {
  auto& c = t.comparison;
  json::array steps, not_applicable;
  for (std::size_t s = 0; s < c.steps.size() && s < t.model.steps.size(); ++s) {
    auto step = step_json(c.steps[s]);
    auto& seen = t.model.steps[s];
    step["competence"] = seen.competence;
    step["work_hours"] = seen.work_hours;
    step["delay_share"] = seen.delay_share;
    step["delay_hours"] = seen.delay_hours;
    step["visits_in_year"] = seen.visits;
    steps.push_back(std::move(step));
  }
  for (auto& code : c.analytic_not_applicable) not_applicable.emplace_back(code);
  json::array overloaded;
  for (auto& code : c.overloaded) overloaded.emplace_back(code);
  return json::object{
      {"weeks", t.model.compared_weeks},
      {"tolerance", agreement_tolerance},
      {"simulated", c.simulated},
      {"problem", c.problem.empty() ? json::value(nullptr) : json::value(c.problem)},
      {"overloaded", std::move(overloaded)},
      {"measured", json::object{{"decided", c.measured.decided},
                                {"median_days", optional(c.measured.median_days)},
                                {"p90_days", optional(c.measured.p90_days)},
                                {"backlog", c.measured.backlog}}},
      {"modelled", c.simulated ? json::value(json::object{{"median_days", c.median_days},
                                                          {"p90_days", c.p90_days},
                                                          {"backlog", c.backlog}})
                               : json::value(nullptr)},
      {"agrees", c.agrees},
      {"agreement", json::object{{"median_days", c.median_agrees},
                                 {"p90_days", c.p90_agrees},
                                 {"backlog", c.backlog_agrees}}},
      {"unexplained_step",
       c.unexplained ? json::value(step_json(*c.unexplained)) : json::value(nullptr)},
      {"steps", std::move(steps)},
      {"analytic", json::object{{"mean_days", c.simulated && c.analytic_not_applicable.empty()
                                                  ? json::value(c.analytic_mean_days)
                                                  : json::value(nullptr)},
                                {"not_applicable", std::move(not_applicable)}}}};
}

http::Response staffing(store::Database& db, jobs::Runner& runner, const Answers& answers,
                        http::Request& request) {
  auto team = http::field(request.query, "team").value_or("");
  auto region = http::field(request.query, "region").value_or("");
  if (team.empty() && region.empty())
    return answers.error(request, 400, "api_staffing_scope", {}, "team");
  PageInput input;
  std::optional<Scope> scope;
  {
    auto lease = db.acquire();
    const auto& lang = web::visitor(request).lang;
    scope = find_scope(*lease, team, region, lang);
    if (!scope)
      return answers.error(request, 404, "staffing_unknown_scope", {},
                           team.empty() ? "region" : "team");
    input.flow = read_flow(*lease, scope->team_ids, scope->name, now_seconds(), lang);
    read_input(*lease, request, *scope, input);
  }
  auto& flow = *input.flow;
  auto& assumptions = input.assumptions;
  if (!input.errors.empty()) return answers.errors(request, 422, input.errors);
  json::array demand;
  for (auto& t : flow.types) {
    demand.push_back(json::object{{"code", t.code},
                                  {"name", t.name},
                                  {"target_days", t.target_days},
                                  {"received", t.received},
                                  {"per_week", t.per_week}});
  }
  json::object fte, hours;
  for (auto& [code, value] : flow.fte) fte[code] = value;
  for (auto& [code, value] : assumptions.hours) hours[code] = value;
  json::value answered = nullptr;
  json::value today = input.today ? today_json(*input.today) : json::value(nullptr);
  if (!flow.types.empty() && input.today && input.today->comparison.agrees) {
    // Computed by a background job: until it is stored, 202 with the job to follow.
    auto found = answer_or_job(db, runner, web::actor(request), *scope, flow, assumptions,
                               http::field(request.query, "again").has_value(),
                               what_if_model(input.today->model, assumptions));
    if (!found.stored) {
      auto& job = found.job;
      auto response = web::api::json(
          json::object{{"today", today},
                       {"job", json::object{{"id", job.id},
                                            {"href", "/jobs/" + std::to_string(job.id)},
                                            {"status", job.status},
                                            {"active", job.active()},
                                            {"outcome", job.outcome_key}}}},
          202);
      response.set_header("Retry-After", "1");
      return response;
    }
    answered = answer_object(found.stored->answer);
    answered.as_object()["computed_at"] = found.stored->computed_at;
  }
  return web::api::json(
      json::object{{"scope", json::object{{"kind", scope->kind},
                                          {"code", scope->code},
                                          {"name", scope->name},
                                          {"teams", flow.teams},
                                          {"people", flow.people}}},
                   {"weeks", flow.weeks},
                   {"demand", std::move(demand)},
                   {"fte_today", std::move(fte)},
                   {"assumptions", json::object{{"target_percent", assumptions.target_percent},
                                                {"target_days", assumptions.target_days},
                                                {"availability", assumptions.availability},
                                                {"hours", std::move(hours)}}},
                   {"today", std::move(today)},
                   {"answer", std::move(answered)}});
}

}  // namespace

void register_api(http::Router& router, store::Database& db, web::Site& site,
                  jobs::Runner& runner) {
  router.add("GET", "/api/v1/staffing", "signed_in",
             site.guard([&db, &runner, answers = Answers(site)](http::Request& request) {
               return staffing(db, runner, answers, request);
             }));
}

}  // namespace ploeg::staffing
