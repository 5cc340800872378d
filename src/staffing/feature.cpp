#include "staffing/feature.hpp"

#include "staffing/api.hpp"
#include "staffing/pages.hpp"

namespace ploeg::staffing {

void register_routes(http::Router& router, store::Database& db, web::Site& site,
                     jobs::Runner& runner) {
  register_pages(router, db, site, runner);  // "Staffing"
  register_api(router, db, site, runner);    // /api/v1/staffing
}

}  // namespace ploeg::staffing
