// Casework: the process a regional team follows for each kind of citizen
// request, from the first question to the decision. Plain types keyed by
// natural codes; database ids stay inside the store.
#pragma once

#include <string>
#include <vector>

namespace ploeg::casework {

// One step of a request type's process, done by someone holding `competence`.
struct ProcessStep {
  std::string code;        // "medical_assessment"
  std::string name;        // "Medical assessment"
  std::string competence;  // a code of the organisation's competence catalogue
  // The step is skipped for a request that carries any of these conditions
  // ("renewal": no medical assessment when a parking card is renewed).
  std::vector<std::string> skip_when;
  bool operator==(const ProcessStep&) const = default;
};

struct RequestType {
  std::string code;  // "parking_card"
  std::string name;
  int target_days = 30;  // from receipt to decision
  // The conditions a request of this type may carry, asked on the form.
  std::vector<std::string> conditions;
  std::vector<ProcessStep> steps;  // in order
  bool operator==(const RequestType&) const = default;
};

struct Process {
  std::vector<RequestType> types;  // by code
  bool operator==(const Process&) const = default;
};

}  // namespace ploeg::casework
