#include "accounts/routes.hpp"

#include <algorithm>

#include "accounts/permissions.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "web/redirect.hpp"

namespace ploeg::accounts {
namespace {

Session session_of(http::Request& request) {
  const auto& v = web::visitor(request);
  return {{*v.user_id, v.username, v.display_name, v.role, v.lang, 0}, v.session_key, v.csrf};
}

// The redirect target a form or query names, kept on this site.
std::string local_target(const http::Fields& fields, const char* name) {
  return web::local_path_or_home(http::field(fields, name).value_or(""));
}

// "Wait 30 seconds" (`prefix`_wait) or "15 more minutes" (`prefix`_throttled).
FieldError wait_error(const std::string& field, const std::string& prefix, std::int64_t seconds) {
  if (seconds < 60) return {field, prefix + "_wait", "", {{"seconds", std::to_string(seconds)}}};
  return {field, prefix + "_throttled", "", {{"minutes", std::to_string((seconds + 59) / 60)}}};
}

// Spaces around a user name are forgiven, within reason.
constexpr std::size_t max_typed_username = max_username_length + 16;

std::string trimmed_lower(std::string s) {
  auto not_space = [](unsigned char ch) { return !std::isspace(ch); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

http::Cookie cookie(const http::Request& request, std::string name, std::string value,
                    std::optional<std::chrono::seconds> max_age) {
  http::Cookie c;
  c.name = std::move(name);
  c.value = std::move(value);
  c.max_age = max_age;
  c.secure = request.secure;
  return c;
}

http::Response login_page(const web::Site& site, http::Request& request, const std::string& error,
                          const std::string& username, const std::string& next, int status) {
  web::Data data;
  if (!error.empty()) data.set("error", error);
  data.set("username", username);
  data.set("next", next);
  return site.page(request, "accounts/login", "title_login", data, status);
}

http::Response password_page(const web::Site& site, http::Request& request,
                             const std::vector<FieldError>& errors, bool saved, int status = 422) {
  const auto& lang = web::visitor(request).lang;
  web::Data data;
  web::Data messages;
  for (auto& e : errors) messages.set(e.field, site.catalogue().format(lang, e.key, e.values));
  if (!errors.empty()) data.set("errors", messages);
  data.set("saved", saved);
  data.set("min_length", std::to_string(min_password_length));
  data.set("max_length", std::to_string(max_password_length));
  data.set("hint", site.catalogue().format(lang, "password_hint",
                                           {{"min", std::to_string(min_password_length)}}));
  return site.page(request, "accounts/password", "title_password", data,
                   errors.empty() ? 200 : status);
}

// The visitor's explicit choice, else their account's, else the browser's.
std::string language_of(const web::Site& site, const http::Request& request,
                        const std::string& account_language) {
  auto chosen = request.cookie(language_cookie);
  if (chosen && site.catalogue().supports(*chosen)) return *chosen;
  if (site.catalogue().supports(account_language)) return account_language;
  return site.catalogue().negotiate(request.header("Accept-Language").value_or(""));
}

// Fills in who is asking (from the session cookie, when `look_up_session`),
// in which language, and their CSRF token: a signed-in visitor's comes from
// the session, an anonymous one's from a cookie (double submit), issued when
// absent. Throws store::DatabaseError when the session cannot be looked up.
void identify(store::Database& db, const web::Site& site, const SessionPolicy& policy,
              http::Request& request, bool look_up_session) {
  auto& v = web::visitor(request);
  v = web::Visitor{};
  std::string account_language;
  if (auto token = request.cookie(session_cookie); token && look_up_session) {
    if (auto session = find_session(db, *token, policy)) {
      v.user_id = session->user.id;
      v.username = session->user.username;
      v.display_name = session->user.display_name;
      v.role = session->user.role;
      v.session_key = session->key;
      v.csrf = session->csrf;
      account_language = session->user.language;
    }
  }
  v.lang = language_of(site, request, account_language);
  if (!v.user_id) {
    auto token = request.cookie(csrf_cookie);
    if (token && token->size() >= 32 && token->size() <= 64) {
      v.csrf = *token;
    } else {
      v.csrf = crypto::random_token();
      v.issue_csrf_cookie = true;
    }
  }
}

}  // namespace

void register_routes(http::Router& router, store::Database& db, const web::Site& site,
                     const SessionPolicy& policy) {
  router.add("GET", "/login", "public", site.guard([&site](http::Request& request) {
    if (web::visitor(request).user_id) return http::Response::redirect("/");
    return login_page(site, request, "", "", local_target(request.query, "next"), 200);
  }));

  router.add("POST", "/login", "public", site.guard([&db, &site, policy](http::Request& request) {
    auto form = request.form();
    std::string raw_username = http::field(form, "username").value_or("");
    std::string password = http::field(form, "password").value_or("");
    std::string next = local_target(form, "next");
    const auto& lang = web::visitor(request).lang;
    // Longer than any account's: refused before anything else, and not
    // shown again (nor written anywhere).
    if (raw_username.size() > max_typed_username || password.size() > max_password_length) {
      return login_page(site, request, site.text(request, "login_too_long"), "", next, 400);
    }
    std::string username = trimmed_lower(raw_username);
    if (username.empty() || password.empty()) {
      return login_page(site, request, site.text(request, "login_missing"), username, next, 400);
    }
    SignIn outcome = sign_in(db, username, password, policy, web::actor(request));
    if (outcome.answer == SignIn::Answer::too_long) {
      return login_page(site, request, site.text(request, "login_too_long"), "", next, 400);
    }
    if (outcome.answer == SignIn::Answer::throttled) {
      auto why = wait_error("", "login", outcome.retry_after);
      auto response = login_page(site, request, site.catalogue().format(lang, why.key, why.values),
                                 username, next, 429);
      response.set_header("Retry-After", std::to_string(outcome.retry_after));
      return response;
    }
    if (outcome.answer == SignIn::Answer::wrong) {
      // The same words whether or not the account exists.
      return login_page(site, request, site.text(request, "login_failed"), username, next, 401);
    }
    auto response = http::Response::redirect(next);
    response.set_cookie(cookie(request, session_cookie, outcome.session_token,
                               std::chrono::seconds(policy.max_seconds)));
    return response;
  }));

  router.add("POST", "/logout", "signed_in", site.guard([&db](http::Request& request) {
    sign_out(db, session_of(request), web::actor(request));
    auto response = http::Response::redirect("/");
    response.set_cookie(cookie(request, session_cookie, "", std::chrono::seconds(0)));
    return response;
  }));

  router.add("GET", "/account/password", "signed_in", site.guard([&site](http::Request& request) {
    return password_page(site, request, {}, http::field(request.query, "saved").has_value());
  }));

  router.add(
      "POST", "/account/password", "signed_in", site.guard([&db, &site](http::Request& request) {
        auto form = request.form();
        auto current = http::field(form, "current_password").value_or("");
        auto next = http::field(form, "new_password").value_or("");
        auto confirm = http::field(form, "confirm_password").value_or("");
        // Over-long ones are refused before anything is done with them.
        std::vector<FieldError> too_long;
        auto cap = [&](const std::string& value, const char* field) {
          if (value.size() <= max_password_length) return;
          too_long.push_back(
              {field, "password_too_long", "", {{"max", std::to_string(max_password_length)}}});
        };
        cap(current, "current");
        cap(next, "new");
        cap(confirm, "confirm");
        if (!too_long.empty()) return password_page(site, request, too_long, false);
        auto changed =
            change_password(db, session_of(request), current, next, confirm, web::actor(request));
        if (changed.retry_after > 0) {
          const auto wait = changed.retry_after;
          auto why = wait_error("current", "password", wait);
          auto response = password_page(site, request, {why}, false, 429);
          response.set_header("Retry-After", std::to_string(wait));
          return response;
        }
        if (!changed.outcome) return password_page(site, request, changed.outcome.errors, false);
        return http::Response::redirect("/account/password?saved=1");
      }));

  router.add("POST", "/language", "public", site.guard([&db, &site](http::Request& request) {
    auto form = request.form();
    std::string lang = http::field(form, "lang").value_or("");
    if (!site.catalogue().supports(lang)) {
      return site.error(request, 400, "error_400_message");
    }
    auto& v = web::visitor(request);
    if (v.user_id) set_language(db, session_of(request), lang, web::actor(request));
    auto response = http::Response::redirect(local_target(form, "back"));
    response.set_cookie(cookie(request, language_cookie, lang, std::chrono::hours(24 * 365)));
    return response;
  }));
}

void install_hooks(http::ServerHooks& hooks, store::Database& db, const web::Site& site,
                   const SessionPolicy& policy) {
  hooks.before = [&db, &site, policy](http::Request& request) -> std::optional<http::Response> {
    // Probes and static files need no visitor: no database round trip for them.
    const bool plain = request.route.rfind("/static/", 0) == 0 || request.route == "/healthz" ||
                       request.route == "/readyz";
    try {
      identify(db, site, policy, request, !plain);
    } catch (const store::DatabaseError& e) {
      log::error("session.lookup", {{"error", e.what()}, {"request_id", request.request_id}});
      identify(db, site, policy, request, false);
      return site.error(request, 503, "error_503_message");
    }
    auto& v = web::visitor(request);
    // An API client without a session learns that first (401), before CSRF:
    // signing in is what it must fix.
    const bool api = request.path.rfind("/api/", 0) == 0;
    if (api && !v.user_id && !allows(request, v, request.permission)) {
      return site.error(request, 401, "error_401_message");
    }
    if (request.is_state_changing()) {
      auto sent = http::field(request.form(), "_csrf");
      if (!sent) sent = request.header("X-CSRF-Token");
      if (v.issue_csrf_cookie || !sent || !crypto::same_secret(*sent, v.csrf)) {
        return site.error(request, 403, "error_403_csrf_message");
      }
    }
    if (!allows(request, v, request.permission)) {
      if (!v.user_id && request.method == "GET" && !request.wants_json()) {
        return http::Response::redirect("/login?next=" + http::url_encode(request.target));
      }
      return site.error(request, 403, "error_403_message");
    }
    return std::nullopt;
  };

  hooks.after = [](http::Request& request, http::Response& response) {
    auto& v = web::visitor(request);
    if (v.issue_csrf_cookie) {
      response.set_cookie(cookie(request, csrf_cookie, v.csrf, std::nullopt));
    }
    response.set_header("Vary", "Cookie, Accept-Language");
    // Pages are made for whoever asked (a signed-in person's, a citizen's
    // status page): no cache, shared or private, keeps a copy. Static files
    // say otherwise for themselves.
    if (!response.header("Cache-Control")) response.set_header("Cache-Control", "no-store");
  };

  hooks.error = [&db, &site, policy](http::Request& request, int status,
                                     const std::string& message) {
    // Errors found before routing (404, 405, 413, 400) still know the visitor:
    // their language, and whether they are signed in.
    if (web::visitor(request).csrf.empty()) {
      try {
        identify(db, site, policy, request, status != 503);
      } catch (const store::DatabaseError&) {
        identify(db, site, policy, request, false);
      }
    }
    log::warn("request.error",
              {{"status", status}, {"message", message}, {"request_id", request.request_id}});
    static const int known[] = {400, 403, 404, 405, 413, 429, 500, 503};
    bool has_page = std::find(std::begin(known), std::end(known), status) != std::end(known);
    auto response = site.error(request, has_page ? status : 400,
                               "error_" + std::to_string(has_page ? status : 400) + "_message");
    response.status = status;
    return response;
  };
}

}  // namespace ploeg::accounts
