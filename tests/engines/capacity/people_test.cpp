// A model whose steps are done by a team's people (issue 19, item 7): each
// person at full speed, present part of the time, taking the oldest case of
// any competence they hold. Checked against queueing formulas the test writes
// itself: M/M/c, an M/M/1 whose server is away after each case, and the
// Pollaczek-Khinchine M/G/1 of one person who serves two queues in order.
#include <gtest/gtest.h>

#include "engines/capacity/model.hpp"
#include "engines/capacity/simulate.hpp"

namespace ploeg::capacity {
namespace {

// One step of each given service time, one case type each, Poisson arrivals
// per hour; a year on the continuous clock, twenty replications.
Model steps_of(const std::vector<std::pair<ServiceTime, double>>& steps) {
  Model m;
  m.simulation.horizon_weeks = 52;
  m.simulation.warmup_weeks = 4;
  m.simulation.replications = 20;
  m.simulation.seed = 11;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto name = "k" + std::to_string(i);
    m.competences.push_back({name, 1, 1});
    m.steps.push_back({name, static_cast<int>(i), steps[i].first});
    CaseType type;
    type.name = name;
    type.arrivals_per_week = steps[i].second * m.simulation.hours_per_week;
    type.route.push_back({static_cast<int>(i), 1, 0, -1});
    m.case_types.push_back(type);
  }
  return m;
}

const ServiceTime one_hour{1.0, 1.0, Distribution::exponential};

TEST(CapacityPeople, TwoFullTimePeopleAreAnMM2Queue) {
  double rho = 0.8;  // per person
  auto m = steps_of({{one_hour, 2 * rho}});
  m.competences[0].fte = 2;
  m.people = {{1, 1, {0}}, {1, 1, {0}}};
  ASSERT_TRUE(validate(m).empty());
  auto r = simulate(m, {});
  double exact = rho * rho / (1 - rho * rho);  // M/M/2: Wq = rho^2 / (1 - rho^2) service times
  auto& wait = r.steps[0].mean_wait_hours;
  EXPECT_LE(wait.low, exact) << wait.mean;
  EXPECT_GE(wait.high, exact) << wait.mean;
  EXPECT_NEAR(r.competences[0].utilisation.mean, rho, 0.02);
}

// A person present half the time is away as long as they worked after each
// case: the server is occupied 2 hours a case, an M/M/1 of mean 2 hours for
// the wait, while the case itself takes its one hour of work. A pool's server
// at half speed takes two hours of the case's own time.
TEST(CapacityPeople, APartTimePersonWorksAtFullSpeedAndIsAwayTheRest) {
  double lambda = 0.3;  // an hour: occupancy 0.3 x 2 = 0.6
  auto m = steps_of({{one_hour, lambda}});
  m.competences[0].fte = 0.5;
  m.people = {{0.5, 1, {0}}};
  auto r = simulate(m, {});
  double occupied = 2, rho = lambda * occupied;
  double wait = rho / (1 - rho) * occupied;  // M/M/1 with mean service 2: 3 hours
  auto& w = r.steps[0].mean_wait_hours;
  EXPECT_LE(w.low, wait) << w.mean;
  EXPECT_GE(w.high, wait) << w.mean;
  auto& through = r.all_cases.throughput_hours;
  EXPECT_LE(through.low, wait + 1) << through.mean;
  EXPECT_GE(through.high, wait + 1) << through.mean;
  // Utilisation: the hours worked over the hours present.
  EXPECT_NEAR(r.competences[0].utilisation.mean, lambda * 1 / 0.5, 0.02);

  m.people.clear();  // the pool: one server at half speed
  auto pool = simulate(m, {}).all_cases.throughput_hours;
  EXPECT_LE(pool.low, wait + 2) << pool.mean;
  EXPECT_GE(pool.high, wait + 2) << pool.mean;
}

// One person holds both competences and takes whichever case has waited
// longest: one first-come-first-served queue of the mixed work. Cases of
// an exponential hour at 0.2 an hour and of a fixed 2 hours at 0.15 an hour:
// rho = 0.5, E[S^2] = (0.2 x 2 + 0.15 x 4) / 0.35, and Pollaczek-Khinchine
// gives Wq = lambda E[S^2] / (2 (1 - rho)) = 1 hour for both.
TEST(CapacityPeople, OnePersonServesTheOldestCaseOfEitherCompetence) {
  auto m = steps_of({{one_hour, 0.2}, {{2.0, 0, Distribution::deterministic}, 0.15}});
  m.competences[0].fte = m.competences[1].fte = 0.5;
  m.people = {{1, 1, {0, 1}}};
  ASSERT_TRUE(validate(m).empty());
  auto r = simulate(m, {});
  double exact = (0.2 * 2 + 0.15 * 4) / (2 * (1 - 0.5));
  for (int s : {0, 1}) {
    auto& wait = r.steps[static_cast<std::size_t>(s)].mean_wait_hours;
    EXPECT_LE(wait.low, exact) << "step " << s << " mean " << wait.mean;
    EXPECT_GE(wait.high, exact) << "step " << s << " mean " << wait.mean;
  }
}

TEST(CapacityPeople, ValidationSaysWhatIsWrongWithThePeople) {
  auto m = steps_of({{one_hour, 0.2}, {one_hour, 0.2}});
  m.people = {{1, 1, {0}}};
  auto problems = validate(m);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "step k1: nobody holds competence k1");

  m.people = {{1, 1, {0, 1, 0}}, {1.2, 1, {1}}, {1, 1, {7}}};
  problems = validate(m);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "person 1: holds a competence twice");
  EXPECT_EQ(problems[1], "person 2: fte times availability must be more than 0 and at most 1");
  EXPECT_EQ(problems[2], "person 3: no such competence");

  m.people = {{1, 1, {0, 1}}};
  m.organisation.teams = 2;
  problems = validate(m);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "people are the staff of one team: organisation.teams must be 1");
}

}  // namespace
}  // namespace ploeg::capacity
