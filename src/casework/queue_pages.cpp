// The team's queue in the browser: /casework (to the viewer's own team's
// queue), /teams/{code}/queue with its filters, search and CSV, taking the
// next step, and the team's setting for a step held too long. Who may see
// and do what is decided by casework::handling.
#include <set>

#include "casework/complaint_pages.hpp"
#include "casework/handling.hpp"
#include "casework/handling_page_support.hpp"
#include "casework/handling_pages.hpp"
#include "casework/holding.hpp"
#include "casework/queue_export.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/outcome.hpp"

namespace ploeg::casework::pages {

namespace {

// The ages the queue filters on: received more than so many days ago.
constexpr int queue_age_choices[] = {7, 14, 30, 60, 90};

// The queue's filters, from the page's query: ?type=&step=&age=&q=
QueueFilter queue_filter(const http::Request& request) {
  QueueFilter filter;
  filter.type = http::field(request.query, "type").value_or("");
  filter.step = http::field(request.query, "step").value_or("");
  filter.search = http::field(request.query, "q").value_or("");
  auto age = http::field(request.query, "age").value_or("");
  for (int days : queue_age_choices) {
    if (age == std::to_string(days)) filter.older_than_days = days;
  }
  return filter;
}

// The choices of the filter form: every request type and step, in the
// visitor's language, and the ages; what is chosen stays chosen.
void set_filter_choices(store::Database& db, const web::Site& site, http::Request& request,
                        const QueueFilter& filter, web::Data& data) {
  const auto& names = web::names(request);
  const auto& lang = web::visitor(request).lang;
  auto process = sql::load_process(*db.acquire());
  web::List types, steps, ages;
  std::set<std::string> seen_steps;
  for (auto& t : process.types) {
    web::Data type;
    type.set("code", t.code);
    type.set("name", names.of(store::kinds::request_type, t.code, t.name));
    type.set("selected", filter.type == t.code);
    types.push_back(type);
    for (auto& step : t.steps) {
      if (!seen_steps.insert(step.code).second) continue;
      web::Data item;
      item.set("code", step.code);
      item.set("name", names.step(t.code, step.code, step.name));
      item.set("selected", filter.step == step.code);
      steps.push_back(item);
    }
  }
  for (int days : queue_age_choices) {
    web::Data age;
    age.set("days", std::to_string(days));
    age.set("label", site.catalogue().format(lang, "queue_age_over", {}, days));
    age.set("selected", filter.older_than_days == days);
    ages.push_back(age);
  }
  data.set("filter_types", types);
  data.set("filter_steps", steps);
  data.set("filter_ages", ages);
  data.set("search_value", filter.search);
  data.set("max_search", std::to_string(max_queue_search_length));
  data.set("filtered", !filter.type.empty() || !filter.step.empty() || filter.older_than_days > 0 ||
                           !filter.search.empty());
}

}  // namespace

http::Response queue_page(store::Database& db, web::Site& site, http::Request& request,
                          const Submitted& submitted) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  std::string code = request.param("code").value_or("");
  auto filter = queue_filter(request);
  auto answer = team_queue(db, web::actor(request), code, filter);
  if (answer.verdict == Verdict::forbidden) return site.error(request, 403, "queue_refused");
  if (answer.verdict == Verdict::invalid) return site.error(request, 422, "queue_search_too_long");
  if (!answer.queue) return site.error(request, 404, "team_unknown");
  auto& queue = *answer.queue;
  auto names = competence_names(db, request);
  translate(queue, web::names(request));
  bool only_mine = http::field(request.query, "only").value_or("") == "mine";
  bool searched = !text::trimmed(filter.search).empty();
  if (queue_csv_asked(request)) {
    return queue_csv(db, site, request, queue, searched, only_mine);
  }

  web::Data data;
  data.set("team_name", queue.team_name);
  data.set("team_code", queue.team_code);
  data.set("team_href", "/teams/" + http::url_encode(queue.team_code));
  data.set("action", queue_href(queue.team_code));
  data.set("take_next_action", queue_href(queue.team_code) + "/take-next");
  data.set("only_mine", only_mine);
  set_filter_choices(db, site, request, filter, data);
  set_queue_complaints(db, site, request, queue.team_code, data);
  data.set("searched", searched);
  data.set("csv_href", queue_csv_href(queue.team_code, filter, only_mine));
  web::List competences;
  for (auto& c : queue.my_competences) {
    web::Data item;
    item.set("name", name_or_code(names, c));
    competences.push_back(item);
  }
  data.set("my_competences", competences);
  data.set("has_competences", !queue.my_competences.empty());

  web::List items;
  int waiting = 0, doable = 0, over = 0;
  for (auto& q : queue.items) {
    int days = days_waited(q.submitted_at);
    bool late = q.target_days > 0 && days > q.target_days && !q.decided;
    if (q.holder_id == 0) ++waiting;
    if (q.can_take) ++doable;
    if (late) ++over;
    if (only_mine && !q.can_take) continue;
    web::Data item;
    item.set("reference", q.reference);
    item.set("href", request_href(q.reference));
    item.set("citizen_name", q.citizen_name);
    item.set("type_name", q.type_name);
    item.set("step_name", q.step_name);
    item.set("step_code", q.step_code);
    // "Medical assessment" needs "Medical assessment": said once is enough.
    auto competence = name_or_code(names, q.competence);
    if (competence != q.step_name) item.set("competence", competence);
    item.set("received", local_date(q.submitted_at));
    item.set("waited", catalogue.format(lang, "queue_waited",
                                        {{"days", std::to_string(days)},
                                         {"target", std::to_string(q.target_days)}},
                                        days));
    item.set("over", late);
    item.set("decided", q.decided);
    item.set("holder_name", q.holder_name);
    item.set("taken", q.holder_id != 0);
    if (q.held_too_long) {
      item.set("held_text", catalogue.format(lang, "queue_held_too_long", {}, q.held_working_days));
    }
    item.set("can_take", q.can_take);
    item.set("awaiting", q.awaiting_confirmation);
    item.set("take_action", request_href(q.reference) + "/take");
    items.push_back(item);
  }
  data.set("items", items);
  data.set("has_items", !items.empty());
  data.set("counts",
           catalogue.format(lang, "queue_counts",
                            {{"waiting", std::to_string(waiting)}, {"over", std::to_string(over)}},
                            static_cast<long long>(queue.items.size())));
  data.set("can_take_any", doable > 0);
  auto moved = http::field(request.query, "moved");
  if (moved && submitted.errors.empty()) {
    data.set("moved_text", catalogue.format(lang, "queue_moved", {{"reference", *moved}}));
  }
  data.set("settings_action", queue_href(queue.team_code) + "/settings");
  data.set("held_days",
           submitted.value("settings", "held_days", std::to_string(queue.held_too_long_days)));
  data.set("max_held_days", std::to_string(max_held_too_long_days));
  bool saved = http::field(request.query, "settings").value_or("") == "saved";
  data.set("settings_open", saved || submitted.form == "settings");
  if (saved && submitted.errors.empty()) {
    data.set("settings_saved",
             catalogue.format(lang, "queue_settings_saved",
                              {{"days", std::to_string(queue.held_too_long_days)}}));
  }
  set_errors(site, request, submitted, data);
  return site.page(request, "casework/queue", "title_queue", data,
                   submitted.errors.empty() ? 200 : submitted.status);
}

http::Response to_home_queue(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  std::optional<std::string> team;
  if (actor.person.id != 0) team = home_team(*db.acquire(), actor.person.id);
  if (team) return http::Response::redirect(queue_href(*team));
  return site.page(request, "casework/queue_none", "title_casework", web::Data{});
}

http::Response post_take_next(store::Database& db, web::Site& site, http::Request& request) {
  std::string code = request.param("code").value_or("");
  auto outcome = take_next(db, web::actor(request), code);
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "team_unknown");
  if (outcome.is(Verdict::forbidden)) return site.error(request, 403, "queue_refused");
  auto again = [&](const Submitted& s) { return queue_page(db, site, request, s); };
  return answer(site, request, outcome, request_href(outcome.reference) + "?done=taken", again,
                {"take_next", {}});
}

http::Response post_queue_settings(store::Database& db, web::Site& site, http::Request& request) {
  std::string code = request.param("code").value_or("");
  auto typed = value(request.form(), "held_days");
  int days = 0;
  try {
    std::size_t used = 0;
    days = std::stoi(typed, &used);
    if (used != typed.size()) days = 0;
  } catch (const std::exception&) {
    days = 0;  // not a number: out of range, and the form says so
  }
  auto outcome = set_held_too_long_days(db, web::actor(request), code, days);
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "team_unknown");
  if (outcome.is(Verdict::forbidden)) return site.error(request, 403, "queue_refused");
  auto again = [&](const Submitted& s) { return queue_page(db, site, request, s); };
  return answer(site, request, outcome, queue_href(code) + "?settings=saved", again,
                {"settings", {{"held_days", typed}}});
}

}  // namespace ploeg::casework::pages
