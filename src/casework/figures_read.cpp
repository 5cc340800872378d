#include "casework/figures_read.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "casework/figures.hpp"

namespace ploeg::casework::figures {
namespace {

constexpr std::size_t max_periods = 600;  // ~11 years of weeks: bad input never loops long
constexpr std::int64_t min_sample = 5;    // fewer decisions (or ratings) compare nothing
constexpr std::int64_t case_mix_days = 365;
constexpr std::size_t max_mixes_read = 200;  // teams whose case mix a peer search reads
constexpr std::size_t max_compared = 40;     // the most alike teams a peer search reads

const char* counter_columns =
    "received, decided, decided_in_target, moved_in, moved_out, ratings, rating_sum, "
    "ratings_good, complaints, complaints_answered, complaint_answer_days";

// Reads the eleven counters of counter_columns from row r starting at column i.
void read_counters(const store::Row& r, std::size_t i, Figures& f) {
  f.received = r.integer(i);
  f.decided = r.integer(i + 1);
  f.decided_in_target = r.integer(i + 2);
  f.moved_in = r.integer(i + 3);
  f.moved_out = r.integer(i + 4);
  f.ratings = r.integer(i + 5);
  f.rating_sum = r.integer(i + 6);
  f.ratings_good = r.integer(i + 7);
  f.complaints = r.integer(i + 8);
  f.complaints_answered = r.integer(i + 9);
  f.complaint_answer_days = r.integer(i + 10);
}

void add_counters(Figures& into, const Figures& f) {
  into.received += f.received;
  into.decided += f.decided;
  into.decided_in_target += f.decided_in_target;
  into.moved_in += f.moved_in;
  into.moved_out += f.moved_out;
  into.ratings += f.ratings;
  into.rating_sum += f.rating_sum;
  into.ratings_good += f.ratings_good;
  into.complaints += f.complaints;
  into.complaints_answered += f.complaints_answered;
  into.complaint_answer_days += f.complaint_answer_days;
}

std::optional<double> ratio(std::int64_t part, std::int64_t whole, double scale = 1.0) {
  if (whole <= 0) return std::nullopt;
  return scale * static_cast<double>(part) / static_cast<double>(whole);
}

std::string sum_of_counters() {
  std::string sql;
  for (auto column : {"received", "decided", "decided_in_target", "moved_in", "moved_out",
                      "ratings", "rating_sum", "ratings_good", "complaints", "complaints_answered",
                      "complaint_answer_days"}) {
    if (!sql.empty()) sql += ", ";
    sql += std::string("SUM(") + column + ")";
  }
  return sql;
}

// A scope's periods in the range and all their decisions together.
struct Read {
  std::vector<Figures> points;
  Histogram days;
};

Read read_scope(store::Connection& c, const Scope& scope, const std::string& period,
                std::int64_t first_day, std::int64_t last_day) {
  Read read;
  auto starts = period_starts(period, first_day, last_day);
  if (starts.empty()) return read;
  std::int64_t from = starts.front();
  std::map<std::int64_t, Figures> by_start;
  for (auto s : starts) by_start[s].start_day = s;

  std::vector<store::Value> key{scope.kind, scope.id, period, from, last_day};
  auto rows = c.query(std::string("SELECT start_day, ") + counter_columns +
                          " FROM figures WHERE scope = $1 AND scope_id = $2 AND period = $3 AND "
                          "start_day >= $4 AND start_day <= $5",
                      key);
  for (auto& r : rows.rows) {
    auto found = by_start.find(r.integer(0));
    if (found != by_start.end()) read_counters(r, 1, found->second);
  }
  std::map<std::int64_t, Histogram> days_by_start;
  auto histogram = c.query(
      "SELECT start_day, days, decided FROM figures_throughput WHERE scope = $1 AND scope_id = "
      "$2 AND period = $3 AND start_day >= $4 AND start_day <= $5",
      key);
  for (auto& r : histogram.rows) {
    days_by_start[r.integer(0)][r.integer(1)] += r.integer(2);
    read.days[r.integer(1)] += r.integer(2);
  }
  // The backlog is what came in (or over) and has not gone out since the
  // very first figures, so the periods before the range count too.
  auto before = c.query(
      "SELECT SUM(received + moved_in - decided - moved_out) FROM figures WHERE scope = $1 AND "
      "scope_id = $2 AND period = $3 AND start_day < $4",
      {scope.kind, scope.id, period, from});
  std::int64_t backlog =
      before.empty() || before.rows[0].is_null(0) ? 0 : before.rows[0].integer(0);
  for (auto& [start, f] : by_start) {
    backlog += f.received + f.moved_in - f.decided - f.moved_out;
    f.backlog = backlog;
    auto& d = days_by_start[start];
    f.median_days = percentile(d, 50);
    f.p90_days = percentile(d, 90);
    read.points.push_back(f);
  }
  return read;
}

std::vector<TeamFigures> regional_teams(store::Connection& c,
                                        std::optional<std::int64_t> region_id) {
  std::string sql =
      "SELECT t.id, t.code, t.name, COALESCE(t.region_id, 0), COALESCE(r.name, ''), "
      "COALESCE(r.code, '') FROM teams t LEFT JOIN regions r ON r.id = t.region_id WHERE t.kind = "
      "'regional'";
  std::vector<store::Value> params;
  if (region_id) {
    sql += " AND t.region_id = $1";
    params.push_back(*region_id);
  }
  sql += " ORDER BY t.name, t.id";
  std::vector<TeamFigures> teams;
  for (auto& r : c.query(sql, params).rows) {
    TeamFigures t;
    t.team_id = r.integer(0);
    t.code = r.text(1);
    t.name = r.text(2);
    t.region_id = r.integer(3);
    t.region_name = r.text(4);
    t.region_code = r.text(5);
    teams.push_back(std::move(t));
  }
  return teams;
}

// Share of each request type among a team's recent requests.
using CaseMix = std::map<std::int64_t, double>;

// The case mixes of `teams` over the last year, from the monthly counts
// kept as requests come in.
std::map<std::int64_t, CaseMix> case_mixes(store::Connection& c,
                                           const std::vector<std::int64_t>& teams,
                                           std::int64_t today) {
  std::map<std::int64_t, CaseMix> mixes;
  if (teams.empty()) return mixes;
  std::vector<store::Value> params{month_start(today - case_mix_days)};
  std::string ids;
  for (auto team : teams) {
    params.emplace_back(team);
    ids += (ids.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  auto rows = c.query(
      "SELECT team_id, request_type_id, SUM(received) FROM figures_mix WHERE start_day >= $1 AND "
      "team_id IN (" +
          ids + ") GROUP BY team_id, request_type_id",
      params);
  std::map<std::int64_t, std::map<std::int64_t, std::int64_t>> counts;
  for (auto& r : rows.rows) counts[r.integer(0)][r.integer(1)] += r.integer(2);
  for (auto& [team, by_type] : counts) {
    std::int64_t all = 0;
    for (auto& [type, n] : by_type) all += n;
    if (all == 0) continue;
    for (auto& [type, n] : by_type) mixes[team][type] = static_cast<double>(n) / all;
  }
  return mixes;
}

// 1 for the same mix, 0 for no type in common (one minus the total
// variation distance); unknown mixes count as half alike.
double mix_similarity(const CaseMix* a, const CaseMix* b) {
  if (!a || !b) return 0.5;
  std::set<std::int64_t> types;
  for (auto& [t, s] : *a) types.insert(t);
  for (auto& [t, s] : *b) types.insert(t);
  double distance = 0;
  for (auto t : types) {
    auto x = a->count(t) ? a->at(t) : 0.0;
    auto y = b->count(t) ? b->at(t) : 0.0;
    distance += std::abs(x - y);
  }
  return 1.0 - distance / 2.0;
}

double size_similarity(std::int64_t a, std::int64_t b) {
  if (a <= 0 || b <= 0) return a == b ? 1.0 : 0.0;
  return static_cast<double>(std::min(a, b)) / static_cast<double>(std::max(a, b));
}

}  // namespace

std::optional<double> Figures::share_in_target() const {
  return ratio(decided_in_target, decided);
}
std::optional<double> Figures::satisfaction() const {
  return ratio(rating_sum, ratings);
}
std::optional<double> Figures::share_good() const {
  return ratio(ratings_good, ratings);
}
std::optional<double> Figures::complaints_per_100() const {
  return ratio(complaints, decided, 100.0);
}
std::optional<double> Figures::mean_days_to_answer() const {
  return ratio(complaint_answer_days, complaints_answered);
}

std::optional<std::int64_t> percentile(const Histogram& days, int percent) {
  std::int64_t all = 0;
  for (auto& [d, n] : days) all += n;
  if (all <= 0) return std::nullopt;
  // The smallest value with at least `percent` of the decisions at or below it.
  auto rank = std::max<std::int64_t>(1, (all * percent + 99) / 100);
  std::int64_t seen = 0;
  for (auto& [d, n] : days) {
    seen += n;
    if (seen >= rank) return d;
  }
  return days.rbegin()->first;
}

std::int64_t period_start(const std::string& period, std::int64_t day) {
  return period == "month" ? month_start(day) : week_start(day);
}

std::vector<std::int64_t> period_starts(const std::string& period, std::int64_t first_day,
                                        std::int64_t last_day) {
  std::vector<std::int64_t> starts;
  for (auto s = period_start(period, first_day); s <= last_day && starts.size() < max_periods;
       s = period == "month" ? month_start(s + 31) : s + 7) {
    starts.push_back(s);
  }
  return starts;
}

std::optional<FiguresTeam> figures_team(store::Connection& c, const std::string& code) {
  auto r = c.query(
      "SELECT t.id, t.name, COALESCE(r.name, ''), t.code, COALESCE(r.code, '') FROM teams t LEFT "
      "JOIN regions r ON r.id = t.region_id WHERE t.code = $1 AND t.kind = 'regional'",
      {code});
  if (r.empty()) return std::nullopt;
  return FiguresTeam{r.rows[0].integer(0), r.rows[0].text(1), r.rows[0].text(2), r.rows[0].text(3),
                     r.rows[0].text(4)};
}

std::optional<FiguresRegion> figures_region(store::Connection& c, const std::string& code) {
  if (code.empty() || code.size() > 100) return std::nullopt;
  auto r = c.query("SELECT id, name FROM regions WHERE code = $1", {code});
  if (r.empty()) return std::nullopt;
  return FiguresRegion{r.rows[0].integer(0), r.rows[0].text(1)};
}

Overview overview(store::Connection& c, std::optional<std::int64_t> region_id,
                  const std::string& period, std::int64_t first_day, std::int64_t today) {
  Scope scope{region_id ? "region" : "org", region_id.value_or(0)};
  Overview o;
  o.trend = trend(c, scope, period, first_day, today);
  o.now = open_backlog(c, scope, today);
  o.rows = region_id ? side_by_side(c, region_id, period, first_day, today, today)
                     : regions_side_by_side(c, period, first_day, today, today);
  return o;
}

std::optional<std::int64_t> recent_median_days(store::Connection& c, std::int64_t team_id,
                                               std::int64_t now_unix, int weeks) {
  auto this_week = week_start(day_of(now_unix));
  auto first = this_week - 7 * std::max(0, weeks - 1);
  Histogram days;
  auto rows = c.query(
      "SELECT days, SUM(decided) FROM figures_throughput WHERE scope = 'team' AND scope_id = $1 "
      "AND period = 'week' AND start_day >= $2 AND start_day <= $3 GROUP BY days",
      {team_id, first, this_week});
  for (auto& r : rows.rows) days[r.integer(0)] += r.integer(1);
  return percentile(days, 50);
}

std::vector<Figures> series(store::Connection& c, const Scope& scope, const std::string& period,
                            std::int64_t first_day, std::int64_t last_day) {
  return read_scope(c, scope, period, first_day, last_day).points;
}

Figures total(const std::vector<Figures>& points, const Histogram& days) {
  Figures sum;
  if (!points.empty()) {
    sum.start_day = points.front().start_day;
    sum.backlog = points.back().backlog;
  }
  for (auto& p : points) add_counters(sum, p);
  sum.median_days = percentile(days, 50);
  sum.p90_days = percentile(days, 90);
  return sum;
}

Figures range_total(store::Connection& c, const Scope& scope, const std::string& period,
                    std::int64_t first_day, std::int64_t last_day) {
  auto read = read_scope(c, scope, period, first_day, last_day);
  return total(read.points, read.days);
}

Trend trend(store::Connection& c, const Scope& scope, const std::string& period,
            std::int64_t first_day, std::int64_t last_day) {
  auto read = read_scope(c, scope, period, first_day, last_day);
  auto sum = total(read.points, read.days);
  return {std::move(read.points), sum};
}

Backlog open_backlog(store::Connection& c, const Scope& scope, std::int64_t today) {
  // One row per day of receipt that still has open requests: a few hundred.
  auto rows = c.query(
      "SELECT day, open_count FROM open_requests WHERE scope = $1 AND scope_id = $2 AND "
      "open_count > 0 ORDER BY day DESC",
      {scope.kind, scope.id});
  Backlog b;
  Histogram ages;
  for (auto& r : rows.rows) {
    auto age = std::max<std::int64_t>(0, today - r.integer(0));
    ages[age] += r.integer(1);
    b.open += r.integer(1);
  }
  if (b.open > 0) {
    b.median_age_days = percentile(ages, 50);
    b.oldest_age_days = ages.rbegin()->first;
  }
  return b;
}

namespace {

// " IN ($k, $k+1, ...)" for the ids, appended to `params`.
std::string in_list(const std::vector<TeamFigures>& units, std::vector<store::Value>& params) {
  std::string sql = " IN (";
  for (std::size_t i = 0; i < units.size(); ++i) {
    params.push_back(units[i].team_id);
    sql += (i ? ", $" : "$") + std::to_string(params.size());
  }
  return sql + ")";
}

// Fills the figures of `units` (teams or regions, by `scope`) over the
// range: five grouped statements that read only those units' rows, so a
// region's teams cost what that region holds, not the whole organisation.
void fill(store::Connection& c, const std::string& scope, std::vector<TeamFigures>& units,
          const std::string& period, std::int64_t first_day, std::int64_t last_day,
          std::int64_t today) {
  auto starts = period_starts(period, first_day, last_day);
  if (units.empty() || starts.empty()) return;
  std::int64_t from = starts.front();
  std::map<std::int64_t, TeamFigures*> by_id;
  for (auto& t : units) {
    t.figures.start_day = from;
    by_id[t.team_id] = &t;
  }
  auto find = [&](std::int64_t id) {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  };
  auto query = [&](const std::string& head, const std::string& tail,
                   std::vector<store::Value> params) {
    auto ids = in_list(units, params);
    return c.query(head + ids + tail, params).rows;
  };
  for (auto& r : query("SELECT scope_id, " + sum_of_counters() +
                           " FROM figures WHERE scope = $1 AND period = $2 AND start_day >= $3 "
                           "AND start_day <= $4 AND scope_id",
                       " GROUP BY scope_id", {scope, period, from, last_day})) {
    if (auto t = find(r.integer(0))) read_counters(r, 1, t->figures);
  }
  std::map<std::int64_t, Histogram> days;
  for (auto& r : query("SELECT scope_id, days, SUM(decided) FROM figures_throughput WHERE scope "
                       "= $1 AND period = $2 AND start_day >= $3 AND start_day <= $4 AND scope_id",
                       " GROUP BY scope_id, days", {scope, period, from, last_day})) {
    days[r.integer(0)][r.integer(1)] += r.integer(2);
  }
  for (auto& r : query("SELECT scope_id, SUM(received + moved_in - decided - moved_out) FROM "
                       "figures WHERE scope = $1 AND period = $2 AND start_day <= $3 AND scope_id",
                       " GROUP BY scope_id", {scope, period, last_day})) {
    if (auto t = find(r.integer(0))) t->figures.backlog = r.integer(1);
  }
  for (auto& r : query("SELECT scope_id, SUM(open_count), MIN(day) FROM open_requests WHERE "
                       "scope = $1 AND open_count > 0 AND scope_id",
                       " GROUP BY scope_id", {scope})) {
    if (auto t = find(r.integer(0))) {
      t->now.open = r.integer(1);
      t->now.oldest_age_days = std::max<std::int64_t>(0, today - r.integer(2));
    }
  }
  for (auto& t : units) {
    auto& d = days[t.team_id];
    t.figures.median_days = percentile(d, 50);
    t.figures.p90_days = percentile(d, 90);
  }
}

}  // namespace

std::vector<TeamFigures> side_by_side(store::Connection& c, std::optional<std::int64_t> region_id,
                                      const std::string& period, std::int64_t first_day,
                                      std::int64_t last_day, std::int64_t today) {
  auto teams = regional_teams(c, region_id);
  fill(c, "team", teams, period, first_day, last_day, today);
  return teams;
}

std::vector<TeamFigures> regions_side_by_side(store::Connection& c, const std::string& period,
                                              std::int64_t first_day, std::int64_t last_day,
                                              std::int64_t today) {
  std::vector<TeamFigures> regions;
  for (auto& r : c.query("SELECT id, code, name FROM regions ORDER BY name, id").rows) {
    TeamFigures t;
    t.team_id = t.region_id = r.integer(0);
    t.code = t.region_code = r.text(1);
    t.name = t.region_name = r.text(2);
    regions.push_back(std::move(t));
  }
  fill(c, "region", regions, period, first_day, last_day, today);
  return regions;
}

std::optional<Measure> measure_named(const std::string& code) {
  for (auto m : {Measure::median_days, Measure::share_in_target, Measure::satisfaction,
                 Measure::complaints_per_100}) {
    if (measure_code(m) == code) return m;
  }
  return std::nullopt;
}

std::string measure_code(Measure m) {
  switch (m) {
    case Measure::median_days:
      return "median_days";
    case Measure::share_in_target:
      return "share_in_target";
    case Measure::satisfaction:
      return "satisfaction";
    case Measure::complaints_per_100:
      return "complaints_per_100";
  }
  return "median_days";
}

bool higher_is_better(Measure m) {
  return m == Measure::share_in_target || m == Measure::satisfaction;
}

std::optional<double> measure_of(const Figures& f, Measure m) {
  // Too few decisions or ratings say more about chance than about the team.
  switch (m) {
    case Measure::median_days:
      if (f.decided < min_sample || !f.median_days) return std::nullopt;
      return static_cast<double>(*f.median_days);
    case Measure::share_in_target:
      return f.decided < min_sample ? std::nullopt : f.share_in_target();
    case Measure::satisfaction:
      return f.ratings < min_sample ? std::nullopt : f.satisfaction();
    case Measure::complaints_per_100:
      return f.decided < min_sample ? std::nullopt : f.complaints_per_100();
  }
  return std::nullopt;
}

std::map<std::int64_t, std::string> region_types(store::Connection& c) {
  std::map<std::int64_t, std::int64_t> teams;
  for (auto& r : c.query("SELECT region_id, COUNT(*) FROM teams WHERE kind = 'regional' AND "
                         "region_id IS NOT NULL GROUP BY region_id")
                     .rows) {
    teams[r.integer(0)] = r.integer(1);
  }
  std::map<std::int64_t, std::string> types;
  if (teams.empty()) return types;
  std::int64_t all = 0;
  for (auto& [region, n] : teams) all += n;
  // n >= the mean, without rounding: n * regions >= all teams.
  for (auto& [region, n] : teams) {
    types[region] = n * static_cast<std::int64_t>(teams.size()) >= all ? "urban" : "rural";
  }
  return types;
}

PeerSearch find_peers(store::Connection& c, std::int64_t team_id, Measure measure,
                      const std::string& period, std::int64_t first_day, std::int64_t last_day,
                      std::int64_t today, std::size_t limit) {
  PeerSearch search;
  auto teams = regional_teams(c, std::nullopt);
  auto own_at = std::find_if(teams.begin(), teams.end(),
                             [&](const TeamFigures& t) { return t.team_id == team_id; });
  if (own_at == teams.end()) return search;
  std::map<std::int64_t, std::int64_t> members;
  for (auto& r : c.query("SELECT team_id, COUNT(*) FROM memberships GROUP BY team_id").rows) {
    members[r.integer(0)] = r.integer(1);
  }
  auto types = region_types(c);
  auto type_of = [&](std::int64_t region) {
    auto it = types.find(region);
    return it == types.end() ? std::string("rural") : it->second;
  };
  search.members = members[team_id];
  search.region_type = type_of(own_at->region_id);

  // Alike: a region of the same kind, within 40% of the size, and mostly
  // the same kinds of request. Only the most alike are compared, so the
  // figures read stay few however many teams there are.
  struct Candidate {
    std::size_t at;
    double size, mix;
  };
  std::vector<Candidate> alike;
  std::vector<std::int64_t> mixes_wanted{team_id};
  for (std::size_t i = 0; i < teams.size(); ++i) {
    auto& t = teams[i];
    if (t.team_id == team_id || type_of(t.region_id) != search.region_type) continue;
    auto size = size_similarity(members[t.team_id], search.members);
    if (size < 0.6) continue;
    alike.push_back({i, size, 0.0});
  }
  // The case mix is read for the teams closest in size only: its rows are
  // a dozen months by four types a team, a few hundred thousand for all.
  // Among teams of one size, those of the same region come first, then an
  // order that is fixed but not alphabetical (no region is always first).
  auto spread = [&](std::int64_t id) {  // splitmix64's finaliser
    auto x = static_cast<std::uint64_t>(id) ^
             (static_cast<std::uint64_t>(team_id) * 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  auto own_region = own_at->region_id;
  std::sort(alike.begin(), alike.end(), [&](const Candidate& a, const Candidate& b) {
    if (a.size != b.size) return a.size > b.size;
    bool a_near = teams[a.at].region_id == own_region, b_near = teams[b.at].region_id == own_region;
    if (a_near != b_near) return a_near;
    return spread(teams[a.at].team_id) < spread(teams[b.at].team_id);
  });
  if (alike.size() > max_mixes_read) alike.resize(max_mixes_read);
  for (auto& a : alike) mixes_wanted.push_back(teams[a.at].team_id);
  auto mixes = case_mixes(c, mixes_wanted, today);
  auto mix_of = [&](std::int64_t team) -> const CaseMix* {
    auto it = mixes.find(team);
    return it == mixes.end() ? nullptr : &it->second;
  };
  std::erase_if(alike, [&](Candidate& a) {
    auto other = teams[a.at].team_id;
    a.mix = mix_similarity(mix_of(other), mix_of(team_id));
    // A mix not known (no requests this year) neither counts for nor against.
    bool mixes_known = mix_of(other) && mix_of(team_id);
    return mixes_known && a.mix < 0.7;
  });
  std::sort(alike.begin(), alike.end(), [&](const Candidate& a, const Candidate& b) {
    if (a.size + a.mix != b.size + b.mix) return a.size + a.mix > b.size + b.mix;
    return teams[a.at].name < teams[b.at].name;
  });
  if (alike.size() > max_compared) alike.resize(max_compared);
  std::vector<TeamFigures> compared{*own_at};
  for (auto& a : alike) compared.push_back(teams[a.at]);
  fill(c, "team", compared, period, first_day, last_day, today);
  search.own_value = measure_of(compared[0].figures, measure);
  if (!search.own_value) return search;
  for (std::size_t k = 1; k < compared.size(); ++k) {
    auto& t = compared[k];
    auto value = measure_of(t.figures, measure);
    if (!value) continue;
    double better =
        higher_is_better(measure) ? *value - *search.own_value : *search.own_value - *value;
    if (better <= 1e-9) continue;
    Peer p;
    p.team = t;
    p.value = *value;
    p.better_by = better;
    p.similarity = (alike[k - 1].size + alike[k - 1].mix + 1.0) / 3.0;
    p.members = members[t.team_id];
    p.region_type = search.region_type;
    search.peers.push_back(std::move(p));
  }
  std::sort(search.peers.begin(), search.peers.end(), [](const Peer& a, const Peer& b) {
    if (a.better_by != b.better_by) return a.better_by > b.better_by;
    return a.team.name < b.team.name;
  });
  if (search.peers.size() > limit) search.peers.resize(limit);
  if (search.peers.empty()) return search;

  // Who to ask: one statement for the holders of the shown teams' roles.
  std::map<std::int64_t, Peer*> shown;
  for (auto& p : search.peers) shown[p.team.team_id] = &p;
  for (auto& r : c.query("SELECT ra.team_id, p.id, p.name, r.code, r.name FROM role_assignments "
                         "ra JOIN roles r ON r.id = ra.role_id JOIN people p ON p.id = "
                         "ra.person_id WHERE r.code IN ('knowledge', 'quality') ORDER BY r.code, "
                         "p.name")
                     .rows) {
    auto it = shown.find(r.integer(0));
    if (it != shown.end()) {
      it->second->contacts.push_back({r.integer(1), r.text(2), r.text(3), r.text(4)});
    }
  }
  return search;
}

}  // namespace ploeg::casework::figures
