// Queueing formulas against published values, and the simulation against
// the formulas: M/M/1 and M/M/c at utilisation 0.5, 0.8 and 0.9; Little's law.
#include <gtest/gtest.h>

#include <cmath>

#include "engines/capacity/analytic.hpp"
#include "engines/capacity/fixtures.hpp"
#include "engines/capacity/simulate.hpp"

namespace ploeg::capacity {
namespace {

using test::mmc;

TEST(CapacityAnalytic, ErlangCMatchesHandComputedValues) {
  // M/M/1: the probability of waiting is the utilisation.
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-12);
  // Two servers, one Erlang: B(2,1) = 0.2, C = 0.2 / (1 - 0.5 * 0.8) = 1/3.
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3, 1e-12);
  // Ten servers, eight Erlang: 0.4092 (Erlang C table).
  EXPECT_NEAR(erlang_c(10, 8.0), 0.4092, 5e-4);
  // M/M/1 wait: rho / (1 - rho) service times.
  EXPECT_NEAR(mmc_wait(1, 0.9, 2.0), 18.0, 1e-9);
  // Allen-Cunneen with deterministic service (cs^2 = 0) halves the M/M/c wait (M/D/1 exactly).
  EXPECT_NEAR(allen_cunneen_wait(1, 0.8, 1.0, 1.0, 0.0), mmc_wait(1, 0.8, 1.0) / 2, 1e-12);
  EXPECT_TRUE(std::isinf(mmc_wait(3, 3.0, 1.0)));
}

TEST(CapacityAnalytic, AnOverloadedStepIsUnstableAndSaysHowManyPeopleAreMissing) {
  auto m = mmc(2, 1.3, 10, 2);  // 2.6 servers of work for 2 people
  auto a = analyse(m);
  EXPECT_FALSE(a.stable);
  ASSERT_EQ(a.unstable.size(), 1u);
  EXPECT_NE(a.unstable[0].find("desk"), std::string::npos) << a.unstable[0];
  EXPECT_NE(a.unstable[0].find("1 FTE more"), std::string::npos) << a.unstable[0];
  EXPECT_TRUE(std::isinf(a.pools[0].mean_wait_hours));
}

TEST(CapacityAnalytic, VisitsCountReworkAndSkippedSteps) {
  auto m = test::allowance_team();
  auto a = analyse(m);
  ASSERT_EQ(a.case_types.size(), 1u);
  auto& v = a.case_types[0].visits;
  ASSERT_EQ(v.size(), 4u);
  EXPECT_NEAR(v[0], 1.0, 1e-9);
  EXPECT_NEAR(v[1], 1 / 0.9, 1e-6);    // 10% of decisions go back to the file
  EXPECT_NEAR(v[2], 0.6 / 0.9, 1e-6);  // back at the file, the examination is drawn again
  EXPECT_NEAR(v[3], 1 / 0.9, 1e-6);
  // Administration: 120 cases a week, 1/0.9 visits of 3 + 1 hours, 3.6 people of 168 hours.
  EXPECT_NEAR(a.pools[1].utilisation, 120 / 0.9 * 4 / (3.6 * 168), 1e-6);
}

struct Queue {
  int servers;
  double rho;
};

class SimulatedWait : public ::testing::TestWithParam<Queue> {};

// Twenty replications of a year: the 95% interval of the mean wait holds the
// Erlang C value.
TEST_P(SimulatedWait, ConfidenceIntervalHoldsErlangC) {
  auto [servers, rho] = GetParam();
  auto m = mmc(servers, rho, 52, 20, 7);
  double exact = mmc_wait(servers, rho * servers, 1.0);
  auto r = simulate(m, {.backlog = false});
  auto& wait = r.steps[0].mean_wait_hours;
  EXPECT_LE(wait.low, exact) << "c=" << servers << " rho=" << rho << " mean " << wait.mean;
  EXPECT_GE(wait.high, exact) << "c=" << servers << " rho=" << rho << " mean " << wait.mean;
  // The analytic figures beside it agree with the formula.
  auto a = analyse(m);
  EXPECT_NEAR(a.pools[0].mean_wait_hours, exact, 1e-9);
  EXPECT_EQ(a.pools[0].method, "erlang-c");
  EXPECT_NEAR(r.competences[0].utilisation.mean, rho, 0.02);
}

// A long run: enough cases that the standard error of the mean wait is below
// 0.8% (from the asymptotic variance of the M/M/1 wait, which is the worst of
// these), so the point estimate is within 2% of Erlang C.
TEST_P(SimulatedWait, LongRunIsWithinTwoPercent) {
  auto [servers, rho] = GetParam();
  // Cases needed grow like 1/(1-rho)^2 (M/M/1 at 0.9: about 7 million).
  // Cases needed: M/M/1 at 0.9 about 7 million; with four servers at 0.5 the
  // rare waits make the mean noisy too (2.5 million).
  double cases = servers == 1 ? (rho >= 0.85   ? 7e6
                                 : rho >= 0.75 ? 2e6
                                               : 0.5e6)
                              : (rho >= 0.85   ? 12e6
                                 : rho >= 0.75 ? 3.2e6
                                               : 2.5e6);
  double per_week = rho * servers * 168;
  int horizon = static_cast<int>(std::ceil(cases / per_week / 4)) + 4;
  auto m = mmc(servers, rho, horizon, 4, 11);
  double exact = mmc_wait(servers, rho * servers, 1.0);
  auto r = simulate(m, {.backlog = false});
  EXPECT_NEAR(r.steps[0].mean_wait_hours.mean / exact, 1.0, 0.02)
      << "c=" << servers << " rho=" << rho << " simulated " << r.steps[0].mean_wait_hours.mean
      << " Erlang C " << exact;
}

INSTANTIATE_TEST_SUITE_P(MM1AndMMc, SimulatedWait,
                         ::testing::Values(Queue{1, 0.5}, Queue{1, 0.8}, Queue{1, 0.9},
                                           Queue{4, 0.5}, Queue{4, 0.8}, Queue{4, 0.9}),
                         [](const auto& info) {
                           return "c" + std::to_string(info.param.servers) + "_rho" +
                                  std::to_string(static_cast<int>(info.param.rho * 10));
                         });

TEST(CapacitySimulation, LittlesLawHoldsWithinOnePercent) {
  auto m = test::allowance_team();
  m.simulation.horizon_weeks = 80;
  auto r = simulate(m);
  EXPECT_GT(r.all_cases.completed, 30000);
  EXPECT_LT(r.little_relative_error, 0.01)
      << "L " << r.mean_in_system.mean << " lambda " << r.arrivals_per_hour.mean << " W "
      << r.all_cases.throughput_hours.mean;
}

TEST(CapacitySimulation, GammaAndLognormalServiceFollowAllenCunneen) {
  // Allen-Cunneen is exact for M/G/1 (Pollaczek-Khinchine): with cv 0.5 the
  // wait is (1 + 0.25) / 2 of the M/M/1 wait.
  for (auto d : {Distribution::gamma, Distribution::lognormal}) {
    auto m = mmc(1, 0.7, 1500, 4, 3);
    m.steps[0].service = {1.0, 0.5, d};
    double exact = mmc_wait(1, 0.7, 1.0) * 1.25 / 2;
    auto a = analyse(m);
    EXPECT_NEAR(a.pools[0].mean_wait_hours, exact, 1e-9);
    EXPECT_EQ(a.pools[0].method, "allen-cunneen");
    auto r = simulate(m, {.backlog = false});
    EXPECT_NEAR(r.steps[0].mean_wait_hours.mean / exact, 1.0, 0.03)
        << (d == Distribution::gamma ? "gamma" : "lognormal");
  }
}

TEST(CapacitySimulation, TheSameSeedGivesTheSameFiguresAndAnotherSeedOthers) {
  auto m = test::allowance_team();
  auto a = simulate(m), b = simulate(m);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.all_cases.throughput_hours.mean, b.all_cases.throughput_hours.mean);
  EXPECT_EQ(a.all_cases.p90_hours.mean, b.all_cases.p90_hours.mean);
  m.simulation.seed = 2;
  auto c = simulate(m);
  EXPECT_NE(a.all_cases.throughput_hours.mean, c.all_cases.throughput_hours.mean);
}

TEST(CapacitySimulation, FunctionalUnitsWithBatchedHandOffsTakeLongerThanTeams) {
  auto teams = test::allowance_team(4);
  auto functional = teams;
  functional.organisation.form = Form::functional;
  functional.organisation.teams = 1;
  functional.organisation.handoff_batch_hours = 38;
  auto t = simulate(teams), f = simulate(functional);
  // Intake -> file once, then file -> examination -> decision in 60% of the
  // 1/0.9 passes: 2.33 hand-offs a case, each waiting 19 hours for its batch.
  auto fa = analyse(functional);
  EXPECT_NEAR(fa.case_types[0].handoffs, 1 + 2 * 0.6 / 0.9, 1e-6);
  EXPECT_GT(f.all_cases.throughput_hours.mean,
            t.all_cases.throughput_hours.mean + fa.case_types[0].handoffs * 19 * 0.9);
  // A batch reaches the next unit all at once, so its cases queue there
  // longer than Poisson arrivals would: the analytic figure is below.
  EXPECT_GT(f.all_cases.throughput_hours.mean, fa.case_types[0].mean_throughput_hours);
}

// Teams run one by one on their own streams; together they are the
// organisation: three times the cases and arrivals of one team, the same
// throughput time and utilisation within their intervals.
TEST(CapacitySimulation, TeamsRunOnTheirOwnAndAddUp) {
  auto one = simulate(test::allowance_team(1)), three = simulate(test::allowance_team(3));
  EXPECT_NEAR(three.arrivals_per_hour.mean, 3 * one.arrivals_per_hour.mean,
              0.03 * three.arrivals_per_hour.mean);
  EXPECT_NEAR(static_cast<double>(three.all_cases.completed),
              3.0 * static_cast<double>(one.all_cases.completed), 0.03 * three.all_cases.completed);
  auto overlap = [](Estimate a, Estimate b) { return a.low <= b.high && b.low <= a.high; };
  EXPECT_TRUE(overlap(one.all_cases.throughput_hours, three.all_cases.throughput_hours))
      << one.all_cases.throughput_hours.mean << " " << three.all_cases.throughput_hours.mean;
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_TRUE(overlap(one.competences[k].utilisation, three.competences[k].utilisation)) << k;
  EXPECT_NEAR(three.backlog[20].open_cases.mean, 3 * one.backlog[20].open_cases.mean,
              0.35 * three.backlog[20].open_cases.mean);
}

// Arrivals by week of the year: a busy week and a quiet one, cycled. The
// weekly counts follow them, the analytic load takes their mean, and the
// open cases swell in the busy weeks.
TEST(CapacitySimulation, ArrivalsByWeekFollowTheSeason) {
  auto m = mmc(2, 0.6, 40, 4);
  double mean = m.case_types[0].arrivals_per_week;
  m.case_types[0].arrivals_by_week = {mean * 1.5, mean * 0.5};
  auto a = analyse(m);
  EXPECT_NEAR(a.pools[0].utilisation, 0.6, 1e-9);
  auto r = simulate(m);
  EXPECT_NEAR(r.steps[0].visits_per_week.mean, mean, 0.03 * mean);
  double busy = 0, quiet = 0;
  for (int w = 10; w < 40; ++w) (w % 2 == 0 ? busy : quiet) += r.backlog[w].open_cases.mean;
  // Week index w ends week w + 1: even indexes end a busy week (1.5 x the mean).
  EXPECT_GT(busy, 2 * quiet);
}

TEST(CapacitySimulation, BacklogGrowsWhenDemandExceedsStaff) {
  auto m = mmc(2, 1.2, 20, 3);
  auto r = simulate(m);
  ASSERT_EQ(r.backlog.size(), 20u);
  // 0.4 servers of work a week too many: about 67 more open cases each week.
  double growth = (r.backlog[19].open_cases.mean - r.backlog[9].open_cases.mean) / 10;
  EXPECT_NEAR(growth, 0.2 * 2 * 168, 15);
}

}  // namespace
}  // namespace ploeg::capacity
