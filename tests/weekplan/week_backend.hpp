// The fixture the week's store tests share, once per backend: the
// workplace's (tests/workplace/places_backend.hpp: the whole schema, a small
// organisation, its offices and desks) with the week's own helpers: the
// planner's proposals, appointments, a team's week.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weekplan/store.hpp"
#include "workplace/places_backend.hpp"

namespace ploeg::weekplan::testing {

class WeekBackendTest : public workplace::testing::PlacesBackendTest {
 protected:
  // The planner's proposal for a member's week, Monday to Friday.
  void propose(std::int64_t person, const std::vector<std::string>& places) {
    auto lease = db_->acquire();
    for (std::size_t d = 0; d < places.size(); ++d)
      lease->query(
          "INSERT INTO week_proposals (team_id, person_id, day, place, proposed_at) VALUES ($1, "
          "$2, $3, $4, $5)",
          {team1, person, monday + static_cast<std::int64_t>(d), places[d], now});
  }

  // An appointment of T1 on a weekday of the week, proposed to `proposed` (0: nobody).
  std::int64_t appointment(int weekday, int starts, const std::string& competence,
                           roster::Where where, std::int64_t proposed) {
    NewAppointment a;
    a.team_id = team1;
    a.day = monday + weekday;
    a.starts = starts;
    a.competence = competence;
    a.where = where;
    auto lease = db_->acquire();
    auto added = add_appointment(*lease, a, now);
    EXPECT_TRUE(added.ok()) << added.first_key();
    if (proposed)
      lease->query("UPDATE week_appointments SET proposed_person_id = $1 WHERE id = $2",
                   {proposed, added.id});
    return added.id;
  }

  TeamWeek week() {
    auto loaded = load_week(*db_->acquire(), "T1", monday);
    EXPECT_TRUE(loaded.has_value());
    return loaded.value_or(TeamWeek{});
  }
};

}  // namespace ploeg::weekplan::testing
