#include "staffing/feature.hpp"

#include "staffing/api.hpp"
#include "staffing/pages.hpp"

namespace ploeg::staffing {

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  register_pages(router, db, site);  // "Staffing"
  register_api(router, db, site);    // /api/v1/staffing
}

}  // namespace ploeg::staffing
