// The team's side of casework in the browser, for signed-in co-workers:
// /casework (to the viewer's own team's queue), /teams/{code}/queue (the
// queue, and the buttons that take a step), /requests/{reference} (the
// request page with its steps, timeline and notes) and the forms that act on
// a request. What may be seen and done is decided by casework::handling on
// the server; these pages only show it and pass the forms on.
#pragma once

#include "casework/handling.hpp"
#include "http/router.hpp"
#include "store/database.hpp"
#include "store/names.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// A queue and a request as the visitor reads them: types, steps and teams
// in the language of `names` (web::names(request)), the pages and the API alike.
void translate(Queue& queue, const store::Names& names);
void translate(RequestView& view, const store::Names& names);

void register_handling_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
