// The compact LP relaxation of the formation model (Clp): its optimum bounds
// the objective from above and its solution hints the search.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "engines/formation/problem.hpp"

namespace ploeg::formation::detail {

struct LpBound {
  bool solved = false;      // false: Clp gave up (time, numerics)
  bool feasible = true;     // false: the relaxation is infeasible, hence so is the problem
  double value = 0;         // upper bound on the objective
  std::vector<int> hint;    // per person: the team the LP mostly puts them in, or -1
  int regions_granted = 0;  // lp_bound_by_region: regions counted as every wish granted
};

// The compact relaxation: see the comment in relaxation.cpp. With region >= 0,
// only that region's teams and the people who accept it, those who accept
// other regions too free to be in none: the sum over regions of these
// optima is a (looser) bound that large instances reach in time.
LpBound lp_bound(const Problem& problem, double seconds, int region = -1);

using Clock = std::chrono::steady_clock;

// The regions' relaxations tied by a Lagrange price per person who accepts
// several regions (see relaxation.cpp): a bound close to the whole LP's at
// a fraction of its time on large instances. `lower` is the objective of a
// known assignment (NaN: none); the price steps stop once the bound reaches it.
// Regions whose LP does not finish by the deadline count every wish granted.
LpBound lp_bound_by_region(const Problem& problem, Clock::time_point deadline, double lower);

}  // namespace ploeg::formation::detail
