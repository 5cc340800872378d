#include "weekplan/feature.hpp"

#include "weekplan/api.hpp"
#include "weekplan/pages.hpp"
#include "weekplan/store.hpp"

namespace ploeg::weekplan {

void register_routes(http::Router& router, store::Database& db, web::Site& site,
                     jobs::Runner& runner) {
  register_pages(router, db, site, runner);  // /teams/{code}/week
  register_api(router, db, site);            // /api/v1/teams/{code}/week
}

}  // namespace ploeg::weekplan
