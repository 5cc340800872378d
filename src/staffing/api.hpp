// GET /api/v1/staffing?team=CODE (or region=CODE): "how many people do we
// need?" as /staffing answers it, for programs: the demand and staff today
// from the casework data, the assumptions (the page's form fields as
// parameters) and the answer per competence. Everyone signed in, as the page;
// sums only, nothing about any one citizen.
#pragma once

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

void register_api(http::Router& router, store::Database& db, web::Site& site, jobs::Runner& runner);

}  // namespace ploeg::staffing
