// The JSON API over the organisation, under /api/v1/ (described in
// web/static/api/openapi.json, served at /api/openapi.json). Everyone signed
// in reads everything; edits go through organisation::editing, which checks
// who may change what and audits every change.
#pragma once

#include <filesystem>

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

// `static_root` is the folder that holds api/openapi.json (web/static).
void register_api_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::organisation
