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

}  // namespace ploeg::casework::handling
