// What the application calls to put staffing in: its tables and its
// routes. Every feature has this file with these two functions
// (docs/ARCHITECTURE.md, "The shape of a feature").
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

// Staffing has no tables: it reads casework's.
void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::staffing
