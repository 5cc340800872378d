// Import and export over HTTP: the administrators' upload page
// (/organisation/import) and the downloads everyone signed in may take
// (/organisation/export.json, /organisation/export/{people|teams|memberships}.csv).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

void register_exchange_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::organisation
