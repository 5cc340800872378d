// What a co-worker's home page shows of casework: the steps they hold, each
// of their teams' queue (how many, the oldest), and what colleagues took
// over from them. References only, no citizen's personal data: reading it
// needs no audit entry.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casework/holding.hpp"
#include "store/database.hpp"

namespace ploeg::casework {

struct MyStep {
  std::string reference;
  std::string type_code;
  std::string type_name;
  std::string step_code;
  std::string step_name;
  std::string team_code;
  std::int64_t taken_at = 0;
  int held_working_days = 0;
  bool held_too_long = false;  // longer than the team's setting
};

struct TeamWork {
  std::string team_code;
  std::string team_name;
  int in_progress = 0;  // requests not finished
  int waiting = 0;      // of which nobody has taken the step
  std::string oldest_reference;
  std::int64_t oldest_submitted_at = 0;
  int complaints_waiting = 0;  // complaints.hpp: not answered yet
  std::string oldest_complaint_reference;
  std::int64_t oldest_complaint_at = 0;
  // Decisions proposed in the team that the person may confirm (review.hpp:
  // not their own, and they hold decision at the type's level), oldest first.
  std::vector<std::string> to_confirm;
};

struct MyWork {
  std::vector<MyStep> steps;          // oldest request first
  std::vector<TeamWork> teams;        // the regional teams the person is a member of
  std::vector<TakenOver> taken_over;  // in the last taken_over_days
};

// Colleagues' take-overs stay on the home page this long.
inline constexpr std::int64_t taken_over_days = 14;

// Nothing for someone who is nobody of the organisation.
MyWork my_work(store::Connection& c, std::int64_t person_id);

}  // namespace ploeg::casework
