// What the tests of the team's week share: days and dates, and the demo
// co-worker's regional team.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test::week {

inline std::int64_t today() {
  return static_cast<std::int64_t>(std::time(nullptr)) / 86400;
}

inline std::string date_of(std::int64_t day, const char* format = "%Y-%m-%d") {
  std::time_t t = day * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[16];
  std::strftime(b, sizeof b, format, &tm);
  return b;
}

// The Monday `weeks` weeks after this one.
inline std::int64_t monday_in(int weeks) {
  return today() - ((today() + 3) % 7) + 7 * weeks;
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
