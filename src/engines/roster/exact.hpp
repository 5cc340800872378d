// The week's exact optimum: the model of write_lp() solved by COIN-OR CBC
// within a time limit, looking only for plans better than a start (the
// local search's), so that "nothing better" proves the start optimal.
#pragma once

#include <optional>

#include "engines/roster/model.hpp"
#include "engines/roster/planner.hpp"

namespace ploeg::roster {

struct Exact {
  std::optional<Assignment> better;  // a plan better than the start, when CBC found one
  bool proven = false;               // the result (better, or else the start) is optimal
};

Exact solve_exact(const Week& week, const Assignment& start, double seconds);

}  // namespace ploeg::roster
