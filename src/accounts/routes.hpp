// Sign-in, sign-out, password change, language choice; and the hooks that
// give every request its visitor, check its CSRF token and its permission.
#pragma once

#include "accounts/commands.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::accounts {

inline constexpr const char* session_cookie = "ploeg_session";
inline constexpr const char* csrf_cookie = "ploeg_csrf";
inline constexpr const char* language_cookie = "ploeg_lang";

void register_routes(http::Router& router, store::Database& db, const web::Site& site,
                     const SessionPolicy& policy);

// `before`: visitor from the session cookie, language, CSRF on every
// state-changing request, the route's permission. `after`: cookies.
void install_hooks(http::ServerHooks& hooks, store::Database& db, const web::Site& site,
                   const SessionPolicy& policy);

}  // namespace ploeg::accounts
