// What the handling actions and views share: a request loaded with its
// process steps, and what the viewer is to its team. Internal to casework.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "casework/handling.hpp"
#include "casework/model.hpp"
#include "store/database.hpp"

namespace ploeg::casework::handling {

struct Case {
  std::int64_t id = 0;
  std::string reference;
  std::int64_t team_id = 0;
  std::string team_code;
  std::string team_name;
  std::vector<std::string> conditions;
  std::int64_t submitted_at = 0;
  std::size_t step_index = 0;
  std::int64_t holder_id = 0;
  std::optional<std::int64_t> decided_at;
  std::optional<std::int64_t> finished_at;
  std::optional<std::int64_t> taken_at;  // when holder_id took the current step
  RequestType type;
  std::vector<ProcessStep> steps;  // the steps this request goes through

  const ProcessStep* current() const {
    return step_index < steps.size() ? &steps[step_index] : nullptr;
  }
};

// The requests matching `condition` (SQL on `requests r`), oldest first,
// each with its steps; the process is read once for all of them.
std::vector<Case> load_cases(store::Connection& c, const std::string& condition,
                             const std::vector<store::Value>& params);
// The request with this reference and its steps; absent when unknown.
std::optional<Case> load_case(store::Connection& c, const std::string& reference);

// A status link opens its request until this long after the decision.
inline constexpr std::int64_t status_link_lifetime_seconds = 365 * 24 * 3600;
// The request behind a citizen's status link; nullopt for an unknown or expired one.
std::optional<Case> case_of_link(store::Connection& c, const std::string& status_token);

// The viewer's standing in a team: member or not, and what they can do.
struct Standing {
  bool member = false;
  std::set<std::string> competences;  // the person's competence codes
  bool holds(const std::string& competence) const { return competences.count(competence) > 0; }
};
// Another person's, read from the database (whom a step is handed to).
Standing standing(store::Connection& c, std::int64_t person_id, std::int64_t team_id);
// The actor's, from what the request already knows of them.
Standing standing(const Actor& actor, std::int64_t team_id);

void audit_case(store::Connection& c, const Actor& actor, const std::string& action,
                const std::string& reference, const std::string& detail = "");

// Appends one event to the request's timeline.
void add_event(store::Connection& c, std::int64_t request_id, const std::string& kind,
               const std::string& step_code, std::int64_t person_id, std::int64_t team_id,
               const std::string& body = "", bool medical = false);

Outcome failure(Verdict verdict, const std::string& field, const std::string& key,
                const std::string& message,
                std::vector<std::pair<std::string, std::string>> values = {});

std::string person_name(store::Connection& c, std::int64_t person_id);

// Runs `change` on the request in one transaction, after the checks every
// action shares: the request exists (404) and the actor is a member of the
// team handling it (403, and the refusal is audited and kept). `change`
// fills the outcome and returns false to write nothing.
template <typename Change>
Outcome act(store::Database& db, const Actor& actor, const std::string& reference,
            const std::string& action, Change change) {
  Outcome outcome;
  outcome.reference = reference;
  db.transaction([&](store::Connection& c) {
    auto k = load_case(c, reference);
    if (!k) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    auto s = standing(actor, k->team_id);
    if (!s.member) {
      outcome.verdict = Verdict::forbidden;
      audit_case(c, actor, action + ".refused", reference, "not a member of the team");
      return true;  // keeps the refusal's audit entry
    }
    return change(c, *k, s, outcome);
  });
  return outcome;
}

// Every step of the request is done: nothing to act on.
Outcome finished_refusal();
// The page showed `step_code`; if the request moved on since, says so.
std::optional<Outcome> moved_on(const Case& k, const std::string& step_code);

}  // namespace ploeg::casework::handling
