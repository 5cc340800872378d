#include "casework/process.hpp"

#include <algorithm>
#include <set>

namespace ploeg::casework {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Codes are what URLs, files and rules refer to: lower-case letters, digits
// and underscores, starting with a letter.
bool valid_code(const std::string& code) {
  if (code.empty() || code.size() > 40 || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

const char* code_rule = "use lower-case letters, digits and _ (starting with a letter, at most 40)";

ProcessStep step(const char* code, const char* name, const char* competence,
                 std::vector<std::string> skip_when = {}) {
  return {code, name, competence, std::move(skip_when)};
}

}  // namespace

std::vector<const ProcessStep*> steps_for(const RequestType& type,
                                          const std::vector<std::string>& conditions) {
  std::vector<const ProcessStep*> steps;
  for (auto& s : type.steps) {
    bool skipped = std::any_of(s.skip_when.begin(), s.skip_when.end(),
                               [&](const std::string& c) { return contains(conditions, c); });
    if (!skipped) steps.push_back(&s);
  }
  return steps;
}

std::vector<std::string> problems(const Process& process,
                                  const std::vector<std::string>& competences) {
  std::vector<std::string> found;
  if (process.types.empty()) found.push_back("the process has no request type: add at least one");
  std::set<std::string> type_codes;
  for (auto& t : process.types) {
    std::string where = "request type '" + t.code + "'";
    if (!valid_code(t.code)) found.push_back(where + ": the code is not valid: " + code_rule);
    if (!type_codes.insert(t.code).second) {
      found.push_back(where + " is defined twice: give each type its own code");
    }
    if (t.name.empty()) found.push_back(where + " has no name: give it one");
    if (t.target_days < 1 || t.target_days > 730) {
      found.push_back(where + ": the target of " + std::to_string(t.target_days) +
                      " days is out of range: choose 1 to 730 days");
    }
    for (auto& c : t.conditions) {
      if (!valid_code(c))
        found.push_back(where + ": the condition '" + c + "' is not valid: " + code_rule);
    }
    if (t.steps.empty()) found.push_back(where + " has no steps: add at least a decision");
    std::set<std::string> step_codes;
    for (auto& s : t.steps) {
      std::string at = where + ", step '" + s.code + "'";
      if (!valid_code(s.code)) found.push_back(at + ": the code is not valid: " + code_rule);
      if (!step_codes.insert(s.code).second) {
        found.push_back(at + " comes twice: give each step its own code");
      }
      if (s.name.empty()) found.push_back(at + " has no name: give it one");
      if (!contains(competences, s.competence)) {
        found.push_back(at + " needs the competence '" + s.competence +
                        "', which the organisation's catalogue does not hold: use one of the "
                        "catalogue's codes");
      }
      for (auto& c : s.skip_when) {
        if (!contains(t.conditions, c)) {
          found.push_back(at + " is skipped when '" + c + "', which is not a condition of " +
                          where + ": add it to the type's conditions or remove it here");
        }
      }
    }
    // A request that skipped everything could never be decided.
    if (!t.steps.empty() && steps_for(t, t.conditions).empty()) {
      found.push_back(where +
                      ": a request with all its conditions would skip every step: keep "
                      "at least one step that is never skipped");
    }
  }
  return found;
}

Process default_process() {
  auto intake = step("intake", "Intake", "intake");
  auto completeness = step("completeness_check", "Completeness check", "administration");
  auto social = step("social_assessment", "Social assessment", "social_work");
  auto decision = step("decision", "Decision", "decision");
  auto notification = step("notification", "Notification", "administration");
  auto payment = step("payment", "Payment", "payment");
  auto medical = [](std::vector<std::string> skip_when = {}) {
    return step("medical_assessment", "Medical assessment", "medical", std::move(skip_when));
  };

  Process p;
  p.types.push_back(
      {"elderly_assistance",
       "Assistance for the elderly",
       90,
       {"review"},
       {intake, completeness, social, medical({"review"}), decision, notification, payment}});
  p.types.push_back({"income_replacement",
                     "Income replacement allowance",
                     90,
                     {},
                     {intake, completeness, social, medical(), decision, notification, payment}});
  p.types.push_back(
      {"integration_allowance",
       "Integration allowance",
       90,
       {"review"},
       {intake, completeness, social, medical({"review"}), decision, notification, payment}});
  // A parking card is no money: no social assessment and no payment, and a
  // renewal needs no new medical assessment.
  p.types.push_back({"parking_card",
                     "Parking card",
                     30,
                     {"renewal"},
                     {intake, completeness, medical({"renewal"}), decision, notification}});
  return p;
}

}  // namespace ploeg::casework
