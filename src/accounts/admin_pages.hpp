// Internal to accounts' administration: its routes, put in by
// administration_feature.hpp's register_administration_routes.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::accounts::administration {

// /admin/accounts..., /admin/invitations... (administrators).
void register_admin_pages(http::Router& router, store::Database& db, web::Site& site);
// /account/link?token=: anyone holding a working one-time link.
void register_link_pages(http::Router& router, store::Database& db, web::Site& site);
// /api/v1/accounts..., /api/v1/invitations... (administrators; signed_in routes
// whose commands refuse everyone else with 403).
void register_admin_api(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::accounts::administration
