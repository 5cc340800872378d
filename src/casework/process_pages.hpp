// The administrator's page for the process definition: each request type
// with its target, conditions and ordered steps, edited in plain forms.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

void register_process_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
