#include "casework/handling.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "casework/citizen_mail.hpp"
#include "casework/figures.hpp"
#include "casework/handling_support.hpp"
#include "casework/process.hpp"
#include "casework/review.hpp"
#include "casework/store.hpp"
#include "casework/waits.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"

namespace ploeg::casework {
namespace handling {

std::vector<Case> load_cases(store::Connection& c, const std::string& condition,
                             const std::vector<store::Value>& params) {
  std::vector<Case> cases;
  auto rows = c.query(
      "SELECT r.id, r.reference, r.team_id, m.code, m.name, r.conditions, r.submitted_at, "
      "r.step_index, r.holder_id, r.decided_at, r.finished_at, t.code, r.taken_at FROM requests r "
      "JOIN teams m ON m.id = r.team_id JOIN request_types t ON t.id = r.request_type_id WHERE " +
          condition + " ORDER BY r.submitted_at, r.id",
      params);
  if (rows.empty()) return cases;
  auto process = sql::load_process(c);  // once for every request read
  for (auto& row : rows.rows) {
    Case k;
    k.id = row.integer(0);
    k.reference = row.text(1);
    k.team_id = row.integer(2);
    k.team_code = row.text(3);
    k.team_name = row.text(4);
    k.conditions = sql::split_codes(row.text(5));
    k.submitted_at = row.integer(6);
    k.step_index = static_cast<std::size_t>(row.integer(7));
    k.holder_id = row.optional_integer(8).value_or(0);
    k.decided_at = row.optional_integer(9);
    k.finished_at = row.optional_integer(10);
    k.taken_at = row.optional_integer(12);
    for (auto& type : process.types) {
      if (type.code != row.text(11)) continue;
      k.type = type;
      for (auto* step : steps_for(type, k.conditions)) k.steps.push_back(*step);
    }
    cases.push_back(std::move(k));
  }
  return cases;
}

std::optional<Case> load_case(store::Connection& c, const std::string& reference) {
  if (reference.empty() || reference.size() > 40) return std::nullopt;
  auto found = load_cases(c, "r.reference = $1", {reference});
  if (found.empty()) return std::nullopt;
  return std::move(found[0]);
}

std::optional<Case> case_of_link(store::Connection& c, const std::string& status_token) {
  if (status_token.empty() || status_token.size() > 100) return std::nullopt;
  auto found = load_cases(c, "r.id = (SELECT request_id FROM request_links WHERE token_hash = $1)",
                          {crypto::sha256_hex(status_token)});
  if (found.empty()) return std::nullopt;
  // A link is a bearer secret: it opens the request for a year after the
  // decision (long enough to appeal and to look back), then nothing.
  if (found[0].decided_at && now_seconds() > *found[0].decided_at + status_link_lifetime_seconds) {
    return std::nullopt;
  }
  return std::move(found[0]);
}

Standing standing(store::Connection& c, std::int64_t person_id, std::int64_t team_id) {
  Standing s;
  if (person_id == 0) return s;
  s.member = !c.query("SELECT 1 FROM memberships WHERE person_id = $1 AND team_id = $2",
                      {person_id, team_id})
                  .empty();
  for (auto& r : c.query("SELECT k.code FROM person_competences p JOIN competences k ON k.id = "
                         "p.competence_id WHERE p.person_id = $1",
                         {person_id})
                     .rows) {
    s.competences.insert(r.text(0));
  }
  return s;
}

Standing standing(const Actor& actor, std::int64_t team_id) {
  Standing s;
  s.member = actor.person.in(team_id);
  for (const auto& held : actor.person.competences) s.competences.insert(held.first);
  return s;
}

void audit_case(store::Connection& c, const Actor& actor, const std::string& action,
                const std::string& reference, const std::string& detail) {
  audit::append(c, {actor.name, action, "request:" + reference, detail, actor.remote_address,
                    actor.request_id});
}

void add_event(store::Connection& c, std::int64_t request_id, const std::string& kind,
               const std::string& step_code, std::int64_t person_id, std::int64_t team_id,
               const std::string& body, bool medical) {
  c.query(
      "INSERT INTO request_events (request_id, at, kind, step_code, person_id, team_id, body, "
      "medical) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {request_id, now_seconds(), kind, step_code,
       person_id ? store::Value{person_id} : store::Value{nullptr},
       team_id ? store::Value{team_id} : store::Value{nullptr}, body, std::int64_t{medical}});
}

Outcome failure(Verdict verdict, const std::string& field, const std::string& key,
                const std::string& message,
                std::vector<std::pair<std::string, std::string>> values) {
  Outcome o;
  o.verdict = verdict;
  o.errors.push_back({field, key, message, std::move(values)});
  return o;
}

Outcome finished_refusal() {
  return failure(Verdict::conflict, "step", "case_finished", "every step of this request is done");
}

std::optional<Outcome> moved_on(const Case& k, const std::string& step_code) {
  if (!k.current()) return finished_refusal();
  if (k.current()->code == step_code) return std::nullopt;
  return failure(Verdict::conflict, "step", "case_step_moved",
                 "the request moved on to '" + k.current()->name + "' meanwhile: look at it again",
                 {{"step", k.current()->name}});
}

std::string person_name(store::Connection& c, std::int64_t person_id) {
  auto found = c.query("SELECT name FROM people WHERE id = $1", {person_id});
  return found.empty() ? "" : found.rows[0].text(0);
}

}  // namespace handling

namespace {

using handling::Case;
using handling::failure;
using handling::Standing;

// Takes the current step for the actor; false when it was not waiting.
bool claim(store::Connection& c, const Case& k, const Actor& actor) {
  auto claimed = c.query(
      "UPDATE requests SET holder_id = $1, taken_at = $2 WHERE id = $3 AND holder_id IS NULL AND "
      "step_index = $4 AND finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM decision_proposals "
      "p WHERE p.request_id = requests.id) RETURNING id",
      {actor.person.id, now_seconds(), k.id, static_cast<std::int64_t>(k.step_index)});
  if (claimed.empty()) return false;
  handling::add_event(c, k.id, "taken", k.current()->code, actor.person.id, k.team_id);
  handling::audit_case(c, actor, "request.take", k.reference, k.current()->code);
  return true;
}

std::optional<Outcome> check_take(store::Connection& c, const Case& k, const Standing& s) {
  if (!k.current()) return handling::finished_refusal();
  if (proposal_of(c, k.id)) {
    return failure(Verdict::conflict, "step", "decision_awaiting",
                   "the decision waits for a second co-worker to confirm it or send it back");
  }
  if (!s.holds(k.current()->competence)) {
    return failure(Verdict::invalid, "step", "case_competence_missing",
                   "the step '" + k.current()->name + "' needs the competence '" +
                       k.current()->competence +
                       "', which you do not hold: a colleague who holds it takes it",
                   {{"step", k.current()->name}, {"competence", k.current()->competence}});
  }
  if (k.holder_id) {
    auto name = handling::person_name(c, k.holder_id);
    return failure(Verdict::conflict, "step", "case_taken", name + " has taken this step already",
                   {{"name", name}});
  }
  return std::nullopt;
}

std::optional<Outcome> check_text(const std::string& field, const std::string& text,
                                  const std::string& missing_key, const std::string& what) {
  auto trimmed = text::trimmed(text);
  if (trimmed.empty()) return failure(Verdict::invalid, field, missing_key, "write " + what);
  if (text::characters(trimmed) > max_note_length) {
    return failure(Verdict::invalid, field, "case_text_too_long",
                   "shorten it to " + std::to_string(max_note_length) + " characters",
                   {{"max", std::to_string(max_note_length)}});
  }
  return std::nullopt;
}

}  // namespace

Outcome take_step(store::Database& db, const Actor& actor, const std::string& reference,
                  const std::string& step_code) {
  return handling::act(
      db, actor, reference, "request.take",
      [&](store::Connection& c, const Case& k, const Standing& s, Outcome& outcome) {
        if (auto problem = handling::moved_on(k, step_code)) return (outcome = *problem, false);
        if (auto problem = check_take(c, k, s)) return (outcome = *problem, false);
        if (!claim(c, k, actor)) {
          outcome = failure(Verdict::conflict, "step", "case_taken_meanwhile",
                            "a colleague took this step a moment ago");
          return false;
        }
        return true;
      });
}

Outcome take_next(store::Database& db, const Actor& actor, const std::string& team_code) {
  Outcome outcome;
  db.transaction([&](store::Connection& c) {
    auto team = c.query("SELECT id FROM teams WHERE code = $1", {team_code});
    if (team.empty()) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    auto s = handling::standing(actor, team.rows[0].integer(0));
    if (!s.member) {
      outcome.verdict = Verdict::forbidden;
      audit::append(c, {actor.name, "request.take.refused", "team:" + team_code,
                        "not a member of the team", actor.remote_address, actor.request_id});
      return true;
    }
    // The oldest waiting request whose step the actor can do.
    for (auto& k :
         handling::load_cases(c, "r.team_id = $1 AND r.finished_at IS NULL AND r.holder_id IS NULL",
                              {team.rows[0].integer(0)})) {
      if (!k.current() || !s.holds(k.current()->competence)) continue;
      if (claim(c, k, actor)) {
        outcome.reference = k.reference;
        return true;
      }
    }
    outcome = failure(Verdict::invalid, "step", "case_nothing_to_take",
                      "nothing in the queue waits for a competence you hold");
    return false;
  });
  return outcome;
}

Outcome release_step(store::Database& db, const Actor& actor, const std::string& reference) {
  // Any member may put a step back in the queue: the holder, or a colleague
  // when the holder is away.
  return handling::act(
      db, actor, reference, "request.release",
      [&](store::Connection& c, const Case& k, const Standing&, Outcome& outcome) {
        if (!k.current()) return (outcome = handling::finished_refusal(), false);
        if (!k.holder_id) {
          outcome =
              failure(Verdict::conflict, "step", "case_not_taken", "nobody has taken this step");
          return false;
        }
        c.query("UPDATE requests SET holder_id = NULL, taken_at = NULL WHERE id = $1", {k.id});
        handling::add_event(c, k.id, "released", k.current()->code, actor.person.id, k.team_id);
        handling::audit_case(c, actor, "request.release", k.reference, k.current()->code);
        return true;
      });
}

Outcome hand_over(store::Database& db, const Actor& actor, const std::string& reference,
                  std::int64_t to_person_id) {
  return handling::act(
      db, actor, reference, "request.hand_over",
      [&](store::Connection& c, const Case& k, const Standing&, Outcome& outcome) {
        if (!k.current()) return (outcome = handling::finished_refusal(), false);
        if (k.holder_id != actor.person.id) {
          outcome = failure(Verdict::conflict, "to", "case_not_holder",
                            "take the step first: only who holds it hands it over");
          return false;
        }
        auto to = handling::standing(c, to_person_id, k.team_id);
        if (!to.member || to_person_id == actor.person.id || !to.holds(k.current()->competence)) {
          outcome = failure(Verdict::invalid, "to", "case_hand_over_to",
                            "choose a colleague of the team who holds the competence '" +
                                k.current()->competence + "'",
                            {{"competence", k.current()->competence}});
          return false;
        }
        c.query("UPDATE requests SET holder_id = $1, taken_at = $2 WHERE id = $3",
                {to_person_id, now_seconds(), k.id});
        handling::add_event(c, k.id, "handed", k.current()->code, actor.person.id, k.team_id,
                            handling::person_name(c, to_person_id));
        handling::audit_case(c, actor, "request.hand_over", k.reference,
                             k.current()->code + " to person " + std::to_string(to_person_id));
        return true;
      });
}

Outcome complete_step(store::Database& db, const Actor& actor, const std::string& reference,
                      const StepResult& result) {
  return handling::act(
      db, actor, reference, "request.step",
      [&](store::Connection& c, const Case& k, const Standing&, Outcome& outcome) {
        if (auto problem = handling::moved_on(k, result.step_code))
          return (outcome = *problem, false);
        auto& step = *k.current();
        if (k.holder_id != actor.person.id) {
          outcome = failure(Verdict::conflict, "outcome", "case_not_holder",
                            "take the step first: only who holds it completes it");
          return false;
        }
        bool deciding = step.code == decision_step;
        ReviewRule rule;
        std::optional<std::int64_t> amount;
        std::vector<FieldError> errors;
        if (auto problem = check_text("outcome", result.outcome, "case_outcome_missing",
                                      "what came of this step")) {
          errors.push_back(problem->errors[0]);
        }
        auto motivation = text::trimmed(result.motivation);
        if (deciding) {
          if (result.decision != "granted" && result.decision != "refused") {
            errors.push_back({"decision",
                              "case_decision_missing",
                              "choose whether the request is granted or refused",
                              {}});
          }
          if (text::characters(motivation) < min_motivation_length) {
            errors.push_back({"motivation",
                              "case_motivation_short",
                              "motivate the decision in at least " +
                                  std::to_string(min_motivation_length) + " characters",
                              {{"min", std::to_string(min_motivation_length)}}});
          } else if (text::characters(motivation) > max_note_length) {
            errors.push_back({"motivation",
                              "case_text_too_long",
                              "shorten it to " + std::to_string(max_note_length) + " characters",
                              {{"max", std::to_string(max_note_length)}}});
          }
          rule = sql::review_rule(c, k.type.code);
          if (result.decision == "granted" && rule.amount != "none") {
            amount = parse_euros(result.amount);
            if (!amount || *amount == 0) {
              errors.push_back({"amount",
                                "case_amount_invalid",
                                "give the amount granted in euros, like 1234.56",
                                {}});
            }
          }
        }
        if (!errors.empty()) {
          outcome.verdict = Verdict::invalid;
          outcome.errors = std::move(errors);
          return false;
        }
        if (deciding) {
          // Still held by the actor at this step (a colleague may have taken it over).
          if (c.query("UPDATE requests SET holder_id = holder_id WHERE id = $1 AND holder_id = $2 "
                      "AND step_index = $3 RETURNING id",
                      {k.id, actor.person.id, static_cast<std::int64_t>(k.step_index)})
                  .empty()) {
            outcome =
                failure(Verdict::conflict, "step", "case_step_moved",
                        "the request moved on meanwhile: look at it again", {{"step", step.name}});
            return false;
          }
          Proposal decision{result.decision,
                            motivation,
                            text::trimmed(result.outcome),
                            amount,
                            amount ? rule.amount : std::string{},
                            actor.person.id,
                            "",
                            now_seconds()};
          if (needs_confirmation(rule, result.decision, amount)) {
            // Four eyes: a proposal until a second co-worker confirms it.
            propose_decision(c, actor, k, decision);
            outcome.awaiting_confirmation = true;
            return true;
          }
          apply_decision(c, k, decision, actor.person.id);
          handling::audit_case(c, actor, "request.decide", k.reference,
                               step.code + " " + result.decision);
          return true;
        }
        auto now = now_seconds();
        bool last = k.step_index + 1 == k.steps.size();
        auto updated = c.query(
            "UPDATE requests SET step_index = step_index + 1, holder_id = NULL, taken_at = NULL, "
            "finished_at = CASE WHEN $1 = 1 THEN $2 ELSE finished_at END WHERE id = $3 AND "
            "holder_id = $4 AND step_index = $5 RETURNING id",
            {std::int64_t{last}, now, k.id, actor.person.id,
             static_cast<std::int64_t>(k.step_index)});
        if (updated.empty()) {
          outcome =
              failure(Verdict::conflict, "step", "case_step_moved",
                      "the request moved on meanwhile: look at it again", {{"step", step.name}});
          return false;
        }
        bool medical = step.competence == medical_competence;
        handling::add_event(c, k.id, "done", step.code, actor.person.id, k.team_id,
                            text::trimmed(result.outcome), medical);
        end_waits(c, k.id, now);
        handling::audit_case(c, actor, "request.step", k.reference, step.code);
        return true;
      });
}

Outcome add_note(store::Database& db, const Actor& actor, const std::string& reference,
                 const std::string& text, bool medical) {
  return handling::act(
      db, actor, reference, "request.note",
      [&](store::Connection& c, const Case& k, const Standing& s, Outcome& outcome) {
        if (auto problem = check_text("note", text, "case_note_missing", "the note")) {
          return (outcome = *problem, false);
        }
        if (medical && !s.holds(medical_competence)) {
          outcome = failure(Verdict::invalid, "medical", "case_medical_not_yours",
                            "only co-workers with the medical competence write medical "
                            "notes: untick 'medical'");
          return false;
        }
        auto step = k.current() ? k.current()->code : std::string{};
        handling::add_event(c, k.id, "note", step, actor.person.id, k.team_id, text::trimmed(text),
                            medical);
        handling::audit_case(c, actor, "request.note", k.reference, medical ? "medical" : "");
        return true;
      });
}

Outcome move_to_postcode(store::Database& db, const Actor& actor, const std::string& reference,
                         const std::string& postcode, const std::string& reason) {
  return handling::act(
      db, actor, reference, "request.move",
      [&](store::Connection& c, const Case& k, const Standing&, Outcome& outcome) {
        if (k.decided_at) {
          outcome = failure(Verdict::conflict, "postcode", "case_move_decided",
                            "this request is decided: the team that decided it finishes it");
          return false;
        }
        auto code = text::trimmed(postcode);
        std::vector<FieldError> errors;
        auto route = code.empty() ? std::nullopt : sql::route(c, code);
        if (!route || route->team.empty()) {
          errors.push_back({"postcode",
                            "case_move_postcode",
                            "no team handles the postcode '" + code + "': check it",
                            {{"postcode", code}}});
        } else if (route->team == k.team_code) {
          errors.push_back({"postcode",
                            "case_move_same_team",
                            "this postcode is this team's own: nothing to hand over",
                            {}});
        }
        if (auto problem = check_text("reason", reason, "case_reason_missing", "why it moves")) {
          errors.push_back(problem->errors[0]);
        }
        if (!errors.empty()) {
          outcome.verdict = Verdict::invalid;
          outcome.errors = std::move(errors);
          return false;
        }
        auto to = c.query("SELECT id, name FROM teams WHERE code = $1", {route->team});
        auto to_team = to.rows.at(0).integer(0);
        c.query(
            "UPDATE requests SET team_id = $1, postcode = $2, holder_id = NULL, taken_at = NULL "
            "WHERE id = $3",
            {to_team, code, k.id});
        handling::add_event(
            c, k.id, "moved", "", actor.person.id, to_team,
            k.team_name + " → " + to.rows[0].text(1) + ": " + text::trimmed(reason));
        figures::Tally tally(c);
        tally.moved(k.team_id, to_team, k.submitted_at, now_seconds());
        tally.save(c);
        handling::audit_case(c, actor, "request.move", k.reference,
                             "from team " + k.team_code + " to team " + route->team);
        return true;
      });
}

namespace {

// The citizen's request behind a status token, for rating and complaints.
template <typename Change>
Outcome as_citizen(store::Database& db, const Citizen& citizen, Change change) {
  Outcome outcome;
  db.transaction([&](store::Connection& c) {
    auto k = handling::case_of_link(c, citizen.status_token);
    if (!k) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    outcome.reference = k->reference;
    Actor actor;  // the citizen behind the status link: nobody of the organisation
    actor.name = "citizen:" + k->reference;
    actor.remote_address = citizen.remote_address;
    actor.request_id = citizen.request_id;
    return change(c, *k, actor, outcome);
  });
  return outcome;
}

}  // namespace

Outcome rate(store::Database& db, const Citizen& citizen, int score, const std::string& comment) {
  return as_citizen(
      db, citizen, [&](store::Connection& c, const Case& k, const Actor& actor, Outcome& outcome) {
        if (!k.decided_at) {
          outcome = failure(Verdict::conflict, "score", "rating_too_early",
                            "you can rate the handling of your request once it is decided");
          return false;
        }
        if (score < 1 || score > 5) {
          outcome =
              failure(Verdict::invalid, "score", "rating_score", "choose a score from 1 to 5");
          return false;
        }
        auto text = text::trimmed(comment);
        if (text::characters(text) > max_note_length) {
          outcome = failure(Verdict::invalid, "comment", "case_text_too_long",
                            "shorten it to " + std::to_string(max_note_length) + " characters",
                            {{"max", std::to_string(max_note_length)}});
          return false;
        }
        auto now = now_seconds();
        auto rated = c.query(
            "UPDATE requests SET rating = $1, rated_at = $2 WHERE id = $3 AND rating IS NULL "
            "RETURNING team_id",
            {std::int64_t{score}, now, k.id});
        if (rated.empty()) {
          outcome = failure(Verdict::conflict, "score", "rating_done",
                            "you rated this request already: thank you");
          return false;
        }
        handling::add_event(c, k.id, "rated", "", 0, k.team_id,
                            std::to_string(score) + "/5 " + text);
        figures::Tally tally(c);
        tally.rated(k.team_id, now, score);
        tally.save(c);
        handling::audit_case(c, actor, "request.rate", k.reference, std::to_string(score));
        return true;
      });
}

Outcome complain(store::Database& db, const Citizen& citizen, const std::string& text) {
  return as_citizen(
      db, citizen, [&](store::Connection& c, const Case& k, const Actor& actor, Outcome& outcome) {
        if (auto problem = check_text("complaint", text, "complaint_missing", "your complaint")) {
          return (outcome = *problem, false);
        }
        auto now = now_seconds();
        // One complaint waits at a time: what the citizen writes before it
        // is answered is added to it, with its time; after an answer
        // (complaints.hpp) a new one waits. Only the first is counted in the
        // figures.
        auto first = c.query(
            "SELECT e.id, e.body FROM request_events e WHERE e.request_id = $1 AND e.kind = "
            "'complaint' AND NOT EXISTS (SELECT 1 FROM complaint_answers a WHERE "
            "a.complaint_event_id = e.id) ORDER BY e.at, e.id LIMIT 1",
            {k.id});
        if (!first.empty()) {
          auto body =
              first.rows[0].text(1) + "\n\n" + local_minute(now) + "\n" + text::trimmed(text);
          if (text::characters(body) > max_complaint_length) {
            outcome = failure(Verdict::invalid, "complaint", "complaint_full",
                              "your complaint is as long as we can keep: call or write to the "
                              "team to add more");
            return false;
          }
          c.query("UPDATE request_events SET body = $1 WHERE id = $2",
                  {body, first.rows[0].integer(0)});
          handling::audit_case(c, actor, "request.complaint.add", k.reference);
          return true;
        }
        auto before = c.query(
            "SELECT 1 FROM request_events WHERE request_id = $1 AND kind = 'complaint' LIMIT 1",
            {k.id});
        handling::add_event(c, k.id, "complaint", "", 0, k.team_id, text::trimmed(text));
        if (before.empty()) {
          figures::Tally tally(c);
          tally.complained(k.team_id, now);
          tally.save(c);
        }
        handling::audit_case(c, actor, "request.complaint", k.reference,
                             before.empty() ? "" : "again, after an answer");
        return true;
      });
}

}  // namespace ploeg::casework
