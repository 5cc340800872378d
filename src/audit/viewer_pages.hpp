// The audit log viewer's routes: the page /admin/audit, its CSV
// /admin/audit.csv (administrators, permission "admin") and GET
// /api/v1/audit (signed_in like every /api/v1 route; 403 unless an
// administrator).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::audit::viewer {

void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::audit::viewer
