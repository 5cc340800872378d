// Four eyes in the browser (casework/review.hpp): the proposed decision on
// the request page with its confirm and send-back forms, amounts as each
// language writes them, the delegations on the person page and on
// /casework/delegations (co-workers signed in; the organisation's own
// people, no citizen's data).
#pragma once

#include <cstdint>
#include <string>

#include "casework/handling.hpp"
#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// "€ 1.234,56 per maand", "€1,234.56 once", ...
std::string amount_text(const web::Catalogue& catalogue, const std::string& lang,
                        std::int64_t cents, const std::string& period);

// The decision form's amount field and what the type's rule says; the
// proposal waiting, and whether the viewer may confirm it (and why not).
void set_request_review(store::Database& db, const web::Site& site, http::Request& request,
                        const RequestView& view, const std::string& typed_reason, web::Data& data);

void register_review_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
