// Coverage: shortfalls against the required mix and the size bounds.
#include "organisation/coverage.hpp"

#include <gtest/gtest.h>

namespace ploeg::organisation {
namespace {

Person with(std::vector<std::string> codes) {
  Person p;
  for (auto& c : codes) p.competences.push_back({c, 2});
  return p;
}

Team team(int min_size, int max_size, std::map<std::string, int> mix) {
  Team t;
  t.code = "t";
  t.min_size = min_size;
  t.max_size = max_size;
  t.required_mix = std::move(mix);
  return t;
}

std::vector<const Person*> pointers(const std::vector<Person>& people) {
  std::vector<const Person*> out;
  for (auto& p : people) out.push_back(&p);
  return out;
}

TEST(Coverage, CountsHoldersAndShortfallPerRequiredCompetence) {
  std::vector<Person> people = {with({"intake"}), with({"intake", "medical"}), with({"payment"})};
  auto c =
      coverage(team(0, 10, {{"intake", 2}, {"medical", 2}, {"decision", 1}}), pointers(people));
  ASSERT_EQ(c.competences.size(), 3u);
  EXPECT_EQ(c.competences[0], (CompetenceCoverage{"decision", 1, 0, 1}));
  EXPECT_EQ(c.competences[1], (CompetenceCoverage{"intake", 2, 2, 0}));
  EXPECT_EQ(c.competences[2], (CompetenceCoverage{"medical", 2, 1, 1}));
  EXPECT_EQ(c.size, 3);
  EXPECT_FALSE(c.complete());
}

TEST(Coverage, MoreHoldersThanRequiredIsNoShortfall) {
  std::vector<Person> people = {with({"intake"}), with({"intake"}), with({"intake"})};
  auto c = coverage(team(1, 5, {{"intake", 1}}), pointers(people));
  EXPECT_EQ(c.competences[0], (CompetenceCoverage{"intake", 1, 3, 0}));
  EXPECT_TRUE(c.complete());
}

TEST(Coverage, SizeBelowMinimumAndAboveMaximum) {
  std::vector<Person> two = {with({}), with({})};
  auto small = coverage(team(3, 4, {}), pointers(two));
  EXPECT_EQ(small.below_min, 1);
  EXPECT_EQ(small.above_max, 0);
  EXPECT_FALSE(small.complete());

  std::vector<Person> six(6, with({}));
  auto large = coverage(team(3, 4, {}), pointers(six));
  EXPECT_EQ(large.below_min, 0);
  EXPECT_EQ(large.above_max, 2);
  EXPECT_FALSE(large.complete());

  std::vector<Person> four(4, with({}));
  EXPECT_TRUE(coverage(team(3, 4, {}), pointers(four)).complete());
}

TEST(Coverage, AnEmptyTeamLacksEverything) {
  auto c = coverage(team(12, 15, {{"intake", 2}, {"payment", 1}}), {});
  EXPECT_EQ(c.below_min, 12);
  EXPECT_EQ(c.competences[0].shortfall, 2);
  EXPECT_EQ(c.competences[1].shortfall, 1);
}

}  // namespace
}  // namespace ploeg::organisation
