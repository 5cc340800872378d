// The formation model for COIN-OR: the exact MIP (CBC, MPS export) and a
// compact LP relaxation (Clp) whose optimum bounds the objective from above.
#pragma once

#include <string>
#include <vector>

#include "engines/formation/problem.hpp"

namespace ploeg::formation::detail {

struct MipRequest {
  // When set: the assignment moves are counted from (per person, -1 none).
  const std::vector<int>* reference = nullptr;
  bool fewest_moves = false;  // maximise people staying at `reference` instead of the objective
  int max_moves = -1;         // when >= 0: at most this many people leave `reference`
  std::vector<int> start;     // a feasible assignment to start from, or empty
  double seconds = 10;
};

struct MipOutcome {
  bool found = false;   // team_of is feasible
  bool proven = false;  // optimal, or (when !found) proven infeasible
  std::vector<int> team_of;
  double value = 0;  // of the goal (objective, or people staying)
  double bound = 0;  // the best bound on the goal CBC proved
};

// Solves the exact MIP with CBC (branch and cut, MIP start from `start`).
MipOutcome solve_mip(const Problem& problem, const MipRequest& request);

// The exact MIP of optimise in free MPS format, minimising the negated objective.
std::string write_mps(const Problem& problem);

struct LpBound {
  bool solved = false;    // false: Clp gave up (time, numerics)
  bool feasible = true;   // false: the relaxation is infeasible, hence so is the problem
  double value = 0;       // upper bound on the objective
  std::vector<int> hint;  // per person: the team the LP mostly puts them in, or -1
};

// The compact relaxation: see the comment in model.cpp. With region >= 0,
// only that region's teams and the people who accept it, those who accept
// other regions too free to be in none: the sum over regions of these
// optima is a (looser) bound that large instances reach in time.
LpBound lp_bound(const Problem& problem, double seconds, int region = -1);

// True when the problem has so few people and teams that CBC proves the optimum quickly.
bool small_enough_for_cbc(const Problem& problem);

}  // namespace ploeg::formation::detail
