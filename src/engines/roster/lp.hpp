// The week planner's model as an exact MIP in CPLEX LP format, so that a
// MIP solver (COIN-OR CBC in the tests and the benchmark) can give the
// optimum the planner's proposal is measured against. Same objective as
// evaluate(): wish points minus rule_penalty per unmet rule; written as a
// minimisation of its negative, less `constant` (what no choice changes).
#pragma once

#include <string>

#include "engines/roster/model.hpp"

namespace ploeg::roster {

struct LpModel {
  std::string text;
  int constant = 0;  // the objective = constant - (the LP's minimum)
};

LpModel write_lp(const Week& week);

}  // namespace ploeg::roster
