// The input's limits (issue 18): just over is refused with the count and the
// limit before anything else is checked; just at passes them.
#include <gtest/gtest.h>

#include "engines/formation/fixtures.hpp"

namespace ploeg::formation {
namespace {

using namespace test;

bool over_a_limit(const std::vector<std::string>& errors) {
  return mentions(errors, " are allowed");
}

TEST(FormationLimits, PeopleJustOverTheLimitAreRefusedAndJustAtPass) {
  Input input;
  input.teams = {team("a", "North", 1, 15)};
  for (std::size_t k = 0; k < limits::people; ++k)
    input.people.push_back(person("p" + std::to_string(k), {}, {"North"}));
  EXPECT_FALSE(over_a_limit(validate(input))) << validate(input).front();
  input.people.push_back(person("one more", {}, {"North"}));
  auto errors = validate(input);
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0],
            "There are 50001 people; at most 50000 are allowed: form teams for a part of the "
            "organisation at a time.");
  EXPECT_EQ(solve(input, quick()).errors, errors);  // solve refuses before any work
}

TEST(FormationLimits, TeamsJustOverTheLimitAreRefusedAndJustAtPass) {
  Input input;
  input.people = {person("p1", {}, {"North"})};
  for (std::size_t k = 0; k < limits::teams; ++k)
    input.teams.push_back(team("t" + std::to_string(k), "North", 0, 15));
  EXPECT_FALSE(over_a_limit(validate(input))) << joined(validate(input));
  input.teams.push_back(team("one more", "North", 0, 15));
  auto errors = validate(input);
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0],
            "There are 5001 teams; at most 5000 are allowed: form teams for a part of the "
            "organisation at a time.");
}

TEST(FormationLimits, LikedColleaguesJustOverTheLimitAreRefusedAndJustAtPass) {
  Input input;
  input.teams = {team("a", "North", 0, 100)};
  std::vector<std::string> liked;
  for (std::size_t k = 0; k < limits::liked_colleagues; ++k) {
    input.people.push_back(person("c" + std::to_string(k), {}, {"North"}));
    liked.push_back("c" + std::to_string(k));
  }
  input.people.push_back(person("fan", {}, {"North"}, {}, {}, liked));
  EXPECT_TRUE(validate(input).empty()) << joined(validate(input));
  input.people.push_back(person("c50", {}, {"North"}));
  input.people[limits::liked_colleagues].liked_colleagues.push_back("c50");
  auto errors = validate(input);
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0],
            "Person \"fan\" names 51 liked_colleagues; at most 50 are allowed: keep the closest.");
}

TEST(FormationLimits, OutOfMemorySaysWhatWasFormedAndWhatToReduce) {
  Input input;
  input.people = {person("p1", {}, {"North"}), person("p2", {}, {"North"})};
  input.teams = {team("a", "North", 1, 15)};
  EXPECT_EQ(out_of_memory_message(input),
            "out of memory while forming teams for 2 people in 1 teams; form teams for a part of "
            "the organisation at a time (fewer people and teams)");
}

}  // namespace
}  // namespace ploeg::formation
