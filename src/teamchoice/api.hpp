// The team choice API: GET /api/v1/rounds (the rounds the caller may see, as
// /rounds lists them) and GET /api/v1/rounds/{id} (a round as its page shows
// it to the caller: the board, their own choice or outcome, and to who runs
// it the proposal), through the same rules as the pages (rounds.hpp).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::teamchoice {

void register_api(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::teamchoice
