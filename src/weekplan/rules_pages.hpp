// What a team decides about its own week (issue 7), at
// /teams/{code}/week/rules: its coverage rules ("each working day at least one
// intake co-worker in the office") and its team office days; and, for
// administrators at /admin/workplace, the organisation's policy (home days a
// week, how far ahead desks can be booked). Every change is audited.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

void register_rules_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
