// Four eyes on decisions (review.hpp): the rule per request type, amounts in
// euro cents, proposals confirmed or sent back, and the delegations.
#include "casework/review.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "casework/citizen_mail.hpp"
#include "casework/figures.hpp"
#include "casework/handling_support.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "casework/waits.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"

namespace ploeg::casework {

using handling::Case;
using handling::failure;

bool needs_confirmation(const ReviewRule& rule, const std::string& decision,
                        std::optional<std::int64_t> amount_cents) {
  if (rule.when == "always") return true;
  if (rule.when == "refusing") return decision == "refused";
  if (rule.when == "above") {
    return decision == "granted" && amount_cents && *amount_cents > rule.threshold_cents;
  }
  return false;
}

std::optional<std::int64_t> parse_euros(const std::string& typed) {
  auto text = text::trimmed(typed);
  if (text.size() > max_amount_length) return std::nullopt;
  static const std::string euro = "€";
  if (text.rfind(euro, 0) == 0) text = text::trimmed(text.substr(euro.size()));
  if (text.size() >= euro.size() && text.compare(text.size() - euro.size(), euro.size(), euro) == 0)
    text = text::trimmed(text.substr(0, text.size() - euro.size()));
  auto mark = text.find_first_of(".,");
  auto whole = text.substr(0, mark);
  auto fraction = mark == std::string::npos ? std::string() : text.substr(mark + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (whole.empty() || whole.size() > 9 || !digits(whole)) return std::nullopt;
  if (mark != std::string::npos && (fraction.empty() || fraction.size() > 2 || !digits(fraction)))
    return std::nullopt;
  if (fraction.size() == 1) fraction += "0";
  std::int64_t cents = std::stoll(whole) * 100 + (fraction.empty() ? 0 : std::stoll(fraction));
  if (cents > max_amount_cents) return std::nullopt;
  return cents;
}

std::string plain_euros(std::int64_t cents) {
  auto fraction = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "." + (fraction.size() == 1 ? "0" : "") + fraction;
}

std::string format_euros(std::int64_t cents, const std::string& language) {
  bool english = language == "en";
  std::string group = english ? "," : language == "fr" ? "\u202f" : ".";
  auto whole = std::to_string(cents / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += group;
    grouped += whole[i];
  }
  auto fraction = std::to_string(cents % 100);
  if (fraction.size() == 1) fraction = "0" + fraction;
  auto number = grouped + (english ? "." : ",") + fraction;
  if (english) return "€" + number;
  if (language == "fr") return number + "\u00a0€";
  return "€\u00a0" + number;
}

std::vector<FieldError> check_rule(const ReviewRule& rule) {
  std::vector<FieldError> problems;
  if (rule.amount != "none" && rule.amount != "monthly" && rule.amount != "once") {
    problems.push_back({"amount", "review_amount_kind", "choose none, monthly or once", {}});
  }
  if (rule.when != "never" && rule.when != "always" && rule.when != "refusing" &&
      rule.when != "above") {
    problems.push_back(
        {"when", "review_when", "choose never, always, when refusing or above an amount", {}});
  }
  if (rule.when == "above") {
    if (rule.amount == "none") {
      problems.push_back({"when",
                          "review_above_needs_amount",
                          "a threshold needs decisions that grant an amount",
                          {}});
    }
    if (rule.threshold_cents < 0 || rule.threshold_cents > max_amount_cents) {
      problems.push_back({"threshold",
                          "review_threshold",
                          "give the threshold in euros, like 1000 or 1000.50 (at most one million)",
                          {}});
    }
  }
  if (rule.level < 1 || rule.level > 3) {
    problems.push_back({"level", "review_level", "choose a level from 1 to 3", {}});
  }
  return problems;
}

ReviewRule demo_review_rule(const std::string& type_code) {
  ReviewRule r;
  r.level = 2;
  if (type_code == "parking_card") return r;  // no money, no second look
  r.amount = "monthly";
  if (type_code == "income_replacement") {
    r.when = "above";
    r.threshold_cents = 100000;  // € 1.000 a month
  } else {
    r.when = "refusing";
  }
  return r;
}

namespace sql {

namespace {
ReviewRule rule_from(const store::Row& r) {
  ReviewRule rule;
  rule.amount = r.text(1);
  rule.when = r.text(2);
  rule.threshold_cents = r.integer(3);
  rule.level = static_cast<int>(r.integer(4));
  return rule;
}
constexpr const char* rule_select =
    "SELECT t.code, v.amount, v.confirm_when, v.threshold_cents, v.confirm_level FROM "
    "request_type_reviews v JOIN request_types t ON t.id = v.request_type_id";
}  // namespace

std::map<std::string, ReviewRule> review_rules(store::Connection& c) {
  std::map<std::string, ReviewRule> all;
  for (auto& r : c.query(rule_select).rows) all[r.text(0)] = rule_from(r);
  return all;
}

ReviewRule review_rule(store::Connection& c, const std::string& type_code) {
  auto found = c.query(std::string(rule_select) + " WHERE t.code = $1", {type_code});
  return found.empty() ? ReviewRule{} : rule_from(found.rows[0]);
}

bool save_review_rule(store::Connection& c, const std::string& type_code, const ReviewRule& rule) {
  auto type = c.query("SELECT id FROM request_types WHERE code = $1", {type_code});
  if (type.empty()) return false;
  c.query(
      "INSERT INTO request_type_reviews (request_type_id, amount, confirm_when, threshold_cents, "
      "confirm_level) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_type_id) DO UPDATE SET "
      "amount = excluded.amount, confirm_when = excluded.confirm_when, threshold_cents = "
      "excluded.threshold_cents, confirm_level = excluded.confirm_level",
      {type.rows[0].integer(0), rule.amount, rule.when, rule.threshold_cents,
       std::int64_t{rule.level}});
  return true;
}

}  // namespace sql

Outcome set_review_rule(store::Database& db, const Actor& actor, const std::string& type_code,
                        const ReviewRule& rule) {
  if (!actor.admin()) {
    return Outcome::refused(Verdict::forbidden, {"", "review_refused",
                                                 "only administrators set when decisions need a "
                                                 "second co-worker"});
  }
  Outcome outcome;
  db.transaction([&](store::Connection& c) {
    if (c.query("SELECT 1 FROM request_types WHERE code = $1", {type_code}).empty()) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    outcome = Outcome::invalid_if(check_rule(rule));
    if (!outcome.ok()) return false;
    sql::save_review_rule(c, type_code, rule);
    audit::append(c, {actor.name, "casework.review_rule", "request_type:" + type_code,
                      "amount " + rule.amount + ", four eyes " + rule.when +
                          (rule.when == "above" ? " " + std::to_string(rule.threshold_cents) : "") +
                          ", level " + std::to_string(rule.level),
                      actor.remote_address, actor.request_id});
    return true;
  });
  return outcome;
}

std::optional<Proposal> proposal_of(store::Connection& c, std::int64_t request_id) {
  auto found = c.query(
      "SELECT p.decision, p.motivation, p.outcome, p.amount_cents, p.amount_period, "
      "p.preparer_id, coalesce(x.name, ''), p.proposed_at FROM decision_proposals p LEFT JOIN "
      "people x ON x.id = p.preparer_id WHERE p.request_id = $1",
      {request_id});
  if (found.empty()) return std::nullopt;
  auto& r = found.rows[0];
  Proposal p;
  p.decision = r.text(0);
  p.motivation = r.text(1);
  p.outcome = r.text(2);
  p.amount_cents = r.optional_integer(3);
  p.amount_period = r.text(4);
  p.preparer_id = r.optional_integer(5).value_or(0);
  p.preparer_name = r.text(6);
  p.proposed_at = r.integer(7);
  return p;
}

void propose_decision(store::Connection& c, const Actor& actor, const Case& k, const Proposal& p) {
  c.query(
      "INSERT INTO decision_proposals (request_id, decision, motivation, outcome, amount_cents, "
      "amount_period, preparer_id, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {k.id, p.decision, p.motivation, p.outcome,
       p.amount_cents ? store::Value{*p.amount_cents} : store::Value{nullptr}, p.amount_period,
       actor.person.id, now_seconds()});
  c.query("UPDATE requests SET holder_id = NULL, taken_at = NULL WHERE id = $1", {k.id});
  handling::audit_case(c, actor, "decision.proposed", k.reference,
                       p.decision + (p.amount_cents ? " " + std::to_string(*p.amount_cents) : ""));
}

void apply_decision(store::Connection& c, const Case& k, const Proposal& d,
                    std::int64_t decider_id) {
  auto now = now_seconds();
  bool last = k.step_index + 1 == k.steps.size();
  c.query(
      "UPDATE requests SET step_index = step_index + 1, holder_id = NULL, taken_at = NULL, "
      "decided_at = $1, decision = $2, motivation = $3, amount_cents = $4, amount_period = $5, "
      "finished_at = CASE WHEN $6 = 1 THEN $1 ELSE finished_at END WHERE id = $7",
      {now, d.decision, d.motivation,
       d.amount_cents ? store::Value{*d.amount_cents} : store::Value{nullptr},
       d.amount_cents ? store::Value{d.amount_period} : store::Value{nullptr}, std::int64_t{last},
       k.id});
  const auto& step = *k.current();
  handling::add_event(c, k.id, "done", step.code, d.preparer_id, k.team_id, d.outcome,
                      step.competence == medical_competence);
  end_waits(c, k.id, now);
  handling::add_event(c, k.id, "decided", step.code, decider_id, k.team_id,
                      d.decision + ": " + d.motivation);
  figures::Tally tally(c);
  tally.decided(k.team_id, k.submitted_at, now, k.type.target_days);
  tally.save(c);
  tell_citizen(c, k.id, mail::kinds::decision_taken);
}

ConfirmStanding confirm_standing(const Actor& actor, const Proposal& proposal,
                                 const ReviewRule& rule) {
  if (actor.person.id == proposal.preparer_id) return ConfirmStanding::preparer;
  if (actor.person.level(decision_competence) < rule.level) return ConfirmStanding::under_level;
  return ConfirmStanding::may;
}

namespace {

// The proposal of the request and whether the actor may settle it; fills
// the outcome (and audits a refusal) when not.
template <typename Settle>
Outcome settle(store::Database& db, const Actor& actor, const std::string& reference,
               const std::string& action, Settle then) {
  return handling::act(
      db, actor, reference, action,
      [&](store::Connection& c, const Case& k, const handling::Standing&, Outcome& outcome) {
        auto proposal = proposal_of(c, k.id);
        if (!proposal || !k.current() || k.current()->code != decision_step) {
          outcome = failure(Verdict::conflict, "confirm", "decision_nothing_waits",
                            "no decision waits for confirmation on this request");
          return false;
        }
        auto rule = sql::review_rule(c, k.type.code);
        auto standing = confirm_standing(actor, *proposal, rule);
        if (standing == ConfirmStanding::preparer) {
          outcome = failure(Verdict::forbidden, "confirm", "decision_confirm_own",
                            "you prepared this decision: a second co-worker confirms it or sends "
                            "it back");
          handling::audit_case(c, actor, action + ".refused", k.reference, "the preparer");
          return true;
        }
        if (standing == ConfirmStanding::under_level) {
          auto level = std::to_string(rule.level);
          outcome = failure(Verdict::forbidden, "confirm", "decision_confirm_level",
                            "confirming this decision needs the decision competence at level " +
                                level + " or higher",
                            {{"level", level}});
          handling::audit_case(c, actor, action + ".refused", k.reference,
                               "decision level under " + level);
          return true;
        }
        return then(c, k, *proposal, outcome);
      });
}

}  // namespace

Outcome confirm_decision(store::Database& db, const Actor& actor, const std::string& reference) {
  return settle(db, actor, reference, "decision.confirm",
                [&](store::Connection& c, const Case& k, const Proposal& p, Outcome&) {
                  c.query("DELETE FROM decision_proposals WHERE request_id = $1", {k.id});
                  apply_decision(c, k, p, actor.person.id);
                  handling::audit_case(
                      c, actor, "decision.confirmed", k.reference,
                      p.decision + " prepared by person " + std::to_string(p.preparer_id));
                  return true;
                });
}

Outcome send_back_decision(store::Database& db, const Actor& actor, const std::string& reference,
                           const std::string& reason) {
  auto why = text::trimmed(reason);
  return settle(
      db, actor, reference, "decision.send_back",
      [&](store::Connection& c, const Case& k, const Proposal& p, Outcome& outcome) {
        // Checked after who asks: someone outside the team learns nothing.
        if (text::characters(why) < min_send_back_reason_length ||
            text::characters(why) > max_note_length) {
          outcome = failure(Verdict::invalid, "send_back_reason", "decision_send_back_reason",
                            "say in " + std::to_string(min_send_back_reason_length) + " to " +
                                std::to_string(max_note_length) +
                                " characters why the decision goes back",
                            {{"min", std::to_string(min_send_back_reason_length)},
                             {"max", std::to_string(max_note_length)}});
          return false;
        }
        c.query("DELETE FROM decision_proposals WHERE request_id = $1", {k.id});
        // Back to the preparer while they are in the team; else the queue.
        bool member = p.preparer_id != 0 && handling::standing(c, p.preparer_id, k.team_id).member;
        c.query("UPDATE requests SET holder_id = $1, taken_at = $2 WHERE id = $3",
                {member ? store::Value{p.preparer_id} : store::Value{nullptr},
                 member ? store::Value{now_seconds()} : store::Value{nullptr}, k.id});
        handling::add_event(c, k.id, "note", k.current()->code, actor.person.id, k.team_id, why);
        handling::audit_case(c, actor, "decision.sent_back", k.reference,
                             "to person " + std::to_string(p.preparer_id));
        return true;
      });
}

std::vector<Delegation> delegations_of(store::Connection& c, std::int64_t person_id) {
  std::vector<Delegation> out;
  auto held = c.query(
      "SELECT pc.level FROM person_competences pc JOIN competences k ON k.id = pc.competence_id "
      "WHERE pc.person_id = $1 AND k.code = $2",
      {person_id, std::string(decision_competence)});
  if (held.empty()) return out;
  auto level = held.rows[0].integer(0);
  auto rules = sql::review_rules(c);
  for (auto& t : sql::load_process(c).types) {
    bool decides = std::any_of(t.steps.begin(), t.steps.end(), [](const ProcessStep& s) {
      return s.code == decision_step && s.competence == decision_competence;
    });
    if (!decides) continue;
    auto found = rules.find(t.code);
    auto rule = found == rules.end() ? ReviewRule{} : found->second;
    out.push_back({t.code, t.name, rule.level, level >= rule.level});
  }
  return out;
}

void register_review_migrations(store::Migrations& migrations) {
  // A request type's rule (no row: no amount, never four eyes); a request's
  // amount once decided; the decision waiting for its second co-worker (one
  // at a time per request).
  migrations.add(store::with_ids(102, "casework: amounts granted and four eyes on decisions", R"(
CREATE TABLE request_type_reviews (
  request_type_id BIGINT PRIMARY KEY REFERENCES request_types (id) ON DELETE CASCADE,
  amount TEXT NOT NULL DEFAULT 'none' CHECK (amount IN ('none', 'monthly', 'once')),
  confirm_when TEXT NOT NULL DEFAULT 'never'
    CHECK (confirm_when IN ('never', 'always', 'refusing', 'above')),
  threshold_cents BIGINT NOT NULL DEFAULT 0 CHECK (threshold_cents BETWEEN 0 AND 100000000),
  confirm_level INTEGER NOT NULL DEFAULT 2 CHECK (confirm_level BETWEEN 1 AND 3)
);
ALTER TABLE requests ADD COLUMN amount_cents BIGINT;
ALTER TABLE requests ADD COLUMN amount_period TEXT;
CREATE TABLE decision_proposals (
  request_id BIGINT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('granted', 'refused')),
  motivation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  amount_cents BIGINT,
  amount_period TEXT NOT NULL DEFAULT '',
  preparer_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  proposed_at BIGINT NOT NULL
);
CREATE INDEX decision_proposals_preparer ON decision_proposals (preparer_id);
)"));
}

}  // namespace ploeg::casework
