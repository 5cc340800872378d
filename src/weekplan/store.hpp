// The team's week plan (issue 7): each member's own row (where they would
// like to work each day, or a day off they enter), the team's coverage rules
// and office days, the proposal the planner made and the plan the team
// accepted; accepting books every office day's desk and gives back the rest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"  // monday_of, date_text
#include "engines/roster/model.hpp"
#include "engines/roster/planner.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "weekplan/appointments.hpp"

namespace ploeg::weekplan {

struct MemberRow {
  std::int64_t person_id = 0;
  std::string name;
  std::vector<std::string> competences;                // codes
  std::vector<std::optional<roster::Place>> mine;      // their own row, per day
  std::vector<std::optional<roster::Place>> proposal;  // the planner's, per day
  std::vector<std::optional<roster::Place>> plan;      // accepted, per day
  std::vector<std::string> desks;                      // booked desk per day, "" none
  std::vector<bool> works;                             // per day: not one of their days off
  int fte_permille = 1000;                             // their contract: 1000 full time
};

struct TeamWeek {
  std::int64_t team_id = 0;
  std::string team_code, team_name;
  std::int64_t office_id = 0;  // the office of the team's region; 0 none
  std::string office_name;
  std::int64_t monday = 0;  // days since 1970
  std::vector<MemberRow> members;
  std::vector<AppointmentRow> appointments;             // in the order of week.appointments
  roster::Week week;                                    // what the planner and the checks see
  std::map<std::string, std::string> competence_names;  // code -> name, for the page
  bool has_proposal = false;
};

// Team, office and competence names in `language` (their fallback name without one).
std::optional<TeamWeek> load_week(store::Connection& c, const std::string& team_code,
                                  std::int64_t monday, const std::string& language = "");

// A member's own entry for a day; nullopt clears it. The day must be in the week.
void save_mine(store::Connection& c, std::int64_t team_id, std::int64_t person_id, std::int64_t day,
               std::optional<roster::Place> place);

void save_proposal(store::Connection& c, const TeamWeek& week, const roster::Plan& plan,
                   std::int64_t now);

// The proposal becomes the plan; office days get desks (the neighbourhood
// first), other days give theirs back (and their place in line); appointments
// go to the proposed members and office ones get a meeting room. Days before
// today stay as they were. All of it is written on the caller's connection,
// inside one transaction of theirs: a failure anywhere leaves nothing of the
// accept behind. A desk or room another transaction took first is no
// failure: the accept goes on and says who is left without.
struct Accepted {
  std::vector<std::string> without_desk;   // "name (day)": the office was full, they wait
  std::vector<std::int64_t> without_room;  // appointments: every meeting room was taken
  // Each desk the accept booked or gave back, for the audit log.
  struct DeskChange {
    std::int64_t person_id = 0, day = 0;
    std::string desk;                    // the desk booked; "" given back
    std::vector<std::int64_t> given_to;  // given back: who got it from the waiting list
  };
  std::vector<DeskChange> desks;
};
Accepted accept(store::Connection& c, const TeamWeek& week, std::int64_t now);

// A member's index in week.members, -1 when not a member.
int member_index(const TeamWeek& week, std::int64_t person_id);

// Coverage rules and office days for the demo's regional teams: intake in the
// office every day, a doctor in on Tuesday and Thursday, the team in on Wednesday.
void create_demo_rules(store::Connection& c);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::weekplan
