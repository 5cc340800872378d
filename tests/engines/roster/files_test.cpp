// The week's JSON: every mistake named by its place in the file with what
// to write; `ploeg plan-week` writes the plan, or nothing on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engines/roster/json_io.hpp"
#include "support/process.hpp"

namespace ploeg::roster {
namespace {

const char* week_json = R"({
  "days": ["mon", "tue", "wed", "thu", "fri"],
  "policy": {"max_home_days": 3, "team_office_days": ["wed"]},
  "desks": [2, 2, 3, 2, 2],
  "rooms": {"tue": 1, "thu": 1},
  "members": [
    {"id": "ann", "name": "Ann", "competences": ["intake"], "wishes": {"mon": "home", "fri": "home"}},
    {"id": "bob", "name": "Bob", "competences": ["intake", "medical"], "works": ["mon", "tue", "wed", "thu"],
     "entered": {"mon": "off"}, "past_granted": 0.3},
    {"id": "cas", "name": "Cas", "competences": ["social_work"], "wishes": {"thu": "field"}}
  ],
  "rules": [{"competence": "intake", "place": "office", "min": 1},
            {"competence": "medical", "min": 1, "day": "tue"}],
  "appointments": [{"id": "a1", "day": "tue", "part": "morning", "competence": "medical"},
                   {"id": "a2", "day": "thu", "part": "afternoon", "competence": "social_work", "where": "home_visit"}]
})";

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (auto& l : lines) all += l + "\n";
  return all;
}

TEST(RosterFiles, AWeekReadsAsWritten) {
  auto file = read_week(week_json, "week.json");
  ASSERT_TRUE(file.errors.empty()) << joined(file.errors);
  auto& w = file.week;
  ASSERT_EQ(w.members.size(), 3u);
  EXPECT_EQ(w.policy.team_office_days, std::vector<int>{2});
  EXPECT_EQ(w.rooms, (std::vector<int>{0, 1, 0, 1, 0}));
  EXPECT_FALSE(w.members[1].works[4]);
  EXPECT_EQ(w.members[1].fixed[0], Place::off);
  EXPECT_EQ(w.members[0].wishes[4], Place::home);
  EXPECT_DOUBLE_EQ(*w.members[1].past_granted, 0.3);
  EXPECT_EQ(w.rules[1].day, 1);
  EXPECT_EQ(w.appointments[1].where, Where::home_visit);
  EXPECT_EQ(w.appointments[1].part, 1);
}

TEST(RosterFiles, MistakesSayWhereAndWhatToWrite) {
  auto bad = R"({
    "days": ["mon", "tue"],
    "desks": [2],
    "rooms": [1, 1],
    "members": [{"id": "ann", "competences": ["intake"], "wishes": {"sun": "home", "tue": "beach"},
                 "colour": "red"}],
    "appointments": [{"id": "a1", "day": "tue", "part": "evening", "competence": "intake"}]
  })";
  auto e = read_week(bad, "week.json").errors;
  auto all = joined(e);
  EXPECT_NE(all.find("week.json: desks: has 1 numbers for 2 days"), std::string::npos) << all;
  EXPECT_NE(all.find("week.json: members[0]: unknown field \"colour\""), std::string::npos) << all;
  EXPECT_NE(
      all.find(
          "week.json: members[0].wishes.sun: \"sun\" is not one of the week's days (mon, tue)"),
      std::string::npos)
      << all;
  EXPECT_NE(all.find("week.json: members[0].wishes.tue: must be one of home, office, field, off"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("week.json: appointments[0].part: must be \"morning\" or \"afternoon\""),
            std::string::npos)
      << all;
}

TEST(RosterFiles, ImpossibleInputIsRefusedWithWhatToChange) {
  std::string text = week_json;
  // Four home days entered, and an appointment for a competence nobody holds.
  auto replace = [&](const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  replace(R"("entered": {"mon": "off"})",
          R"("entered": {"mon": "home", "tue": "home", "wed": "home", "thu": "home"})");
  replace(R"("competence": "social_work", "where")", R"("competence": "legal", "where")");
  auto e = read_week(text, "week.json").errors;
  auto all = joined(e);
  EXPECT_NE(all.find("member Bob: entered 4 home days; the policy allows 3: change 1 of them"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("appointment a2: needs legal, which nobody in the team holds"),
            std::string::npos)
      << all;
}

// Found by fuzz/week_json: a number beyond an int was cast to one (undefined
// behaviour); now every count is a whole number within reach, or a mistake.
TEST(RosterFiles, NumbersBeyondReachAreMistakesNotCasts) {
  auto bad = R"({
    "days": ["mon", "tue"],
    "policy": {"max_home_days": 1e300},
    "desks": [3333333333333333333332, 2.5],
    "rooms": {"mon": -1, "tue": 1},
    "members": [{"id": "ann", "competences": ["intake"]}],
    "rules": [{"competence": "intake", "min": -1e20}]
  })";
  auto e = read_week(bad, "week.json").errors;
  auto all = joined(e);
  for (const char* expected : {"week.json: policy.max_home_days: must be a whole number",
                               "week.json: desks[0]: must be a whole number, 0 or more",
                               "week.json: desks[1]: must be a whole number, 0 or more",
                               "week.json: rooms.mon: must be a whole number, 0 or more",
                               "week.json: rules[0].min: must be a whole number"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << " in " << all;
  }
}

TEST(RosterCli, PlanWeekWritesThePlanOrNothing) {
  if (!std::filesystem::exists(ploeg::test::ploeg_binary())) GTEST_SKIP() << "ploeg is not built";
  auto dir = ploeg::test::make_temp_dir("plan-week-");
  std::ofstream(dir / "week.json") << week_json;
  ploeg::test::Process run(
      ploeg::test::ploeg_binary(),
      {.args = {"plan-week", "--input", (dir / "week.json").string(), "--out",
                (dir / "plan.json").string(), "--lp", (dir / "week.lp").string()}});
  auto status = run.wait_for(std::chrono::seconds(60));
  ASSERT_TRUE(status && status->success()) << run.describe();
  EXPECT_NE(run.stdout_text().find("Planned 3 members over 5 days"), std::string::npos)
      << run.stdout_text();
  auto plan = ploeg::test::read_file(dir / "plan.json");
  for (auto field :
       {"\"usable\":true", "\"plan\":{\"ann\":{\"mon\":", "\"appointments\":{\"a1\":\"bob\"",
        "\"a2\":\"cas\"", "\"unmet\":[]", "\"granted_share\":"})
    EXPECT_NE(plan.find(field), std::string::npos) << field << " in " << plan;
  EXPECT_NE(ploeg::test::read_file(dir / "week.lp").find("Subject To"), std::string::npos);

  std::ofstream(dir / "bad.json")
      << R"({"days": ["mon"], "desks": [1], "rooms": [0], "members": [{"id": 7}]})";
  ploeg::test::Process bad(ploeg::test::ploeg_binary(),
                           {.args = {"plan-week", "--input", (dir / "bad.json").string(), "--out",
                                     (dir / "never.json").string()}});
  auto refused = bad.wait_for(std::chrono::seconds(60));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, 1);
  EXPECT_NE(bad.stderr_text().find("bad.json: members[0].id: must be a string in quotes"),
            std::string::npos)
      << bad.stderr_text();
  EXPECT_FALSE(std::filesystem::exists(dir / "never.json"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ploeg::roster
