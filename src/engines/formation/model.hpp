// The formation model for COIN-OR: the exact MIP (CBC, MPS export).
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
  int max_nodes = -1;  // >= 0: stop after this many branch-and-bound nodes
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

// True when the problem has so few people and teams that CBC proves the optimum quickly.
bool small_enough_for_cbc(const Problem& problem);

}  // namespace ploeg::formation::detail
