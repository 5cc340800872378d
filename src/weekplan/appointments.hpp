// Citizens' appointments in the team's week (issue 7): a time, a place (the
// office, a home visit or a video call), the competence it needs and
// optionally the request it is about; each given to a member who holds the
// competence, by hand or by the planner's proposal. An office appointment
// holds a meeting room for its part of the day once the plan is accepted;
// the database refuses two appointments in one room for one part of a day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/outcome.hpp"
#include "engines/roster/model.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::weekplan {

struct AppointmentRow {
  std::int64_t id = 0;
  std::int64_t day = 0;  // days since 1970
  int starts = 0;        // minutes after midnight
  int minutes = 60;
  std::string competence;  // code
  roster::Where where = roster::Where::office;
  std::string request_reference;        // "" none
  std::int64_t person_id = 0;           // given to; 0 nobody yet
  std::int64_t proposed_person_id = 0;  // the planner's choice; 0 none
  std::string room;                     // the meeting room's name once booked
  int part() const { return starts >= 13 * 60 ? 1 : 0; }
};

std::vector<AppointmentRow> load_appointments(store::Connection& c, std::int64_t team_id,
                                              std::int64_t monday);

// "09:30" from 570, and back; nullopt unless HH:MM between 07:00 and 19:00.
std::string clock_text(int minutes);
std::optional<int> clock_minutes(const std::string& text);

// A competence by its code and how many members of the team hold it;
// nullopt when no competence has that code.
struct TeamHolders {
  std::int64_t competence_id = 0;
  std::int64_t count = 0;
};
std::optional<TeamHolders> team_holders(store::Connection& c, std::int64_t team_id,
                                        const std::string& competence);

struct NewAppointment {
  std::int64_t team_id = 0;
  std::int64_t day = 0;
  int starts = 0, minutes = 60;
  std::string competence;  // code
  roster::Where where = roster::Where::office;
  std::string request_reference;  // optional
};

// Saves it, or refuses it as invalid, saying what to change in which field
// ("week_appointment_*"), and saves nothing: a competence nobody in the team
// holds, a request of another team or none by that reference.
struct Added : Outcome {
  std::int64_t id = 0;
};
Added add_appointment(store::Connection& c, const NewAppointment& a, std::int64_t now);

// Gives it to a member (0: to nobody). Invalid ("week_appointment_not_holder",
// field person) when the person is not in the team or does not hold the
// competence; invalid too when the appointment is not the team's
// ("week_appointment_unknown", field form).
Outcome assign_appointment(store::Connection& c, std::int64_t team_id, std::int64_t appointment_id,
                           std::int64_t person_id);

// A new day, time, length or place for an appointment of the team (the
// citizen asked to reschedule). It keeps its competence, request and member
// (the proposal's choice, made for the old time, is dropped);
// a meeting room it had is given up, and one is booked for the new time when
// it is still at the office (Moved::room_lost when none is free). Invalid
// ("week_appointment_unknown") when it is not the team's (any more).
struct Slot {
  std::int64_t day = 0;
  int starts = 0, minutes = 60;
  roster::Where where = roster::Where::office;
};
struct Moved : Outcome {
  bool room_lost = false;
};
Moved move_appointment(store::Connection& c, std::int64_t team_id, std::int64_t office_id,
                       std::int64_t appointment_id, const Slot& to);

bool delete_appointment(store::Connection& c, std::int64_t team_id, std::int64_t appointment_id);

// Accepting the proposal: each appointment goes to the proposed member (one
// the proposal does not give, added or moved after it, keeps its own) and an
// office appointment gets a meeting room free in its part of the day (the one
// it had when that still fits). Returns the ids left without a room. Runs in
// the caller's transaction (accept() writes the plan and desks in the same).
std::vector<std::int64_t> accept_appointments(store::Connection& c, std::int64_t team_id,
                                              std::int64_t office_id, std::int64_t monday);

// A few appointments for every regional team in this week and the next
// (days from `today` on): a medical examination, a home visit, a video
// intake, an office talk with the administration.
void create_demo_appointments(store::Connection& c, std::int64_t today, std::int64_t now);

void register_appointment_migrations(store::Migrations& migrations);

}  // namespace ploeg::weekplan
