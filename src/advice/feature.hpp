// What the application calls to put the advice process in (issue 20):
// proposals, advice and decisions, working groups and each person's inbox;
// their tables and their routes (docs/ARCHITECTURE.md, "The shape of a
// feature").
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::advice {

// Migrations 110-119: proposals and advice 110, working groups 112, the inbox 113.
void register_migrations(store::Migrations& migrations);
void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::advice
