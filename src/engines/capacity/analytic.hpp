// Queueing theory for the case flow (issue 6): per competence pool the
// utilisation and waiting time from Erlang C (M/M/c) or, when service times
// are not exponential, the Allen-Cunneen approximation (G/G/c); per case type
// the throughput time; Little's law for the whole flow.
#pragma once

#include <string>
#include <vector>

#include "engines/capacity/model.hpp"

namespace ploeg::capacity {

// Erlang C: the probability that an arrival waits, with c servers and
// offered load a = lambda * E[S] (in servers).
double erlang_c(int servers, double offered_load);
// Mean wait in queue of M/M/c (hours when the service time is in hours).
double mmc_wait(int servers, double offered_load, double mean_service);
// Allen-Cunneen: the M/M/c wait scaled by (ca^2 + cs^2) / 2.
double allen_cunneen_wait(int servers, double offered_load, double mean_service, double ca2,
                          double cs2);

struct AnalyticPool {
  int competence = 0;
  Pool pool;
  double arrivals_per_hour = 0;   // visits to the pool, one team
  double mean_service_hours = 0;  // at the pool's speed, hand-off reading included
  double service_scv = 1;         // squared coefficient of variation
  double offered_load = 0;        // in servers
  double utilisation = 0;
  double wait_probability = 0;
  double mean_wait_hours = 0;  // infinite when unstable
  bool stable = true;
  std::string method;  // "erlang-c" or "allen-cunneen"
};

struct AnalyticCaseType {
  std::vector<double> visits;  // expected visits per route position
  double handoffs = 0;         // expected hand-offs between units (functional form)
  double mean_throughput_hours = 0;
};

struct Analytic {
  std::vector<AnalyticPool> pools;  // one per competence
  std::vector<AnalyticCaseType> case_types;
  bool stable = true;
  std::vector<std::string> unstable;  // a sentence per overloaded competence
  double arrivals_per_hour = 0;       // all case types, all teams
  double mean_throughput_hours = 0;   // over all cases
  double mean_in_system = 0;          // Little: arrivals * throughput time
  // Why the throughput time above is far off for this model, as codes (none:
  // it applies): "batched_handoffs" (functional units passing cases on in
  // batches: the waits for a batch are neither Poisson nor independent) and
  // "non_poisson_arrivals" (weekly arrivals vary more than a steady Poisson
  // stream's would: see dispersion_index). Utilisation still holds.
  std::vector<std::string> not_applicable;
};

// The variance of the weekly arrivals (all case types, arrivals_by_week)
// over their mean: about 1 for a steady Poisson stream; 1 without weekly rates.
double dispersion_index(const Model& model);
// Above this, arrivals are taken to be too uneven for the Poisson formulas.
inline constexpr double max_dispersion = 2.0;
std::vector<std::string> not_applicable(const Model& model);

Analytic analyse(const Model& model);

}  // namespace ploeg::capacity
