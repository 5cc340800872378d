// The model's limits (issue 18): each just over is refused with its key and
// the limit, just at it passes validation; the estimate of the work refuses
// what would run for minutes; out of memory says what to reduce.
#include <gtest/gtest.h>

#include <string>

#include "engines/capacity/fixtures.hpp"
#include "engines/capacity/toml_model.hpp"

namespace ploeg::capacity {
namespace {

std::string joined(const std::vector<std::string>& problems) {
  std::string all;
  for (auto& p : problems) all += p + "\n";
  return all;
}

// A valid model whose work stays small whatever the single figure under test.
Model small() {
  Model m = test::mmc(2, 0.5, 10, 2);
  m.simulation.hours_per_week = 168;
  m.case_types[0].arrivals_per_week = 1;
  return m;
}

void expect_refused(const Model& m, const std::string& message) {
  auto problems = validate(m);
  EXPECT_NE(joined(problems).find(message), std::string::npos) << joined(problems);
}

TEST(CapacityLimits, EachFigureJustOverItsLimitIsRefusedWithTheLimit) {
  auto m = small();
  ASSERT_TRUE(validate(m).empty()) << joined(validate(m));

  m.simulation.replications = limits::replications + 1;
  expect_refused(m,
                 "replications must be at most 10000 (the model has 10001); reduce replications");
  m.simulation.replications = limits::replications;
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));

  m = small();
  m.simulation.horizon_weeks = limits::horizon_weeks + 1;
  expect_refused(m, "horizon_weeks must be at most 520 (the model has 521); reduce horizon_weeks");
  m.simulation.horizon_weeks = limits::horizon_weeks;
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));

  m = small();
  m.organisation.teams = limits::teams + 1;
  expect_refused(m, "organisation.teams must be at most 1000 (the model has 1001)");
  m.organisation.teams = limits::teams;
  m.competences[0].fte = limits::teams;  // one each
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));

  m = small();
  m.competences[0].fte = limits::fte + 1;
  expect_refused(m, "competence desk: fte must be at most 10000 (the model has 10001)");
  m.competences[0].fte = limits::fte;
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));

  m = small();
  m.case_types[0].arrivals_per_week = limits::arrivals_per_week + 1;
  expect_refused(m,
                 "the arrivals a week of all case types together must be at most 1000000 (the "
                 "model has 1000001)");
  m = small();
  m.case_types[0].arrivals_by_week.assign(limits::arrivals_by_week + 1, 1.0);
  expect_refused(m,
                 "case_type request: arrivals_by_week's values must be at most 520 (the model "
                 "has 521)");
  m.case_types[0].arrivals_by_week.assign(limits::arrivals_by_week, 1.0);
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));

  m = small();
  m.case_types[0].route.assign(limits::route + 1, m.case_types[0].route[0]);
  expect_refused(m, "case_type request: the steps must be at most 100 (the model has 101)");
  m.case_types[0].route.assign(limits::route, m.case_types[0].route[0]);
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));
}

TEST(CapacityLimits, TooManyCompetencesStepsOrCaseTypesAreRefused) {
  auto m = small();
  for (std::size_t k = 1; k < limits::competences; ++k)
    m.competences.push_back({"c" + std::to_string(k), 1, 1});
  for (std::size_t s = 1; s < limits::steps; ++s)
    m.steps.push_back({"s" + std::to_string(s), 0, {1.0, 1.0, Distribution::exponential}});
  auto one = m.case_types[0];
  for (std::size_t c = 1; c < limits::case_types; ++c) {
    one.name = "t" + std::to_string(c);
    m.case_types.push_back(one);
  }
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));  // just at each limit
  m.competences.push_back({"one more", 1, 1});
  m.steps.push_back({"one more", 0, {1.0, 1.0, Distribution::exponential}});
  m.case_types.push_back(one);
  expect_refused(m, "the number of competences must be at most 100 (the model has 101)");
  expect_refused(m, "the number of [[step]] tables must be at most 100 (the model has 101)");
  expect_refused(m, "the number of [[case_type]] tables must be at most 100 (the model has 101)");
}

TEST(CapacityLimits, TheEstimateOfTheWorkRefusesWhatWouldRunForMinutes) {
  // org5000.toml's size: 2 replications of 52 weeks, 19,200 arrivals a week.
  auto m = small();
  m.simulation.replications = 2;
  m.simulation.horizon_weeks = 52;
  m.case_types[0].arrivals_per_week = 19'200;
  m.competences[0].fte = 200;
  EXPECT_NEAR(estimated_events(m), 2 * 52 * 19'200 * 2.0, 1);  // arrival + one completion
  EXPECT_TRUE(validate(m).empty()) << joined(validate(m));
  // Rework and functional hand-offs add events: 1 + (1 / 0.5) * 2 a case.
  m.case_types[0].route[0].rework = 0.5;
  m.organisation.form = Form::functional;
  EXPECT_NEAR(estimated_events(m), 2 * 52 * 19'200 * 5.0, 1);

  m = small();
  m.simulation.replications = 1000;
  m.simulation.horizon_weeks = 520;
  m.case_types[0].arrivals_per_week = 19'200;
  m.competences[0].fte = 200;
  auto problems = validate(m);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0],
            "the simulation would take about 2e+10 events (replications 1000 x horizon_weeks 520 "
            "x 19200 arrivals a week x 2.0 events a case), more than the limit of 2e+09 (about "
            "four minutes); reduce replications or horizon_weeks");
}

TEST(CapacityLimits, TheFileSaysWhichKeyIsOverAndNumbersBeyondIntAreNotWrapped) {
  auto file = read_model(R"([simulation]
replications = 4294967298
horizon_weeks = 600
[organisation]
teams = 5000
[[step]]
name = "intake"
staff = 20000
service_hours = { mean = 1.0 }
[[case_type]]
name = "request"
arrivals_per_week = 10
steps = ["intake"]
)",
                         "big.toml");
  auto all = joined(file.errors);
  EXPECT_NE(all.find("big.toml: replications must be at most 10000 (the model has 2147483647)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("big.toml: horizon_weeks must be at most 520 (the model has 600)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("big.toml: organisation.teams must be at most 1000 (the model has 5000)"),
            std::string::npos)
      << all;
  EXPECT_NE(
      all.find("big.toml: competence intake: fte must be at most 10000 (the model has 20000)"),
      std::string::npos)
      << all;
}

TEST(CapacityLimits, OutOfMemorySaysWhatWasSimulatedAndWhatToReduce) {
  auto m = test::allowance_team(333);
  m.simulation.replications = 10000;
  m.simulation.horizon_weeks = 52;
  EXPECT_EQ(out_of_memory_message(m),
            "out of memory while simulating 10000 replications of 52 weeks of 2997 staff in 333 "
            "teams; reduce replications or horizon_weeks");
}

}  // namespace
}  // namespace ploeg::capacity
