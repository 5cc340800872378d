// The team choice round's pages: /rounds (the list, and a coach's form to
// open one), /rounds/{id} (my choice, the board, the coach's optimiser,
// publish and accept), /rounds/{id}/board and its JSON for the live board.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/names.hpp"
#include "teamchoice/rounds.hpp"
#include "web/site.hpp"

namespace ploeg::teamchoice {

// The signed-in visitor as the one who acts: the pages and the API
// (teamchoice/api.cpp) alike. Asked before a connection is held: finding the
// person takes one of its own.
Actor actor_for(http::Request& request);

// A round's region and teams as the visitor reads them, in the language of
// `names` (web::names(request)): the pages and the API alike.
void translate(RoundSummary& r, const store::Names& names);
void translate(Round& round, const store::Names& names);

void register_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::teamchoice
