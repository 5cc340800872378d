// "How many people do we need?" (issue 6): /staffing, for a regional team
// or a region, its demand and process from the casework data, staff today,
// a target, and the answer per competence with charts and the what-if of
// the transformation. Open to every signed-in co-worker, as the figures are;
// sums only, nothing about any one citizen.
#pragma once

#include "http/router.hpp"
#include "staffing/views.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

// The assumptions of ?target_percent=&target_days=&availability=&hours_CODE=
// (the page's form, and the API's parameters), from the flow's defaults;
// each number out of its range is one of input.errors, named by its field.
Assumptions read_assumptions(const http::Request& request, const Flow& flow, PageInput& input);

void register_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::staffing
