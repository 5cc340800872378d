// `ploeg simulate` and `ploeg plan-staff`: the same seed gives the same bytes,
// the JSON has the issue's fields, mistakes in the model end with exit 1.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "support/process.hpp"

namespace ploeg::capacity {
namespace {

namespace fs = std::filesystem;

struct Run {
  ploeg::test::ExitStatus status;
  std::string out, err;
};

Run ploeg_run(std::vector<std::string> args) {
  ploeg::test::Process ploeg(ploeg::test::ploeg_binary(), {.args = args});
  auto status = ploeg.wait_for(std::chrono::seconds(300));
  EXPECT_TRUE(status.has_value()) << ploeg.describe();
  return {status.value_or(ploeg::test::ExitStatus{}), ploeg.stdout_text(), ploeg.stderr_text()};
}

const char* model = R"([simulation]
time = "office-hours"
horizon_weeks = 26
warmup_weeks = 4
replications = 5
seed = 1
[organisation]
teams = 3
[[step]]
name = "intake"
staff = 6
service_hours = { mean = 2.0, cv = 1.0 }
[[step]]
name = "medical"
staff = 3
service_hours = { mean = 1.5, cv = 0.5 }
[[case_type]]
name = "allowance"
arrivals_per_week = 90
steps = ["intake", { step = "medical", probability = 0.6 }]
)";

class CapacityCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(ploeg::test::ploeg_binary())) GTEST_SKIP() << "ploeg is not built";
    dir = ploeg::test::make_temp_dir("capacity-cli-");
    std::ofstream(dir / "model.toml") << model;
  }
  void TearDown() override {
    if (!dir.empty()) fs::remove_all(dir);
  }
  std::string path(const char* name) const { return (dir / name).string(); }
  fs::path dir;
};

TEST_F(CapacityCli, TheSameSeedGivesTheSameBytes) {
  auto a =
      ploeg_run({"simulate", path("model.toml"), "--json", path("a.json"), "--csv", path("a.csv")});
  ASSERT_TRUE(a.status.success()) << a.err;
  auto b =
      ploeg_run({"simulate", path("model.toml"), "--json", path("b.json"), "--csv", path("b.csv")});
  ASSERT_TRUE(b.status.success()) << b.err;
  auto ja = ploeg::test::read_file(dir / "a.json"), jb = ploeg::test::read_file(dir / "b.json");
  EXPECT_EQ(ja, jb);
  EXPECT_EQ(ploeg::test::read_file(dir / "a.csv"), ploeg::test::read_file(dir / "b.csv"));
  EXPECT_EQ(a.out, b.out);
  auto c = ploeg_run({"simulate", path("model.toml"), "--json", path("c.json"), "--seed", "2"});
  ASSERT_TRUE(c.status.success()) << c.err;
  EXPECT_NE(ploeg::test::read_file(dir / "c.json"), ja);

  // The fields the issue names, simulated beside analytic.
  for (auto field : {"\"utilisation\":{\"mean\":", "\"mean_wait_hours\":{\"mean\":", "\"ci95\":[",
                     "\"throughput_hours\":{\"mean\":", "\"p50\":", "\"p90\":", "\"analytic\":{",
                     "\"method\":\"erlang-c\"", "\"method\":\"allen-cunneen\"", "\"backlog\":["}) {
    EXPECT_NE(ja.find(field), std::string::npos) << field << " in " << ja.substr(0, 2000);
  }
  // Progress and timing go to stderr, the table to stdout.
  EXPECT_NE(a.err.find("replication 5 of 5"), std::string::npos) << a.err;
  EXPECT_NE(a.out.find("allowance"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("medical"), std::string::npos) << a.out;
}

TEST_F(CapacityCli, WhatIfComparesFunctionalUnitsWithTeams) {
  auto r = ploeg_run({"simulate", path("model.toml"), "--what-if", "--json", path("w.json")});
  ASSERT_TRUE(r.status.success()) << r.err;
  EXPECT_NE(r.out.find("== Functional units, one per competence =="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("What-if: throughput time from"), std::string::npos) << r.out;
  auto j = ploeg::test::read_file(dir / "w.json");
  EXPECT_EQ(j.rfind("{\"what_if\":{\"functional\":{", 0), 0u) << j.substr(0, 200);
  EXPECT_NE(j.find("\"teams\":{"), std::string::npos);
}

TEST_F(CapacityCli, PlanStaffAnswersPerCompetenceAndExitsTwoWhenUnreachable) {
  auto r = ploeg_run(
      {"plan-staff", path("model.toml"), "--target", "p90<=5d", "--json", path("p.json")});
  ASSERT_EQ(r.status.code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("intake"), std::string::npos) << r.out;
  auto j = ploeg::test::read_file(dir / "p.json");
  EXPECT_NE(j.find("\"met\":true"), std::string::npos) << j;
  EXPECT_NE(j.find("\"one_more_per_team\":{\"value_days\":"), std::string::npos) << j;

  auto never = ploeg_run({"plan-staff", path("model.toml"), "--target", "p90<=1h"});
  EXPECT_EQ(never.status.code, 2) << never.err << never.out;

  auto bad = ploeg_run({"plan-staff", path("model.toml"), "--target", "soon"});
  EXPECT_EQ(bad.status.code, 1);
  EXPECT_NE(bad.err.find("write p90<=60d"), std::string::npos) << bad.err;
}

TEST_F(CapacityCli, AModelWithMistakesIsRefusedWithItsLines) {
  std::ofstream(dir / "bad.toml") << "[simulation]\nhorizon_weeks = \"long\"\n";
  auto r = ploeg_run({"simulate", path("bad.toml"), "--json", path("never.json")});
  EXPECT_EQ(r.status.code, 1);
  EXPECT_NE(r.err.find("bad.toml:2: simulation.horizon_weeks must be a whole number"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "never.json"));
  auto missing = ploeg_run({"simulate", path("nowhere.toml")});
  EXPECT_EQ(missing.status.code, 1);
  EXPECT_NE(missing.err.find("nowhere.toml"), std::string::npos) << missing.err;
}

TEST_F(CapacityCli, WorkOverTheBudgetIsRefusedAtOnceInsteadOfRunningForMinutes) {
  // Ten years of 900 cases a week are fine with the model's 5 replications;
  // 10,000 of them (the most --replications takes) would be 1.2e10 events.
  std::string text = model;
  text.replace(text.find("horizon_weeks = 26"), 18, "horizon_weeks = 520");
  text.replace(text.find("arrivals_per_week = 90"), 22, "arrivals_per_week = 900");
  std::ofstream(dir / "long.toml") << text;
  auto started = std::chrono::steady_clock::now();
  auto r = ploeg_run(
      {"simulate", path("long.toml"), "--replications", "10000", "--json", path("never.json")});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_EQ(r.status.code, 1) << r.err;
  EXPECT_NE(r.err.find(path("long.toml") +
                       ": the simulation would take about 1.22e+10 events (replications 10000 x "
                       "horizon_weeks 520 x 900 arrivals a week x 2.6 events a case), more than "
                       "the limit of 2e+09 (about four minutes); reduce replications or "
                       "horizon_weeks"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "never.json"));
  EXPECT_EQ(r.out, "");

  auto over = ploeg_run({"simulate", path("model.toml"), "--replications", "10001"});
  EXPECT_NE(over.status.code, 0);
  EXPECT_NE(over.err.find("10000"), std::string::npos) << over.err;
}

}  // namespace
}  // namespace ploeg::capacity
