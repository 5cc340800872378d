// Staffing: the target's text, the fewest people that meet it (one fewer in
// any role misses it), and the effect of one more person in each role.
#include <gtest/gtest.h>

#include "engines/capacity/analytic.hpp"
#include "engines/capacity/fixtures.hpp"
#include "engines/capacity/staffing.hpp"

namespace ploeg::capacity {
namespace {

TEST(CapacityTarget, ReadsQuantilesMeansAndUnits) {
  std::string error;
  auto p90 = parse_target("p90<=60d", error);
  ASSERT_TRUE(p90) << error;
  EXPECT_FALSE(p90->mean);
  EXPECT_DOUBLE_EQ(p90->quantile, 0.9);
  EXPECT_DOUBLE_EQ(p90->days, 60);
  auto share = parse_target("95% <= 2w", error);
  ASSERT_TRUE(share) << error;
  EXPECT_DOUBLE_EQ(share->quantile, 0.95);
  EXPECT_DOUBLE_EQ(share->days, 14);
  auto mean = parse_target("mean<=36h", error);
  ASSERT_TRUE(mean) << error;
  EXPECT_TRUE(mean->mean);
  EXPECT_DOUBLE_EQ(mean->days, 1.5);
  EXPECT_FALSE(parse_target("p90 within 60 days", error));
  EXPECT_NE(error.find("write p90<=60d"), std::string::npos) << error;
  EXPECT_FALSE(parse_target("p0<=3d", error));
}

// A target the team meets only with more administration than it has.
Model short_of_administration() {
  auto m = test::allowance_team();
  m.simulation.replications = 4;
  m.simulation.horizon_weeks = 20;
  return m;
}

TEST(CapacityStaffing, TheFewestPeopleThatMeetTheTarget) {
  auto m = short_of_administration();
  // A target today's staff misses: 90% within 60% of today's 90th percentile.
  SimulationOptions today_options;
  today_options.quantile = 0.9;
  today_options.backlog = false;
  double today_p90 = simulate(m, today_options).all_cases.quantile_hours.mean;
  std::string error;
  auto target = parse_target("p90<=" + std::to_string(0.6 * today_p90) + "h", error);
  ASSERT_TRUE(target) << error;
  auto plan = plan_staff(m, *target);
  ASSERT_TRUE(plan.met);
  ASSERT_EQ(plan.per_team.size(), 3u);
  EXPECT_LE(plan.value_days.mean, target->days);
  // Today's staff misses the target, so some role gets more than today.
  bool more_somewhere = false;
  for (std::size_t k = 0; k < 3; ++k) more_somewhere |= plan.per_team[k] > plan.today[k];
  EXPECT_TRUE(more_somewhere);
  EXPECT_DOUBLE_EQ(plan.today[1], 4);

  // One fewer in any role misses the target (the same seeds as the search).
  for (std::size_t k = 0; k < plan.per_team.size(); ++k) {
    if (plan.per_team[k] <= 1) continue;
    auto fewer = plan.per_team;
    --fewer[k];
    auto trial = with_staff(m, fewer);
    if (!analyse(trial).stable) continue;
    SimulationOptions so;
    so.quantile = 0.9;
    so.backlog = false;
    auto r = simulate(trial, so);
    EXPECT_GT(trial.days(r.all_cases.quantile_hours.mean), target->days)
        << "one fewer " << m.competences[k].name << " still meets the target";
  }

  // One more person never makes the figure worse; in the bottleneck it helps.
  ASSERT_EQ(plan.marginal.size(), 3u);
  for (auto& more : plan.marginal) EXPECT_LE(more.value_days, plan.value_days.mean + 1e-9);
  EXPECT_LT(plan.marginal[1].value_days, plan.value_days.mean);
  EXPECT_GE(plan.share.mean, 0.9);
}

TEST(CapacityStaffing, ATargetNoStaffCanMeetSaysSo) {
  auto m = short_of_administration();
  std::string error;
  // Service alone takes about 7 hours of work; nobody decides 90% within an hour.
  auto target = parse_target("p90<=1h", error);
  ASSERT_TRUE(target) << error;
  auto plan = plan_staff(m, *target);
  EXPECT_FALSE(plan.met);
  // The search stops once more people no longer help, far below the cap of 500.
  EXPECT_LT(plan.simulations, 60);
  for (int people : plan.per_team) EXPECT_LT(people, 30);
  EXPECT_GT(plan.value_days.mean, 1.0 / 24);
}

TEST(CapacityStaffing, TeamsAreStaffedAlike) {
  auto one = short_of_administration();
  auto three = test::allowance_team(3);
  three.simulation = one.simulation;
  std::string error;
  auto target = parse_target("p90<=2d", error);
  auto a = plan_staff(one, *target), b = plan_staff(three, *target);
  EXPECT_EQ(a.per_team, b.per_team);
  EXPECT_EQ(b.check.competences.size(), 3u);
  EXPECT_TRUE(b.met);
}

}  // namespace
}  // namespace ploeg::capacity
