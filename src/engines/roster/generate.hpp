// Realistic weeks for the tests and the benchmark: a regional team with
// intake, administration, social workers, a doctor or two; part-timers;
// days entered (leave, a fixed home day); wishes that crowd the popular days
// (home on Monday and Friday); the coverage rules of the reference agency;
// appointments with citizens. Deterministic for a seed.
#pragma once

#include <cstdint>

#include "engines/roster/model.hpp"

namespace ploeg::roster {

Week generate_week(int members, std::uint64_t seed);

}  // namespace ploeg::roster
