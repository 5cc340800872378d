// The open dashboard: every co-worker sees the organisation's figures
// (/figures), by region, week or month, every team side by side, and each
// team's trends with similar teams that do better (/figures/teams/{code}).
// Server-rendered SVG charts with their data as tables; no JavaScript, no
// personal data of citizens.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

void register_dashboard_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
