// GET /api/v1/teams/{code}/figures: a regional team's figures as its page
// (/figures/teams/{code}) shows them, for programs: the range's totals, the
// requests open now, one point per week or month, and similar teams that do
// better with whom to ask there. GET /api/v1/figures: the organisation's (or
// one region's) as /figures shows them, every region (or the region's teams)
// side by side. Everyone signed in reads them, as the pages.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

void register_figures_api(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
