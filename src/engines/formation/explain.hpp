// Sentences in terms of the input: why no assignment can exist, and why a
// person did not get their first choice.
#pragma once

#include <string>
#include <vector>

#include "engines/formation/problem.hpp"

namespace ploeg::formation::detail {

// Counting arguments that prove infeasibility (people per region, per
// competence, size bounds against people), appended to result.violations
// with their data; nothing when none applies.
void add_infeasibility_reasons(const Problem& problem, Result& result);

// Appends one violation: its sentence and the same as data.
void add_violation(Result& result, std::string text, Violation data);

// Fills Result::people[i].reason for everyone not in their first choice.
void explain_choices(const Problem& problem, const std::vector<int>& team_of, Result& result);

}  // namespace ploeg::formation::detail
