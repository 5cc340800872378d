// Part-time schedules (issue 7): the weekdays a member does not work, every
// week, entered once by the member. The planner gives them none of those
// days; the week shows them as not working. The demo gives its part-timers
// one day off a week at 80% and two at 50%.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

// Person -> works on Monday .. Friday, for the members of a team.
std::map<std::int64_t, std::vector<bool>> working_days(store::Connection& c, std::int64_t team_id);

// What the member's contract means in days, on their days-off form, and
// whether the days they work now match it (within half a day).
struct ContractHint {
  std::string text;
  bool differs = false;
};
ContractHint contract_hint(const web::Catalogue& cat, const std::string& lang, int fte_permille,
                           int working_days);

void create_demo_days_off(store::Connection& c);

void register_work_days_pages(http::Router& router, store::Database& db, web::Site& site);

void register_work_days_migrations(store::Migrations& migrations);

}  // namespace ploeg::weekplan
