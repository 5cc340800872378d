#include "casework/figures.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/clock.hpp"
#include "store/batch_insert.hpp"

namespace ploeg::casework::figures {

std::int64_t day_of(std::int64_t unix_seconds) {
  return local_day(unix_seconds);
}

std::int64_t week_start(std::int64_t day) {
  return monday_of(day);
}

std::int64_t month_start(std::int64_t day) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  return sys_days{date.year() / date.month() / 1}.time_since_epoch().count();
}

std::int64_t throughput_days(std::int64_t submitted_at, std::int64_t decided_at) {
  // Calendar days on the organisation's wall: filed on Monday, decided on
  // Wednesday is two days, whatever the hours.
  return decided_at > submitted_at ? local_day(decided_at) - local_day(submitted_at) : 0;
}

const char* scope_name(ScopeKind scope) {
  switch (scope) {
    case ScopeKind::team:
      return "team";
    case ScopeKind::region:
      return "region";
    case ScopeKind::org:
      break;
  }
  return "org";
}

namespace {

// The entries of a tally in key order: concurrent savers then lock the rows
// they share in one order, which keeps PostgreSQL from deadlocking them.
template <typename Map>
std::vector<const typename Map::value_type*> in_order(const Map& map) {
  std::vector<const typename Map::value_type*> entries;
  entries.reserve(map.size());
  for (auto& entry : map) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  return entries;
}

// Mixes numbers into a hash (the 64-bit golden ratio, as boost's
// hash_combine does it).
std::size_t mixed(std::size_t seed, std::uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}
}  // namespace

std::size_t KeyHash::operator()(const Key& k) const {
  auto seed = mixed(static_cast<std::size_t>(k.scope) * 2 + k.month, k.id);
  return mixed(seed, k.start_day);
}
std::size_t KeyHash::operator()(const std::pair<Key, std::int64_t>& k) const {
  return mixed((*this)(k.first), k.second);
}
std::size_t KeyHash::operator()(const OpenKey& k) const {
  return mixed(mixed(static_cast<std::size_t>(k.scope), k.id), k.day);
}
std::size_t KeyHash::operator()(
    const std::tuple<std::int64_t, std::int64_t, std::int64_t>& k) const {
  return mixed(mixed(std::get<0>(k), std::get<1>(k)), std::get<2>(k));
}

std::int64_t Tally::region_of(std::int64_t team_id) {
  auto known = region_of_.find(team_id);
  if (known != region_of_.end()) return known->second;
  auto found = c_.query("SELECT region_id FROM teams WHERE id = $1", {team_id});
  auto region = found.empty() || found.rows[0].is_null(0) ? 0 : found.rows[0].integer(0);
  region_of_[team_id] = region;
  return region;
}

// Calls change(counts) for the team, its region and the organisation, in
// the week and the month of `at`.
template <typename Change>
void Tally::each_scope(std::int64_t team_id, std::int64_t at, Change change) {
  auto day = day_of(at);
  auto region = region_of(team_id);
  for (auto [month, start] : {std::pair{false, week_start(day)}, {true, month_start(day)}}) {
    change(Key{ScopeKind::team, month, team_id, start});
    if (region) change(Key{ScopeKind::region, month, region, start});
    change(Key{ScopeKind::org, month, 0, start});
  }
}

void Tally::open_request(std::int64_t team_id, std::int64_t submitted_at, int delta) {
  auto day = day_of(submitted_at);
  open_[{ScopeKind::team, team_id, day}] += delta;
  auto region = region_of(team_id);
  if (region) open_[{ScopeKind::region, region, day}] += delta;
  open_[{ScopeKind::org, 0, day}] += delta;
}

void Tally::received(std::int64_t team_id, std::int64_t submitted_at,
                     std::int64_t request_type_id) {
  each_scope(team_id, submitted_at, [&](const Key& k) { ++counts_[k].received; });
  ++mix_[{team_id, month_start(day_of(submitted_at)), request_type_id}];
  open_request(team_id, submitted_at, +1);
}

void Tally::decided(std::int64_t team_id, std::int64_t submitted_at, std::int64_t decided_at,
                    int target_days) {
  auto days = throughput_days(submitted_at, decided_at);
  each_scope(team_id, decided_at, [&](const Key& k) {
    auto& c = counts_[k];
    ++c.decided;
    if (days <= target_days) ++c.decided_in_target;
    ++throughput_[{k, days}];
  });
  open_request(team_id, submitted_at, -1);
}

void Tally::moved(std::int64_t from_team, std::int64_t to_team, std::int64_t submitted_at,
                  std::int64_t at) {
  // Only the scopes that change hands count a move: a hand-over between two
  // teams of one region leaves the region's figures as they are.
  auto from_region = region_of(from_team);
  auto to_region = region_of(to_team);
  auto day = day_of(at);
  for (auto [month, start] : {std::pair{false, week_start(day)}, {true, month_start(day)}}) {
    ++counts_[Key{ScopeKind::team, month, from_team, start}].moved_out;
    ++counts_[Key{ScopeKind::team, month, to_team, start}].moved_in;
    if (from_region != to_region) {
      if (from_region) ++counts_[Key{ScopeKind::region, month, from_region, start}].moved_out;
      if (to_region) ++counts_[Key{ScopeKind::region, month, to_region, start}].moved_in;
    }
  }
  auto submitted_day = day_of(submitted_at);
  open_[{ScopeKind::team, from_team, submitted_day}] -= 1;
  open_[{ScopeKind::team, to_team, submitted_day}] += 1;
  if (from_region != to_region) {
    if (from_region) open_[{ScopeKind::region, from_region, submitted_day}] -= 1;
    if (to_region) open_[{ScopeKind::region, to_region, submitted_day}] += 1;
  }
}

void Tally::rated(std::int64_t team_id, std::int64_t at, int score) {
  each_scope(team_id, at, [&](const Key& k) {
    auto& c = counts_[k];
    ++c.ratings;
    c.rating_sum += score;
    if (score >= 4) ++c.ratings_good;
  });
}

void Tally::complained(std::int64_t team_id, std::int64_t at) {
  each_scope(team_id, at, [&](const Key& k) { ++counts_[k].complaints; });
}

void Tally::complaint_answered(std::int64_t team_id, std::int64_t complained_at,
                               std::int64_t answered_at) {
  auto days = throughput_days(complained_at, answered_at);
  each_scope(team_id, answered_at, [&](const Key& k) {
    auto& c = counts_[k];
    ++c.complaints_answered;
    c.complaint_answer_days += days;
  });
}

void Tally::save(store::Connection& c) {
  // Upserts that add: the tables hold sums, so a batch of changes and the
  // rows already there combine whatever order they come in.
  store::BatchInsert counts(
      c,
      "INSERT INTO figures (scope, scope_id, period, start_day, received, decided, "
      "decided_in_target, moved_in, moved_out, ratings, rating_sum, ratings_good, complaints, "
      "complaints_answered, complaint_answer_days)",
      {"text", "bigint", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint",
       "bigint", "bigint", "bigint", "bigint", "bigint", "bigint"},
      " ON CONFLICT (scope, scope_id, period, start_day) DO UPDATE SET received = "
      "figures.received + excluded.received, decided = figures.decided + excluded.decided, "
      "decided_in_target = figures.decided_in_target + excluded.decided_in_target, moved_in = "
      "figures.moved_in + excluded.moved_in, moved_out = figures.moved_out + excluded.moved_out, "
      "ratings = figures.ratings + excluded.ratings, rating_sum = figures.rating_sum + "
      "excluded.rating_sum, ratings_good = figures.ratings_good + excluded.ratings_good, "
      "complaints = figures.complaints + excluded.complaints, complaints_answered = "
      "figures.complaints_answered + excluded.complaints_answered, complaint_answer_days = "
      "figures.complaint_answer_days + excluded.complaint_answer_days");
  auto period = [](const Key& k) { return k.month ? "month" : "week"; };
  for (auto* entry : in_order(counts_)) {
    auto& [k, n] = *entry;
    counts.add({scope_name(k.scope), k.id, period(k), k.start_day, n.received, n.decided,
                n.decided_in_target, n.moved_in, n.moved_out, n.ratings, n.rating_sum,
                n.ratings_good, n.complaints, n.complaints_answered, n.complaint_answer_days});
  }
  counts.finish();
  store::BatchInsert throughput(
      c, "INSERT INTO figures_throughput (scope, scope_id, period, start_day, days, decided)",
      {"text", "bigint", "text", "bigint", "bigint", "bigint"},
      " ON CONFLICT (scope, scope_id, period, start_day, days) DO UPDATE SET decided = "
      "figures_throughput.decided + excluded.decided");
  for (auto* entry : in_order(throughput_)) {
    auto& [key, days] = entry->first;
    auto n = entry->second;
    throughput.add({scope_name(key.scope), key.id, period(key), key.start_day, days, n});
  }
  throughput.finish();
  store::BatchInsert open(c, "INSERT INTO open_requests (scope, scope_id, day, open_count)",
                          {"text", "bigint", "bigint", "bigint"},
                          " ON CONFLICT (scope, scope_id, day) DO UPDATE SET open_count = "
                          "open_requests.open_count + excluded.open_count");
  for (auto* entry : in_order(open_)) {
    auto& [k, n] = *entry;
    if (n == 0) continue;
    open.add({scope_name(k.scope), k.id, k.day, n});
  }
  open.finish();
  store::BatchInsert mix(c,
                         "INSERT INTO figures_mix (team_id, start_day, request_type_id, received)",
                         {"bigint", "bigint", "bigint", "bigint"},
                         " ON CONFLICT (team_id, start_day, request_type_id) DO UPDATE SET "
                         "received = figures_mix.received + excluded.received");
  for (auto* entry : in_order(mix_)) {
    auto& [team, start, type] = entry->first;
    auto n = entry->second;
    mix.add({team, start, type, n});
  }
  mix.finish();
  mix_.clear();
  counts_.clear();
  throughput_.clear();
  open_.clear();
}

void register_migrations(store::Migrations& migrations) {
  // Sums only, no personal data: every co-worker may read these tables.
  // A period is a week (from its Monday) or a month (from its first day),
  // given as days since 1970-01-01. open_requests counts the requests not
  // decided yet by the day they came in: the backlog and its age.
  migrations.add({23, "casework: every team's figures, kept as the requests move", R"(
CREATE TABLE figures (
  scope TEXT NOT NULL CHECK (scope IN ('team', 'region', 'org')),
  scope_id BIGINT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('week', 'month')),
  start_day BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  decided BIGINT NOT NULL DEFAULT 0,
  decided_in_target BIGINT NOT NULL DEFAULT 0,
  moved_in BIGINT NOT NULL DEFAULT 0,
  moved_out BIGINT NOT NULL DEFAULT 0,
  ratings BIGINT NOT NULL DEFAULT 0,
  rating_sum BIGINT NOT NULL DEFAULT 0,
  ratings_good BIGINT NOT NULL DEFAULT 0,
  complaints BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, scope_id, period, start_day)
);
CREATE INDEX figures_period ON figures (period, scope, start_day);
CREATE TABLE figures_throughput (
  scope TEXT NOT NULL,
  scope_id BIGINT NOT NULL,
  period TEXT NOT NULL,
  start_day BIGINT NOT NULL,
  days BIGINT NOT NULL CHECK (days >= 0),
  decided BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, period, start_day, days)
);
CREATE TABLE open_requests (
  scope TEXT NOT NULL,
  scope_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  open_count BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, day)
);
)",
                  ""});
  // The case mix that "find a peer team" compares: requests received per
  // team, month and type. Counted when a request comes in; a request moved
  // to another team stays in the mix of the team that received it.
  migrations.add({24, "casework: each team's case mix by month", R"(
CREATE TABLE figures_mix (
  team_id BIGINT NOT NULL,
  start_day BIGINT NOT NULL,
  request_type_id BIGINT NOT NULL,
  received BIGINT NOT NULL,
  PRIMARY KEY (team_id, start_day, request_type_id)
);
)",
                  ""});
}

}  // namespace ploeg::casework::figures
