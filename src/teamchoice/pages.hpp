// The team choice round's pages: /rounds (the list, and a coach's form to
// open one), /rounds/{id} (my choice, the board, the coach's optimiser,
// publish and accept), /rounds/{id}/board and its JSON for the live board.
#pragma once

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "store/names.hpp"
#include "teamchoice/rounds.hpp"
#include "web/site.hpp"

namespace ploeg::teamchoice {

// A round's region and teams as the visitor reads them, in the language of
// `names` (web::names(request)): the pages and the API alike.
void translate(RoundSummary& r, const store::Names& names);
void translate(Round& round, const store::Names& names);

void register_pages(http::Router& router, store::Database& db, web::Site& site, jobs::Pool& pool);

}  // namespace ploeg::teamchoice
