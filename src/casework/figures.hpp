// Every team's figures, kept up to date as requests move: received and
// decided, throughput time, backlog, satisfaction and complaints, per team,
// per region and for the whole organisation, per week and per month. Each
// change adds to a few rows, so reading a year of a million requests stays a
// question of a few hundred rows.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <unordered_map>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework::figures {

// Days since 1970-01-01 (UTC) and the first day of their week (Monday) and
// month: the keys of the figures' periods.
std::int64_t day_of(std::int64_t unix_seconds);
std::int64_t week_start(std::int64_t day);
std::int64_t month_start(std::int64_t day);

// Whole days from receipt to decision, as the figures count them.
std::int64_t throughput_days(std::int64_t submitted_at, std::int64_t decided_at);

// The counters of one period of one scope; every field adds up.
struct Counts {
  std::int64_t received = 0;
  std::int64_t decided = 0;
  std::int64_t decided_in_target = 0;  // throughput_days <= the type's target
  std::int64_t moved_in = 0;           // handed over from another team (or region)
  std::int64_t moved_out = 0;
  std::int64_t ratings = 0;
  std::int64_t rating_sum = 0;
  std::int64_t ratings_good = 0;  // a 4 or a 5
  std::int64_t complaints = 0;
};

// Scopes: "team" (a team's id), "region" (a region's id), "org" (id 0).
using Key = std::tuple<std::string, std::int64_t, std::string, std::int64_t>;  // scope, id,
                                                                               // period, start_day

// A batch of changes to the figures, gathered in memory and added to the
// tables at once: one event of the casework, or a year of demo history.
class Tally {
 public:
  // Looks up the region of each team it meets on `c`.
  explicit Tally(store::Connection& c) : c_(c) {}

  // The request's type goes into the team's case mix (figures_mix).
  void received(std::int64_t team_id, std::int64_t submitted_at, std::int64_t request_type_id);
  void decided(std::int64_t team_id, std::int64_t submitted_at, std::int64_t decided_at,
               int target_days);
  void moved(std::int64_t from_team, std::int64_t to_team, std::int64_t submitted_at,
             std::int64_t at);
  void rated(std::int64_t team_id, std::int64_t at, int score);
  void complained(std::int64_t team_id, std::int64_t at);

  // Adds everything gathered to the tables (inside the caller's transaction)
  // and starts empty again.
  void save(store::Connection& c);

 private:
  template <typename Change>
  void each_scope(std::int64_t team_id, std::int64_t at, Change change);
  void open_request(std::int64_t team_id, std::int64_t submitted_at, int delta);
  std::int64_t region_of(std::int64_t team_id);

  store::Connection& c_;
  std::unordered_map<std::int64_t, std::int64_t> region_of_;  // team -> region (0: none)
  std::map<Key, Counts> counts_;
  std::map<std::tuple<Key, std::int64_t>, std::int64_t> throughput_;  // (key, days) -> decided
  // Open requests by scope and day of receipt: the backlog and its age.
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, std::int64_t> open_;
  // Requests received by team, month and request type: the case mix.
  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, std::int64_t> mix_;
};

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework::figures
