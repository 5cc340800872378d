// Large-neighbourhood search on top of the heuristic: a few related teams of
// one region at a time, their members re-partitioned among them exactly by
// CBC (the clustered MIP of model.cpp), everyone else kept where they are.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "engines/formation/problem.hpp"

namespace ploeg::formation::detail {

struct NeighbourhoodRequest {
  std::vector<int> start;  // a feasible assignment (team per person)
  std::uint64_t seed = 1;
  std::chrono::steady_clock::time_point deadline;
  std::int64_t target = -1;  // stop once the objective reaches this (the bound), when >= 0
  Progress progress;
};

// Never worse than the start: each step keeps its result only when it scores more.
std::vector<int> improve_by_neighbourhoods(const Problem& problem,
                                           const NeighbourhoodRequest& request);

// The problem cut down to `teams` (indices of problem) and the people in
// them, each allowed only into those of `teams` they accept; `people` gets
// the original index of each person of the result. Pairs and gains within
// it are the original ones, so its objective differs from the original's by
// a constant.
Problem restrict_to_teams(const Problem& problem, const std::vector<int>& team_of,
                          const std::vector<int>& teams, std::vector<int>& people);

}  // namespace ploeg::formation::detail
