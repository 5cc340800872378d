// A citizen who lost their status link asks for a new one by reference and
// e-mail address (/status/lost). The answer is the same whether or not the
// two belong together, so the page tells nobody which requests exist or
// whose they are; when they do, a mail brings a fresh link. Throttled per
// client address, per address typed and per reference.
//
//   GET  /status/lost   anyone
//   POST /status/lost   anyone, CSRF; audited without personal data
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// Few enough that trying addresses for a reference, or references for an
// address, gets nowhere; enough for a citizen who tries again.
inline constexpr int lost_link_per_reference_per_day = 3;
inline constexpr int lost_link_per_email_per_day = 3;
inline constexpr int lost_link_per_address_per_hour = 10;

void register_lost_link_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
