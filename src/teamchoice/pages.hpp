// The team choice round's pages: /rounds (the list, and a coach's form to
// open one), /rounds/{id} (my choice, the board, the coach's optimiser,
// publish and accept), /rounds/{id}/board and its JSON for the live board.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "teamchoice/rounds.hpp"
#include "web/site.hpp"

namespace ploeg::teamchoice {

void register_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::teamchoice
