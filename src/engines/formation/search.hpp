// The fast heuristic for large instances: a greedy construction that covers
// competences first, then local search (moves and swaps, simulated annealing),
// deterministic for a seed as long as the time limit does not cut it short.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "engines/formation/problem.hpp"

namespace ploeg::formation::detail {

struct SearchRequest {
  std::vector<int> start;  // per person a team or -1; empty: construct one
  std::vector<int> hint;   // with no start: per person a team the LP favours, or -1
  // search first minimises violations, then people moved from it, then the objective.
  const std::vector<int>* reference = nullptr;
  std::uint64_t seed = 1;
  std::chrono::steady_clock::time_point deadline;
  std::int64_t target = -1;  // stop once the objective reaches this (the bound), when >= 0
  double effort = 1;         // scales the number of improvement steps
  Progress progress;
};

struct SearchOutcome {
  std::vector<int> team_of;
  std::int64_t violation = 0;  // 0: feasible
  std::int64_t moved = 0;      // people away from the reference
};

SearchOutcome search(const Problem& problem, const SearchRequest& request);

}  // namespace ploeg::formation::detail
