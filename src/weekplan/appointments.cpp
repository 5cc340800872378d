#include "weekplan/appointments.hpp"

#include <cstdio>

#include "weekplan/store.hpp"  // monday_of

namespace ploeg::weekplan {
namespace {

constexpr int earliest = 7 * 60, latest = 19 * 60;  // the hours citizens are seen

const char* part_code(int part) {
  return part == 0 ? "am" : "pm";
}

bool member_holds(store::Connection& c, std::int64_t team_id, std::int64_t person_id,
                  const std::string& competence) {
  return !c.query(
               "SELECT 1 FROM memberships m JOIN person_competences pc ON pc.person_id = "
               "m.person_id JOIN competences k ON k.id = pc.competence_id WHERE m.team_id = $1 AND "
               "m.person_id = $2 AND k.code = $3",
               {team_id, person_id, competence})
              .empty();
}

// A free room of the office for the part of the day; false when every one is taken.
bool book_room(store::Connection& c, std::int64_t office_id, const AppointmentRow& a) {
  for (auto& room :
       c.query("SELECT id FROM meeting_rooms WHERE office_id = $1 ORDER BY id", {office_id}).rows) {
    // ON CONFLICT: a room another transaction took first is simply not this one.
    auto taken = c.query(
        "INSERT INTO room_bookings (room_id, day, part, appointment_id) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING RETURNING room_id",
        {room.integer(0), a.day, std::string(part_code(a.part())), a.id});
    if (!taken.empty()) return true;
  }
  return false;
}

// The appointment the form names is not the team's (any more): the form is
// wrong for this week, so it comes back as invalid, like a field.
Outcome appointment_gone() {
  return Outcome::refused(Verdict::invalid,
                          {"form", "week_appointment_unknown", "the appointment is gone"});
}

}  // namespace

std::string clock_text(int minutes) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return b;
}

std::optional<int> clock_minutes(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59) return std::nullopt;
  int total = h * 60 + m;
  if (total < earliest || total > latest) return std::nullopt;
  return total;
}

std::vector<AppointmentRow> load_appointments(store::Connection& c, std::int64_t team_id,
                                              std::int64_t monday) {
  std::vector<AppointmentRow> out;
  for (auto& r :
       c.query("SELECT a.id, a.day, a.starts, a.minutes, k.code, a.place, "
               "COALESCE(q.reference, ''), COALESCE(a.person_id, 0), "
               "COALESCE(a.proposed_person_id, 0), COALESCE(mr.name, '') FROM "
               "week_appointments a JOIN competences k ON k.id = a.competence_id LEFT JOIN "
               "requests q ON q.id = a.request_id LEFT JOIN room_bookings rb ON "
               "rb.appointment_id = a.id LEFT JOIN meeting_rooms mr ON mr.id = rb.room_id "
               "WHERE a.team_id = $1 AND a.day >= $2 AND a.day < $3 ORDER BY a.day, "
               "a.starts, a.id",
               {team_id, monday, monday + 5})
           .rows) {
    AppointmentRow a;
    a.id = r.integer(0);
    a.day = r.integer(1);
    a.starts = static_cast<int>(r.integer(2));
    a.minutes = static_cast<int>(r.integer(3));
    a.competence = r.text(4);
    a.where = roster::where_named(r.text(5)).value_or(roster::Where::office);
    a.request_reference = r.text(6);
    a.person_id = r.integer(7);
    a.proposed_person_id = r.integer(8);
    a.room = r.text(9);
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<TeamHolders> team_holders(store::Connection& c, std::int64_t team_id,
                                        const std::string& competence) {
  auto found = c.query("SELECT id FROM competences WHERE code = $1", {competence});
  if (found.empty()) return std::nullopt;
  TeamHolders out;
  out.competence_id = found.rows[0].integer(0);
  out.count = c.query(
                   "SELECT COUNT(*) FROM memberships m JOIN person_competences pc ON "
                   "pc.person_id = m.person_id WHERE m.team_id = $1 AND pc.competence_id = $2",
                   {team_id, out.competence_id})
                  .rows[0]
                  .integer(0);
  return out;
}

Added add_appointment(store::Connection& c, const NewAppointment& a, std::int64_t now) {
  Added out;
  auto refuse = [&](const char* field, const char* key, const char* message) {
    static_cast<Outcome&>(out) = Outcome::refused(Verdict::invalid, {field, key, message});
    return out;
  };
  auto competence = team_holders(c, a.team_id, a.competence);
  if (!competence)
    return refuse("competence", "week_appointment_unknown_competence", "no such competence");
  if (competence->count == 0)
    return refuse("competence", "week_appointment_no_holder",
                  "nobody in the team holds that competence");
  store::Value request(nullptr);
  if (!a.request_reference.empty()) {
    auto found =
        c.query("SELECT id, team_id FROM requests WHERE reference = $1", {a.request_reference});
    if (found.empty())
      return refuse("request", "week_appointment_unknown_request", "no request by that reference");
    if (found.rows[0].integer(1) != a.team_id)
      return refuse("request", "week_appointment_other_team", "another team handles that request");
    request = found.rows[0].integer(0);
  }
  auto inserted = c.query(
      "INSERT INTO week_appointments (team_id, day, starts, minutes, competence_id, place, "
      "request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {a.team_id, a.day, std::int64_t{a.starts}, std::int64_t{a.minutes}, competence->competence_id,
       std::string(roster::where_name(a.where)), request, now});
  out.id = inserted.rows.at(0).integer(0);
  return out;
}

Outcome assign_appointment(store::Connection& c, std::int64_t team_id, std::int64_t appointment_id,
                           std::int64_t person_id) {
  auto found = c.query(
      "SELECT k.code FROM week_appointments a JOIN competences k ON k.id = a.competence_id WHERE "
      "a.id = $1 AND a.team_id = $2",
      {appointment_id, team_id});
  if (found.empty()) return appointment_gone();
  if (person_id && !member_holds(c, team_id, person_id, found.rows[0].text(0)))
    return Outcome::refused(Verdict::invalid,
                            {"person", "week_appointment_not_holder",
                             "that person is not in the team or does not hold the competence"});
  std::vector<store::Value> params{nullptr, appointment_id};
  if (person_id) params[0] = person_id;
  c.query("UPDATE week_appointments SET person_id = $1 WHERE id = $2", params);
  return {};
}

Moved move_appointment(store::Connection& c, std::int64_t team_id, std::int64_t office_id,
                       std::int64_t appointment_id, const Slot& to) {
  Moved out;
  if (c.query("SELECT 1 FROM week_appointments WHERE id = $1 AND team_id = $2",
              {appointment_id, team_id})
          .empty()) {
    static_cast<Outcome&>(out) = appointment_gone();
    return out;
  }
  bool had_room = !c.query("DELETE FROM room_bookings WHERE appointment_id = $1 RETURNING room_id",
                           {appointment_id})
                       .empty();
  c.query(
      "UPDATE week_appointments SET day = $2, starts = $3, minutes = $4, place = $5, "
      "proposed_person_id = NULL WHERE id = $1",
      {appointment_id, to.day, std::int64_t{to.starts}, std::int64_t{to.minutes},
       std::string(roster::where_name(to.where))});
  if (had_room && to.where == roster::Where::office) {
    AppointmentRow moved;
    moved.id = appointment_id;
    moved.day = to.day;
    moved.starts = to.starts;
    out.room_lost = !office_id || !book_room(c, office_id, moved);
  }
  return out;
}

bool delete_appointment(store::Connection& c, std::int64_t team_id, std::int64_t appointment_id) {
  if (c.query("SELECT 1 FROM week_appointments WHERE id = $1 AND team_id = $2",
              {appointment_id, team_id})
          .empty())
    return false;
  c.query("DELETE FROM room_bookings WHERE appointment_id = $1", {appointment_id});
  c.query("DELETE FROM week_appointments WHERE id = $1", {appointment_id});
  return true;
}

std::vector<std::int64_t> accept_appointments(store::Connection& c, std::int64_t team_id,
                                              std::int64_t office_id, std::int64_t monday) {
  std::vector<std::int64_t> no_room;
  c.query(
      "UPDATE week_appointments SET person_id = COALESCE(proposed_person_id, person_id) WHERE "
      "team_id = $1 AND day >= $2 AND day < $3",
      {team_id, monday, monday + 5});
  for (auto& a : load_appointments(c, team_id, monday)) {
    bool needs_room = a.where == roster::Where::office && a.person_id;
    if (!needs_room) {
      c.query("DELETE FROM room_bookings WHERE appointment_id = $1", {a.id});
      continue;
    }
    if (!a.room.empty()) continue;  // its room still holds its day and part
    if (!office_id || !book_room(c, office_id, a)) no_room.push_back(a.id);
  }
  return no_room;
}

void create_demo_appointments(store::Connection& c, std::int64_t today, std::int64_t now) {
  if (!c.query("SELECT 1 FROM week_appointments LIMIT 1").empty()) return;
  struct Demo {
    int weekday, starts;
    const char* competence;
    roster::Where where;
  };
  const Demo demo[] = {{0, 11 * 60, "administration", roster::Where::office},
                       {1, 9 * 60 + 30, "medical", roster::Where::office},
                       {2, 14 * 60, "social_work", roster::Where::home_visit},
                       {3, 10 * 60, "intake", roster::Where::video}};
  std::int64_t monday = monday_of(today);
  for (auto& team : c.query("SELECT id FROM teams WHERE kind = 'regional' ORDER BY id").rows) {
    for (std::int64_t week : {monday, monday + 7}) {
      for (auto& d : demo) {
        NewAppointment a;
        a.team_id = team.integer(0);
        a.day = week + d.weekday;
        a.starts = d.starts;
        a.competence = d.competence;
        a.where = d.where;
        if (a.day >= today) add_appointment(c, a, now);  // refused where nobody holds it
      }
    }
  }
}

void register_appointment_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(42, "weekplan: citizens' appointments and meeting room bookings",
                                 R"(
CREATE TABLE week_appointments (
  id {{id}},
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  starts INTEGER NOT NULL CHECK (starts BETWEEN 420 AND 1140),
  minutes INTEGER NOT NULL DEFAULT 60 CHECK (minutes BETWEEN 15 AND 240),
  competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE CASCADE,
  place TEXT NOT NULL CHECK (place IN ('office', 'home_visit', 'video')),
  request_id BIGINT REFERENCES requests (id) ON DELETE SET NULL,
  person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  proposed_person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX week_appointments_team_day ON week_appointments (team_id, day);
CREATE INDEX week_appointments_person ON week_appointments (person_id, day);
CREATE TABLE room_bookings (
  room_id BIGINT NOT NULL REFERENCES meeting_rooms (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  part TEXT NOT NULL CHECK (part IN ('am', 'pm')),
  appointment_id BIGINT NOT NULL UNIQUE REFERENCES week_appointments (id) ON DELETE CASCADE,
  PRIMARY KEY (room_id, day, part)
);
)"));
}

}  // namespace ploeg::weekplan
