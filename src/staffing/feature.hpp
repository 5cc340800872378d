// What the application calls to put staffing in: its tables and its
// routes. Every feature has this file with these two functions
// (docs/ARCHITECTURE.md, "The shape of a feature").
#pragma once

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

// One table: the answers computed by background jobs (staffing/answers.hpp);
// the figures come from casework's.
void register_migrations(store::Migrations& migrations);
void register_routes(http::Router& router, store::Database& db, web::Site& site,
                     jobs::Runner& runner);

}  // namespace ploeg::staffing
