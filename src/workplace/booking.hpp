// Desks and their bookings (issue 7): offices with floors, zones and desks,
// a zone possibly a team's neighbourhood; a booking holds a desk for a day's
// morning, afternoon or both. The database itself refuses two bookings of a
// desk for one part of a day (a unique key), so no race between servers can
// double-book; when an office is full the person joins its waiting list, and
// a desk given back goes to the first one waiting.
//
// The writes take the caller's connection, inside the caller's transaction,
// so a request that books, releases and writes other things (accepting a
// week plan) is one transaction: all of it or none. None of them throws for
// a desk another transaction took first (ON CONFLICT DO NOTHING keeps a
// PostgreSQL transaction usable): that is an outcome, not an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::workplace {

enum class Part { morning, afternoon, day };
const char* part_name(Part p);  // "morning", "afternoon", "day"
std::optional<Part> part_named(const std::string& name);

struct BookingRequest {
  std::int64_t person_id = 0;
  std::int64_t office_id = 0;
  std::int64_t day = 0;  // days since 1970-01-01
  Part part = Part::day;
  std::optional<std::int64_t> desk_id;  // the person's pick; else the planner's choice
  std::optional<std::int64_t> team_id;  // sit in this team's neighbourhood when there is room
};

struct Booked {
  std::int64_t desk_id = 0;
  std::string desk_code, zone_name, floor_name;
  bool in_neighbourhood = false;
};

enum class Outcome { booked, already, waiting, refused };

struct BookingResult {
  Outcome outcome = Outcome::refused;
  std::optional<Booked> desk;  // booked or already
  int waiting_position = 0;    // waiting: 1 is next
  std::string reason;          // refused: what to change
};

// How many days ahead a desk can be booked: the organisation's policy
// (workplace_policy, kept with the week's policy), 28 without one.
int booking_horizon(store::Connection& c);

// `today` in days since 1970; the day must be within [today, today + horizon_days].
// A refusal or a place on the waiting list changes nothing else.
BookingResult book(store::Connection& c, const BookingRequest& request, std::int64_t today,
                   int horizon_days, std::int64_t now_seconds);

// Gives back the person's desk for that day (both parts of a day booking)
// and leaves the waiting list; the first waiting gets the desk. Returns the
// persons who got a desk this way.
std::vector<std::int64_t> release(store::Connection& c, std::int64_t person_id,
                                  std::int64_t office_id, std::int64_t day,
                                  std::int64_t now_seconds);

// The person moves to the desk they picked for that day (all day): the old
// desk goes to the first one waiting. Nothing changes when the picked desk is
// taken ("desk_taken") or in another office ("desk_elsewhere"); "" when moved.
// A refusal leaves the caller's transaction as it was, ready for more work.
std::string move_to_desk(store::Connection& c, std::int64_t person_id, std::int64_t office_id,
                         std::int64_t day, std::int64_t desk_id, std::int64_t now_seconds);

struct FreeDesk {
  std::int64_t id = 0;
  std::string code, zone, features;
  bool in_neighbourhood = false;  // the team's zone
  std::string zone_team;          // the code of the team whose neighbourhood it is; "" none
};
// Desks of the office free all day, the team's neighbourhood first.
std::vector<FreeDesk> free_desks(store::Connection& c, std::int64_t office_id, std::int64_t day,
                                 std::int64_t team_id);

// The person's place on the office's waiting list that day; 0 when not waiting.
int waiting_position(store::Connection& c, std::int64_t office_id, std::int64_t day,
                     std::int64_t person_id);

// Offices, floors, zones and desks for the demo organisation: one office per
// region, a neighbourhood per team with desks for 60% of its members.
void create_demo_places(store::Connection& c);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::workplace
