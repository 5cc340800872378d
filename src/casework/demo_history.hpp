// The demo's past: twelve months of citizens' requests for the regional
// teams, so the dashboard has a story to tell. Arrivals follow each team's
// size, the week (Mondays busy, weekends empty) and the year (a January peak,
// a summer dip), with a request-type mix per region. Each step of a request
// is laid out on the working clock: taken from the queue, hours of work, and
// for some steps a wait that is not work (for the citizen, a doctor's report,
// another service; request_waits) — so a capacity model built from the log
// (staffing) finds the team's own work and waits again. Teams differ in
// speed, a few clearly faster and a few struggling, with a backlog to match.
// Satisfaction and complaints follow lateness.
//
// Generation is pure and deterministic (the same input and seed give the
// same requests, on every run); writing is apart: one transaction of batched
// inserts, with the figures tallied from the very same requests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "casework/model.hpp"
#include "store/database.hpp"

namespace ploeg::casework::history {

// What the generator needs to know of one regional team.
struct Member {
  std::int64_t person_id = 0;
  std::vector<std::string> competences;  // codes
};

struct Team {
  std::int64_t id = 0;
  std::string code;
  std::string region;                  // region code: picks the request mix and the names
  std::vector<std::string> postcodes;  // the team's block of its region's postcodes
  std::vector<Member> members;
};

struct Input {
  std::vector<Team> teams;  // the regional teams that have postcodes and members
  Process process;
  std::int64_t people = 0;  // in the whole organisation: the number of requests follows it
};

struct Options {
  std::uint64_t seed = 1;
  int requests_per_person = 20;  // a year's requests per person of the organisation
  std::int64_t now = 0;          // the year ends here (unix seconds)
};

// One event of a request's timeline, as request_events stores it.
struct Event {
  std::int64_t at = 0;
  std::string kind;  // filed, taken, done, decided, rated, complaint
  std::string step_code;
  std::int64_t person_id = 0;  // 0: none (the citizen, or nobody of the team)
  std::string body;
  bool medical = false;
};

// A wait that is not work, as request_waits stores it.
struct Wait {
  std::string step_code;
  std::string reason;  // citizen, report, service
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;  // 0: still waiting
};

// One generated request. Times are unix seconds; 0 stands for "not yet".
struct Request {
  std::int64_t number = 0;  // 1, 2, ...: its submission key is "demo-<number>"
  std::size_t team = 0;     // index into Input::teams
  std::size_t type = 0;     // index into Input::process.types
  std::vector<std::string> conditions;
  std::string reference;  // "2026-4KQ7-M2XD", unique among the generated ones
  std::string postcode;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string description;
  std::int64_t submitted_at = 0;
  int step_index = 0;  // steps done among steps_for(type, conditions)
  std::int64_t holder_id = 0;
  std::int64_t taken_at = 0;
  std::int64_t decided_at = 0;
  std::string decision;  // granted, refused; empty while undecided
  std::string motivation;
  std::int64_t finished_at = 0;
  int rating = 0;  // 1-5; 0: not rated
  std::int64_t rated_at = 0;
  std::int64_t complained_at = 0;
  std::vector<Event> events;  // in time order
  std::vector<Wait> waits;
};

// Every request of the year, in a fixed order, handed one at a time to
// `each` (the same object refilled: copy what is kept). About
// requests_per_person * input.people requests in all, shared among the teams
// by their size.
void generate(const Input& input, const Options& options,
              const std::function<void(const Request&)>& each);

// The regional teams with their postcode blocks (as sql::route shares them),
// members and competences; the process; the number of people.
Input load_input(store::Connection& c);

struct Summary {
  std::int64_t requests = 0;
  std::int64_t open = 0;  // not decided yet: the backlog at the end of the year
  std::int64_t events = 0;
  std::int64_t waits = 0;
  double seconds = 0;          // generating and writing, figures included
  double figures_seconds = 0;  // of which saving the figures
};

// Generates and writes the year in one transaction, and tallies its figures,
// unless the database holds requests already (then nothing, and nullopt).
// `progress` hears (requests written, requests in all) now and then.
std::optional<Summary> create(store::Database& db, const Options& options,
                              const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace ploeg::casework::history
