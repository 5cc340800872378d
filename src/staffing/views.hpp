// The /staffing page's data for its template: the scope picker, the flow,
// the assumptions form and the answer with its charts, in the visitor's language.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.hpp"
#include "staffing/flow.hpp"
#include "staffing/plan.hpp"
#include "staffing/today.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::staffing {

struct PageInput {
  Choices choices;
  std::string scope_kind, scope_code;  // empty: nothing chosen yet
  std::optional<Flow> flow;
  Assumptions assumptions;
  std::map<std::string, std::string> typed;  // the form's fields as sent, shown again as they were
  std::vector<FieldError> errors;
  std::optional<Answer> answer;
  std::optional<Today> today;    // the model from the log and its comparison with the figures
  std::int64_t computed_at = 0;  // when the answer was computed (a stored one)
};

web::Data page_data(const web::Catalogue& catalogue, const std::string& lang,
                    const PageInput& input);

}  // namespace ploeg::staffing
