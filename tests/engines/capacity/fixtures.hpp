// Small models for the capacity tests, built in code.
#pragma once

#include <cstdint>

#include "engines/capacity/model.hpp"

namespace ploeg::capacity::test {

// M/M/c: one step with exponential service of one hour, `servers` people,
// Poisson arrivals at utilisation `rho`.
inline Model mmc(int servers, double rho, int horizon_weeks, int replications,
                 std::uint64_t seed = 1) {
  Model m;
  m.simulation.horizon_weeks = horizon_weeks;
  m.simulation.warmup_weeks = 4;
  m.simulation.replications = replications;
  m.simulation.seed = seed;
  m.competences.push_back({"desk", static_cast<double>(servers), 1});
  m.steps.push_back({"serve", 0, {1.0, 1.0, Distribution::exponential}});
  CaseType request;
  request.name = "request";
  request.arrivals_per_week = rho * servers * m.simulation.hours_per_week;
  request.route.push_back({0, 1, 0, -1});
  m.case_types.push_back(request);
  return m;
}

// A team of intake, administration and medical staff: the allowance route of
// the reference agency, with a medical examination for 60% of the cases and
// rework back to administration.
inline Model allowance_team(int teams = 1) {
  Model m;
  m.simulation.horizon_weeks = 30;
  m.simulation.warmup_weeks = 4;
  m.simulation.replications = 6;
  m.organisation.teams = teams;
  m.competences = {{"intake", 3.0 * teams, 1},
                   {"administration", 4.0 * teams, 0.9},
                   {"medical", 2.0 * teams, 1}};
  m.steps = {{"intake", 0, {2.0, 1.0, Distribution::exponential}},
             {"file", 1, {3.0, 0.5, Distribution::gamma}},
             {"examination", 2, {1.5, 0.8, Distribution::lognormal}},
             {"decision", 1, {1.0, 0.3, Distribution::gamma}}};
  CaseType allowance;
  allowance.name = "allowance";
  allowance.arrivals_per_week = 120.0 * teams;
  allowance.route = {{0, 1, 0, -1}, {1, 1, 0, -1}, {2, 0.6, 0, -1}, {3, 1, 0.1, 1}};
  m.case_types.push_back(allowance);
  return m;
}

}  // namespace ploeg::capacity::test
