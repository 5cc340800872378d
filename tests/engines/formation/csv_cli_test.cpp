// The CSV files and the `ploeg form-teams` command.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engines/formation/csv_io.hpp"
#include "engines/formation/fixtures.hpp"
#include "support/process.hpp"

namespace ploeg::formation {
namespace {

using namespace test;

TEST(FormationCsv, RoundTripKeepsEveryField) {
  auto input = generate(120, 9);
  input.people[0].name = "Anne \"Annie\", de Smet";
  auto people = csv_io::people_csv(input), teams = csv_io::teams_csv(input);
  auto parsed = csv_io::read(people, "people.csv", teams, "teams.csv");
  ASSERT_TRUE(parsed.errors.empty()) << joined(parsed.errors);
  ASSERT_EQ(parsed.input.people.size(), input.people.size());
  ASSERT_EQ(parsed.input.teams.size(), input.teams.size());
  for (std::size_t k = 0; k < input.people.size(); ++k) {
    auto &a = input.people[k], &b = parsed.input.people[k];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.competences, b.competences);
    EXPECT_EQ(a.regions, b.regions);
    EXPECT_EQ(a.current_team, b.current_team);
    EXPECT_EQ(a.preferred_teams, b.preferred_teams);
    EXPECT_EQ(a.liked_colleagues, b.liked_colleagues);
  }
  for (std::size_t k = 0; k < input.teams.size(); ++k) {
    EXPECT_EQ(input.teams[k].id, parsed.input.teams[k].id);
    EXPECT_EQ(input.teams[k].region, parsed.input.teams[k].region);
    EXPECT_EQ(input.teams[k].min_size, parsed.input.teams[k].min_size);
    EXPECT_EQ(input.teams[k].required, parsed.input.teams[k].required);
  }
  Assignment assignment{{input.people[0].id, "t0001"}, {input.people[1].id, "t0002"}};
  Assignment back;
  std::vector<std::string> errors;
  csv_io::read_assignment(csv_io::assignment_csv(input, assignment), "assignment.csv", back,
                          errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(back, assignment);
}

TEST(FormationCsv, ErrorsNameTheFileAndLine) {
  std::string teams =
      "id,name,region,min_size,max_size,required\n"
      "a,A,North,two,5,medical=1\n"
      "b,B,North,1,5,medical\n";
  std::string people =
      "id,name,competences,regions\n"
      "p1,P,medical,North\n"
      "\"p2,P,medical,North\n";
  auto parsed = csv_io::read(people, "people.csv", teams, "teams.csv");
  auto all = joined(parsed.errors);
  EXPECT_TRUE(mentions(parsed.errors, "teams.csv:2: min_size \"two\" is not a whole number"))
      << all;
  EXPECT_TRUE(
      mentions(parsed.errors, "teams.csv:3: required \"medical\" is not like competence=number"))
      << all;
  EXPECT_TRUE(mentions(parsed.errors, "people.csv:3:")) << all;

  auto missing = csv_io::read("id,name\np1,P\n", "people.csv", "id,region\n", "teams.csv");
  EXPECT_TRUE(mentions(missing.errors, "people.csv:1: the column \"regions\" is missing"))
      << joined(missing.errors);
  EXPECT_TRUE(mentions(missing.errors, "teams.csv:1: the column \"min_size\" is missing"))
      << joined(missing.errors);
}

struct Run {
  ploeg::test::ExitStatus status;
  std::string out, err;
};

Run form_teams(std::vector<std::string> args) {
  args.insert(args.begin(), "form-teams");
  ploeg::test::Process ploeg(ploeg::test::ploeg_binary(), {.args = args});
  auto status = ploeg.wait_for(std::chrono::seconds(120));
  EXPECT_TRUE(status.has_value()) << ploeg.describe();
  return {status.value_or(ploeg::test::ExitStatus{}), ploeg.stdout_text(), ploeg.stderr_text()};
}

TEST(FormationCli, GeneratesSolvesAndWritesTheSummary) {
  if (!std::filesystem::exists(ploeg::test::ploeg_binary())) GTEST_SKIP() << "ploeg is not built";
  auto dir = ploeg::test::make_temp_dir("form-teams-");
  auto generated = form_teams({"--generate", "70", "--seed", "3", "--out-dir", dir.string()});
  ASSERT_TRUE(generated.status.success()) << generated.err;
  EXPECT_NE(generated.out.find("Wrote 70 people"), std::string::npos);

  auto solved = form_teams({"--people", (dir / "people.csv").string(), "--teams",
                            (dir / "teams.csv").string(), "--mode", "optimise", "--out",
                            (dir / "assignment.csv").string(), "--json",
                            (dir / "summary.json").string(), "--time-limit", "60", "--seed", "2"});
  ASSERT_TRUE(solved.status.success()) << solved.err;
  EXPECT_NE(solved.out.find("Placed 70 people"), std::string::npos) << solved.out;
  auto assignment = ploeg::test::read_file(dir / "assignment.csv");
  EXPECT_EQ(std::count(assignment.begin(), assignment.end(), '\n'), 71);
  auto summary = ploeg::test::read_file(dir / "summary.json");
  for (auto field : {"\"objective\":", "\"bound\":", "\"gap\":", "\"preference_points\":",
                     "\"colleague_points\":", "\"move_penalty\":", "\"moves\":",
                     "\"feasible\":true", "\"violations\":[]"}) {
    EXPECT_NE(summary.find(field), std::string::npos) << field << " in " << summary;
  }

  // check: the written assignment is feasible.
  auto checked = form_teams({"--people", (dir / "people.csv").string(), "--teams",
                             (dir / "teams.csv").string(), "--mode", "check", "--assignment",
                             (dir / "assignment.csv").string()});
  EXPECT_TRUE(checked.status.success()) << checked.err;
  EXPECT_NE(checked.out.find("meets every constraint"), std::string::npos) << checked.out;

  // A broken file: the error names the file and line, nothing is written.
  std::ofstream(dir / "bad.csv") << "id,name,region,min_size,max_size,required\nt1,T,R,1,x,\n";
  auto bad = form_teams({"--people", (dir / "people.csv").string(), "--teams",
                         (dir / "bad.csv").string(), "--out", (dir / "never.csv").string()});
  EXPECT_EQ(bad.status.code, 1);
  EXPECT_NE(bad.err.find("bad.csv:2: max_size \"x\" is not a whole number"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "never.csv"));
  std::filesystem::remove_all(dir);
}

TEST(FormationCli, GenerateIsBoundedByThePeopleLimit) {
  if (!std::filesystem::exists(ploeg::test::ploeg_binary())) GTEST_SKIP() << "ploeg is not built";
  auto dir = ploeg::test::make_temp_dir("form-teams-");
  auto over = form_teams({"--generate", "50001", "--out-dir", dir.string()});
  EXPECT_NE(over.status.code, 0);
  EXPECT_NE(over.err.find("--generate"), std::string::npos) << over.err;
  EXPECT_NE(over.err.find("50000"), std::string::npos) << over.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "people.csv"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ploeg::formation
