// Proposals in the browser (issue 20): the open decision log with its
// search and the viewer's own drafts, the form to write a proposal, and a
// proposal's page with its advisers, advice and decision and the forms its
// author and its advisers use (ask advice of the suggested advisers,
// withdraw, give advice, decide answering every objection and concern).
// Every route is for signed-in visitors; an account that is no person of
// the organisation reads the log and what is asked, and is refused every
// change (403).
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::advice {

// The longest search text the log takes, in characters (422 beyond).
inline constexpr std::size_t max_log_search = 200;
// The decision log shows this many a page, and no page past max_log_pages (422).
inline constexpr std::size_t log_page_size = 25;
inline constexpr int max_log_pages = 2'000;

void register_proposal_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::advice
