#include "organisation/feature.hpp"

#include "organisation/api.hpp"
#include "organisation/directory.hpp"
#include "organisation/directory_pages.hpp"
#include "organisation/editing.hpp"
#include "organisation/exchange_routes.hpp"
#include "organisation/store.hpp"
#include "organisation/team_pages.hpp"

namespace ploeg::organisation {

void register_migrations(store::Migrations& migrations) {
  sql::register_migrations(migrations);
  directory::register_migrations(migrations);
  editing::register_migrations(migrations);
}

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  register_directory_pages(router, db, site);  // the directory: "People"
  register_overview_pages(router, db, site);   // "Teams", "Roles"
  register_team_pages(router, db, site);
  register_profile_pages(router, db, site);
  register_api_routes(router, db, site);       // /api/v1/people, teams, roles, ...
  register_exchange_routes(router, db, site);  // /organisation/import, exports
}

}  // namespace ploeg::organisation
