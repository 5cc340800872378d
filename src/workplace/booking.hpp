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

#include "core/outcome.hpp"
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

// What a booking came to: a desk now, the desk the person had already, or a
// place on the office's waiting list; none when it was refused.
enum class Placement { none, booked, already, waiting };

// Refused (core/outcome.hpp): invalid for a day outside the horizon
// ("desk_outside_horizon", field day) or a desk in another office
// ("week_desk_elsewhere", field desk); not_found for an unknown office;
// conflict for a picked desk that is taken ("week_desk_taken").
struct BookingResult : Outcome {
  Placement placement = Placement::none;
  std::optional<Booked> desk;  // booked or already
  int waiting_position = 0;    // waiting: 1 is next
};

// The organisation's workplace policy (one row, workplace_policy): how many
// days a week a co-worker may work from home, how far ahead desks can be booked.
struct Policy {
  int max_home_days = 3;
  int booking_horizon_days = 28;
};
Policy policy(store::Connection& c);
void save_policy(store::Connection& c, const Policy& policy);

// How many days ahead a desk can be booked: the policy's horizon.
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

// The office where the person has a desk that day (either part); none without one.
std::optional<std::int64_t> office_booked(store::Connection& c, std::int64_t person_id,
                                          std::int64_t day);

// A person's desk of a day as the API names it, "2026-12-08.57" (the day, the
// person): a person has one desk a day at most (or two half days, given back
// together), so the two name it.
std::string booking_id(std::int64_t person_id, std::int64_t day);
struct BookingKey {
  std::int64_t person_id = 0;
  std::int64_t day = 0;
};
std::optional<BookingKey> booking_key(const std::string& id);

// The person moves to the desk they picked for that day (all day): the old
// desk goes to the first one waiting. Nothing changes when the picked desk is
// taken (conflict, "week_desk_taken") or in another office (invalid,
// "week_desk_elsewhere"). A refusal leaves the caller's transaction as it
// was, ready for more work.
Outcome move_to_desk(store::Connection& c, std::int64_t person_id, std::int64_t office_id,
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
