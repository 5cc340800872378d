#include "teamchoice/rounds.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "teamchoice/support.hpp"

namespace ploeg::teamchoice {
using namespace detail;
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

bool may_manage(store::Connection& c, const Actor& actor, std::int64_t region_id) {
  if (actor.admin()) return true;
  if (!actor.coach() || actor.person.nobody() || region_id == 0) return false;
  // A coach of one of the region's regional teams.
  for (auto& r :
       c.query("SELECT id FROM teams WHERE region_id = $1 AND kind = 'regional'", {region_id})
           .rows) {
    if (actor.person.coaches(r.integer(0))) return true;
  }
  return false;
}

bool may_manage(store::Connection& c, const Actor& actor, const Round& round) {
  return may_manage(c, actor, round.region_id);
}

bool may_view(const Round& round, const Actor& actor) {
  if (actor.admin() || (!actor.person.nobody() && round.has_person(actor.person.id))) return true;
  // A coach of one of its teams (a co-worker role coaching a team is no
  // coach here, as for may_manage).
  return actor.coach() &&
         std::any_of(round.teams.begin(), round.teams.end(),
                     [&](const RoundTeam& t) { return actor.person.coaches(t.id); });
}

std::vector<RoundSummary> list_rounds(store::Connection& c, const Actor& actor) {
  std::vector<RoundSummary> out;
  auto rows = c.query(
      "SELECT r.id, r.title, g.code, g.name, r.status, r.opened_at, (SELECT count(*) FROM "
      "team_round_people p WHERE p.round_id = r.id), (SELECT count(*) FROM team_round_chosen h "
      "WHERE h.round_id = r.id), (SELECT count(*) FROM team_round_people p WHERE p.round_id = "
      "r.id AND p.person_id = $1) FROM team_rounds r JOIN regions g ON g.id = r.region_id ORDER "
      "BY r.opened_at DESC, r.id DESC",
      {actor.person.id});
  // The rounds with a team the actor coaches (actor.person.coach_of).
  std::set<std::int64_t> coached;
  if (!actor.admin() && actor.coach() && !actor.person.coach_of.empty()) {
    for (auto& r : c.query("SELECT round_id, team_id FROM team_round_teams").rows) {
      if (actor.person.coaches(r.integer(1))) coached.insert(r.integer(0));
    }
  }
  for (auto& r : rows.rows) {
    bool member = r.integer(8) > 0;
    if (!actor.admin() && !member && !coached.count(r.integer(0))) continue;
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5),
                   r.integer(6), r.integer(7), member});
  }
  return out;
}

std::optional<Round> load_round(store::Connection& c, std::int64_t round_id) {
  auto found = c.query(
      "SELECT r.id, r.title, g.code, g.name, r.status, r.opened_at, r.opened_by_user, "
      "r.accepted_at, r.accepted_changes, r.region_id, r.accepted_roles_ended, "
      "r.accepted_steps_released FROM team_rounds r "
      "JOIN regions g ON g.id = r.region_id WHERE r.id = $1",
      {round_id});
  if (found.empty()) return std::nullopt;
  auto& row = found.rows[0];
  Round round;
  round.summary = {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4),
                   row.integer(5), 0,           0,           false};
  round.opened_by_user = row.optional_integer(6).value_or(0);
  round.accepted_at = row.optional_integer(7).value_or(0);
  round.accepted_moves = row.optional_integer(8);
  round.region_id = row.integer(9);
  round.roles_ended = row.optional_integer(10).value_or(0);
  round.steps_released = row.optional_integer(11).value_or(0);
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

Result open_round(store::Database& db, const Actor& actor, const std::string& title,
                  const std::string& region_code) {
  Result result;
  auto name = text::trimmed(title);
  if (name.empty() || text::characters(name) > max_title_length) {
    result.errors.push_back(problem("title", "rounds_error_title",
                                    "title: write a title of at most 120 characters",
                                    {{"max", std::to_string(max_title_length)}}));
  }
  return db.transaction([&](store::Connection& c) {
    auto region = c.query("SELECT id FROM regions WHERE code = $1", {region_code});
    // An unknown region is a mistake to mend, unless nobody may open rounds.
    bool allowed =
        region.empty() ? opens_rounds(actor) : may_manage(c, actor, region.rows[0].integer(0));
    if (!allowed) {
      audit::append(c, {actor.name, "teamchoice.open.refused", "region:" + region_code,
                        actor.role + ", coaches no team of the region", actor.remote_address,
                        actor.request_id});
      return failed(Verdict::forbidden,
                    problem("region", "rounds_error_refused",
                            "only an administrator or a coach of the region's teams may do this"));
    }
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
      result.verdict = Verdict::invalid;
      return result;
    }
    auto region_id = region.rows[0].integer(0);
    store::Value person = nullptr, user = nullptr;
    if (actor.person.id != 0) person = actor.person.id;
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
    if (!round) return not_found();
    if (actor.person.id == 0 || !round->has_person(actor.person.id)) {
      record(c, actor, "teamchoice.choose.refused", round_id, "not one of the round's people");
      return failed(Verdict::forbidden, problem("round", "rounds_error_not_in_round",
                                                "you are not one of the people of this round"));
    }
    if (round->summary.status != "open") return not_open();
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
      if (id == actor.person.id) {
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
      result.verdict = Verdict::invalid;
      return result;
    }
    std::vector<store::Value> key{round_id, actor.person.id};
    c.query("DELETE FROM team_round_choices WHERE round_id = $1 AND person_id = $2", key);
    c.query("DELETE FROM team_round_likes WHERE round_id = $1 AND person_id = $2", key);
    c.query("DELETE FROM team_round_chosen WHERE round_id = $1 AND person_id = $2", key);
    std::string detail;
    for (std::size_t i = 0; i < teams.size(); ++i) {
      c.query(
          "INSERT INTO team_round_choices (round_id, person_id, preference, team_id) VALUES ($1, "
          "$2, $3, $4)",
          {round_id, actor.person.id, static_cast<std::int64_t>(i + 1), teams[i]});
      detail += (i ? ", " : "teams ") + round->team(teams[i])->code;
    }
    for (auto id : colleagues) {
      c.query("INSERT INTO team_round_likes (round_id, person_id, liked_id) VALUES ($1, $2, $3)",
              {round_id, actor.person.id, id});
    }
    c.query("INSERT INTO team_round_chosen (round_id, person_id, chosen_at) VALUES ($1, $2, $3)",
            {round_id, actor.person.id, now_seconds()});
    detail += "; " + std::to_string(colleagues.size()) + " liked colleagues";
    record(c, actor, "teamchoice.choose", round_id,
           "person " + id_text(actor.person.id) + ": " + detail);
    return result;
  });
}

Result publish(store::Database& db, const Actor& actor, std::int64_t round_id) {
  return db.transaction([&](store::Connection& c) -> Result {
    auto found =
        c.query("SELECT status, proposal_at, feasible, region_id FROM team_rounds WHERE id = $1",
                {round_id});
    if (found.empty()) return not_found();
    auto& r = found.rows[0];
    if (!may_manage(c, actor, r.integer(3)))
      return refused(c, actor, "teamchoice.publish", round_id);
    if (r.text(0) != "open") return not_open();
    if (r.is_null(1) || r.integer(2) == 0) {
      return failed(Verdict::invalid,
                    problem("round", "rounds_error_no_proposal",
                            "run the optimiser first: there is no feasible proposal to publish"));
    }
    c.query("UPDATE team_rounds SET status = 'proposed', published_at = $2 WHERE id = $1",
            {round_id, now_seconds()});
    record(c, actor, "teamchoice.publish", round_id, "proposal published");
    return Result{};
  });
}

Result close_round(store::Database& db, const Actor& actor, std::int64_t round_id) {
  return db.transaction([&](store::Connection& c) -> Result {
    auto status = status_of(c, round_id);
    if (status.empty()) return not_found();
    if (!may_manage(c, actor, region_of(c, round_id))) {
      return refused(c, actor, "teamchoice.close", round_id);
    }
    if (status != "open" && status != "proposed") {
      return failed(Verdict::invalid,
                    problem("round", "rounds_error_finished", "the round is finished already"));
    }
    c.query("UPDATE team_rounds SET status = 'closed' WHERE id = $1", {round_id});
    record(c, actor, "teamchoice.close", round_id, "closed without accepting");
    return Result{};
  });
}

}  // namespace ploeg::teamchoice
