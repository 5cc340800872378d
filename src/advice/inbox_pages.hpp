// Each person's inbox in the browser (issue 20, item 7): /inbox lists what
// the advice process told them, newest first, unread marked, each linked to
// what it is about; they mark one or all read and choose their mail (one
// digest a day or none, and which kinds come at once). Only a person of the
// organisation has an inbox: anyone else signed in gets 403.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::advice {

// The inbox shows this many a page.
inline constexpr int inbox_page_size = 25;
inline constexpr int max_inbox_pages = 1'000;

// Where an item's reference leads: "proposal:REF" to the proposal's page;
// "" when it has no page (yet).
std::string inbox_item_href(const std::string& about_reference);

void register_inbox_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::advice
