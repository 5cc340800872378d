#include "teamchoice/rounds.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"

namespace ploeg::teamchoice {
namespace {

FieldError problem(std::string field, std::string key, std::string message,
                   std::vector<std::pair<std::string, std::string>> values = {}) {
  return {std::move(field), std::move(key), std::move(message), std::move(values)};
}

Result failed(Outcome outcome, FieldError error) {
  Result r;
  r.outcome = outcome;
  r.errors.push_back(std::move(error));
  return r;
}

Result refused() {
  return failed(Outcome::refused, problem("round", "rounds_error_refused",
                                          "only a coach or an administrator may do this"));
}

void record(store::Connection& c, const Actor& actor, const std::string& action,
            std::int64_t round_id, const std::string& detail) {
  audit::append(c, {actor.actor, action, "round:" + std::to_string(round_id), detail,
                    actor.remote_address, actor.request_id});
}

std::string id_text(std::int64_t id) {
  return std::to_string(id);
}

// The round's status, read inside the caller's transaction; empty when none.
std::string status_of(store::Connection& c, std::int64_t round_id) {
  auto found = c.query("SELECT status FROM team_rounds WHERE id = $1", {round_id});
  return found.empty() ? "" : found.rows[0].text(0);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& line : text::lines(text)) {
    if (!text::trimmed(line).empty()) out.push_back(line);
  }
  return out;
}

}  // namespace

bool Round::has_person(std::int64_t person_id) const {
  return person(person_id) != nullptr;
}

const RoundTeam* Round::team(std::int64_t id) const {
  for (auto& t : teams) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const RoundPerson* Round::person(std::int64_t id) const {
  for (auto& p : people) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool may_manage(const Actor& actor) {
  return actor.manager();
}

bool may_view(const Round& round, const Actor& actor) {
  return actor.manager() || (actor.person_id != 0 && round.has_person(actor.person_id));
}

std::vector<RoundSummary> list_rounds(store::Connection& c, const Actor& actor) {
  std::vector<RoundSummary> out;
  auto rows = c.query(
      "SELECT r.id, r.title, g.code, g.name, r.status, r.opened_at, (SELECT count(*) FROM "
      "team_round_people p WHERE p.round_id = r.id), (SELECT count(*) FROM team_round_chosen h "
      "WHERE h.round_id = r.id), (SELECT count(*) FROM team_round_people p WHERE p.round_id = "
      "r.id AND p.person_id = $1) FROM team_rounds r JOIN regions g ON g.id = r.region_id ORDER "
      "BY r.opened_at DESC, r.id DESC",
      {actor.person_id});
  for (auto& r : rows.rows) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5),
                   r.integer(6), r.integer(7), r.integer(8) > 0});
  }
  return out;
}

std::optional<Round> load_round(store::Connection& c, std::int64_t round_id) {
  auto found = c.query(
      "SELECT r.id, r.title, g.code, g.name, r.status, r.opened_at, r.opened_by_user, "
      "r.accepted_at, r.accepted_changes FROM team_rounds r JOIN regions g ON g.id = "
      "r.region_id WHERE r.id = $1",
      {round_id});
  if (found.empty()) return std::nullopt;
  auto& row = found.rows[0];
  Round round;
  round.summary = {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4),
                   row.integer(5), 0,           0,           false};
  round.opened_by_user = row.optional_integer(6).value_or(0);
  round.accepted_at = row.optional_integer(7).value_or(0);
  round.accepted_moves = row.optional_integer(8);
  for (auto& r : c.query("SELECT t.id, t.code, t.name, t.min_size, t.max_size FROM "
                         "team_round_teams rt JOIN teams t ON t.id = rt.team_id WHERE "
                         "rt.round_id = $1 ORDER BY t.code",
                         {round_id})
                     .rows) {
    round.teams.push_back({r.integer(0), r.text(1), r.text(2), static_cast<int>(r.integer(3)),
                           static_cast<int>(r.integer(4))});
  }
  std::map<std::int64_t, std::size_t> index;
  for (auto& r : c.query("SELECT p.id, p.name, rp.current_team_id FROM team_round_people rp "
                         "JOIN people p ON p.id = rp.person_id WHERE rp.round_id = $1 ORDER BY "
                         "p.name, p.id",
                         {round_id})
                     .rows) {
    index[r.integer(0)] = round.people.size();
    round.people.push_back({r.integer(0), r.text(1), {}, r.optional_integer(2)});
  }
  for (auto& r : c.query("SELECT pc.person_id, k.code FROM team_round_people rp JOIN "
                         "person_competences pc ON pc.person_id = rp.person_id JOIN competences "
                         "k ON k.id = pc.competence_id WHERE rp.round_id = $1 ORDER BY k.code",
                         {round_id})
                     .rows) {
    round.people[index.at(r.integer(0))].competences.push_back(r.text(1));
  }
  round.summary.people = static_cast<std::int64_t>(round.people.size());
  round.summary.choices =
      c.query("SELECT count(*) FROM team_round_chosen WHERE round_id = $1", {round_id})
          .rows[0]
          .integer(0);
  return round;
}

std::optional<Choice> load_choice(store::Connection& c, std::int64_t round_id,
                                  std::int64_t person_id) {
  auto chosen =
      c.query("SELECT chosen_at FROM team_round_chosen WHERE round_id = $1 AND person_id = $2",
              {round_id, person_id});
  if (chosen.empty()) return std::nullopt;
  Choice choice;
  choice.chosen_at = chosen.rows[0].integer(0);
  for (auto& r : c.query("SELECT team_id FROM team_round_choices WHERE round_id = $1 AND "
                         "person_id = $2 ORDER BY preference",
                         {round_id, person_id})
                     .rows) {
    choice.teams.push_back(r.integer(0));
  }
  for (auto& r : c.query("SELECT liked_id FROM team_round_likes WHERE round_id = $1 AND "
                         "person_id = $2 ORDER BY liked_id",
                         {round_id, person_id})
                     .rows) {
    choice.liked.push_back(r.integer(0));
  }
  return choice;
}

Board load_board(store::Connection& c, const Round& round) {
  Board board;
  board.people = round.summary.people;
  board.chosen = round.summary.choices;
  std::map<std::int64_t, std::vector<const RoundPerson*>> first;
  for (auto& r : c.query("SELECT person_id, team_id FROM team_round_choices WHERE round_id = $1 "
                         "AND preference = 1",
                         {round.summary.id})
                     .rows) {
    if (auto* p = round.person(r.integer(0))) first[r.integer(1)].push_back(p);
  }
  std::map<std::int64_t, std::vector<std::pair<std::string, int>>> required;
  for (auto& r : c.query("SELECT q.team_id, k.code, q.minimum FROM team_requirements q JOIN "
                         "team_round_teams rt ON rt.team_id = q.team_id JOIN competences k ON "
                         "k.id = q.competence_id WHERE rt.round_id = $1 ORDER BY k.code",
                         {round.summary.id})
                     .rows) {
    required[r.integer(0)].emplace_back(r.text(1), static_cast<int>(r.integer(2)));
  }
  for (auto& t : round.teams) {
    BoardTeam b;
    b.team = t;
    auto& members = first[t.id];
    b.size = static_cast<int>(members.size());
    for (auto* p : members) b.members.push_back(p->name);
    std::sort(b.members.begin(), b.members.end());
    for (auto& [code, need] : required[t.id]) {
      int have = 0;
      for (auto* p : members) {
        have += std::count(p->competences.begin(), p->competences.end(), code) > 0 ? 1 : 0;
      }
      if (have < need) b.lacking.push_back({code, have, need});
    }
    board.teams.push_back(std::move(b));
  }
  return board;
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
  for (auto& row : c.query("SELECT person_id, team_id, choice, reason, moved, stated, changed, "
                           "previous_team_id FROM team_round_proposal WHERE round_id = $1",
                           {round.summary.id})
                       .rows) {
    auto* person = round.person(row.integer(0));
    p.placements.push_back({row.integer(0), person ? person->name : "", row.integer(1),
                            static_cast<int>(row.integer(2)), row.text(3), row.integer(4) != 0,
                            row.integer(5) != 0, row.integer(6) != 0, row.optional_integer(7)});
  }
  std::sort(p.placements.begin(), p.placements.end(),
            [](const Placement& a, const Placement& b) { return a.person_name < b.person_name; });
  return p;
}

Result open_round(store::Database& db, const Actor& actor, const std::string& title,
                  const std::string& region_code) {
  if (!actor.manager()) return refused();
  Result result;
  auto name = text::trimmed(title);
  if (name.empty() || text::characters(name) > max_title_length) {
    result.errors.push_back(problem("title", "rounds_error_title",
                                    "title: write a title of at most 120 characters",
                                    {{"max", std::to_string(max_title_length)}}));
  }
  return db.transaction([&](store::Connection& c) {
    auto region = c.query("SELECT id FROM regions WHERE code = $1", {region_code});
    if (region.empty()) {
      result.errors.push_back(
          problem("region", "rounds_error_region", "region: choose one of the regions"));
    } else {
      auto teams = c.query("SELECT count(*) FROM teams WHERE kind = 'regional' AND region_id = $1",
                           {region.rows[0].integer(0)});
      if (teams.rows[0].integer(0) == 0) {
        result.errors.push_back(problem("region", "rounds_error_no_teams",
                                        "region: it has no regional teams to choose from"));
      }
    }
    if (!result.errors.empty()) {
      result.outcome = Outcome::invalid;
      return result;
    }
    auto region_id = region.rows[0].integer(0);
    store::Value person = nullptr, user = nullptr;
    if (actor.person_id != 0) person = actor.person_id;
    if (actor.user_id != 0) user = actor.user_id;
    auto made = c.query(
        "INSERT INTO team_rounds (title, region_id, opened_by_user, opened_by_person, status, "
        "opened_at) VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
        {name, region_id, user, person, now_seconds()});
    result.id = made.rows[0].integer(0);
    c.query(
        "INSERT INTO team_round_teams (round_id, team_id) SELECT $1, id FROM teams WHERE kind = "
        "'regional' AND region_id = $2",
        {result.id, region_id});
    // Everyone in one of the teams; their current team is where they work most.
    auto members = c.query(
        "SELECT m.person_id, m.team_id FROM memberships m JOIN team_round_teams rt ON "
        "rt.team_id = m.team_id WHERE rt.round_id = $1 ORDER BY m.person_id, m.share_percent "
        "DESC, m.team_id",
        {result.id});
    std::int64_t last = 0;
    for (auto& r : members.rows) {
      if (r.integer(0) == last) continue;
      last = r.integer(0);
      c.query(
          "INSERT INTO team_round_people (round_id, person_id, current_team_id) VALUES ($1, $2, "
          "$3)",
          {result.id, r.integer(0), r.integer(1)});
    }
    record(c, actor, "teamchoice.open", result.id, region_code + ": " + name);
    return result;
  });
}

Result record_choice(store::Database& db, const Actor& actor, std::int64_t round_id,
                     const std::vector<std::int64_t>& teams,
                     const std::vector<std::int64_t>& liked) {
  return db.transaction([&](store::Connection& c) -> Result {
    auto round = load_round(c, round_id);
    if (!round) return failed(Outcome::not_found, problem("round", "rounds_unknown", "no round"));
    if (actor.person_id == 0 || !round->has_person(actor.person_id)) {
      return failed(Outcome::refused, problem("round", "rounds_error_not_in_round",
                                              "you are not one of the people of this round"));
    }
    if (round->summary.status != "open") {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_not_open", "the round takes no more choices"));
    }
    Result result;
    if (teams.empty()) {
      result.errors.push_back(
          problem("first", "rounds_error_no_first", "first: choose the team you want most"));
    }
    if (teams.size() > max_preferences) {
      result.errors.push_back(
          problem("teams", "rounds_error_too_many", "teams: choose at most three teams"));
    }
    std::set<std::int64_t> seen;
    for (auto id : teams) {
      if (!round->team(id)) {
        result.errors.push_back(problem("teams", "rounds_error_team_unknown",
                                        "teams: choose teams of this round only"));
      } else if (!seen.insert(id).second) {
        result.errors.push_back(
            problem("teams", "rounds_error_team_twice", "teams: choose each team once"));
      }
    }
    std::set<std::int64_t> colleagues;
    for (auto id : liked) {
      if (id == actor.person_id) {
        result.errors.push_back(problem("liked", "rounds_error_colleague_self",
                                        "liked colleagues: leave yourself out"));
      } else if (!round->has_person(id)) {
        result.errors.push_back(problem("liked", "rounds_error_colleague_unknown",
                                        "liked colleagues: choose people of this round only"));
      } else {
        colleagues.insert(id);
      }
    }
    if (!result.errors.empty()) {
      result.outcome = Outcome::invalid;
      return result;
    }
    std::vector<store::Value> key{round_id, actor.person_id};
    c.query("DELETE FROM team_round_choices WHERE round_id = $1 AND person_id = $2", key);
    c.query("DELETE FROM team_round_likes WHERE round_id = $1 AND person_id = $2", key);
    c.query("DELETE FROM team_round_chosen WHERE round_id = $1 AND person_id = $2", key);
    std::string detail;
    for (std::size_t i = 0; i < teams.size(); ++i) {
      c.query(
          "INSERT INTO team_round_choices (round_id, person_id, preference, team_id) VALUES ($1, "
          "$2, $3, $4)",
          {round_id, actor.person_id, static_cast<std::int64_t>(i + 1), teams[i]});
      detail += (i ? ", " : "teams ") + round->team(teams[i])->code;
    }
    for (auto id : colleagues) {
      c.query("INSERT INTO team_round_likes (round_id, person_id, liked_id) VALUES ($1, $2, $3)",
              {round_id, actor.person_id, id});
    }
    c.query("INSERT INTO team_round_chosen (round_id, person_id, chosen_at) VALUES ($1, $2, $3)",
            {round_id, actor.person_id, now_seconds()});
    detail += "; " + std::to_string(colleagues.size()) + " liked colleagues";
    record(c, actor, "teamchoice.choose", round_id,
           "person " + id_text(actor.person_id) + ": " + detail);
    return result;
  });
}

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

Result run_optimiser(store::Database& db, const Actor& actor, std::int64_t round_id,
                     double time_limit_seconds) {
  if (!actor.manager()) return refused();
  formation::Input input;
  std::optional<Round> round;
  {
    auto lease = db.acquire();
    round = load_round(*lease, round_id);
    if (!round) return failed(Outcome::not_found, problem("round", "rounds_unknown", "no round"));
    if (round->summary.status != "open") {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_not_open", "the round takes no more choices"));
    }
    input = engine_input(*lease, *round);
  }
  // The engine runs outside any transaction: it may take seconds.
  formation::Options options;
  options.mode = formation::Mode::optimise;
  options.time_limit_seconds = time_limit_seconds;
  auto solved = formation::solve(input, options);
  if (!solved.errors.empty()) {
    Result r;
    r.outcome = Outcome::invalid;
    for (auto& e : solved.errors) {
      r.errors.push_back(problem("round", "rounds_error_engine", e, {{"problem", e}}));
    }
    return r;
  }
  std::map<std::string, std::int64_t> team_id;
  for (auto& t : round->teams) team_id[t.code] = t.id;
  return db.transaction([&](store::Connection& c) -> Result {
    if (status_of(c, round_id) != "open") {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_not_open", "the round takes no more choices"));
    }
    c.query("DELETE FROM team_round_proposal WHERE round_id = $1", {round_id});
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
            "stated, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {round_id, std::stoll(outcome.person), team_id.at(outcome.team),
             static_cast<std::int64_t>(outcome.choice), std::int64_t{outcome.moved ? 1 : 0},
             std::int64_t{stated.count(outcome.person) ? 1 : 0}, outcome.reason});
      }
    }
    record(c, actor, "teamchoice.optimise", round_id,
           solved.feasible ? "objective " + std::to_string(solved.objective) + ", bound " +
                                 std::to_string(solved.bound)
                           : "no feasible assignment");
    return Result{};
  });
}

Result publish(store::Database& db, const Actor& actor, std::int64_t round_id) {
  if (!actor.manager()) return refused();
  return db.transaction([&](store::Connection& c) -> Result {
    auto found =
        c.query("SELECT status, proposal_at, feasible FROM team_rounds WHERE id = $1", {round_id});
    if (found.empty()) {
      return failed(Outcome::not_found, problem("round", "rounds_unknown", "no round"));
    }
    auto& r = found.rows[0];
    if (r.text(0) != "open") {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_not_open", "the round takes no more choices"));
    }
    if (r.is_null(1) || r.integer(2) == 0) {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_no_proposal",
                            "run the optimiser first: there is no feasible proposal to publish"));
    }
    c.query("UPDATE team_rounds SET status = 'proposed', published_at = $2 WHERE id = $1",
            {round_id, now_seconds()});
    record(c, actor, "teamchoice.publish", round_id, "proposal published");
    return Result{};
  });
}

Result accept(store::Database& db, const Actor& actor, std::int64_t round_id) {
  if (!actor.manager()) return refused();
  return db.transaction([&](store::Connection& c) -> Result {
    auto round = load_round(c, round_id);
    if (!round) return failed(Outcome::not_found, problem("round", "rounds_unknown", "no round"));
    if (round->summary.status != "proposed") {
      return failed(Outcome::invalid, problem("round", "rounds_error_not_published",
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
      audit::append(c, {actor.actor, "membership.move", "person:" + id_text(placement.person_id),
                        "round " + id_text(round_id) + ": " + (from.empty() ? "-" : from) + " -> " +
                            round->team(placement.team_id)->code,
                        actor.remote_address, actor.request_id});
    }
    store::Value user = nullptr;
    if (actor.user_id != 0) user = actor.user_id;
    c.query(
        "UPDATE team_rounds SET status = 'accepted', accepted_at = $2, accepted_by_user = $3, "
        "accepted_changes = $4 WHERE id = $1",
        {round_id, now_seconds(), user, result.changed});
    record(c, actor, "teamchoice.accept", round_id,
           std::to_string(result.changed) + " people change team");
    return result;
  });
}

Result close_round(store::Database& db, const Actor& actor, std::int64_t round_id) {
  if (!actor.manager()) return refused();
  return db.transaction([&](store::Connection& c) -> Result {
    auto status = status_of(c, round_id);
    if (status.empty()) {
      return failed(Outcome::not_found, problem("round", "rounds_unknown", "no round"));
    }
    if (status != "open" && status != "proposed") {
      return failed(Outcome::invalid,
                    problem("round", "rounds_error_finished", "the round is finished already"));
    }
    c.query("UPDATE team_rounds SET status = 'closed' WHERE id = $1", {round_id});
    record(c, actor, "teamchoice.close", round_id, "closed without accepting");
    return Result{};
  });
}

}  // namespace ploeg::teamchoice
