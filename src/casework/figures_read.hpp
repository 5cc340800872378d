// Reading the figures that figures::Tally keeps: series of weeks or months
// for a team, a region or the organisation, every team side by side, the
// backlog and its age, and teams like a given one that do better. Every
// function runs a fixed number of statements on the small figures tables
// (and, for the case mix of peers, one bounded sample of the newest
// requests), never one per request.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::casework::figures {

// A team that has figures: only regional teams handle requests.
struct FiguresTeam {
  std::int64_t id = 0;
  std::string name, region_name;
  std::string code, region_code;  // for their names in the visitor's language
};
std::optional<FiguresTeam> figures_team(store::Connection& c, const std::string& code);

// A region by its code, for the figures of one region.
struct FiguresRegion {
  std::int64_t id = 0;
  std::string name;
};
std::optional<FiguresRegion> figures_region(store::Connection& c, const std::string& code);

// The median whole days from receipt to decision of the team's requests
// decided in the last `weeks` weeks (this week and the weeks before it);
// nothing when none were decided.
std::optional<std::int64_t> recent_median_days(store::Connection& c, std::int64_t team_id,
                                               std::int64_t now_unix, int weeks = 13);

// "team" (a team's id), "region" (a region's id) or "org" (id 0).
struct Scope {
  std::string kind = "org";
  std::int64_t id = 0;
};

// The figures of one period, or of several added up.
struct Figures {
  std::int64_t start_day = 0;  // the first day of the (first) period
  std::int64_t received = 0;
  std::int64_t decided = 0;
  std::int64_t decided_in_target = 0;
  std::int64_t moved_in = 0;
  std::int64_t moved_out = 0;
  std::int64_t ratings = 0;
  std::int64_t rating_sum = 0;
  std::int64_t ratings_good = 0;
  std::int64_t complaints = 0;
  std::int64_t complaints_answered = 0;     // in the period (complaints.hpp)
  std::int64_t complaint_answer_days = 0;   // whole days from complaint to answer, summed
  std::optional<std::int64_t> median_days;  // throughput of the decided ones
  std::optional<std::int64_t> p90_days;
  std::int64_t backlog = 0;  // open at the end of the (last) period

  std::optional<double> share_in_target() const;      // 0..1, of the decided
  std::optional<double> satisfaction() const;         // mean rating, 1..5
  std::optional<double> share_good() const;           // 0..1, ratings of 4 or 5
  std::optional<double> complaints_per_100() const;   // per 100 decisions
  std::optional<double> mean_days_to_answer() const;  // of the complaints answered
};

// A histogram of whole days -> decided requests, and its percentiles by the
// nearest-rank method: the value below which `percent` of them fall, a day
// that really occurred (never half a day between two).
using Histogram = std::map<std::int64_t, std::int64_t>;
std::optional<std::int64_t> percentile(const Histogram& days, int percent);

// The start days of the periods from the one holding `first_day` to the one
// holding `last_day`; "week" or "month".
std::vector<std::int64_t> period_starts(const std::string& period, std::int64_t first_day,
                                        std::int64_t last_day);
std::int64_t period_start(const std::string& period, std::int64_t day);

// One point per period in [first_day, last_day] (empty periods too, as
// zeros), each with the backlog at its end counted from the first figures.
std::vector<Figures> series(store::Connection& c, const Scope& scope, const std::string& period,
                            std::int64_t first_day, std::int64_t last_day);

// The periods of a series added up: the percentiles of all their decisions,
// the backlog at the end of the last one.
Figures total(const std::vector<Figures>& points, const Histogram& days);
// The same for one scope directly.
Figures range_total(store::Connection& c, const Scope& scope, const std::string& period,
                    std::int64_t first_day, std::int64_t last_day);
// Both at once: the periods and their total, from the same three statements.
struct Trend {
  std::vector<Figures> points;
  Figures total;
};
Trend trend(store::Connection& c, const Scope& scope, const std::string& period,
            std::int64_t first_day, std::int64_t last_day);

// The requests open now and how long they have waited, in whole days.
struct Backlog {
  std::int64_t open = 0;
  std::optional<std::int64_t> median_age_days;
  std::optional<std::int64_t> oldest_age_days;
};
Backlog open_backlog(store::Connection& c, const Scope& scope, std::int64_t today);

// Every regional team (of one region when region_id is set) with its figures
// over the range and its backlog now, by team name.
struct TeamFigures {
  std::int64_t team_id = 0;
  std::string code;
  std::string name;
  std::int64_t region_id = 0;
  std::string region_code;
  std::string region_name;
  Figures figures;
  Backlog now;
};
std::vector<TeamFigures> side_by_side(store::Connection& c, std::optional<std::int64_t> region_id,
                                      const std::string& period, std::int64_t first_day,
                                      std::int64_t last_day, std::int64_t today);
// Every region the same way (team_id and region_id hold the region's id):
// what the organisation's page shows, since thousands of teams side by side
// would be read by nobody.
std::vector<TeamFigures> regions_side_by_side(store::Connection& c, const std::string& period,
                                              std::int64_t first_day, std::int64_t last_day,
                                              std::int64_t today);

// The figures a team can be compared on, and whether more is better.
enum class Measure { median_days, share_in_target, satisfaction, complaints_per_100 };
std::optional<Measure> measure_named(const std::string& code);
std::string measure_code(Measure m);
bool higher_is_better(Measure m);
std::optional<double> measure_of(const Figures& f, Measure m);

// A team like the chosen one that did better on a measure, and who there
// knows how: the holders of its 'knowledge' and 'quality' roles.
struct Contact {
  std::int64_t person_id = 0;
  std::string name;
  std::string role_code;
  std::string role_name;
};
struct Peer {
  TeamFigures team;
  double value = 0;       // the peer's measure
  double better_by = 0;   // how much better than the chosen team, always > 0
  double similarity = 0;  // 0..1: size, case mix and kind of region together
  std::int64_t members = 0;
  std::string region_type;  // "urban" or "rural"
  std::vector<Contact> contacts;
};
struct PeerSearch {
  std::optional<double> own_value;
  std::int64_t members = 0;
  std::string region_type;
  std::vector<Peer> peers;  // best first: most alike, then most better
};
// Compares the teams over the range given. Alike: the same kind of region,
// within 40% of the size (members), and, where both are known, mostly the
// same request types among the newest 50,000 requests of the last year.
PeerSearch find_peers(store::Connection& c, std::int64_t team_id, Measure measure,
                      const std::string& period, std::int64_t first_day, std::int64_t last_day,
                      std::int64_t today, std::size_t limit = 5);

// A region is "urban" when it has at least as many regional teams as the
// average region: teams are sized to the requests of their region's
// population, so many teams means many people close together.
std::map<std::int64_t, std::string> region_types(store::Connection& c);

// The organisation's figures, or one region's, as /figures shows them: the
// range's trend, the requests open now, and side by side every region (or
// every team of the region).
struct Overview {
  Trend trend;
  Backlog now;
  std::vector<TeamFigures> rows;  // regions (team_id: the region's id), or the region's teams
};
Overview overview(store::Connection& c, std::optional<std::int64_t> region_id,
                  const std::string& period, std::int64_t first_day, std::int64_t today);

}  // namespace ploeg::casework::figures
