#include "casework/citizen_pages.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include "casework/citizen_questions.hpp"
#include "casework/complaint_pages.hpp"
#include "casework/figures_read.hpp"
#include "casework/handling.hpp"
#include "casework/letter_pages.hpp"
#include "casework/requests.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "http/message.hpp"
#include "web/outcome.hpp"
#include "web/rate_limit.hpp"

namespace ploeg::casework {
namespace {

// The address the visitor's request came from: the one place that reads it,
// for when it comes from a trusted proxy's header instead of the peer.
const std::string& client_address(const http::Request& request) {
  return request.remote_address;
}

// The rating and complaint forms of a status page: a few a day per link (one
// complaint stands; what is added joins it), and per address within an hour
// so that trying many links is slowed down too. Every post counts.
constexpr web::RateLimit status_forms_per_link{"casework.status_form.link", 5, 24 * 3600};
constexpr web::RateLimit status_forms_per_address{"casework.status_form.address", 30, 3600};

// 0 and counted when the form may be taken, else the seconds to wait.
std::int64_t admit_status_form(store::Database& db, const std::string& token,
                               const std::string& address) {
  return db.transaction([&](store::Connection& c) -> std::int64_t {
    // Counted for both or neither: the link's limit is read first.
    if (auto wait = web::wait_seconds(c, status_forms_per_link, token)) return wait;
    if (auto wait = web::admit(c, status_forms_per_address, address)) return wait;
    return web::admit(c, status_forms_per_link, token);
  });
}

// A condition as a citizen reads it: its name in their language, else the
// catalogue's text, else its code.
std::string condition_label(const web::Site& site, http::Request& request,
                            const store::Names& names, const std::string& code) {
  auto key = "request_condition_" + code;
  auto label = site.catalogue().text(web::visitor(request).lang, key);
  return names.of(store::kinds::condition, code, label == key ? code : label);
}

// What the form shows: the request types, every condition any type has, and
// what was typed (again after an error).
http::Response form_page(store::Database& db, web::Site& site, http::Request& request,
                         const NewRequest& typed = {}, const std::vector<FieldError>& errors = {}) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  Process process;
  {
    auto lease = db.acquire();
    process = sql::load_process(*lease);
    web::names(request, *lease);
  }
  const auto& names = web::names(request);
  web::Data data;
  web::List types;
  std::set<std::string> conditions;
  for (auto& t : process.types) {
    web::Data type;
    type.set("code", t.code);
    type.set("name", names.of(store::kinds::request_type, t.code, t.name));
    type.set("selected", t.code == typed.type);
    types.push_back(type);
    conditions.insert(t.conditions.begin(), t.conditions.end());
  }
  data.set("types", types);
  web::List boxes;
  for (auto& c : conditions) {
    web::Data box;
    box.set("code", c);
    box.set("label", condition_label(site, request, names, c));
    box.set("checked", std::find(typed.conditions.begin(), typed.conditions.end(), c) !=
                           typed.conditions.end());
    boxes.push_back(box);
  }
  data.set("conditions", boxes);
  data.set("has_conditions", !conditions.empty());
  data.set("postcode", typed.postcode);
  data.set("name", typed.name);
  data.set("email", typed.email);
  data.set("phone", typed.phone);
  data.set("description", typed.description);
  // A fresh key for a fresh form; the same one when the form comes back with
  // errors, so its corrected resend is still one request.
  data.set("submission_key",
           typed.submission_key.empty() ? crypto::random_token() : typed.submission_key);
  if (!errors.empty()) {
    web::Data messages;
    for (auto& e : errors) messages.set(e.field, catalogue.format(lang, e.key, e.values));
    data.set("errors", messages);
  }
  return site.page(request, "casework/request", "title_request", data, errors.empty() ? 200 : 422);
}

http::Response post_request(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  NewRequest r;
  for (auto& [name, value] : fields) {
    if (name == "type") r.type = value;
    if (name == "conditions") r.conditions.push_back(value);
    if (name == "postcode") r.postcode = value;
    if (name == "name") r.name = value;
    if (name == "email") r.email = value;
    if (name == "phone") r.phone = value;
    if (name == "description") r.description = value;
    if (name == "submission_key") r.submission_key = value;
  }
  const auto& v = web::visitor(request);
  // The browser that sends it: its session, or the anonymous visitor's CSRF
  // cookie (the hooks refused the post unless the form sent that one back).
  r.browser = v.user_id ? "session:" + v.session_key : "visitor:" + v.csrf;
  r.remote_address = client_address(request);
  r.request_id = request.request_id;
  r.language = v.lang;
  auto filed = file_request(db, r);
  if (filed.retry_after > 0) return web::too_many(site, request, filed.retry_after);
  if (!filed.receipt) {
    // A key filed before (by another browser, with other words, or long ago)
    // is not used again: the form comes back with what was typed and a new
    // key, so sending it once more files a new request.
    if (std::any_of(filed.errors.begin(), filed.errors.end(),
                    [](const FieldError& e) { return e.key == "request_form_used"; })) {
      r.submission_key.clear();
    }
    return form_page(db, site, request, r, filed.errors);
  }
  return http::Response::redirect("/status/" + filed.receipt->status_token + "?new=1");
}

// What the status page shows beyond status(): the handling team's id (for
// its throughput time), the decision and whether the citizen rated it.
// A citizen's form sent back: which one, what was typed and what was wrong.
struct CitizenForm {
  std::string form;  // rating, complaint
  std::string score;
  std::string text;
  std::vector<FieldError> errors;
  int status = 200;
};

http::Response status_page(store::Database& db, web::Site& site, http::Request& request,
                           const CitizenForm& sent = {}) {
  auto token = request.param("token").value_or("");
  std::optional<Status> found;
  std::optional<std::int64_t> median;
  std::vector<CitizenQuestion> questions;
  {
    auto lease = db.acquire();
    found = status(*lease, token);
    if (found) questions = questions_by_link(*lease, token);
    if (found) median = figures::recent_median_days(*lease, found->team_id, now_seconds());
    web::names(request, *lease);
  }
  const auto& names = web::names(request);
  // The same answer for every unknown token: it tells nothing about others,
  // and leads to asking for a new link (lost_link_pages.hpp).
  if (!found) {
    auto unknown = site.page(request, "casework/status_unknown", "title_status", web::Data{}, 404);
    unknown.set_header("Cache-Control", "no-store");
    return unknown;
  }
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::Data data;
  data.set("reference", found->reference);
  data.set("type", names.of(store::kinds::request_type, found->type_code, found->type_name));
  data.set("team", names.of(store::kinds::team, found->team_code, found->team_name));
  data.set("submitted", local_date(found->submitted_at));
  data.set("decided", found->decided);
  data.set("stage", found->stage.empty()
                        ? found->stage
                        : names.step(found->type_code, found->stage_code, found->stage));
  data.set("target_text",
           catalogue.format(lang, "status_target", {{"days", std::to_string(found->target_days)}},
                            found->target_days));
  if (median) {
    data.set("median_text",
             catalogue.format(lang, "status_median", {{"days", std::to_string(*median)}}, *median));
  }
  data.set("new", http::field(request.query, "new").has_value());
  data.set("link", "/status/" + token);
  if (found->decided) {
    data.set("decision_text", catalogue.text(lang, "status_decision_" + found->decision));
    data.set("decision", found->decision);
    data.set("motivation", found->motivation);
    data.set("rated", found->rated);
    data.set("rate", !found->rated);
    set_status_letter(db, site, request, token, data);
  }
  web::List asked;
  for (auto& q : questions) {
    web::Data item;
    item.set("asked", local_minute(q.asked_at));
    item.set("question", q.question);
    asked.push_back(item);
  }
  data.set("questions", asked);
  data.set("has_questions", !asked.empty());
  set_status_complaints(db, site, request, token, data);
  data.set("rating_action", "/status/" + token + "/rating");
  data.set("complaint_action", "/status/" + token + "/complaint");
  web::List scores;
  for (int i = 1; i <= 5; ++i) {
    web::Data score;
    score.set("value", std::to_string(i));
    score.set("label", catalogue.text(lang, "status_score_" + std::to_string(i)));
    score.set("checked", sent.form == "rating" && sent.score == std::to_string(i));
    scores.push_back(score);
  }
  data.set("scores", scores);
  data.set("rating_comment", sent.form == "rating" ? sent.text : "");
  data.set("complaint_text", sent.form == "complaint" ? sent.text : "");
  data.set("complaint_open", sent.form == "complaint");
  data.set("complained", sent.errors.empty() && http::field(request.query, "complained"));
  if (!sent.errors.empty()) {
    web::Data messages;
    web::List all;
    for (auto& e : sent.errors) {
      auto text = catalogue.format(lang, e.key, e.values);
      if (text == e.key) text = e.message;
      messages.set(e.field.empty() ? "form" : e.field, text);
      web::Data item;
      item.set("message", text);
      all.push_back(item);
    }
    data.set(sent.form == "rating" ? "rating_errors" : "complaint_errors", messages);
    // A rating sent before the decision has no survey to show its message in.
    if (sent.form == "rating" && !found->decided) data.set("early_rating", all);
  }
  auto response = site.page(request, "casework/status", "title_status", data,
                            sent.errors.empty() ? 200 : sent.status);
  // The page is the citizen's alone: no cache along the way keeps it.
  response.set_header("Cache-Control", "no-store");
  return response;
}

// The rating and complaint forms: the status page again on success (with a
// thank-you), or with the form's messages.
http::Response post_citizen_form(store::Database& db, web::Site& site, http::Request& request,
                                 const std::string& form) {
  auto token = request.param("token").value_or("");
  if (auto wait = admit_status_form(db, token, client_address(request))) {
    return web::too_many(site, request, wait);
  }
  auto fields = request.form();
  Citizen citizen{token, client_address(request), request.request_id};
  CitizenForm sent{form, http::field(fields, "score").value_or(""), {}, {}, 200};
  for (char ch : http::field(fields, form == "rating" ? "comment" : "text").value_or("")) {
    if (ch != '\r') sent.text += ch;  // a textarea's CR LF kept as LF
  }
  Outcome outcome;
  if (form == "rating") {
    int score = 0;
    if (sent.score.size() == 1 && sent.score[0] >= '1' && sent.score[0] <= '5') {
      score = sent.score[0] - '0';
    }
    outcome = rate(db, citizen, score, sent.text);
  } else {
    outcome = complain(db, citizen, sent.text);
  }
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "status_unknown");
  auto back = "/status/" + token + (form == "rating" ? "?rated=1" : "?complained=1");
  if (outcome.ok()) return http::Response::redirect(back);
  sent.errors = outcome.errors;
  if (sent.errors.empty()) sent.errors.push_back({"form", "status_form_refused", "", {}});
  sent.status = web::status_of(outcome);
  return status_page(db, site, request, sent);
}

}  // namespace

void register_citizen_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/request", "nav_request", "public"});
  router.add("GET", "/request", "public", site.guard([&db, &site](http::Request& request) {
    return form_page(db, site, request);
  }));
  router.add("POST", "/request", "public", site.guard([&db, &site](http::Request& request) {
    return post_request(db, site, request);
  }));
  router.add("GET", "/status/{token}", "public", site.guard([&db, &site](http::Request& request) {
    return status_page(db, site, request);
  }));
  router.add("POST", "/status/{token}/rating", "public",
             site.guard([&db, &site](http::Request& request) {
               return post_citizen_form(db, site, request, "rating");
             }));
  router.add("POST", "/status/{token}/complaint", "public",
             site.guard([&db, &site](http::Request& request) {
               return post_citizen_form(db, site, request, "complaint");
             }));
}

}  // namespace ploeg::casework
