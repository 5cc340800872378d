// Every team's figures, kept up to date as requests move: received and
// decided, throughput time, backlog, satisfaction and complaints, per team,
// per region and for the whole organisation, per week and per month. Each
// change adds to a few rows, so reading a year of a million requests stays a
// question of a few hundred rows.
#pragma once

#include <compare>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <utility>

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
  std::int64_t complaints_answered = 0;    // counted in the period of the answer
  std::int64_t complaint_answer_days = 0;  // the whole days each took, summed
};

// Scopes: "team" (a team's id), "region" (a region's id), "org" (id 0).
enum class ScopeKind : std::uint8_t { team, region, org };
const char* scope_name(ScopeKind scope);

// One row of `figures`: a scope's week or month. Numbers only, hashed: the
// demo history adds to these tens of millions of times.
struct Key {
  ScopeKind scope;
  bool month;  // else the week
  std::int64_t id;
  std::int64_t start_day;
  auto operator<=>(const Key&) const = default;
};
// One row of `open_requests`: a scope's requests received on one day.
struct OpenKey {
  ScopeKind scope;
  std::int64_t id;
  std::int64_t day;
  auto operator<=>(const OpenKey&) const = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const;
  std::size_t operator()(const std::pair<Key, std::int64_t>& k) const;
  std::size_t operator()(const OpenKey& k) const;
  std::size_t operator()(const std::tuple<std::int64_t, std::int64_t, std::int64_t>& k) const;
};

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
  // A complaint made at `complained_at` answered at `answered_at` (complaints.hpp).
  void complaint_answered(std::int64_t team_id, std::int64_t complained_at,
                          std::int64_t answered_at);

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
  std::unordered_map<Key, Counts, KeyHash> counts_;
  // (key, days) -> decided
  std::unordered_map<std::pair<Key, std::int64_t>, std::int64_t, KeyHash> throughput_;
  // Open requests by scope and day of receipt: the backlog and its age.
  std::unordered_map<OpenKey, std::int64_t, KeyHash> open_;
  // Requests received by team, month and request type: the case mix.
  std::unordered_map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, std::int64_t, KeyHash>
      mix_;
};

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework::figures
