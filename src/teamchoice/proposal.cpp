// A round's proposal: what the engine is given, how its answer is stored
// (with each person's reason and each violation as data, so the pages can
// say them in the reader's language), and accepting it into the memberships.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "casework/holding.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "teamchoice/rounds.hpp"
#include "teamchoice/runs.hpp"
#include "teamchoice/support.hpp"

namespace ploeg::teamchoice {
using namespace detail;
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& line : text::lines(text)) {
    if (!text::trimmed(line).empty()) out.push_back(line);
  }
  return out;
}

// The star roles person $1 holds in the teams of round $3 other than team $2.
const char* held_roles =
    "SELECT t.code, r.code, r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN "
    "teams t ON t.id = a.team_id WHERE a.person_id = $1 AND a.team_id <> $2 AND a.team_id IN "
    "(SELECT team_id FROM team_round_teams WHERE round_id = $3) ORDER BY t.code, r.code";

}  // namespace

formation::Input engine_input(store::Connection& c, const Round& round) {
  formation::Input input;
  std::map<std::int64_t, std::string> code_of;
  for (auto& t : round.teams) {
    code_of[t.id] = t.code;
    input.teams.push_back({t.code, t.name, round.summary.region_code, t.min_size, t.max_size, {}});
  }
  for (auto& r : c.query("SELECT q.team_id, k.code, q.minimum FROM team_requirements q JOIN "
                         "team_round_teams rt ON rt.team_id = q.team_id JOIN competences k ON "
                         "k.id = q.competence_id WHERE rt.round_id = $1",
                         {round.summary.id})
                     .rows) {
    for (auto& t : input.teams) {
      if (t.id == code_of[r.integer(0)]) t.required[r.text(1)] = static_cast<int>(r.integer(2));
    }
  }
  // The current team is read now, not when the round opened: it is what
  // accepting the proposal would change.
  std::map<std::int64_t, std::string> current;
  for (auto& r : c.query("SELECT m.person_id, m.team_id FROM memberships m JOIN team_round_people "
                         "rp ON rp.person_id = m.person_id JOIN team_round_teams rt ON "
                         "rt.round_id = rp.round_id AND rt.team_id = m.team_id WHERE rp.round_id "
                         "= $1 ORDER BY m.person_id, m.share_percent, m.team_id DESC",
                         {round.summary.id})
                     .rows) {
    current[r.integer(0)] = code_of[r.integer(1)];  // the last (largest share) wins
  }
  std::map<std::int64_t, std::size_t> index;
  for (auto& p : round.people) {
    formation::Person person;
    person.id = id_text(p.id);
    person.name = p.name;
    person.competences = p.competences;
    person.regions = {round.summary.region_code};
    if (auto found = current.find(p.id); found != current.end()) {
      person.current_team = found->second;
    }
    index[p.id] = input.people.size();
    input.people.push_back(std::move(person));
  }
  for (auto& r : c.query("SELECT person_id, team_id FROM team_round_choices WHERE round_id = $1 "
                         "ORDER BY person_id, preference",
                         {round.summary.id})
                     .rows) {
    input.people[index.at(r.integer(0))].preferred_teams.push_back(code_of[r.integer(1)]);
  }
  for (auto& r : c.query("SELECT person_id, liked_id FROM team_round_likes WHERE round_id = $1 "
                         "ORDER BY person_id, liked_id",
                         {round.summary.id})
                     .rows) {
    input.people[index.at(r.integer(0))].liked_colleagues.push_back(id_text(r.integer(1)));
  }
  return input;
}

Proposal load_proposal(store::Connection& c, const Round& round) {
  Proposal p;
  auto found = c.query(
      "SELECT proposal_at, feasible, proven_optimal, objective, preference_points, "
      "colleague_points, move_penalty, bound_hundredths, gap_ppm, violations FROM team_rounds "
      "WHERE id = $1",
      {round.summary.id});
  if (found.empty() || found.rows[0].is_null(0)) return p;
  auto& r = found.rows[0];
  p.exists = true;
  p.made_at = r.integer(0);
  p.feasible = r.integer(1) != 0;
  p.proven_optimal = r.integer(2) != 0;
  p.objective = r.integer(3);
  p.preference_points = r.integer(4);
  p.colleague_points = r.integer(5);
  p.move_penalty = r.integer(6);
  p.bound = static_cast<double>(r.integer(7)) / 100.0;
  p.gap = static_cast<double>(r.integer(8)) / 1e6;
  p.violations = split_lines(r.text(9));
  for (auto& row : c.query("SELECT kind, person, team, region, competence, have, need, teams, "
                           "each_need FROM team_round_violations WHERE round_id = $1 ORDER BY seq",
                           {round.summary.id})
                       .rows) {
    formation::Violation v;
    v.kind = row.text(0);
    v.person = row.text(1);
    v.team = row.text(2);
    v.region = row.text(3);
    v.competence = row.text(4);
    v.have = static_cast<int>(row.integer(5));
    v.need = static_cast<int>(row.integer(6));
    v.teams = static_cast<int>(row.integer(7));
    v.each = static_cast<int>(row.integer(8));
    p.violation_data.push_back(std::move(v));
  }
  for (auto& row : c.query("SELECT person_id, team_id, choice, reason, moved, stated, changed, "
                           "previous_team_id, reason_kind, reason_competence, reason_wanted, "
                           "reason_places, liked_together FROM team_round_proposal WHERE "
                           "round_id = $1",
                           {round.summary.id})
                       .rows) {
    auto* person = round.person(row.integer(0));
    Placement placement;
    placement.person_id = row.integer(0);
    placement.person_name = person ? person->name : "";
    placement.team_id = row.integer(1);
    placement.choice = static_cast<int>(row.integer(2));
    placement.reason = row.text(3);
    placement.moved = row.integer(4) != 0;
    placement.stated = row.integer(5) != 0;
    placement.changed = row.integer(6) != 0;
    placement.previous_team_id = row.optional_integer(7);
    placement.reason_kind = row.text(8);
    placement.reason_competence = row.text(9);
    placement.wanted = static_cast<int>(row.integer(10));
    placement.places = static_cast<int>(row.integer(11));
    placement.liked_together = static_cast<int>(row.integer(12));
    p.placements.push_back(std::move(placement));
  }
  std::sort(p.placements.begin(), p.placements.end(),
            [](const Placement& a, const Placement& b) { return a.person_name < b.person_name; });
  return p;
}

std::int64_t roles_accepting_ends(store::Connection& c, const Round& round) {
  return c
      .query(
          "SELECT count(*) FROM role_assignments a JOIN team_round_proposal p ON p.round_id = $1 "
          "AND p.person_id = a.person_id JOIN team_round_teams rt ON rt.round_id = $1 AND "
          "rt.team_id = a.team_id WHERE a.team_id <> p.team_id",
          {round.summary.id})
      .rows[0]
      .integer(0);
}

std::int64_t steps_accepting_releases(store::Connection& c, const Round& round) {
  // Each membership in a round team that the proposal ends, and the steps
  // its holder has taken there.
  std::int64_t steps = 0;
  for (auto& r : c.query("SELECT m.person_id, m.team_id FROM memberships m JOIN "
                         "team_round_proposal p ON p.round_id = $1 AND p.person_id = m.person_id "
                         "JOIN team_round_teams rt ON rt.round_id = $1 AND rt.team_id = m.team_id "
                         "WHERE m.team_id <> p.team_id",
                         {round.summary.id})
                     .rows) {
    steps += casework::steps_held(c, r.integer(0), r.integer(1));
  }
  return steps;
}

Result run_optimiser(store::Database& db, const Actor& actor, std::int64_t round_id,
                     double time_limit_seconds, const formation::Progress& progress,
                     std::int64_t run_id) {
  formation::Input input;
  std::optional<Round> round;
  auto checked = db.transaction([&](store::Connection& c) -> Result {
    round = load_round(c, round_id);
    if (!round) return not_found();
    if (!may_manage(c, actor, *round)) return refused(c, actor, "teamchoice.optimise", round_id);
    if (round->summary.status != "open") return not_open();
    input = engine_input(c, *round);
    return Result{};
  });
  if (!checked) return checked;
  // The engine runs outside any transaction: it may take seconds.
  formation::Options options;
  options.mode = formation::Mode::optimise;
  options.time_limit_seconds = time_limit_seconds;
  options.progress = progress;
  auto solved = formation::solve(input, options);
  if (!solved.errors.empty()) {
    Result r;
    r.verdict = Verdict::invalid;
    for (auto& e : solved.errors) {
      r.errors.push_back(problem("round", "rounds_error_engine", e, {{"problem", e}}));
    }
    return r;
  }
  std::map<std::string, std::int64_t> team_id;
  for (auto& t : round->teams) team_id[t.code] = t.id;
  return db.transaction([&](store::Connection& c) -> Result {
    if (status_of(c, round_id) != "open") return not_open();
    if (run_id != 0 &&
        c.query("SELECT 1 FROM team_round_runs WHERE id = $1 AND status = 'running'", {run_id})
            .empty()) {
      // Given up as stale while it ran: a newer run may be writing its own.
      return failed(Verdict::invalid,
                    problem("round", "rounds_run_superseded", "a newer run replaced this one"));
    }
    c.query("DELETE FROM team_round_proposal WHERE round_id = $1", {round_id});
    c.query("DELETE FROM team_round_violations WHERE round_id = $1", {round_id});
    for (std::size_t i = 0; i < solved.violation_data.size(); ++i) {
      auto& v = solved.violation_data[i];
      c.query(
          "INSERT INTO team_round_violations (round_id, seq, kind, person, team, region, "
          "competence, have, need, teams, each_need) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $11)",
          {round_id, static_cast<std::int64_t>(i), v.kind, v.person, v.team, v.region, v.competence,
           std::int64_t{v.have}, std::int64_t{v.need}, std::int64_t{v.teams},
           std::int64_t{v.each}});
    }
    std::string violations;
    for (auto& v : solved.violations) violations += v + "\n";
    c.query(
        "UPDATE team_rounds SET proposal_at = $2, feasible = $3, proven_optimal = $4, objective "
        "= $5, preference_points = $6, colleague_points = $7, move_penalty = $8, "
        "bound_hundredths = $9, gap_ppm = $10, violations = $11 WHERE id = $1",
        {round_id, now_seconds(), std::int64_t{solved.feasible ? 1 : 0},
         std::int64_t{solved.proven_optimal ? 1 : 0}, solved.objective, solved.preference_points,
         solved.colleague_points, solved.move_penalty,
         static_cast<std::int64_t>(std::llround(solved.bound * 100)),
         static_cast<std::int64_t>(std::llround(solved.gap * 1e6)), violations});
    if (solved.feasible) {
      std::set<std::string> stated;
      for (auto& person : input.people) {
        if (!person.preferred_teams.empty()) stated.insert(person.id);
      }
      for (auto& outcome : solved.people) {
        c.query(
            "INSERT INTO team_round_proposal (round_id, person_id, team_id, choice, moved, "
            "stated, reason, reason_kind, reason_competence, reason_wanted, reason_places, "
            "liked_together) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            {round_id, std::stoll(outcome.person), team_id.at(outcome.team),
             static_cast<std::int64_t>(outcome.choice), std::int64_t{outcome.moved ? 1 : 0},
             std::int64_t{stated.count(outcome.person) ? 1 : 0}, outcome.reason,
             outcome.reason_kind, outcome.competence, std::int64_t{outcome.wanted},
             std::int64_t{outcome.places}, std::int64_t{outcome.liked_together}});
      }
    }
    // The run ends with its proposal, so no page shows a proposal as still coming.
    if (run_id != 0) end_run(c, run_id, true, "", "done");
    record(c, actor, "teamchoice.optimise", round_id,
           solved.feasible ? "objective " + std::to_string(solved.objective) + ", bound " +
                                 std::to_string(solved.bound)
                           : "no feasible assignment");
    return Result{};
  });
}

Result accept(store::Database& db, const Actor& actor, std::int64_t round_id) {
  return db.transaction([&](store::Connection& c) -> Result {
    auto round = load_round(c, round_id);
    if (!round) return not_found();
    if (!may_manage(c, actor, *round)) return refused(c, actor, "teamchoice.accept", round_id);
    if (round->summary.status != "proposed") {
      return failed(Verdict::invalid, problem("round", "rounds_error_not_published",
                                              "publish the proposal before accepting it"));
    }
    auto proposal = load_proposal(c, *round);
    Result result;
    for (auto& placement : proposal.placements) {
      // The person's memberships in the round's teams; other teams stay.
      auto held = c.query(
          "SELECT m.team_id, m.share_percent FROM memberships m JOIN team_round_teams rt ON "
          "rt.team_id = m.team_id WHERE rt.round_id = $1 AND m.person_id = $2 ORDER BY "
          "m.share_percent DESC, m.team_id",
          {round_id, placement.person_id});
      bool stays = false;
      std::int64_t share = 100;
      std::string from;
      store::Value previous = nullptr;
      for (auto& h : held.rows) {
        if (h.integer(0) == placement.team_id) {
          stays = true;
        } else if (from.empty()) {
          share = h.integer(1);
          from = round->team(h.integer(0))->code;
          previous = h.integer(0);
        }
      }
      if (stays && held.rows.size() == 1) continue;
      // The star roles held in the teams left end with the membership (by
      // cascade); each is audited in the team it ended in.
      for (auto& role :
           c.query(held_roles, {placement.person_id, placement.team_id, round_id}).rows) {
        audit::append(c, {actor.name, "role.ended", "team:" + role.text(0),
                          role.text(1) + " (" + role.text(2) +
                              ") held by person:" + id_text(placement.person_id) +
                              ": left the team in round " + id_text(round_id),
                          actor.remote_address, actor.request_id});
        ++result.roles_ended;
      }
      c.query(
          "DELETE FROM memberships WHERE person_id = $1 AND team_id <> $2 AND team_id IN (SELECT "
          "team_id FROM team_round_teams WHERE round_id = $3)",
          {placement.person_id, placement.team_id, round_id});
      if (!stays) {
        c.query("INSERT INTO memberships (person_id, team_id, share_percent) VALUES ($1, $2, $3)",
                {placement.person_id, placement.team_id, share});
      }
      ++result.changed;
      c.query(
          "UPDATE team_round_proposal SET changed = 1, previous_team_id = $3 WHERE round_id = $1 "
          "AND person_id = $2",
          {round_id, placement.person_id, previous});
      audit::append(c, {actor.name, "membership.move", "person:" + id_text(placement.person_id),
                        "round " + id_text(round_id) + ": " + (from.empty() ? "-" : from) + " -> " +
                            round->team(placement.team_id)->code,
                        actor.remote_address, actor.request_id});
    }
    // Steps taken by people who left a team go back to its queue at once.
    for (auto& team : round->teams) {
      result.steps_released += casework::release_steps_of_leavers(c, actor, team.id);
    }
    store::Value user = nullptr;
    if (actor.user_id != 0) user = actor.user_id;
    c.query(
        "UPDATE team_rounds SET status = 'accepted', accepted_at = $2, accepted_by_user = $3, "
        "accepted_changes = $4, accepted_roles_ended = $5, accepted_steps_released = $6 WHERE "
        "id = $1",
        {round_id, now_seconds(), user, result.changed, result.roles_ended, result.steps_released});
    record(c, actor, "teamchoice.accept", round_id,
           std::to_string(result.changed) + " people change team; " +
               std::to_string(result.roles_ended) + " star roles ended; " +
               std::to_string(result.steps_released) + " steps back in the queue");
    return result;
  });
}

}  // namespace ploeg::teamchoice
