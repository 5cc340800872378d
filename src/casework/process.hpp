// The process definition's rules, pure: which steps a request goes through,
// what makes a definition valid, and the default process of the demo agency.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "casework/model.hpp"
#include "store/names.hpp"

namespace ploeg::casework {

// The steps a request of `type` with `conditions` goes through, in order:
// every step but those skipped by one of the conditions.
std::vector<const ProcessStep*> steps_for(const RequestType& type,
                                          const std::vector<std::string>& conditions);

// One mistake in a process definition: a message key of the catalogue
// ("process_step_competence") with its values ({"type", "parking_card"},
// {"step", "intake"}, ...), so each page says it in its own language.
struct ProcessProblem {
  std::string key;
  std::vector<std::pair<std::string, std::string>> values;
  std::string type_code;  // the request type it concerns; empty for the whole process
};

// Every problem of a process definition, each naming the request type and
// step and saying what to change; empty when it is valid. `competences` are
// the codes of the organisation's catalogue.
std::vector<ProcessProblem> problems(const Process& process,
                                     const std::vector<std::string>& competences);

// The allowance agency's process: four request types over the steps intake,
// completeness check, social and medical assessment, decision, notification
// and payment, with the competences of the demo organisation.
Process default_process();
// The default process's request types, conditions and steps in Dutch, French
// and English (for the names table, store/names.hpp).
std::vector<store::Name> default_process_names();

}  // namespace ploeg::casework
