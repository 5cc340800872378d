// What the tests of the team's week share: days and dates, and the demo
// co-worker's regional team.
#pragma once

#include <cstdint>
#include <string>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace ploeg::test::week {

// Today as the server sees it: the tests and the server they start read the
// same clock (PLOEG_NOW when the suite runs at a chosen moment).
inline std::int64_t today() {
  return ploeg::today();
}

inline std::string date_of(std::int64_t day, const char* format = "%Y-%m-%d") {
  return date_text(day, format);
}

// The Monday `weeks` weeks after this one.
inline std::int64_t monday_in(int weeks) {
  return monday_of(today()) + 7 * weeks;
}

// The last working day (Monday to Friday) before today: a day that is past
// and not in a weekend, whatever day the suite runs on.
inline std::int64_t last_weekday_before_today() {
  auto day = today() - 1;
  while (day_of_week(day) >= 5) --day;
  return day;
}

struct Team {
  std::string code;
  std::int64_t id = 0, person = 0;  // the co-worker's person
};

inline Team coworker_team(store::Database& db) {
  auto r = db.acquire()->query(
      "SELECT t.code, t.id, a.person_id FROM account_people a JOIN users u ON u.id = a.user_id "
      "JOIN memberships m ON m.person_id = a.person_id JOIN teams t ON t.id = m.team_id WHERE "
      "u.username = 'coworker' AND t.kind = 'regional' LIMIT 1");
  return {r.rows.at(0).text(0), r.rows.at(0).integer(1), r.rows.at(0).integer(2)};
}

}  // namespace ploeg::test::week
