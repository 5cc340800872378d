// Steps nobody would act on: taken by someone who has left the handling team,
// by a colleague who is ill or away, or simply held for too long. A step held
// by a leaver goes back to the queue when the membership ends; a colleague
// who holds the competence takes over one held by someone away (with the
// reason, audited, and the holder finds it on their home page); a step held
// longer than the team's setting is flagged in the queue.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casework/handling.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

// Why a colleague takes over a step: the holder is absent, ill or on leave.
inline const std::vector<std::string> take_over_reasons = {"absent", "ill", "leave"};

// Takes the current step (`step_code`, as the page showed it) from the
// colleague who holds it. Members of the handling team who hold the step's
// competence only: anyone else 403 with why (audited). 409 when nobody (or
// the actor) holds it, or the request moved on; 422 for a reason not in
// take_over_reasons.
Outcome take_over(store::Database& db, const Actor& actor, const std::string& reference,
                  const std::string& step_code, const std::string& reason);

// Gives back to the queue every step of the team held by someone who is no
// longer a member of it, in the caller's transaction (where the membership
// ended). Each release is in the request's timeline and the audit log under
// `actor`; returns how many there were.
int release_steps_of_leavers(store::Connection& c, const Actor& actor, std::int64_t team_id);

// How many unfinished requests' steps `person_id` holds in `team_id`: what
// leaving that team gives back to the queue.
int steps_held(store::Connection& c, std::int64_t person_id, std::int64_t team_id);

// A step held longer than this many working days (Monday to Friday in the
// organisation's zone) is flagged in the queue; each team sets its own.
inline constexpr int default_held_too_long_days = 5;
inline constexpr int max_held_too_long_days = 60;
int held_too_long_days(store::Connection& c, std::int64_t team_id);
// Members of the team only (403, audited); 1 to max_held_too_long_days (422).
Outcome set_held_too_long_days(store::Database& db, const Actor& actor,
                               const std::string& team_code, int days);

// A step a colleague took over from `person_id`: what their home tells them.
struct TakenOver {
  std::string reference;
  std::string type_code;
  std::string step_code;
  std::string step_name;  // the fallback name; pages show names.step(...)
  std::string by_name;
  std::string reason;
  std::int64_t at = 0;
};
// Those since `since`, newest first, of requests still in a team of theirs.
std::vector<TakenOver> taken_over_from(store::Connection& c, std::int64_t person_id,
                                       std::int64_t since);

void register_holding_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
