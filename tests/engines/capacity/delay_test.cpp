// Issue 19: waits that are not work. A step's delay holds nobody of its
// pool; a step nobody of the team works on is its delay alone; the
// throughput time and the backlog end at the decision; the queueing
// formulas say when they do not apply. References are the test's own
// formulas: a pure-delay pipeline's quantiles, M/M/1 plus a delay.
#include <gtest/gtest.h>

#include <cmath>

#include "engines/capacity/analytic.hpp"
#include "engines/capacity/simulate.hpp"

namespace ploeg::capacity {
namespace {

Model pipeline(ServiceTime first, ServiceTime second) {
  Model m;
  m.simulation.horizon_weeks = 60;
  m.simulation.warmup_weeks = 8;
  m.simulation.replications = 4;
  m.competences = {{"nobody", 0, 1}};
  Step a{"a", 0, {0, 0, Distribution::deterministic}, first};
  Step b{"b", 0, {0, 0, Distribution::deterministic}, second};
  m.steps = {a, b};
  CaseType t;
  t.name = "t";
  t.arrivals_per_week = 50;
  t.route = {{0, 1, 0, -1}, {1, 1, 0, -1}};
  m.case_types = {t};
  return m;
}

TEST(Delays, APipelineOfFixedDelaysTakesTheirSumAndNeedsNobody) {
  auto m = pipeline({10, 0, Distribution::deterministic}, {20, 0, Distribution::deterministic});
  ASSERT_TRUE(validate(m).empty());
  auto r = simulate(m);
  ASSERT_GT(r.all_cases.completed, 1000);
  EXPECT_NEAR(r.all_cases.p50_hours.mean, 30, 1e-9);
  EXPECT_NEAR(r.all_cases.p90_hours.mean, 30, 1e-9);
  EXPECT_NEAR(analyse(m).mean_throughput_hours, 30, 1e-9);
}

TEST(Delays, TwoExponentialDelaysGiveTheErlangTwoQuantiles) {
  // The sum of two exponential delays of mean 10 is Erlang(2, 1/10): its
  // median is 10 x 1.678347 and its 90th percentile 10 x 3.889720 (the roots
  // of 1 - e^-x (1 + x) = q), its mean 20.
  auto m = pipeline({10, 1, Distribution::exponential}, {10, 1, Distribution::exponential});
  m.simulation.replications = 10;
  auto r = simulate(m);
  EXPECT_NEAR(r.all_cases.p50_hours.mean, 16.78347, 0.03 * 16.78347);
  EXPECT_NEAR(r.all_cases.p90_hours.mean, 38.89720, 0.03 * 38.89720);
  EXPECT_NEAR(r.all_cases.throughput_hours.mean, 20, 0.03 * 20);
  EXPECT_NEAR(analyse(m).mean_throughput_hours, 20, 1e-9);
}

TEST(Delays, AnEmpiricalDelayIsDrawnFromItsSamples) {
  // Half the cases wait 0 hours, half 40: the median is 0 or 40, the mean 20.
  auto m = pipeline(empirical({0, 40}), {0, 0, Distribution::deterministic});
  m.simulation.replications = 6;
  auto e = empirical({0, 40});
  EXPECT_DOUBLE_EQ(e.mean_hours, 20);
  EXPECT_DOUBLE_EQ(e.cv, 1);
  auto r = simulate(m);
  EXPECT_NEAR(r.all_cases.throughput_hours.mean, 20, 1.0);
  EXPECT_DOUBLE_EQ(r.all_cases.p90_hours.mean, 40);
}

TEST(Delays, ADelayHoldsNobodyAndAddsToTheMMOneTime) {
  // M/M/1 with lambda 0.5/h and mu 1/h: W = 1 / (mu - lambda) = 2 h, however
  // long the delay after the work; the delay's 30 hours add to it.
  Model m;
  m.simulation.horizon_weeks = 60;
  m.simulation.warmup_weeks = 8;
  m.simulation.replications = 8;
  m.competences = {{"worker", 1, 1}};
  m.steps = {{"serve", 0, {1, 1, Distribution::exponential}, {30, 1, Distribution::exponential}}};
  CaseType t;
  t.name = "t";
  t.arrivals_per_week = 0.5 * 168;
  t.route = {{0, 1, 0, -1}};
  m.case_types = {t};
  auto r = simulate(m);
  EXPECT_NEAR(r.competences[0].utilisation.mean, 0.5, 0.02);
  EXPECT_NEAR(r.all_cases.throughput_hours.mean, 32, 0.04 * 32);
  EXPECT_NEAR(analyse(m).mean_throughput_hours, 32, 1e-9);
  // Little: cases in the system are arrivals x time in it, delays included.
  EXPECT_LT(r.little_relative_error, 0.03);
}

TEST(Delays, TheThroughputAndTheBacklogEndAtTheDecision) {
  // Work 0, a fixed delay of 10 h before the decision and 100 h after it.
  auto m = pipeline({10, 0, Distribution::deterministic}, {100, 0, Distribution::deterministic});
  m.case_types[0].decision_position = 0;
  auto r = simulate(m, {.count_by_decision = true});
  EXPECT_NEAR(r.all_cases.p90_hours.mean, 10, 1e-9);
  // Little at the decision: 50 a week (168 h) x 10 h.
  EXPECT_NEAR(r.mean_in_system.mean, 50.0 / 168 * 10, 0.05 * 50.0 / 168 * 10);
  EXPECT_NEAR(analyse(m).mean_throughput_hours, 10, 1e-9);
  m.case_types[0].decision_position = 2;
  EXPECT_FALSE(validate(m).empty());
}

TEST(Delays, TheFormulasSayWhenTheyDoNotApply) {
  auto m = pipeline({10, 0, Distribution::deterministic}, {10, 0, Distribution::deterministic});
  EXPECT_TRUE(analyse(m).not_applicable.empty());
  // Steady weekly counts around 50, as a Poisson stream gives: it applies.
  m.case_types[0].arrivals_by_week = {46, 55, 49, 52, 43, 57, 50, 48, 53, 47};
  EXPECT_LT(dispersion_index(m), max_dispersion);
  EXPECT_TRUE(analyse(m).not_applicable.empty());
  // Everything in one week of four: the variance (1875) is 37.5 times the mean.
  m.case_types[0].arrivals_by_week = {200, 0, 0, 0};
  EXPECT_NEAR(dispersion_index(m), 200.0 * 200 * 3 / 4 / 3 / 50, 1e-9);
  EXPECT_EQ(analyse(m).not_applicable, std::vector<std::string>{"non_poisson_arrivals"});
  m.case_types[0].arrivals_by_week.clear();
  m.organisation.form = Form::functional;
  m.organisation.handoff_batch_hours = 38;
  EXPECT_EQ(analyse(m).not_applicable, std::vector<std::string>{"batched_handoffs"});
}

}  // namespace
}  // namespace ploeg::capacity
