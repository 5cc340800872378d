// What the application calls to put accounts' administration in (issue 18,
// item 11): its table of one-time links (migration 50) and its pages and API.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::accounts::administration {

void register_migrations(store::Migrations& migrations);
void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::accounts::administration
