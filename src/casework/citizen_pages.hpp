// The citizen's side, without an account and without JavaScript: the
// request form (/request), and the private status page its receipt leads to
// (/status/{token}).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

void register_citizen_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
