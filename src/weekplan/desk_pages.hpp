// Choosing one's own desk from the week (issue 7): on each office day of
// their plan a member sees their desk, or their place on the waiting list,
// and may move to any desk free that day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"
#include "store/names.hpp"
#include "web/catalogue.hpp"
#include "web/site.hpp"
#include "web/views.hpp"
#include "weekplan/store.hpp"
#include "workplace/booking.hpp"

namespace ploeg::weekplan {

struct DeskChoice {
  bool may_choose = false;  // planned in the office, today or later
  int waiting = 0;          // place on the waiting list; 0 not waiting
  std::vector<workplace::FreeDesk> free;
};

// Per day of the week, for the visitor's own row (empty choices for others).
// Desk features are named from `names` (the visitor's language).
std::vector<DeskChoice> desk_choices(store::Connection& c, const TeamWeek& t,
                                     std::int64_t person_id, std::int64_t today,
                                     const store::Names& names);

// Puts the day's desk form and waiting place into a cell of the grid.
void desk_cell(const web::Catalogue& cat, const std::string& lang, const DeskChoice& choice,
               web::Data& cell);

void register_desk_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
