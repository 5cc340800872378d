#include "casework/handling_pages.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "casework/citizen_questions.hpp"
#include "casework/complaint_pages.hpp"
#include "casework/complaints.hpp"
#include "casework/handling.hpp"
#include "casework/handling_page_support.hpp"
#include "casework/holding.hpp"
#include "casework/letter_pages.hpp"
#include "casework/review.hpp"
#include "casework/review_pages.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "http/message.hpp"
#include "web/outcome.hpp"

namespace ploeg::casework {

namespace pages {

int days_waited(std::int64_t since) {
  auto days = today() - local_day(since);
  return static_cast<int>(days < 0 ? 0 : days);
}

// The competences' names in the visitor's language (and the request's names
// read on the same connection, for translate() below).
std::map<std::string, std::string> competence_names(store::Database& db, http::Request& request) {
  auto lease = db.acquire();
  const auto& names = web::names(request, *lease);
  std::map<std::string, std::string> found;
  for (auto& row : lease->query("SELECT code, name FROM competences").rows) {
    found[row.text(0)] = names.of(store::kinds::competence, row.text(0), row.text(1));
  }
  return found;
}

}  // namespace pages

void translate(Queue& queue, const store::Names& names) {
  queue.team_name = names.of(store::kinds::team, queue.team_code, queue.team_name);
  for (auto& q : queue.items) {
    q.type_name = names.of(store::kinds::request_type, q.type_code, q.type_name);
    q.step_name = names.step(q.type_code, q.step_code, q.step_name);
  }
}

void translate(RequestView& view, const store::Names& names) {
  view.type_name = names.of(store::kinds::request_type, view.type_code, view.type_name);
  view.team_name = names.of(store::kinds::team, view.team_code, view.team_name);
  for (auto& s : view.steps) s.name = names.step(view.type_code, s.code, s.name);
  for (auto& e : view.timeline) {
    if (!e.step_code.empty()) e.step_name = names.step(view.type_code, e.step_code, e.step_name);
  }
}

namespace pages {

std::string name_or_code(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::string request_href(const std::string& reference) {
  return "/requests/" + http::url_encode(reference);
}
std::string queue_href(const std::string& team_code) {
  return "/teams/" + http::url_encode(team_code) + "/queue";
}

void set_errors(web::Site& site, http::Request& request, const Submitted& submitted,
                web::Data& data) {
  if (submitted.errors.empty()) return;
  const auto& lang = web::visitor(request).lang;
  web::Data by_field;
  web::List all;
  for (auto& e : submitted.errors) {
    auto text = site.catalogue().format(lang, e.key, e.values);
    if (text == e.key && !e.message.empty()) text = e.message;
    by_field.set(e.field.empty() ? "form" : e.field, text);
    web::Data item;
    item.set("message", text);
    all.push_back(item);
  }
  data.set("errors", by_field);
  data.set("error_list", all);
  data.set("has_errors", true);
}

// ---------- the request page ----------

// A take-over's event carries its reason, and a release when its holder left
// the team says so: both as codes, read in the viewer's language.
bool reason_event(const TimelineEntry& e) {
  if (e.kind == "taken") {
    return std::find(take_over_reasons.begin(), take_over_reasons.end(), e.text) !=
           take_over_reasons.end();
  }
  return e.kind == "released" && e.text == "left_team";
}

std::string event_text(const web::Catalogue& catalogue, const std::string& lang,
                       const TimelineEntry& e) {
  auto key = "case_event_" + e.kind;
  if (reason_event(e)) {
    if (e.kind == "released")
      return catalogue.format(lang, "case_event_released_left", {{"step", e.step_name}});
    return catalogue.format(
        lang, "case_event_taken_over",
        {{"step", e.step_name}, {"reason", catalogue.text(lang, "case_take_over_" + e.text)}});
  }
  auto text = catalogue.format(lang, key, {{"step", e.step_name}});
  return text == key ? e.kind : text;
}

void set_steps(web::Site& site, http::Request& request, const RequestView& view,
               const std::map<std::string, std::string>& names, web::Data& data) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::List steps;
  int number = 0;
  for (auto& s : view.steps) {
    web::Data step;
    step.set("number", std::to_string(++number));
    step.set("name", s.name);
    step.set("competence", name_or_code(names, s.competence));
    const char* state = s.state == StepState::State::done      ? "done"
                        : s.state == StepState::State::current ? "current"
                                                               : "waiting";
    step.set("state", state);
    step.set("state_text", catalogue.text(lang, std::string("case_step_") + state));
    step.set("done", s.state == StepState::State::done);
    step.set("current", s.state == StepState::State::current);
    step.set("outcome", s.outcome);
    step.set("hidden", s.hidden);
    if (s.state == StepState::State::done) {
      step.set("by_text", catalogue.format(lang, "case_step_by",
                                           {{"name", s.by}, {"when", local_minute(s.done_at)}}));
    }
    if (s.state == StepState::State::current && view.holder_id != 0) {
      step.set("holder_text",
               catalogue.format(lang, "case_taken_by", {{"name", view.holder_name}}));
    }
    steps.push_back(step);
  }
  data.set("steps", steps);
}

void set_timeline(web::Site& site, http::Request& request, const RequestView& view,
                  web::Data& data) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::List entries;
  // Newest first: what happened last is what a co-worker opening the page needs.
  for (auto it = view.timeline.rbegin(); it != view.timeline.rend(); ++it) {
    web::Data entry;
    entry.set("when", local_minute(it->at));
    entry.set("kind", it->kind);
    entry.set("what", event_text(catalogue, lang, *it));
    entry.set("who",
              it->person_name.empty() ? catalogue.text(lang, "case_the_citizen") : it->person_name);
    if (!reason_event(*it)) entry.set("text", it->text);
    entry.set("medical", it->medical);
    entries.push_back(entry);
  }
  data.set("timeline", entries);
  data.set("has_timeline", !view.timeline.empty());
  if (view.hidden_medical > 0) {
    data.set("hidden_text", catalogue.format(lang, "case_hidden_notes",
                                             {{"count", std::to_string(view.hidden_medical)}}));
  }
}

// The forms the viewer may use, each with what was typed when it came back.
void set_forms(const web::Catalogue& catalogue, const std::string& lang, const RequestView& view,
               const StepState* current, const Submitted& submitted, web::Data& data) {
  auto typed = [&](const std::string& form, const std::string& field) {
    return submitted.value(form, field, "");
  };
  std::string base = request_href(view.reference);
  data.set("take_action", base + "/take");
  data.set("release_action", base + "/release");
  data.set("hand_over_action", base + "/hand-over");
  data.set("complete_action", base + "/complete");
  data.set("note_action", base + "/notes");
  data.set("move_action", base + "/move");
  data.set("can_take", view.viewer_can_take && current);
  data.set("take_over_action", base + "/take-over");
  data.set("can_take_over_step", view.viewer_can_take_over && current);
  data.set("take_over_open", submitted.form == "take_over");
  data.set("take_over_intro",
           catalogue.format(lang, "case_take_over_intro", {{"name", view.holder_name}}));
  web::List reasons;
  for (auto& reason : take_over_reasons) {
    web::Data item;
    item.set("code", reason);
    item.set("label", catalogue.text(lang, "case_take_over_choice_" + reason));
    item.set("checked", typed("take_over", "reason") == reason);
    reasons.push_back(item);
  }
  data.set("take_over_reasons", reasons);
  data.set("is_holder", view.viewer_is_holder && current);
  if (current) {
    data.set("step_code", current->code);
    data.set("step_name", current->name);
    data.set("is_decision", current->code == decision_step);
  }
  data.set("outcome_value", typed("complete", "outcome"));
  data.set("motivation_value", typed("complete", "motivation"));
  data.set("amount_value", typed("complete", "amount"));
  auto decision = typed("complete", "decision");
  data.set("granted_checked", decision == "granted");
  data.set("refused_checked", decision == "refused");
  web::List colleagues;
  auto chosen = typed("hand_over", "to");
  for (auto& c : view.can_take_over) {
    if (c.person_id == view.holder_id) continue;
    web::Data colleague;
    colleague.set("id", std::to_string(c.person_id));
    colleague.set("name", c.name);
    colleague.set("selected", chosen == std::to_string(c.person_id));
    colleagues.push_back(colleague);
  }
  data.set("has_colleagues", !colleagues.empty());
  data.set("colleagues", colleagues);
  data.set("note_value", typed("note", "text"));
  data.set("question_value", typed("ask", "question"));
  data.set("note_medical_checked", typed("note", "medical") == "1");
  data.set("reads_medical", view.viewer_reads_medical);
  data.set("max_note", std::to_string(max_note_length));
  data.set("min_motivation", std::to_string(min_motivation_length));
  data.set("can_move", !view.decided_at.has_value());
  data.set("move_postcode_value", typed("move", "postcode"));
  data.set("move_reason_value", typed("move", "reason"));
  data.set("move_open", submitted.form == "move");
  data.set("hand_over_open", submitted.form == "hand_over");
}

http::Response request_page(store::Database& db, web::Site& site, http::Request& request,
                            const Submitted& submitted) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  std::string reference = request.param("reference").value_or("");
  auto opened = open_request(db, web::actor(request), reference);
  if (opened.verdict == Verdict::forbidden) return site.error(request, 403, "case_refused");
  if (!opened.view) return site.error(request, 404, "case_unknown");
  auto& view = *opened.view;
  auto names = competence_names(db, request);
  translate(view, web::names(request));

  web::Data data;
  data.set("reference", view.reference);
  data.set("type_name", view.type_name);
  data.set("team_name", view.team_name);
  data.set("queue_href", queue_href(view.team_code));
  web::List conditions;
  for (auto& c : view.conditions) {
    web::Data item;
    auto key = "request_condition_" + c;
    auto label = catalogue.text(lang, key);
    item.set("label", web::names(request).of(store::kinds::condition, c, label == key ? c : label));
    conditions.push_back(item);
  }
  data.set("conditions", conditions);
  data.set("has_conditions", !view.conditions.empty());
  data.set("postcode", view.postcode);
  data.set("contact_name", view.contact_name);
  // An empty string still opens a mustache section: a citizen who gave no
  // e-mail or phone must not get an empty "mailto:" link.
  if (!view.contact_email.empty()) data.set("contact_email", view.contact_email);
  if (!view.contact_phone.empty()) data.set("contact_phone", view.contact_phone);
  data.set("description", view.description);
  data.set("received", local_minute(view.submitted_at));
  int days = days_waited(view.submitted_at);
  bool decided = view.decided_at.has_value();
  auto age = decided ? local_day(*view.decided_at) - local_day(view.submitted_at) : days;
  data.set("age_text",
           catalogue.format(
               lang, decided ? "case_decided_in" : "queue_waited",
               {{"days", std::to_string(age)}, {"target", std::to_string(view.target_days)}}, age));
  data.set("over", !decided && view.target_days > 0 && days > view.target_days);
  data.set("finished", view.finished);
  data.set("decided", decided);
  if (decided) {
    data.set("decision_text", catalogue.text(lang, "case_decision_" + view.decision));
    data.set("decision", view.decision);
    data.set("motivation", view.motivation);
    data.set("decided_when", local_minute(*view.decided_at));
    set_request_letter(db, site, request, view.reference,
                       data);  // the letter, as the citizen reads it
  }
  if (view.rating) {
    data.set("rating_text",
             catalogue.format(lang, "case_rating", {{"score", std::to_string(*view.rating)}}));
  }
  const StepState* current = nullptr;
  for (auto& s : view.steps) {
    if (s.state == StepState::State::current) current = &s;
  }
  if (current) {
    data.set("current_name", current->name);
    if (view.holder_id != 0 && !view.viewer_is_holder) {
      data.set("held_by_other",
               catalogue.format(lang, "case_taken_by", {{"name", view.holder_name}}));
    } else if (view.holder_id == 0 && !view.viewer_can_take && !view.awaiting_confirmation) {
      data.set("waiting_for",
               catalogue.format(lang, "case_waiting_for",
                                {{"competence", name_or_code(names, current->competence)}}));
    }
  }
  set_steps(site, request, view, names, data);
  set_timeline(site, request, view, data);
  set_forms(catalogue, lang, view, current, submitted, data);
  set_request_review(db, site, request, view, submitted.value("send_back", "reason", ""), data);
  set_request_complaint(db, site, request, view.reference,
                        submitted.value("complaint_answer", "answer", ""), data);
  auto done = http::field(request.query, "done").value_or("");
  static const std::vector<std::string> done_kinds = {
      "taken",      "released", "handed",   "completed", "noted",
      "taken_over", "asked",    "answered", "confirmed", "sent_back"};
  if (submitted.errors.empty() &&
      std::find(done_kinds.begin(), done_kinds.end(), done) != done_kinds.end()) {
    data.set("done_text", catalogue.text(lang, "case_done_" + done));
  }
  set_errors(site, request, submitted, data);
  auto response = site.page(request, "casework/case", "title_case", data,
                            submitted.errors.empty() ? 200 : submitted.status);
  // Personal data: no cache along the way keeps it.
  response.set_header("Cache-Control", "no-store");
  return response;
}

// ---------- the forms ----------

// What an action's outcome becomes: back to the page on success, the page
// with its messages on bad input or a conflict, a refusal page otherwise.
http::Response answer(web::Site& site, http::Request& request, const Outcome& outcome,
                      const std::string& success_location,
                      const std::function<http::Response(const Submitted&)>& again,
                      Submitted submitted) {
  if (outcome.ok()) return http::Response::redirect(success_location);
  // A member refused for a reason the page can name (a competence they lack)
  // sees why on the page; anyone else only that they may not.
  if (outcome.is(Verdict::forbidden) && outcome.errors.empty()) {
    return site.error(request, 403, "case_refused");
  }
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "case_unknown");
  submitted.errors = outcome.errors;
  if (submitted.errors.empty()) {
    submitted.errors.push_back(
        {"form", outcome.is(Verdict::conflict) ? "case_conflict" : "case_invalid", "", {}});
  }
  submitted.status = web::status_of(outcome);
  return again(submitted);
}

std::string value(const http::Fields& fields, const char* name) {
  return text::unix_lines(http::field(fields, name).value_or(""));
}

using Action = std::function<http::Response(store::Database&, web::Site&, http::Request&)>;

Action on_request(
    std::function<Outcome(store::Database&, const Actor&, const std::string&, const http::Fields&)>
        act,
    std::string form, std::vector<std::string> kept, std::string done) {
  return [act = std::move(act), form = std::move(form), kept = std::move(kept),
          done = std::move(done)](store::Database& db, web::Site& site, http::Request& request) {
    std::string reference = request.param("reference").value_or("");
    auto fields = request.form();
    auto outcome = act(db, web::actor(request), reference, fields);
    Submitted submitted{form, {}};
    for (auto& name : kept) submitted.values.emplace_back(name, value(fields, name.c_str()));
    auto again = [&](const Submitted& s) { return request_page(db, site, request, s); };
    return answer(site, request, outcome, request_href(reference) + "?done=" + done, again,
                  submitted);
  };
}

http::Response post_take(store::Database& db, web::Site& site, http::Request& request) {
  std::string reference = request.param("reference").value_or("");
  auto fields = request.form();
  const auto& actor = web::actor(request);
  auto outcome = take_step(db, actor, reference, value(fields, "step_code"));
  // Taken from the queue: a conflict (someone was quicker) shows on the queue.
  auto from = value(fields, "from_queue");
  if (!outcome.ok() && !from.empty() && !outcome.is(Verdict::forbidden) &&
      !outcome.is(Verdict::not_found)) {
    request.path_params["code"] = from;
    auto again = [&](const Submitted& s) { return queue_page(db, site, request, s); };
    return answer(site, request, outcome, "", again, {"take", {}});
  }
  auto again = [&](const Submitted& s) { return request_page(db, site, request, s); };
  return answer(site, request, outcome, request_href(reference) + "?done=taken", again,
                {"take", {}});
}

http::Response post_move(store::Database& db, web::Site& site, http::Request& request) {
  std::string reference = request.param("reference").value_or("");
  auto fields = request.form();
  const auto& actor = web::actor(request);
  auto postcode = value(fields, "postcode");
  auto reason = value(fields, "reason");
  auto outcome = move_to_postcode(db, actor, reference, postcode, reason);
  // The request is now another team's: back to the viewer's own queue.
  std::string location = "/casework";
  if (outcome.ok()) {
    auto team = home_team(*db.acquire(), actor.person.id);
    if (team) location = queue_href(*team) + "?moved=" + http::url_encode(reference);
  }
  auto again = [&](const Submitted& s) { return request_page(db, site, request, s); };
  return answer(site, request, outcome, location, again,
                {"move", {{"postcode", postcode}, {"reason", reason}}});
}

}  // namespace pages

void register_handling_pages(http::Router& router, store::Database& db, web::Site& site) {
  using namespace pages;
  site.add_nav({"/casework", "nav_casework", "signed_in", {"/teams/*/queue", "/requests"}});
  auto route = [&](const char* method, const char* pattern, Action page) {
    router.add(method, pattern, "signed_in",
               site.guard([&db, &site, page = std::move(page)](http::Request& request) {
                 return page(db, site, request);
               }));
  };
  route("GET", "/casework", to_home_queue);
  route("GET", "/teams/{code}/queue",
        [](store::Database& d, web::Site& s, http::Request& r) { return queue_page(d, s, r); });
  route("POST", "/teams/{code}/queue/take-next", post_take_next);
  route("POST", "/teams/{code}/queue/settings", post_queue_settings);
  route("GET", "/requests/{reference}",
        [](store::Database& d, web::Site& s, http::Request& r) { return request_page(d, s, r); });
  route("POST", "/requests/{reference}/take", post_take);
  route("POST", "/requests/{reference}/release",
        on_request([](store::Database& d, const Actor& a, const std::string& ref,
                      const http::Fields&) { return release_step(d, a, ref); },
                   "release", {}, "released"));
  route("POST", "/requests/{reference}/hand-over",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              std::int64_t to = 0;
              try {
                to = std::stoll(value(f, "to"));
              } catch (const std::exception&) {
                to = 0;  // nobody: handling says what is wrong
              }
              return hand_over(d, a, ref, to);
            },
            "hand_over", {"to"}, "handed"));
  route("POST", "/requests/{reference}/complete",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              StepResult result{value(f, "step_code"), value(f, "outcome"), value(f, "decision"),
                                value(f, "motivation"), value(f, "amount")};
              return complete_step(d, a, ref, result);
            },
            "complete", {"outcome", "decision", "motivation", "amount"}, "completed"));
  // Four eyes (review.hpp): a second co-worker confirms the proposed decision
  // or sends it back; the preparer and those under the type's level are refused.
  route("POST", "/requests/{reference}/confirm",
        on_request([](store::Database& d, const Actor& a, const std::string& ref,
                      const http::Fields&) { return confirm_decision(d, a, ref); },
                   "confirm", {}, "confirmed"));
  route("POST", "/requests/{reference}/send-back",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              return send_back_decision(d, a, ref, value(f, "reason"));
            },
            "send_back", {"reason"}, "sent_back"));
  route("POST", "/requests/{reference}/notes",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              return add_note(d, a, ref, value(f, "text"), value(f, "medical") == "1");
            },
            "note", {"text", "medical"}, "noted"));
  route("POST", "/requests/{reference}/move", post_move);
  route("POST", "/requests/{reference}/take-over",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              return take_over(d, a, ref, value(f, "step_code"), value(f, "reason"));
            },
            "take_over", {"reason"}, "taken_over"));
  // Answer the citizen's complaint: shown on their status page, and mailed.
  route("POST", "/requests/{reference}/complaint-answer",
        on_request(
            [](store::Database& d, const Actor& a, const std::string& ref, const http::Fields& f) {
              return answer_complaint(d, a, ref, value(f, "answer"));
            },
            "complaint_answer", {"answer"}, "answered"));
  // Ask the citizen for something: shown on their status page, and mailed.
  route(
      "POST", "/requests/{reference}/ask",
      on_request([](store::Database& d, const Actor& a, const std::string& ref,
                    const http::Fields& f) { return ask_citizen(d, a, ref, value(f, "question")); },
                 "ask", {"question"}, "asked"));
}

}  // namespace ploeg::casework
