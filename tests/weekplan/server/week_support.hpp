// What the tests of the team's week share: days and dates, and the demo
// co-worker's regional team.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

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

namespace ploeg::test {

// Asks for the week's proposal (POST week + "/propose") and waits until the
// job that makes it has ended, as the page's script does: the answer to the
// post, and how the job ended ("done", "failed", "cancelled").
struct Proposed {
  HttpResponse posted;
  std::string ended;
};
inline Proposed propose_week(Visitor& v, const std::string& week, const std::string& start) {
  Proposed p{v.post(week + "/propose", {{"start", start}}), ""};
  auto location = p.posted.header("Location").value_or("");
  auto at = location.find("job=");
  if (p.posted.status != 303 || at == std::string::npos) return p;
  auto job = "/jobs/" + location.substr(at + 4, location.find('&', at) - at - 4);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < until) {
    auto state = v.get(job);
    if (state.status != 200) break;
    if (state.body.find("\"active\":false") != std::string::npos) {
      auto s = state.body.find("\"status\":\"");
      if (s != std::string::npos) {
        s += 10;
        p.ended = state.body.substr(s, state.body.find('"', s) - s);
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return p;
}

}  // namespace ploeg::test
