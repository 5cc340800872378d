// Accounts from the web over the JSON API (/api/v1/accounts...,
// /api/v1/invitations, /api/v1/people-without-account). Routes are
// "signed_in" like every /api/v1 route; the commands refuse anyone but an
// administrator with 403 before reading anything. A one-time link is in the
// answer that made it, and nowhere else.
#include <boost/json.hpp>

#include "accounts/admin_pages.hpp"
#include "accounts/administration.hpp"
#include "core/clock.hpp"
#include "web/api_answer.hpp"

namespace ploeg::accounts::administration {
namespace {

namespace json = boost::json;
using web::api::Answers;

std::string moment(std::int64_t utc_seconds) {
  return utc_text(utc_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

json::object account_json(const Account& a) {
  json::value person = nullptr;
  if (a.person_id) {
    person = json::object{{"id", a.person_id}, {"name", a.person_name}, {"email", a.person_email}};
  }
  return json::object{
      {"username", a.username}, {"display_name", a.display_name},     {"role", a.role},
      {"disabled", a.disabled}, {"created_at", moment(a.created_at)}, {"person", person},
      {"sessions", a.sessions}};
}

json::object link_json(const Answers& answers, const Issued& issued) {
  auto path = "/account/link?token=" + issued.token;
  return json::object{{"username", issued.username},
                      {"path", path},
                      {"url", answers.site().public_url() + path},
                      {"expires_at", moment(issued.expires_at)}};
}

// Everyone but an administrator is refused first, before anything is read.
std::optional<http::Response> not_admin(const Answers& answers, http::Request& request) {
  if (web::actor(request).admin()) return std::nullopt;
  return answers.error(request, 403, "error_403_message");
}

http::Response list(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto page = answers.page(request, page_size, page_size);
  if (page.problem) return *page.problem;
  auto q = http::field(request.query, "q").value_or("");
  if (q.size() > 100) return answers.error(request, 400, "api_search_too_long", {}, "q");
  auto found = list_accounts(db, web::actor(request), q, page.offset);
  if (!found) return answers.refusal(request, found);
  json::array items;
  for (auto& a : found.accounts) items.push_back(account_json(a));
  return web::api::json(json::object{
      {"accounts", items}, {"total", found.total}, {"limit", page_size}, {"offset", page.offset}});
}

http::Response one(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto found = find_account(db, web::actor(request), request.param("username").value_or(""));
  if (!found) return answers.refusal(request, found);
  return web::api::json(account_json(found.account));
}

http::Response create(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto body = answers.object(request, {"username", "display_name", "role", "person_email"});
  if (body.problem) return *body.problem;
  NewAccount account;
  for (auto [name, into] :
       {std::pair{"username", &account.username}, std::pair{"display_name", &account.display_name},
        std::pair{"role", &account.role}, std::pair{"person_email", &account.person_email}}) {
    auto text = answers.text(request, body.object, name);
    if (text.problem) return *text.problem;
    *into = text.value;
  }
  auto made = create_account(db, web::actor(request), account);
  if (!made) return answers.refusal(request, made);
  auto found = find_account(db, web::actor(request), account.username);
  return web::api::json(
      json::object{{"account", account_json(found.account)}, {"link", link_json(answers, made)}},
      201);
}

// PATCH: any of role, disabled, person_email ("" or null: no person), all
// or none of them.
http::Response patch(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  const auto& actor = web::actor(request);
  auto username = request.param("username").value_or("");
  auto body = answers.object(request, {"role", "disabled", "person_email"});
  if (body.problem) return *body.problem;
  auto role = answers.text(request, body.object, "role");
  if (role.problem) return *role.problem;
  std::optional<bool> disabled;
  if (auto* d = body.object.if_contains("disabled"); d && !d->is_null()) {
    if (!d->is_bool()) return answers.error(request, 422, "api_not_boolean", {}, "disabled");
    disabled = d->as_bool();
  }
  auto email = answers.text(request, body.object, "person_email");
  if (email.problem) return *email.problem;
  AccountChange change;
  if (role.present) change.role = role.value;
  change.disabled = disabled;
  if (body.object.contains("person_email")) change.person_email = email.value;
  if (auto done = update_account(db, actor, username, change); !done) {
    return answers.refusal(request, done);
  }
  return web::api::json(account_json(find_account(db, actor, username).account));
}

http::Response reset(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto made = start_reset(db, web::actor(request), request.param("username").value_or(""));
  if (!made) return answers.refusal(request, made);
  return web::api::json(link_json(answers, made), 201);
}

http::Response end(store::Database& db, const Answers& answers, http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto ended = end_sessions(db, web::actor(request), request.param("username").value_or(""));
  if (!ended) return answers.refusal(request, ended);
  return web::api::json(json::object{{"ended", ended.ended}});
}

http::Response without_account(store::Database& db, const Answers& answers,
                               http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  auto page = answers.page(request, page_size, page_size);
  if (page.problem) return *page.problem;
  auto q = http::field(request.query, "q").value_or("");
  if (q.size() > 100) return answers.error(request, 400, "api_search_too_long", {}, "q");
  auto found = people_without_account(db, web::actor(request), q, page.offset);
  if (!found) return answers.refusal(request, found);
  json::array items;
  for (auto& p : found.people) {
    items.push_back(json::object{{"id", p.person_id},
                                 {"name", p.name},
                                 {"email", p.email},
                                 {"suggested_username", p.suggested_username}});
  }
  return web::api::json(json::object{
      {"people", items}, {"total", found.total}, {"limit", page_size}, {"offset", page.offset}});
}

http::Response post_invitation(store::Database& db, const Answers& answers,
                               http::Request& request) {
  if (auto refused = not_admin(answers, request)) return *refused;
  const auto& actor = web::actor(request);
  auto body = answers.object(request, {"person_id", "username", "role"});
  if (body.problem) return *body.problem;
  auto* id = body.object.if_contains("person_id");
  if (!id || !id->is_int64() || id->as_int64() < 1) {
    return answers.error(request, 422, "api_invitation_person", {}, "person_id");
  }
  auto username = answers.text(request, body.object, "username");
  if (username.problem) return *username.problem;
  auto role = answers.text(request, body.object, "role");
  if (role.problem) return *role.problem;
  auto made = invite(db, actor, id->as_int64(), username.value, role.value);
  if (!made) return answers.refusal(request, made);
  return web::api::json(link_json(answers, made), 201);
}

}  // namespace

void register_admin_api(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/accounts", list);
  web::api::add_route(router, db, site, "POST", "/api/v1/accounts", create);
  web::api::add_route(router, db, site, "GET", "/api/v1/accounts/{username}", one);
  web::api::add_route(router, db, site, "PATCH", "/api/v1/accounts/{username}", patch);
  web::api::add_route(router, db, site, "POST", "/api/v1/accounts/{username}/password-reset",
                      reset);
  web::api::add_route(router, db, site, "DELETE", "/api/v1/accounts/{username}/sessions", end);
  web::api::add_route(router, db, site, "GET", "/api/v1/people-without-account", without_account);
  web::api::add_route(router, db, site, "POST", "/api/v1/invitations", post_invitation);
}

}  // namespace ploeg::accounts::administration
