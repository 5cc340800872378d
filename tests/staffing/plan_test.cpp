// The casework flow as a capacity model, and the page's answer: the staff
// per competence meets the target, a role short of people today is named,
// one person more or less moves the throughput time the right way, and
// functional units with weekly hand-offs take longer than the team.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engines/capacity/analytic.hpp"
#include "staffing/plan.hpp"

namespace ploeg::staffing {
namespace {

// A team receiving 40 requests a week: intake and a decision for all, a
// medical assessment for 60%; intake is short of people today.
Flow team_flow() {
  Flow f;
  f.scope_name = "Team North";
  f.teams = 1;
  f.competences = {"intake", "medical", "decision"};
  f.competence_names = {{"intake", "Intake"}, {"medical", "Medical"}, {"decision", "Decision"}};
  f.fte = {{"intake", 1.0}, {"medical", 2.0}, {"decision", 2.5}};
  TypeDemand allowance;
  allowance.code = "allowance";
  allowance.name = "Allowance";
  allowance.target_days = 30;
  allowance.received = 2080;
  allowance.per_week = 40;
  allowance.steps = {{"intake", "Intake", "intake", 1.0},
                     {"medical_assessment", "Medical assessment", "medical", 0.6},
                     {"decision", "Decision", "decision", 1.0}};
  f.types.push_back(allowance);
  return f;
}

TEST(StaffingModel, TheFlowBecomesStepsCompetencesAndAnOfficeHoursClock) {
  auto flow = team_flow();
  auto a = default_assumptions(flow);
  EXPECT_EQ(a.target_days, 30);
  EXPECT_DOUBLE_EQ(a.hours.at("medical"), default_hours("medical"));
  auto m = model_of(flow, a);
  EXPECT_TRUE(capacity::validate(m).empty());
  EXPECT_EQ(m.simulation.clock, capacity::Clock::office_hours);
  EXPECT_DOUBLE_EQ(m.simulation.hours_per_week, 38);
  ASSERT_EQ(m.competences.size(), 3u);
  EXPECT_DOUBLE_EQ(m.competences[1].fte, 2.0);
  EXPECT_DOUBLE_EQ(m.competences[1].availability, a.availability);
  ASSERT_EQ(m.case_types.size(), 1u);
  ASSERT_EQ(m.case_types[0].route.size(), 3u);
  EXPECT_DOUBLE_EQ(m.case_types[0].route[1].probability, 0.6);
  EXPECT_DOUBLE_EQ(
      m.steps[static_cast<std::size_t>(m.case_types[0].route[1].step)].service.mean_hours,
      default_hours("medical"));
  // Intake: 40 hours of work a week for 0.8 of one person's 38 hours.
  auto load = capacity::analyse(m);
  EXPECT_FALSE(load.stable);
  EXPECT_NEAR(load.pools[0].utilisation, 40 * default_hours("intake") / (38 * 0.8), 1e-9);
}

TEST(StaffingAnswer, NamesTheShortRoleAndMeetsTheTarget) {
  auto flow = team_flow();
  auto assumptions = default_assumptions(flow);
  assumptions.target_days = 10;
  auto a = answer(flow, assumptions);
  EXPECT_FALSE(a.stable_today);
  EXPECT_FALSE(a.today.has_value());
  ASSERT_EQ(a.roles.size(), 3u);
  EXPECT_GE(a.roles[0].utilisation_today, 1.0);
  EXPECT_GE(a.roles[0].needed, 2) << "intake needs more than its one person";
  ASSERT_TRUE(a.met);
  EXPECT_LE(a.plan.mean, 10.0);
  for (auto& r : a.roles) EXPECT_LT(r.utilisation_plan, 1.0) << r.code;

  // Throughput time against staff: the plan's point is the plan's figure,
  // more people never take longer, and too few leave no figure at all.
  ASSERT_EQ(a.offsets.size(), a.days_by_offset[0].size());
  auto plan_at = std::find(a.offsets.begin(), a.offsets.end(), 0) - a.offsets.begin();
  for (auto& line : a.days_by_offset) {
    ASSERT_TRUE(line[static_cast<std::size_t>(plan_at)]);
    EXPECT_DOUBLE_EQ(*line[static_cast<std::size_t>(plan_at)], a.plan.mean);
    for (std::size_t i = static_cast<std::size_t>(plan_at) + 1; i < line.size(); ++i) {
      ASSERT_TRUE(line[i]);
      EXPECT_LE(*line[i], *line[i - 1] + 0.05);
    }
  }

  // Backlog week by week after the warm-up: only the plan's, as today's staff cannot keep up.
  EXPECT_TRUE(a.backlog_today.empty());
  EXPECT_EQ(a.backlog_plan.size(), a.weeks.size());
  EXPECT_EQ(a.weeks.size(), 52u);

  // Functional units passing files on weekly take longer than the team.
  EXPECT_GT(a.functional.mean_days, a.teams.mean_days + 3);
}

TEST(StaffingAnswer, EnoughStaffTodayGivesTodaysFigures) {
  auto flow = team_flow();
  flow.fte["intake"] = 3;
  auto a = answer(flow, default_assumptions(flow));
  EXPECT_TRUE(a.stable_today);
  ASSERT_TRUE(a.today.has_value());
  ASSERT_TRUE(a.today_share.has_value());
  EXPECT_GT(*a.today_share, 0.9);
  EXPECT_EQ(a.backlog_today.size(), a.weeks.size());
  ASSERT_TRUE(a.met);
  // The plan never asks for more than today where today already meets the target easily.
  for (auto& r : a.roles) EXPECT_LE(r.needed, std::max(1.0, std::ceil(r.fte_today))) << r.code;
}

TEST(StaffingAnswer, NoRequestsNoAnswer) {
  auto flow = team_flow();
  flow.types.clear();
  auto a = answer(flow, default_assumptions(flow));
  EXPECT_TRUE(a.roles.empty());
  EXPECT_FALSE(a.met);
}

}  // namespace
}  // namespace ploeg::staffing
