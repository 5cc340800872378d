// The directory's pages: "who knows about X?" (/people) and the person page
// (/people/{id}). Both for signed-in visitors only.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

void register_directory_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::organisation
