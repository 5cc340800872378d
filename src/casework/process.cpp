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

std::vector<ProcessProblem> problems(const Process& process,
                                     const std::vector<std::string>& competences) {
  std::vector<ProcessProblem> found;
  if (process.types.empty()) found.push_back({"process_no_types", {}, ""});
  std::set<std::string> type_codes;
  for (auto& t : process.types) {
    auto add = [&](std::string key, std::vector<std::pair<std::string, std::string>> values) {
      values.insert(values.begin(), {"type", t.code});
      found.push_back({std::move(key), std::move(values), t.code});
    };
    if (!valid_code(t.code)) add("process_type_code", {});
    if (!type_codes.insert(t.code).second) add("process_type_twice", {});
    if (t.name.empty()) add("process_type_unnamed", {});
    if (t.target_days < 1 || t.target_days > 730) {
      add("process_target_range", {{"days", std::to_string(t.target_days)}});
    }
    for (auto& c : t.conditions) {
      if (!valid_code(c)) add("process_condition_code", {{"condition", c}});
    }
    if (t.steps.empty()) add("process_no_steps", {});
    std::set<std::string> step_codes;
    for (auto& s : t.steps) {
      if (!valid_code(s.code)) add("process_step_code", {{"step", s.code}});
      if (!step_codes.insert(s.code).second) add("process_step_twice", {{"step", s.code}});
      if (s.name.empty()) add("process_step_unnamed", {{"step", s.code}});
      if (!contains(competences, s.competence)) {
        add("process_step_competence", {{"step", s.code}, {"competence", s.competence}});
      }
      for (auto& c : s.skip_when) {
        if (!contains(t.conditions, c)) {
          add("process_step_skip", {{"step", s.code}, {"condition", c}});
        }
      }
    }
    // A request that skipped everything could never be decided.
    if (!t.steps.empty() && steps_for(t, t.conditions).empty()) add("process_skips_all", {});
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

std::vector<store::Name> default_process_names() {
  struct Trio {
    const char* code;
    const char* nl;
    const char* fr;
    const char* en;
  };
  static const Trio types[] = {
      {"elderly_assistance", "Tegemoetkoming voor hulp aan bejaarden",
       "Allocation pour l’aide aux personnes âgées", "Assistance for the elderly"},
      {"income_replacement", "Inkomensvervangende tegemoetkoming",
       "Allocation de remplacement de revenus", "Income replacement allowance"},
      {"integration_allowance", "Integratietegemoetkoming", "Allocation d’intégration",
       "Integration allowance"},
      {"parking_card", "Parkeerkaart", "Carte de stationnement", "Parking card"},
  };
  static const Trio conditions[] = {
      {"renewal", "Dit is een vernieuwing van een kaart die ik heb",
       "Il s’agit du renouvellement d’une carte que j’ai", "This is a renewal of a card I have"},
      {"review", "Ik vraag een herziening van een eerdere beslissing",
       "Je demande la révision d’une décision antérieure", "I ask to review an earlier decision"},
  };
  static const Trio steps[] = {
      {"intake", "Onthaal", "Accueil", "Intake"},
      {"completeness_check", "Controle op volledigheid", "Contrôle de complétude",
       "Completeness check"},
      {"social_assessment", "Sociaal onderzoek", "Enquête sociale", "Social assessment"},
      {"medical_assessment", "Medische beoordeling", "Évaluation médicale", "Medical assessment"},
      {"decision", "Beslissing", "Décision", "Decision"},
      {"notification", "Kennisgeving", "Notification", "Notification"},
      {"payment", "Betaling", "Paiement", "Payment"},
  };
  std::vector<store::Name> names;
  auto add = [&](const char* kind, const std::string& code, const Trio& t) {
    names.push_back({kind, code, "nl", t.nl});
    names.push_back({kind, code, "fr", t.fr});
    names.push_back({kind, code, "en", t.en});
  };
  for (auto& t : types) add(store::kinds::request_type, t.code, t);
  for (auto& c : conditions) add(store::kinds::condition, c.code, c);
  for (auto& type : default_process().types) {
    for (auto& s : type.steps) {
      for (auto& t : steps) {
        if (s.code == t.code) add(store::kinds::step, type.code + "/" + s.code, t);
      }
    }
  }
  return names;
}

}  // namespace ploeg::casework
