// A team choice round (issue 5): a coach opens a round for a region; every
// co-worker of the region's teams states up to three preferred teams and the
// colleagues they like to work with; a board shows each team's first choices
// so far against its size bounds and competence minimums; the coach runs the
// formation engine, publishes its proposal (each person sees their team and
// why) and accepts it, which replaces the memberships in one transaction.
// Every change is checked here, on the server, and audited with the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "engines/formation/formation.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::teamchoice {

inline constexpr std::size_t max_preferences = 3;
inline constexpr std::size_t max_title_length = 120;

// Who acts (core/actor.hpp).
using ploeg::Actor;
// Coaches and administrators may open rounds (for a region whose teams the
// coach coaches: may_manage); who sees a round is may_view.
inline bool opens_rounds(const Actor& actor) {
  return actor.admin() || actor.coach();
}

struct RoundSummary {
  std::int64_t id = 0;
  std::string title;
  std::string region_code;
  std::string region_name;
  std::string status;  // open | proposed | accepted | closed
  std::int64_t opened_at = 0;
  std::int64_t people = 0;
  std::int64_t choices = 0;
  bool member = false;  // the asking person is in the round
};

struct RoundTeam {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  int min_size = 0;
  int max_size = 0;
};

struct RoundPerson {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> competences;  // codes
  std::optional<std::int64_t> current_team;
};

struct Choice {
  std::vector<std::int64_t> teams;  // in order, at most 3
  std::vector<std::int64_t> liked;  // person ids
  std::int64_t chosen_at = 0;
};

struct Placement {
  std::int64_t person_id = 0;
  std::string person_name;
  std::int64_t team_id = 0;
  int choice = 0;      // 1-3: got that preferred team; 0: none of them
  std::string reason;  // in English, as the engine said it
  // The reason as data (formation::PersonOutcome); reason_kind is empty for
  // proposals stored before it was kept, which then show `reason`.
  std::string reason_kind, reason_competence;
  int wanted = 0, places = 0, liked_together = 0;
  bool moved = false;
  bool stated = false;                           // the person chose at least one team
  bool changed = false;                          // accepted: their membership changed
  std::optional<std::int64_t> previous_team_id;  // accepted and changed: where they were
};

struct Proposal {
  bool exists = false;
  bool feasible = false;
  bool proven_optimal = false;
  std::int64_t objective = 0, preference_points = 0, colleague_points = 0, move_penalty = 0;
  double bound = 0;
  double gap = 0;
  std::int64_t made_at = 0;
  std::vector<std::string> violations;  // why no feasible assignment exists, in English
  // The same as data; empty for proposals stored before it was kept.
  std::vector<formation::Violation> violation_data;
  std::vector<Placement> placements;  // every person of the round when feasible
};

struct Round {
  RoundSummary summary;
  std::int64_t region_id = 0;
  std::int64_t opened_by_user = 0;
  std::int64_t accepted_at = 0;
  std::vector<RoundTeam> teams;
  std::vector<RoundPerson> people;
  std::optional<std::int64_t> accepted_moves;  // memberships that changed on acceptance
  std::int64_t roles_ended = 0;                // star roles that ended on acceptance
  std::int64_t steps_released = 0;             // casework steps back in the queue then
  bool has_person(std::int64_t person_id) const;
  const RoundTeam* team(std::int64_t id) const;
  const RoundPerson* person(std::int64_t id) const;
};

// One team on the board: the people whose first choice it is so far.
struct BoardTeam {
  RoundTeam team;
  std::vector<std::string> members;  // names, sorted
  int size = 0;
  struct Lack {
    std::string competence;
    int have = 0;
    int need = 0;
  };
  std::vector<Lack> lacking;
  bool below_min() const { return size < team.min_size; }
  bool above_max() const { return size > team.max_size; }
};

struct Board {
  std::vector<BoardTeam> teams;
  std::int64_t people = 0;
  std::int64_t chosen = 0;
};

// What came of a command (core/outcome.hpp), and what it made.
struct Result : Outcome {
  std::int64_t id = 0;           // open_round: the new round
  std::int64_t changed = 0;      // accept: memberships that changed
  std::int64_t roles_ended = 0;  // accept: star roles that ended with a membership
  // accept: casework steps held by people who left a team, back in its queue
  std::int64_t steps_released = 0;
};

// The rounds the actor may see (may_view), newest first: every round for an
// administrator; a round they are in, and to a coach one with a team they
// coach.
std::vector<RoundSummary> list_rounds(store::Connection& c, const Actor& actor);
std::optional<Round> load_round(store::Connection& c, std::int64_t round_id);
// Administrators see every round; anyone else a round they are in, and a
// coach one of whose teams they coach (the actor's coached teams: no query).
bool may_view(const Round& round, const Actor& actor);
// Who may open a round for a region, and run, publish, accept or close it: an
// administrator, or a coach of at least one regional team of the region.
bool may_manage(store::Connection& c, const Actor& actor, std::int64_t region_id);
bool may_manage(store::Connection& c, const Actor& actor, const Round& round);

std::optional<Choice> load_choice(store::Connection& c, std::int64_t round_id,
                                  std::int64_t person_id);
Board load_board(store::Connection& c, const Round& round);
Proposal load_proposal(store::Connection& c, const Round& round);
// The star roles that accepting the proposal would end: those held by people
// it moves, in teams of the round they would leave.
std::int64_t roles_accepting_ends(store::Connection& c, const Round& round);
// How many casework steps accepting the proposal gives back to the queue:
// those taken by people in a team the proposal moves them out of.
std::int64_t steps_accepting_releases(store::Connection& c, const Round& round);

// A coach or an administrator opens a round for every regional team of the
// region; its people are the teams' members at that moment.
Result open_round(store::Database& db, const Actor& actor, const std::string& title,
                  const std::string& region_code);
// The person's choice (replacing an earlier one) while the round is open.
Result record_choice(store::Database& db, const Actor& actor, std::int64_t round_id,
                     const std::vector<std::int64_t>& teams,
                     const std::vector<std::int64_t>& liked);

// What the engine is given: the round's people and teams from the database.
formation::Input engine_input(store::Connection& c, const Round& round);
// Runs the engine on the choices so far and stores its proposal (not yet
// visible to the people); the round stays open. This runs in the caller's
// thread: the pages start it in the background (see runs.hpp). With a
// run_id, the proposal is stored only while that run is still 'running'.
Result run_optimiser(store::Database& db, const Actor& actor, std::int64_t round_id,
                     double time_limit_seconds = 10, const formation::Progress& progress = {},
                     std::int64_t run_id = 0);
// Shows the stored proposal to everyone in the round; no more choices.
Result publish(store::Database& db, const Actor& actor, std::int64_t round_id);
// Writes the published proposal into the memberships, in one transaction;
// each star role that ends with a membership is audited.
Result accept(store::Database& db, const Actor& actor, std::int64_t round_id);
// Ends a round without accepting anything.
Result close_round(store::Database& db, const Actor& actor, std::int64_t round_id);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::teamchoice
