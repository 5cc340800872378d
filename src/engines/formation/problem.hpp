// The engine's internal, indexed form of an Input: people, teams and
// competences as numbers, and the scoring every part of the engine shares.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engines/formation/formation.hpp"

namespace ploeg::formation::detail {

struct Friend {
  int other = 0;
  int weight = 0;  // liked points when both are in the same team (both directions summed)
};

struct Pair {
  int a = 0, b = 0;  // a < b
  int weight = 0;
};

struct Problem {
  const Input* input = nullptr;
  Weights weights;
  int people = 0, teams = 0, competences = 0, regions = 0;
  std::vector<std::string> competence_names;  // sorted
  std::vector<std::string> region_names;      // sorted
  std::vector<std::vector<int>> holds;        // person -> competences
  std::vector<std::vector<int>> eligible;     // person -> teams in regions they accept, sorted
  std::vector<std::vector<int>> accepts;      // person -> regions, sorted
  std::vector<int> current;                   // person -> team or -1
  std::vector<std::array<int, 3>> preferred;  // person -> team or -1, in order
  std::vector<std::vector<Friend>> friends;   // person -> colleagues with shared liked points
  std::vector<Pair> pairs;                    // every liked pair once
  std::vector<int> team_region, min_size, max_size;
  std::vector<std::vector<std::pair<int, int>>> need;  // team -> (competence, minimum)
  std::vector<std::vector<int>> need_of;               // team -> minimum per competence

  // Points for placing person p in team t, without the liked term; the move
  // penalty is folded in as a bonus for staying (see move_offset).
  int gain(int p, int t) const;
  int choice_rank(int p, int t) const;  // 1..3, or 0
  // move weight x people with a current team: objective = sum gain + liked - move_offset.
  std::int64_t move_offset = 0;
  bool is_eligible(int p, int t) const;
};

// Builds the indexed form; call only on an input validate() accepted.
Problem index(const Input& input, const Weights& weights);

// Team per person (-1: none) -> the same, keyed by ids.
Assignment to_ids(const Problem& problem, const std::vector<int>& team_of);
std::vector<int> from_ids(const Problem& problem, const Assignment& assignment);

struct Score {
  std::int64_t preference = 0, colleagues = 0, moves = 0;  // moves: the penalty in points
  std::int64_t objective() const { return preference + colleagues - moves; }
};
Score score(const Problem& problem, const std::vector<int>& team_of);

// Sum of every shortfall and excess: people without a valid team, members
// under the minimum or over the maximum, competence members missing.
std::int64_t violation(const Problem& problem, const std::vector<int>& team_of);

// Fills coverage, people (without reasons), objective parts, feasible and
// the violations of `team_of`.
void describe(const Problem& problem, const std::vector<int>& team_of, Result& result);

// Moves from `from` (per person, -1 none) to `to`.
std::vector<Move> moves_between(const Problem& problem, const std::vector<int>& from,
                                const std::vector<int>& to);

std::string person_label(const Person& person);
std::string team_label(const Team& team);

}  // namespace ploeg::formation::detail
