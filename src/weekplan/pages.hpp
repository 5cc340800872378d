// The team's week (issue 7): /teams/{code}/week?start=YYYY-MM-DD, a grid of
// members x days; each member fills in their own row, every unmet rule shows
// at once, anyone of the team asks for a proposal and accepts it, and the
// office days get their desks. For the team's members, its coach and
// administrators.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

void register_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
