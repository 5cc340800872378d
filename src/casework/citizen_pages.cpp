#include "casework/citizen_pages.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include "casework/requests.hpp"
#include "casework/store.hpp"
#include "core/crypto.hpp"
#include "http/message.hpp"

namespace ploeg::casework {
namespace {

// What the form shows: the request types, every condition any type has, and
// what was typed (again after an error).
http::Response form_page(store::Database& db, web::Site& site, http::Request& request,
                         const NewRequest& typed = {}, const std::vector<FieldError>& errors = {}) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto process = sql::load_process(*db.acquire());
  web::Data data;
  web::List types;
  std::set<std::string> conditions;
  for (auto& t : process.types) {
    web::Data type;
    type.set("code", t.code);
    type.set("name", t.name);
    type.set("selected", t.code == typed.type);
    types.push_back(type);
    conditions.insert(t.conditions.begin(), t.conditions.end());
  }
  data.set("types", types);
  web::List boxes;
  for (auto& c : conditions) {
    web::Data box;
    box.set("code", c);
    // A condition the catalogue does not name is shown by its code.
    auto key = "request_condition_" + c;
    auto label = catalogue.text(lang, key);
    box.set("label", label == key ? c : label);
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
  r.remote_address = request.remote_address;
  r.request_id = request.request_id;
  auto filed = file_request(db, r);
  if (!filed.receipt) return form_page(db, site, request, r, filed.errors);
  return http::Response::redirect("/status/" + filed.receipt->status_token + "?new=1");
}

std::string date_text(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

http::Response status_page(store::Database& db, web::Site& site, http::Request& request) {
  auto token = request.param("token").value_or("");
  auto found = status(*db.acquire(), token);
  // The same answer for every unknown token: it tells nothing about others.
  if (!found) return site.error(request, 404, "status_unknown");
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::Data data;
  data.set("reference", found->reference);
  data.set("type", found->type_name);
  data.set("team", found->team_name);
  data.set("submitted", date_text(found->submitted_at));
  data.set("decided", found->decided);
  data.set("stage", found->stage);
  data.set("target_text",
           catalogue.format(lang, "status_target", {{"days", std::to_string(found->target_days)}}));
  data.set("new", http::field(request.query, "new").has_value());
  data.set("link", "/status/" + token);
  auto response = site.page(request, "casework/status", "title_status", data);
  // The page is the citizen's alone: no cache along the way keeps it.
  response.set_header("Cache-Control", "no-store");
  return response;
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
}

}  // namespace ploeg::casework
