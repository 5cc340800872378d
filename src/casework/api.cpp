#include "casework/api.hpp"

#include <algorithm>

#include "casework/handling.hpp"
#include "casework/handling_pages.hpp"
#include "core/clock.hpp"
#include "web/api_answer.hpp"

namespace ploeg::casework {
namespace {

namespace json = boost::json;
using web::api::Answers;

constexpr std::int64_t default_limit = 50;
constexpr std::int64_t max_limit = 200;

std::string moment(std::int64_t utc_seconds) {
  return utc_text(utc_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value holder_json(std::int64_t id, const std::string& name) {
  if (id == 0) return nullptr;
  return json::object{{"id", id}, {"name", name}};
}

// Not there, or not the caller's to see: one answer, so a request's
// existence is not revealed to who may not see it.
http::Response no_request(const Answers& answers, http::Request& request,
                          const std::string& reference) {
  return answers.error(request, 404, "api_request_unknown", {{"reference", reference}});
}

// ---------- reading ----------

json::object queue_item_json(const Queue& queue, const QueueItem& q) {
  return json::object{
      {"reference", q.reference},
      {"team", json::object{{"code", queue.team_code}, {"name", queue.team_name}}},
      {"type_name", q.type_name},
      {"step",
       json::object{{"code", q.step_code}, {"name", q.step_name}, {"competence", q.competence}}},
      {"submitted_at", moment(q.submitted_at)},
      {"target_days", q.target_days},
      {"holder", holder_json(q.holder_id, q.holder_name)},
      {"decided", q.decided},
      {"can_take", q.can_take}};
}

// The open requests of every team the caller is a member of: their queues,
// oldest first; names in the caller's language, as the queue page shows them.
http::Response list(store::Database& db, const Answers& answers, http::Request& request) {
  auto page = answers.page(request, default_limit, max_limit);
  if (page.problem) return *page.problem;
  const auto& actor = web::actor(request);
  const auto& names = web::names(request);
  std::vector<std::string> teams;
  for (auto& t : web::person(request).teams) teams.push_back(t.code);
  std::vector<std::pair<std::int64_t, json::object>> items;  // submitted_at, the item
  json::array queues;
  for (auto& code : teams) {
    auto answer = team_queue(db, actor, code);
    if (!answer.queue) continue;
    translate(*answer.queue, names);
    queues.push_back(json::object{{"code", answer.queue->team_code},
                                  {"name", answer.queue->team_name},
                                  {"open", answer.queue->items.size()}});
    for (auto& q : answer.queue->items)
      items.emplace_back(q.submitted_at, queue_item_json(*answer.queue, q));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  json::array shown;
  auto total = static_cast<std::int64_t>(items.size());
  for (auto i = page.offset; i < total && i < page.offset + page.limit; ++i)
    shown.push_back(std::move(items[static_cast<std::size_t>(i)].second));
  return web::api::json(json::object{{"teams", std::move(queues)},
                                     {"total", total},
                                     {"limit", page.limit},
                                     {"offset", page.offset},
                                     {"requests", std::move(shown)}});
}

const char* state_name(StepState::State s) {
  switch (s) {
    case StepState::State::done:
      return "done";
    case StepState::State::current:
      return "current";
    case StepState::State::waiting:
      break;
  }
  return "waiting";
}

json::object request_json(const RequestView& v) {
  json::array conditions;
  for (auto& c : v.conditions) conditions.emplace_back(c);
  json::array steps;
  for (auto& s : v.steps) {
    bool done = s.state == StepState::State::done;
    steps.push_back(json::object{
        {"code", s.code},
        {"name", s.name},
        {"competence", s.competence},
        {"state", state_name(s.state)},
        {"outcome", done && !s.hidden ? json::value(s.outcome) : nullptr},
        {"outcome_hidden", s.hidden},
        {"by", done ? text_or_null(s.by) : nullptr},
        {"done_at", done && s.done_at ? json::value(moment(s.done_at)) : json::value(nullptr)}});
  }
  json::array timeline;
  for (auto& e : v.timeline) {
    timeline.push_back(json::object{{"at", moment(e.at)},
                                    {"kind", e.kind},
                                    {"step_name", text_or_null(e.step_name)},
                                    {"by", text_or_null(e.person_name)},
                                    {"text", e.text},
                                    {"medical", e.medical}});
  }
  json::array colleagues;
  for (auto& c : v.can_take_over)
    colleagues.push_back(json::object{{"id", c.person_id}, {"name", c.name}});
  json::value decision = nullptr;
  if (v.decided_at) {
    decision = json::object{{"decision", v.decision},
                            {"motivation", v.motivation},
                            {"decided_at", moment(*v.decided_at)}};
  }
  return json::object{{"reference", v.reference},
                      {"type", json::object{{"code", v.type_code}, {"name", v.type_name}}},
                      {"conditions", std::move(conditions)},
                      {"team", json::object{{"code", v.team_code}, {"name", v.team_name}}},
                      {"citizen", json::object{{"name", v.contact_name},
                                               {"email", text_or_null(v.contact_email)},
                                               {"phone", text_or_null(v.contact_phone)},
                                               {"postcode", v.postcode}}},
                      {"description", v.description},
                      {"submitted_at", moment(v.submitted_at)},
                      {"target_days", v.target_days},
                      {"holder", holder_json(v.holder_id, v.holder_name)},
                      {"finished", v.finished},
                      {"decision", std::move(decision)},
                      {"rating", v.rating ? json::value(*v.rating) : json::value(nullptr)},
                      {"steps", std::move(steps)},
                      {"timeline", std::move(timeline)},
                      {"hidden_medical_notes", v.hidden_medical},
                      {"can_take_over", std::move(colleagues)},
                      {"you", json::object{{"holder", v.viewer_is_holder},
                                           {"can_take", v.viewer_can_take},
                                           {"reads_medical", v.viewer_reads_medical}}}};
}

// One request as its page shows it, in the caller's language; the look is
// audited (open_request).
http::Response one(store::Database& db, const Answers& answers, http::Request& request) {
  auto reference = request.param("reference").value_or("");
  auto opened = open_request(db, web::actor(request), reference);
  if (!opened.view) return no_request(answers, request, reference);
  translate(*opened.view, web::names(request));
  return web::api::json(request_json(*opened.view));
}

// ---------- acting ----------

// What an action's outcome becomes: a refusal by a non-member is a 404, as
// for reading; bad input and conflicts name their field.
http::Response acted(const Answers& answers, http::Request& request, const Outcome& outcome,
                     const std::string& reference, json::object done) {
  if (outcome.ok()) {
    done.emplace("reference", reference);
    return web::api::json(done);
  }
  if (outcome.is(Verdict::forbidden) || outcome.is(Verdict::not_found))
    return no_request(answers, request, reference);
  return answers.refusal(request, outcome);
}

http::Response take(store::Database& db, const Answers& answers, http::Request& request) {
  auto reference = request.param("reference").value_or("");
  auto step = request.param("step").value_or("");
  auto outcome = take_step(db, web::actor(request), reference, step);
  return acted(answers, request, outcome, reference,
               json::object{{"step", step}, {"done", "taken"}});
}

http::Response complete(store::Database& db, const Answers& answers, http::Request& request) {
  auto reference = request.param("reference").value_or("");
  auto step = request.param("step").value_or("");
  auto body = answers.object(request, {"outcome"});
  if (body.problem) return *body.problem;
  auto outcome_text = answers.text(request, body.object, "outcome");
  if (outcome_text.problem) return *outcome_text.problem;
  auto outcome = complete_step(db, web::actor(request), reference,
                               StepResult{step, outcome_text.value, "", "", ""});
  // The decision step takes a decision and its motivation, which this route
  // does not: they go to its own. (complete_step refused it, writing nothing,
  // after the same checks of who asks.)
  if (step == decision_step && outcome.is(Verdict::invalid))
    return answers.error(request, 422, "api_use_decision", {{"reference", reference}}, "step");
  return acted(answers, request, outcome, reference,
               json::object{{"step", step}, {"done", "completed"}});
}

http::Response decide(store::Database& db, const Answers& answers, http::Request& request) {
  auto reference = request.param("reference").value_or("");
  auto body = answers.object(request, {"outcome", "decision", "motivation", "amount"});
  if (body.problem) return *body.problem;
  StepResult result{decision_step, "", "", "", ""};
  // The amount granted in euros ("1234.56"), where the type grants one.
  for (auto [name, into] :
       {std::pair{"outcome", &result.outcome}, std::pair{"decision", &result.decision},
        std::pair{"motivation", &result.motivation}, std::pair{"amount", &result.amount}}) {
    auto t = answers.text(request, body.object, name);
    if (t.problem) return *t.problem;
    *into = t.value;
  }
  auto outcome = complete_step(db, web::actor(request), reference, result);
  return acted(
      answers, request, outcome, reference,
      json::object{{"step", decision_step},
                   // Four eyes (review.hpp): a proposal until a second co-worker confirms it.
                   {"done", outcome.awaiting_confirmation ? "proposed" : "decided"},
                   {"decision", result.decision}});
}

}  // namespace

void register_api(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/requests", list);
  web::api::add_route(router, db, site, "GET", "/api/v1/requests/{reference}", one);
  web::api::add_route(router, db, site, "POST", "/api/v1/requests/{reference}/steps/{step}/take",
                      take);
  web::api::add_route(router, db, site, "POST",
                      "/api/v1/requests/{reference}/steps/{step}/complete", complete);
  web::api::add_route(router, db, site, "POST", "/api/v1/requests/{reference}/decision", decide);
}

}  // namespace ploeg::casework
