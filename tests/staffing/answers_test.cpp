// Stored staffing answers: every figure comes back as it went in (an answer
// shown from the store is the answer that was computed), and the key changes
// with every figure the answer depends on and with nothing else.
#include "staffing/answers.hpp"

#include <gtest/gtest.h>

namespace ploeg::staffing {
namespace {

Answer sample() {
  Answer a;
  a.stable_today = false;
  a.unstable = {"social work is overloaded today (utilisation 1.40)"};
  a.today = std::nullopt;
  a.today_share = std::nullopt;
  a.met = true;
  a.plan = {21.5, 19.25, 23.125};
  a.plan_share = 0.9125;
  RoleAnswer r;
  r.code = "social_work";
  r.name = "Social work";
  r.fte_today = 3.25;
  r.utilisation_today = 1.4;
  r.needed_per_team = 5;
  r.needed = 10;
  r.utilisation_plan = 0.81;
  r.one_more_days = 17.75;
  a.roles.push_back(r);
  r.code = "intake";
  r.one_more_days = std::nullopt;
  a.roles.push_back(r);
  a.offsets = {-2, -1, 0, 1, 2};
  a.days_by_offset = {{std::nullopt, 40.5, 21.5, 18.0, 17.5}, {30.0, 25.0, 21.5, 20.0, 19.5}};
  a.weeks = {1, 2, 3};
  a.backlog_today = {std::nullopt, std::nullopt, std::nullopt};
  a.backlog_plan = {120.5, 118.0, 121.25};
  a.functional = {33.0, 61.5};
  a.teams = {21.0, 38.25};
  a.simulations = 57;
  return a;
}

TEST(StaffingAnswers, EveryFigureComesBackAsItWentIn) {
  auto a = sample();
  auto b = answer_from_json(answer_json(a));
  EXPECT_EQ(b.stable_today, a.stable_today);
  EXPECT_EQ(b.unstable, a.unstable);
  EXPECT_FALSE(b.today.has_value());
  EXPECT_FALSE(b.today_share.has_value());
  EXPECT_EQ(b.met, a.met);
  EXPECT_DOUBLE_EQ(b.plan.mean, 21.5);
  EXPECT_DOUBLE_EQ(b.plan.low, 19.25);
  EXPECT_DOUBLE_EQ(b.plan.high, 23.125);
  EXPECT_DOUBLE_EQ(b.plan_share, 0.9125);
  ASSERT_EQ(b.roles.size(), 2u);
  EXPECT_EQ(b.roles[0].code, "social_work");
  EXPECT_DOUBLE_EQ(b.roles[0].fte_today, 3.25);
  EXPECT_DOUBLE_EQ(b.roles[0].utilisation_today, 1.4);
  EXPECT_EQ(b.roles[0].needed_per_team, 5);
  EXPECT_EQ(b.roles[0].needed, 10);
  EXPECT_DOUBLE_EQ(b.roles[0].utilisation_plan, 0.81);
  EXPECT_EQ(b.roles[0].one_more_days, std::optional<double>(17.75));
  EXPECT_FALSE(b.roles[1].one_more_days.has_value());
  EXPECT_EQ(b.offsets, a.offsets);
  EXPECT_EQ(b.days_by_offset, a.days_by_offset);
  EXPECT_EQ(b.weeks, a.weeks);
  EXPECT_EQ(b.backlog_today, a.backlog_today);
  EXPECT_EQ(b.backlog_plan, a.backlog_plan);
  EXPECT_DOUBLE_EQ(b.functional.mean_days, 33.0);
  EXPECT_DOUBLE_EQ(b.functional.p90_days, 61.5);
  EXPECT_DOUBLE_EQ(b.teams.mean_days, 21.0);
  EXPECT_DOUBLE_EQ(b.teams.p90_days, 38.25);
  EXPECT_EQ(b.simulations, 57);
  EXPECT_THROW(answer_from_json("{\"stable_today\": true}"), std::exception);
}

TEST(StaffingAnswers, TheKeyFollowsEveryFigureAndNoName) {
  Scope scope{"team", "gent-01", "Ghent 1", {7}};
  Flow flow;
  flow.scope_name = "Ghent 1";
  flow.teams = 1;
  flow.types = {{"child", "Child benefit", 30, 120, 2.3, {{"intake", "Intake", "intake", 1.0}}}};
  flow.fte = {{"intake", 2.5}};
  flow.competence_names = {{"intake", "Intake"}};
  Assumptions assumptions;
  assumptions.hours = {{"intake", 1.0}};
  auto key = answer_key(scope, flow, assumptions);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(answer_key(scope, flow, assumptions), key);

  auto renamed = flow;
  renamed.scope_name = "Gand 1";
  renamed.competence_names["intake"] = "Accueil";
  renamed.types[0].name = "Allocations familiales";
  auto scope_fr = scope;
  scope_fr.name = "Gand 1";
  EXPECT_EQ(answer_key(scope_fr, renamed, assumptions), key) << "one answer for every language";

  auto one_more = flow;
  one_more.types[0].received = 121;
  EXPECT_NE(answer_key(scope, one_more, assumptions), key);
  auto staff = flow;
  staff.fte["intake"] = 2.6;
  EXPECT_NE(answer_key(scope, staff, assumptions), key);
  auto share = flow;
  share.types[0].steps[0].share = 0.9;
  EXPECT_NE(answer_key(scope, share, assumptions), key);
  auto stricter = assumptions;
  stricter.target_days = 20;
  EXPECT_NE(answer_key(scope, flow, stricter), key);
  auto slower = assumptions;
  slower.hours["intake"] = 1.0000001;
  EXPECT_NE(answer_key(scope, flow, slower), key);
  auto region = scope;
  region.kind = "region";
  EXPECT_NE(answer_key(region, flow, assumptions), key);
}

}  // namespace
}  // namespace ploeg::staffing
