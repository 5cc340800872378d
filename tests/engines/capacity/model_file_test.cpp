// The TOML model file: the issue's minimal model reads as written, and every
// mistake is reported with its line and what to write instead.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engines/capacity/toml_model.hpp"

namespace ploeg::capacity {
namespace {

const char* minimal = R"(
[simulation]
time = "continuous"       # or "office-hours"
horizon_weeks = 52
warmup_weeks = 8
replications = 10
seed = 1
[[step]]
name = "intake"
competence = "intake"
staff = 3
service_hours = { mean = 2.0, cv = 1.0 }
[[step]]
name = "medical"
competence = "medical"
staff = 2
service_hours = { mean = 1.5, cv = 0.5 }
[[case_type]]
name = "allowance"
arrivals_per_week = 120
steps = ["intake", { step = "medical", probability = 0.6 }]
)";

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (auto& l : lines) all += l + "\n";
  return all;
}

bool mentions(const std::vector<std::string>& errors, const std::string& text) {
  return joined(errors).find(text) != std::string::npos;
}

TEST(CapacityModelFile, TheIssuesMinimalModelReadsAsWritten) {
  auto file = read_model(minimal, "model.toml");
  ASSERT_TRUE(file.errors.empty()) << joined(file.errors);
  auto& m = file.model;
  EXPECT_EQ(m.simulation.clock, Clock::continuous);
  EXPECT_EQ(m.simulation.horizon_weeks, 52);
  EXPECT_EQ(m.simulation.warmup_weeks, 8);
  EXPECT_EQ(m.simulation.replications, 10);
  ASSERT_EQ(m.competences.size(), 2u);
  EXPECT_EQ(m.competences[0].name, "intake");
  EXPECT_EQ(m.competences[0].fte, 3);
  EXPECT_EQ(m.competences[1].fte, 2);
  ASSERT_EQ(m.steps.size(), 2u);
  EXPECT_EQ(m.steps[0].service.distribution, Distribution::exponential);
  EXPECT_EQ(m.steps[1].service.distribution, Distribution::gamma);  // cv 0.5 without a name
  EXPECT_DOUBLE_EQ(m.steps[1].service.cv, 0.5);
  ASSERT_EQ(m.case_types.size(), 1u);
  auto& route = m.case_types[0].route;
  ASSERT_EQ(route.size(), 2u);
  EXPECT_EQ(route[0].step, 0);
  EXPECT_EQ(route[1].step, 1);
  EXPECT_DOUBLE_EQ(route[1].probability, 0.6);
  EXPECT_DOUBLE_EQ(m.case_types[0].arrivals_per_week, 120);
}

TEST(CapacityModelFile, OfficeHoursCountAThirtyEightHourWeek) {
  std::string text = minimal;
  text.replace(text.find("\"continuous\""), 12, "\"office-hours\"");
  auto file = read_model(text, "model.toml");
  ASSERT_TRUE(file.errors.empty()) << joined(file.errors);
  EXPECT_EQ(file.model.simulation.clock, Clock::office_hours);
  EXPECT_DOUBLE_EQ(file.model.simulation.hours_per_week, 38);
  EXPECT_DOUBLE_EQ(file.model.days(38), 7);  // a working week is a calendar week
}

TEST(CapacityModelFile, MistakesNameTheLineAndWhatToWrite) {
  const char* text = R"([simulation]
time = "sometimes"
horizon_weeks = 52
replicatoins = 4
[[step]]
name = "intake"
staff = 3
service_hours = { mean = 2.0, cv = 1.0, distribution = "weibull" }
[[step]]
name = "medical"
service_hours = { cv = 0.5 }
[[case_type]]
name = "allowance"
arrivals_per_week = "many"
steps = ["intake", { step = "doctor", probability = 0.6 }]
)";
  auto file = read_model(text, "bad.toml");
  auto& e = file.errors;
  EXPECT_TRUE(mentions(
      e,
      "bad.toml:2: simulation.time must be \"continuous\" or \"office-hours\", not \"sometimes\""))
      << joined(e);
  EXPECT_TRUE(mentions(e, "bad.toml:4: unknown key 'replicatoins' in [simulation] (known: time,"))
      << joined(e);
  EXPECT_TRUE(mentions(e,
                       "bad.toml:8: step intake: distribution must be exponential, gamma, "
                       "lognormal or deterministic, not \"weibull\""))
      << joined(e);
  EXPECT_TRUE(
      mentions(e, "bad.toml:9: step medical: no staff for competence medical; write staff = N"))
      << joined(e);
  EXPECT_TRUE(mentions(e, "bad.toml:11: step medical: service_hours needs a mean (hours)"))
      << joined(e);
  EXPECT_TRUE(mentions(e, "bad.toml:14: allowance.arrivals_per_week must be a number"))
      << joined(e);
  EXPECT_TRUE(mentions(e, "bad.toml:15: case_type allowance: no [[step]] named \"doctor\""))
      << joined(e);
}

TEST(CapacityModelFile, BrokenTomlAndImpossibleValuesAreReported) {
  auto broken = read_model("[simulation\nseed = 1\n", "broken.toml");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_EQ(broken.errors[0].rfind("broken.toml:1: ", 0), 0u) << broken.errors[0];

  std::string text = minimal;
  text.replace(text.find("warmup_weeks = 8"), 16, "warmup_weeks = 60");
  text.replace(text.find("probability = 0.6"), 17, "probability = 1.6");
  auto file = read_model(text, "model.toml");
  EXPECT_TRUE(mentions(
      file.errors, "model.toml: warmup_weeks must be at least 0 and less than horizon_weeks (52)"))
      << joined(file.errors);
  EXPECT_TRUE(
      mentions(file.errors, "case_type allowance: step 2: probability must be between 0 and 1"))
      << joined(file.errors);
}

TEST(CapacityModelFile, ReworkGoesBackToANamedEarlierStep) {
  std::string text = minimal;
  std::string medical = "{ step = \"medical\", probability = 0.6 }";
  text.replace(text.find(medical), medical.size(),
               "{ step = \"medical\", rework = 0.2, rework_to = \"intake\" }");
  auto file = read_model(text, "model.toml");
  ASSERT_TRUE(file.errors.empty()) << joined(file.errors);
  auto& r = file.model.case_types[0].route[1];
  EXPECT_DOUBLE_EQ(r.rework, 0.2);
  EXPECT_EQ(r.rework_to, 0);

  text.replace(text.find("rework_to = \"intake\""), 20, "rework_to = \"later\"");
  auto bad = read_model(text, "model.toml");
  EXPECT_TRUE(mentions(bad.errors, "rework_to \"later\" must be this step or one before it"))
      << joined(bad.errors);
}

}  // namespace
}  // namespace ploeg::capacity
