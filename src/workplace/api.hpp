// The desk booking API (issue 7), for signed-in co-workers:
//   GET    /api/v1/offices                       offices with their desks
//   POST   /api/v1/desk-bookings                 {"office", "day", "part", "desk"?, "person"?}
//   DELETE /api/v1/desk-bookings?office=&day=    give the desk back (the first waiting gets it)
//   DELETE /api/v1/desk-bookings/{id}            the same by the id the POST answered
// A co-worker books for themselves; a coach or an administrator for anyone.
// Errors are in the caller's language (web::api::Answers).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::workplace {

void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::workplace
