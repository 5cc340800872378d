#include "casework/holding.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "casework/handling_support.hpp"
#include "core/clock.hpp"

namespace ploeg::casework {

using handling::Case;
using handling::failure;
using handling::Standing;

namespace {

// The body of a 'released' event when the holder left the team.
constexpr const char* left_team = "left_team";

std::string id_text(std::int64_t id) {
  return std::to_string(id);
}

}  // namespace

Outcome take_over(store::Database& db, const Actor& actor, const std::string& reference,
                  const std::string& step_code, const std::string& reason) {
  if (std::find(take_over_reasons.begin(), take_over_reasons.end(), reason) ==
      take_over_reasons.end()) {
    auto o = failure(Verdict::invalid, "reason", "case_take_over_reason",
                     "say why you take over: the holder is absent, ill or on leave");
    o.reference = reference;
    return o;
  }
  return handling::act(
      db, actor, reference, "request.take_over",
      [&](store::Connection& c, const Case& k, const Standing& s, Outcome& outcome) {
        if (auto problem = handling::moved_on(k, step_code)) return (outcome = *problem, false);
        const auto& step = *k.current();
        if (!s.holds(step.competence)) {
          // A refusal on who the actor is (403), audited like any other.
          outcome =
              failure(Verdict::forbidden, "step", "case_take_over_competence",
                      "the step '" + step.name + "' needs the competence '" + step.competence +
                          "', which you do not hold: only a colleague who holds it can take "
                          "it over",
                      {{"step", step.name}, {"competence", step.competence}});
          handling::audit_case(c, actor, "request.take_over.refused", k.reference,
                               "does not hold " + step.competence);
          return true;
        }
        if (!k.holder_id) {
          outcome =
              failure(Verdict::conflict, "step", "case_not_taken", "nobody has taken this step");
          return false;
        }
        if (k.holder_id == actor.person.id) {
          outcome = failure(Verdict::conflict, "step", "case_take_over_own",
                            "you hold this step already");
          return false;
        }
        auto taken = c.query(
            "UPDATE requests SET holder_id = $1, taken_at = $2 WHERE id = $3 AND holder_id = $4 "
            "AND step_index = $5 AND finished_at IS NULL RETURNING id",
            {actor.person.id, now_seconds(), k.id, k.holder_id,
             static_cast<std::int64_t>(k.step_index)});
        if (taken.empty()) {
          outcome = failure(Verdict::conflict, "step", "case_taken_meanwhile",
                            "a colleague took this step a moment ago");
          return false;
        }
        handling::add_event(c, k.id, "taken", step.code, actor.person.id, k.team_id, reason);
        c.query(
            "INSERT INTO step_takeovers (request_id, at, step_code, from_person_id, "
            "to_person_id, reason) VALUES ($1, $2, $3, $4, $5, $6)",
            {k.id, now_seconds(), step.code, k.holder_id, actor.person.id, reason});
        handling::audit_case(c, actor, "request.take_over", k.reference,
                             step.code + " from person " + id_text(k.holder_id) + ": " + reason);
        return true;
      });
}

int release_steps_of_leavers(store::Connection& c, const Actor& actor, std::int64_t team_id) {
  auto held = handling::load_cases(
      c,
      "r.team_id = $1 AND r.finished_at IS NULL AND r.holder_id IS NOT NULL AND NOT EXISTS "
      "(SELECT 1 FROM memberships m WHERE m.team_id = r.team_id AND m.person_id = r.holder_id)",
      {team_id});
  int released = 0;
  for (auto& k : held) {
    c.query("UPDATE requests SET holder_id = NULL, taken_at = NULL WHERE id = $1", {k.id});
    auto step = k.current() ? k.current()->code : std::string();
    // The timeline names the leaver: that is who the step was with.
    handling::add_event(c, k.id, "released", step, k.holder_id, k.team_id, left_team);
    handling::audit_case(c, actor, "request.release", k.reference,
                         step + ": person " + id_text(k.holder_id) + " left the team");
    ++released;
  }
  return released;
}

int steps_held(store::Connection& c, std::int64_t person_id, std::int64_t team_id) {
  return static_cast<int>(c.query("SELECT count(*) FROM requests WHERE team_id = $1 AND "
                                  "holder_id = $2 AND finished_at IS NULL",
                                  {team_id, person_id})
                              .rows.at(0)
                              .integer(0));
}

int held_too_long_days(store::Connection& c, std::int64_t team_id) {
  auto found = c.query("SELECT held_too_long_days FROM casework_team_settings WHERE team_id = $1",
                       {team_id});
  return found.empty() ? default_held_too_long_days : static_cast<int>(found.rows[0].integer(0));
}

Outcome set_held_too_long_days(store::Database& db, const Actor& actor,
                               const std::string& team_code, int days) {
  Outcome outcome;
  db.transaction([&](store::Connection& c) {
    auto team = c.query("SELECT id FROM teams WHERE code = $1", {team_code});
    if (team.empty()) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    auto team_id = team.rows[0].integer(0);
    if (!handling::standing(actor, team_id).member) {
      outcome.verdict = Verdict::forbidden;
      audit::append(c, {actor.name, "queue.settings.refused", "team:" + team_code,
                        "not a member of the team", actor.remote_address, actor.request_id});
      return true;
    }
    if (days < 1 || days > max_held_too_long_days) {
      outcome = failure(
          Verdict::invalid, "held_days", "queue_held_days_range",
          "choose between 1 and " + std::to_string(max_held_too_long_days) + " working days",
          {{"max", std::to_string(max_held_too_long_days)}});
      return false;
    }
    c.query(
        "INSERT INTO casework_team_settings (team_id, held_too_long_days) VALUES ($1, $2) "
        "ON CONFLICT (team_id) DO UPDATE SET held_too_long_days = excluded.held_too_long_days",
        {team_id, std::int64_t{days}});
    audit::append(c, {actor.name, "queue.settings", "team:" + team_code,
                      "held too long after " + std::to_string(days) + " working days",
                      actor.remote_address, actor.request_id});
    return true;
  });
  return outcome;
}

std::vector<TakenOver> taken_over_from(store::Connection& c, std::int64_t person_id,
                                       std::int64_t since) {
  std::vector<TakenOver> out;
  auto rows = c.query(
      "SELECT r.reference, t.code, o.step_code, coalesce(s.name, o.step_code), p.name, o.reason, "
      "o.at FROM step_takeovers o JOIN requests r ON r.id = o.request_id JOIN request_types t ON "
      "t.id = r.request_type_id LEFT JOIN process_steps s ON s.request_type_id = t.id AND s.code "
      "= o.step_code LEFT JOIN people p ON p.id = o.to_person_id WHERE o.from_person_id = $1 AND "
      "o.at >= $2 AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = $1 AND m.team_id = "
      "r.team_id) ORDER BY o.at DESC, o.id DESC LIMIT 50",
      {person_id, since});
  for (auto& r : rows.rows) {
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.optional_text(4).value_or(""),
                   r.text(5), r.integer(6)});
  }
  return out;
}

void register_holding_migrations(store::Migrations& migrations) {
  // Who took a step over from whom, and why: the holder's home page tells
  // them, and the queue's figures can count it.
  migrations.add(store::with_ids(100, "casework: taking over steps, the team's queue settings", R"(
CREATE TABLE step_takeovers (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  step_code TEXT NOT NULL,
  from_person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  to_person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  reason TEXT NOT NULL CHECK (reason IN ('absent', 'ill', 'leave'))
);
CREATE INDEX step_takeovers_from ON step_takeovers (from_person_id, at);
CREATE INDEX step_takeovers_request ON step_takeovers (request_id);
CREATE TABLE casework_team_settings (
  team_id BIGINT PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  held_too_long_days INTEGER NOT NULL CHECK (held_too_long_days BETWEEN 1 AND 60)
);
)"));
}

}  // namespace ploeg::casework
