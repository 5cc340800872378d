// The week API: GET /api/v1/teams/{code}/week?week=YYYY-Www, a team's week as
// its page shows it (each member's own row, the proposal, the accepted plan
// and the desks per day, the appointments, the rules left unmet), to the
// same people: the team's members, its coach and administrators
// (page_support.hpp, access).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

// The Monday (days since 1970) of an ISO 8601 week, "2026-W49"; nullopt
// unless it is one (week 53 only in years that have it).
std::optional<std::int64_t> monday_of_iso_week(const std::string& text);
// The ISO 8601 week of a day, "2026-W49".
std::string iso_week_of(std::int64_t day);

void register_api(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
