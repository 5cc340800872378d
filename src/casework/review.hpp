// Four eyes where the law wants them. Per request type an administrator
// sets whether its decision grants an amount (euro cents, a month or once)
// and when a decision needs a second co-worker: never, always, when
// refusing, or when the amount is above a threshold. The second co-worker is
// a member of the handling team who holds the decision competence at the
// level the type names and did not prepare the decision. Until confirmed,
// the decision is a proposal: the request is not decided (no mail, no
// letter, the figures do not count it, the citizen sees it in progress).
//
// Delegations: who may decide which request types follows from the decision
// competence and its level (a register on the person page and on
// /casework/delegations, inside the organisation only).
//
// Every proposal, confirmation, sending back and refusal is audited
// (decision.proposed, decision.confirmed, decision.sent_back, ...refused).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "casework/handling.hpp"
#include "core/actor.hpp"
#include "core/field_error.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

namespace handling {
struct Case;  // casework/handling_support.hpp, internal to casework
}  // namespace handling

// The competence whose holders decide (and, at the type's level, confirm).
inline constexpr const char* decision_competence = "decision";
// The most an amount (and a threshold) may be: one million euro, in cents.
inline constexpr std::int64_t max_amount_cents = 100'000'000;
inline constexpr std::size_t max_amount_length = 20;  // characters typed

// What a request type's decisions need.
struct ReviewRule {
  std::string amount = "none";       // none, monthly, once: what a grant records
  std::string when = "never";        // never, always, refusing, above: when four eyes
  std::int64_t threshold_cents = 0;  // "above": a grant of more than this
  int level = 2;  // the decision competence's level a confirmer holds at least (1..3)
  bool operator==(const ReviewRule&) const = default;
};

// Whether a decision needs a second co-worker: always; refusing when it
// refuses; above when it grants more than the threshold (equal is not above).
bool needs_confirmation(const ReviewRule& rule, const std::string& decision,
                        std::optional<std::int64_t> amount_cents);

// Euros as typed ("1234", "1234,5", "1234.56", "€ 12,00"): integer cents;
// nullopt for anything else (no thousands separators, at most two decimals,
// not negative, at most max_amount_cents).
std::optional<std::int64_t> parse_euros(const std::string& text);
// Cents as the language writes them: "€1,234.56" (en), "€ 1.234,56" (nl),
// "1 234,56 €" (fr).
std::string format_euros(std::int64_t cents, const std::string& language);
// Cents as a form shows them back: "1234.56".
std::string plain_euros(std::int64_t cents);

// The problems of a rule, field by field; empty when it may be saved.
std::vector<FieldError> check_rule(const ReviewRule& rule);

// The demo agency's rules: the allowances grant a monthly amount; income
// replacement needs four eyes above € 1.000 a month, the integration
// allowance and assistance for the elderly when refusing; the parking card
// grants no amount and needs none. A confirmer holds decision at level 2.
ReviewRule demo_review_rule(const std::string& type_code);

namespace sql {
// The rule of each request type that has one, by type code.
std::map<std::string, ReviewRule> review_rules(store::Connection& c);
// A type's rule; the default (no amount, never) when it has none.
ReviewRule review_rule(store::Connection& c, const std::string& type_code);
// Sets a type's rule; false when there is no such type.
bool save_review_rule(store::Connection& c, const std::string& type_code, const ReviewRule& rule);
}  // namespace sql

// An administrator sets a type's rule: invalid with the problems, not_found
// for an unknown type, forbidden for anyone else. Audited.
Outcome set_review_rule(store::Database& db, const Actor& actor, const std::string& type_code,
                        const ReviewRule& rule);

// A decision waiting for its second co-worker.
struct Proposal {
  std::string decision;  // granted or refused
  std::string motivation;
  std::string outcome;  // what came of the decision step
  std::optional<std::int64_t> amount_cents;
  std::string amount_period;  // monthly or once, with an amount
  std::int64_t preparer_id = 0;
  std::string preparer_name;
  std::int64_t proposed_at = 0;
};
std::optional<Proposal> proposal_of(store::Connection& c, std::int64_t request_id);

// Records the decision step's result as a proposal (the step stays, held by
// nobody, and nobody can take it while the proposal waits). Audited as
// decision.proposed. Internal to casework: complete_step calls it.
void propose_decision(store::Connection& c, const Actor& actor, const handling::Case& k,
                      const Proposal& proposal);
// Applies a decision: the step done, the request decided (with its amount),
// the figures, the citizen's mail. Internal: complete_step and confirm.
void apply_decision(store::Connection& c, const handling::Case& k, const Proposal& decision,
                    std::int64_t decider_id);

// What the viewer may do with a waiting proposal.
enum class ConfirmStanding { may, preparer, under_level };
ConfirmStanding confirm_standing(const Actor& actor, const Proposal& proposal,
                                 const ReviewRule& rule);

// A member of the handling team other than the preparer, holding the
// decision competence at the type's level, confirms: the request is decided
// and the citizen told. forbidden with why (the preparer; too low a level;
// audited), forbidden without (not a member), conflict when nothing waits.
Outcome confirm_decision(store::Database& db, const Actor& actor, const std::string& reference);
// ... or sends it back with a reason (required): the step goes back to the
// preparer, the reason on the timeline as a note.
inline constexpr std::size_t min_send_back_reason_length = 5;
Outcome send_back_decision(store::Database& db, const Actor& actor, const std::string& reference,
                           const std::string& reason);

// Who may decide which request types: a holder of the decision competence
// prepares decisions of every type; at a type's level or above they also
// decide alone where no four eyes are needed, and confirm.
struct Delegation {
  std::string type_code;
  std::string type_name;
  int level = 0;          // the type's
  bool confirms = false;  // the person's level reaches it
};
// The types a person may decide (empty when they do not hold decision).
std::vector<Delegation> delegations_of(store::Connection& c, std::int64_t person_id);

void register_review_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
