// Team formation (issue 5): co-workers choose their team, and every team can
// still do every task from A to Z. A pure engine: plain structs in, a plain
// Result out; no database, no global state, deterministic for a given seed.
//
// Hard constraints: each person in exactly one team of a region they accept;
// every team within its size bounds and at or above every competence minimum.
// Objective (maximise): points for a person's 1st/2nd/3rd preferred team, for
// each liked colleague placed in the same team (counted per person who likes),
// minus a penalty per person moved away from their current team.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ploeg::formation {

struct Person {
  std::string id;
  std::string name;
  std::vector<std::string> competences;       // counts toward every one they hold
  std::vector<std::string> regions;           // regions they are willing to work in
  std::optional<std::string> current_team;    // team id, when they have one
  std::vector<std::string> preferred_teams;   // team ids, at most 3, most wanted first
  std::vector<std::string> liked_colleagues;  // person ids
};

struct Team {
  std::string id;
  std::string name;
  std::string region;
  int min_size = 0;
  int max_size = 0;
  std::map<std::string, int> required;  // competence -> minimum number of members holding it
};

struct Weights {
  int first = 10;
  int second = 6;
  int third = 3;
  int liked = 2;  // per liked colleague in the same team, per person who likes
  int move = 1;   // subtracted per person placed away from their current team
};

enum class Mode {
  check,     // report every violated constraint of Input::assignment and the fewest moves
             // that repair it
  optimise,  // the best assignment
  repair,    // fewest moves from the current teams to a feasible assignment, then the best
             // objective among those
};

// Called now and then during long runs: fraction done in [0, 1] and a short message.
using Progress = std::function<void(double fraction, const std::string& message)>;

struct Options {
  Mode mode = Mode::optimise;
  Weights weights;
  double time_limit_seconds = 60;
  std::uint64_t seed = 1;
  Progress progress;  // may be empty
};

// person id -> team id
using Assignment = std::map<std::string, std::string>;

struct Input {
  std::vector<Person> people;
  std::vector<Team> teams;
  // The assignment `check` looks at. When empty, check looks at every
  // person's current_team (a person without one is in no team).
  Assignment assignment;
};

struct Move {
  std::string person;
  std::string from;  // empty when the person was in no team
  std::string to;
};

struct CompetenceCoverage {
  std::string competence;
  int have = 0;
  int need = 0;
};

struct TeamCoverage {
  std::string team;
  int size = 0;
  int min_size = 0;
  int max_size = 0;
  std::vector<CompetenceCoverage> competences;  // every required competence, sorted by name
  std::vector<std::string> lacking;             // competences with have < need
  bool size_ok() const { return size >= min_size && size <= max_size; }
  bool complete() const { return size_ok() && lacking.empty(); }
};

struct PersonOutcome {
  std::string person;
  std::string team;        // empty when the result has no team for them (infeasible, check)
  int choice = 0;          // 1, 2 or 3 when they got that preferred team; 0 when none
  int liked_together = 0;  // liked colleagues placed in the same team
  bool moved = false;      // placed away from their current team
  std::string reason;      // one line when choice != 1 (and they stated preferences)
  // The same reason as data, for messages in other languages: "full" (the
  // first choice is full: `wanted` people chose it first for `places`),
  // "needed" (their team needs them for `competence`), "minimum" (their team
  // needs them to reach its minimum size), "colleagues" (liked_together liked
  // colleagues here), "others" (the place went to someone who gains more);
  // empty when there is no reason.
  std::string reason_kind;
  std::string competence;
  int wanted = 0, places = 0;
};

// One entry of Result::violations as data, so that it can be said in other
// languages. `kind` names the sentence; the other fields are those it uses:
//   "no_team"           person is in no team
//   "wrong_region"      person is in team, in region, a region they do not accept
//   "team_competence"   team has `have` members with competence; it needs `need`
//   "team_below_min"    team has `have` members, below its minimum `need`
//   "team_above_max"    team has `have` members, above its maximum `need`
//   "people_below_min"  `have` people for `teams` teams that need at least `need` in all
//   "people_above_max"  `have` people for `teams` teams that hold at most `need` in all
//   "competence_short"  `have` people hold competence for `teams` teams that need
//                       `need` in all (`each` when every one of them needs the same)
//   "region_short"      `have` people accept region, whose `teams` teams need at least `need`
//   "region_crowded"    `have` people accept only region, whose `teams` teams hold at most `need`
//   "region_competence_short"  `have` people with competence accept region, for `teams`
//                       teams that need `need` in all (`each` as above)
//   "team_region_short" team needs at least `need` members; `have` people accept its region
//   "no_combination"    every count fits, yet no assignment meets every rule at once
//   "none_found"        none found within the time limit; the entries after it are what
//                       the closest assignment found still breaks
struct Violation {
  std::string kind;
  std::string person;  // person id
  std::string team;    // team id
  std::string region;
  std::string competence;
  int have = 0, need = 0;
  int teams = 0;  // how many teams a count is about
  int each = 0;   // what each of those teams needs, when they all need the same
};

struct Result {
  // Input problems (unknown team in preferences, duplicate ids, min > max, ...).
  // When not empty nothing else was computed.
  std::vector<std::string> errors;

  // True when `assignment` meets every hard constraint (check: when the
  // checked assignment does).
  bool feasible = false;
  Assignment assignment;  // person id -> team id; empty when no feasible one was found
                          // (check: the repaired assignment when one exists)

  // The objective, its parts, `coverage` and `people` describe `assignment`
  // (check: the checked assignment).

  std::int64_t objective = 0;  // preference_points + colleague_points - move_penalty
  std::int64_t preference_points = 0;
  std::int64_t colleague_points = 0;
  std::int64_t move_penalty = 0;

  // An upper bound on the objective: the optimum of the LP relaxation of the
  // model (see bound_kind), solved with COIN-OR Clp. gap = (bound - objective) / bound.
  double bound = 0;
  double gap = 0;
  bool proven_optimal = false;
  std::string bound_kind;  // which relaxation gave `bound`
  std::string method;      // "cbc" (branch and bound) or "heuristic" (construction + local search)
  double seconds = 0;

  // optimise: moves from the current teams; repair: the fewest moves from the
  // current teams; check: the fewest moves that repair Input::assignment.
  std::vector<Move> moves;
  std::vector<TeamCoverage> coverage;  // every team, in input order, for `assignment`
                                       // (check: for the assignment that was checked)
  std::vector<PersonOutcome> people;   // every person, in input order

  // check: every violated constraint of the checked assignment; optimise and
  // repair when no feasible assignment exists: why, in terms of the input
  // ("7 people hold medical for 9 teams in region North that each need 1").
  std::vector<std::string> violations;
  // The same as data, one entry per entry of `violations`, in the same order.
  std::vector<Violation> violation_data;
};

// The largest input the engine takes (issue 18), checked first by validate()
// with what to reduce. Margins over the largest benchmark instance
// (bench/formation: 20,000 people in 1,334 teams of 12-15).
namespace limits {
// People: two and a half times the benchmark's 20,000; also the most
// `form-teams --generate N` writes.
inline constexpr std::size_t people = 50'000;
// Teams: for 50,000 people in teams of a dozen and more, with room to spare.
inline constexpr std::size_t teams = 5'000;
// Liked colleagues of one person (preferred teams: at most 3, see csv_io):
// each is a term of the objective; the generator gives up to 5.
inline constexpr std::size_t liked_colleagues = 50;
}  // namespace limits

// The input problems, each a sentence (empty when the input is usable); over
// a limit of `limits`, only those.
std::vector<std::string> validate(const Input& input);

// What `ploeg form-teams` says when memory runs out: "out of memory while
// forming teams for 50000 people in 3334 teams; form teams for a part of the
// organisation at a time (fewer people and teams)".
std::string out_of_memory_message(const Input& input);

// Runs the mode in `options`. Never throws on bad input: see Result::errors.
Result solve(const Input& input, const Options& options = {});

// A realistic instance of n people for tests and benchmarks: regions, teams of
// 12-15 needing intake=2;administration=3;social_work=2;medical=1;decision=1,
// scarce doctors, popular teams, friendship groups, current teams for most people.
Input generate(int n, std::uint64_t seed);

// The model as a MIP in free MPS format (maximisation written as minimisation
// of the negated objective), for CBC, HiGHS and the benchmarks.
std::string to_mps(const Input& input, const Weights& weights = {});

}  // namespace ploeg::formation
