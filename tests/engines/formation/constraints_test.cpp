// Validation, each hard constraint, the weights, the reasons and infeasibility.
#include <gtest/gtest.h>

#include <algorithm>

#include "engines/formation/fixtures.hpp"

namespace ploeg::formation {
namespace {

using namespace test;

TEST(FormationValidate, ReportsEveryInputProblemAsASentence) {
  Input input;
  input.teams = {team("a", "North", 1, 3), team("a", "North", 1, 3), team("b", "North", 4, 2),
                 team("c", "South", 1, 2, {{"medical", 3}})};
  input.people = {
      person("p1", {}, {"North"}, {"zzz"}), person("p1", {}, {"North"}), person("p2", {}, {"East"}),
      person("p3", {}, {"North"}, {"c"}),
      person("p4", {}, {"North"}, {"a", "b", "a", "b"}, std::string("nope"), {"ghost", "p4"})};
  input.assignment = {{"p9", "a"}, {"p2", "x"}};
  auto errors = validate(input);
  auto all = joined(errors);
  EXPECT_TRUE(mentions(errors, "Team id \"a\" is used twice")) << all;
  EXPECT_TRUE(mentions(errors, "maximum size (2) below its minimum size (4)")) << all;
  EXPECT_TRUE(mentions(errors, "requires 3 members with medical but has at most 2")) << all;
  EXPECT_TRUE(mentions(errors, "Person id \"p1\" is used twice")) << all;
  EXPECT_TRUE(mentions(errors, "prefers team \"zzz\", which does not exist")) << all;
  EXPECT_TRUE(mentions(errors, "\"p2\" accepts no region that has a team")) << all;
  EXPECT_TRUE(
      mentions(errors, "prefers team \"c\" in region \"South\", a region they do not accept"))
      << all;
  EXPECT_TRUE(mentions(errors, "names 4 preferred teams; at most 3")) << all;
  EXPECT_TRUE(mentions(errors, "prefers team \"a\" twice")) << all;
  EXPECT_TRUE(mentions(errors, "is in team \"nope\", which does not exist")) << all;
  EXPECT_TRUE(mentions(errors, "likes colleague \"ghost\", who does not exist")) << all;
  EXPECT_TRUE(mentions(errors, "names themselves as a liked colleague")) << all;
  EXPECT_TRUE(mentions(errors, "places \"p9\", who does not exist")) << all;
  EXPECT_TRUE(mentions(errors, "in team \"x\", which does not exist")) << all;

  auto result = solve(input, quick());
  EXPECT_EQ(result.errors, errors);
  EXPECT_FALSE(result.feasible);
  EXPECT_TRUE(result.assignment.empty());
}

TEST(FormationValidate, AcceptsAGeneratedInstance) {
  EXPECT_TRUE(validate(generate(200, 3)).empty()) << joined(validate(generate(200, 3)));
}

TEST(FormationConstraints, EveryoneLandsInATeamOfARegionTheyAccept) {
  Input input;
  input.teams = {team("n", "North", 0, 5), team("s", "South", 0, 5)};
  // Everyone wants n, but two accept only South.
  input.people = {person("a", {}, {"North", "South"}, {"n"}), person("b", {}, {"South"}),
                  person("c", {}, {"South"}), person("d", {}, {"North"}, {"n"})};
  input.people[1].preferred_teams = {"s"};
  auto r = solve(input, quick());
  ASSERT_TRUE(r.feasible) << joined(r.violations);
  EXPECT_EQ(r.assignment.at("b"), "s");
  EXPECT_EQ(r.assignment.at("c"), "s");
  EXPECT_EQ(r.assignment.at("a"), "n");
  EXPECT_EQ(r.assignment.at("d"), "n");
  EXPECT_EQ(r.assignment.size(), 4u);
}

TEST(FormationConstraints, SizeBoundsHoldAgainstWishes) {
  Input input;
  input.teams = {team("popular", "R", 1, 2), team("quiet", "R", 2, 4)};
  for (int k = 0; k < 4; ++k)
    input.people.push_back(person("p" + std::to_string(k), {}, {"R"}, {"popular"}));
  auto r = solve(input, quick());
  ASSERT_TRUE(r.feasible) << joined(r.violations);
  int in_popular = 0;
  for (auto& [p, t] : r.assignment) in_popular += t == "popular";
  EXPECT_EQ(in_popular, 2);
  EXPECT_EQ(r.preference_points, 20);
  EXPECT_TRUE(r.proven_optimal);
  for (auto& c : r.coverage) EXPECT_TRUE(c.size_ok()) << c.team;
  // The two who did not get their wish are told why.
  int told_full = 0;
  for (auto& o : r.people) {
    if (o.team == "quiet") {
      EXPECT_EQ(o.choice, 0);
      EXPECT_EQ(o.reason_kind, "full");
      EXPECT_EQ(o.wanted, 4);
      EXPECT_EQ(o.places, 2);
      told_full +=
          o.reason.find(
              "first choice Team popular is full: 4 people wanted it first for 2 places") !=
          std::string::npos;
    } else {
      EXPECT_TRUE(o.reason.empty());
    }
  }
  EXPECT_EQ(told_full, 2);
}

TEST(FormationConstraints, CompetenceMinimumBeatsTheDoctorsWish) {
  Input input;
  input.teams = {team("x", "R", 1, 3, {{"medical", 1}}), team("y", "R", 1, 3, {{"medical", 1}})};
  input.people = {person("doc1", {"medical"}, {"R"}, {"x"}),
                  person("doc2", {"medical", "intake"}, {"R"}, {"x"}),
                  person("p", {"intake"}, {"R"}, {"x"})};
  auto r = solve(input, quick());
  ASSERT_TRUE(r.feasible) << joined(r.violations);
  EXPECT_NE(r.assignment.at("doc1"), r.assignment.at("doc2"));
  for (auto& c : r.coverage) {
    ASSERT_EQ(c.competences.size(), 1u);
    EXPECT_EQ(c.competences[0].competence, "medical");
    EXPECT_EQ(c.competences[0].have, 1);
    EXPECT_EQ(c.competences[0].need, 1);
    EXPECT_TRUE(c.lacking.empty());
  }
  auto& in_y = r.assignment.at("doc1") == "y" ? outcome(r, "doc1") : outcome(r, "doc2");
  EXPECT_NE(in_y.reason.find("needs you for medical"), std::string::npos) << in_y.reason;
  EXPECT_EQ(in_y.reason_kind, "needed");
  EXPECT_EQ(in_y.competence, "medical");
}

TEST(FormationWeights, LikedColleaguesAndStayingCount) {
  Input input;
  input.teams = {team("a", "R", 0, 2), team("b", "R", 0, 2)};
  // p wants a, q wants b, and they like each other: 10 + 10 apart, or 10 + 2 x liked together.
  input.people = {person("p", {}, {"R"}, {"a"}, {}, {"q"}),
                  person("q", {}, {"R"}, {"b"}, {}, {"p"})};
  Options options = quick();
  auto apart = solve(input, options);
  ASSERT_TRUE(apart.feasible);
  EXPECT_EQ(apart.assignment.at("p"), "a");
  EXPECT_EQ(apart.assignment.at("q"), "b");
  EXPECT_EQ(apart.objective, 20);
  EXPECT_EQ(apart.colleague_points, 0);
  options.weights.liked = 6;  // now 10 + 6 + 6 together beats 10 + 10
  auto together = solve(input, options);
  EXPECT_EQ(together.assignment.at("p"), together.assignment.at("q"));
  EXPECT_EQ(together.colleague_points, 12);
  EXPECT_EQ(together.objective, 22);
  auto& moved_one =
      together.assignment.at("p") == "a" ? outcome(together, "q") : outcome(together, "p");
  EXPECT_EQ(moved_one.liked_together, 1);
  EXPECT_NE(moved_one.reason.find("1 colleague you like"), std::string::npos) << moved_one.reason;

  // Without wishes, people stay where they are: each move costs a point.
  Input stay;
  stay.teams = {team("a", "R", 0, 3), team("b", "R", 0, 3)};
  stay.people = {person("s1", {}, {"R"}, {}, std::string("a")),
                 person("s2", {}, {"R"}, {"b"}, std::string("b"))};
  auto kept = solve(stay, quick());
  EXPECT_EQ(kept.assignment.at("s1"), "a");
  EXPECT_EQ(kept.assignment.at("s2"), "b");
  EXPECT_EQ(kept.move_penalty, 0);
  EXPECT_TRUE(kept.moves.empty());
  options = quick();
  options.weights.move = 0;
  stay.people[0].preferred_teams = {"b"};
  auto moved = solve(stay, options);
  EXPECT_EQ(moved.assignment.at("s1"), "b");
  ASSERT_EQ(moved.moves.size(), 1u);
  EXPECT_EQ(moved.moves[0].person, "s1");
  EXPECT_EQ(moved.moves[0].from, "a");
  EXPECT_EQ(moved.moves[0].to, "b");
}

TEST(FormationInfeasible, TooFewDoctorsIsExplainedByCounting) {
  Input input;
  for (int t = 0; t < 9; ++t)
    input.teams.push_back(team("t" + std::to_string(t), "R", 1, 5, {{"medical", 1}}));
  for (int p = 0; p < 20; ++p) {
    input.people.push_back(person(
        "p" + std::to_string(p),
        p < 7 ? std::vector<std::string>{"medical"} : std::vector<std::string>{"intake"}, {"R"}));
  }
  auto r = solve(input, quick());
  EXPECT_FALSE(r.feasible);
  EXPECT_TRUE(r.assignment.empty());
  EXPECT_TRUE(mentions(r.violations, "7 people hold medical for 9 teams that each need 1."))
      << joined(r.violations);
  // The same as data, for pages in other languages: one entry per sentence.
  ASSERT_EQ(r.violation_data.size(), r.violations.size());
  auto doctors = std::find_if(r.violation_data.begin(), r.violation_data.end(),
                              [](auto& v) { return v.kind == "competence_short"; });
  ASSERT_NE(doctors, r.violation_data.end());
  EXPECT_EQ(doctors->competence, "medical");
  EXPECT_EQ(doctors->have, 7);
  EXPECT_EQ(doctors->teams, 9);
  EXPECT_EQ(doctors->need, 9);
  EXPECT_EQ(doctors->each, 1);
}

TEST(FormationInfeasible, SizesAndRegionsAreExplained) {
  Input input;
  input.teams = {team("n1", "North", 2, 2), team("s1", "South", 3, 4)};
  input.people = {person("a", {}, {"North"}), person("b", {}, {"North"}),
                  person("c", {}, {"North"}), person("d", {}, {"South"})};
  auto r = solve(input, quick());
  EXPECT_FALSE(r.feasible);
  EXPECT_TRUE(mentions(r.violations,
                       "3 people accept only region North, whose 1 team holds at most 2 members."))
      << joined(r.violations);
  EXPECT_TRUE(mentions(r.violations,
                       "1 person accepts region South, whose 1 team needs at least 3 members."))
      << joined(r.violations);

  Input crowded;
  crowded.teams = {team("a", "R", 0, 1)};
  crowded.people = {person("x", {}, {"R"}), person("y", {}, {"R"})};
  auto c = solve(crowded, quick());
  EXPECT_FALSE(c.feasible);
  EXPECT_TRUE(mentions(c.violations, "2 people for 1 team that hold at most 1 members in all."))
      << joined(c.violations);
}

TEST(FormationInfeasible, WhenNoCountFailsTheEngineStillSaysNoAssignmentExists) {
  // Each count fits, but the only doctor is also the only one who accepts team b's region.
  Input input;
  input.teams = {team("a", "North", 1, 2, {{"medical", 1}}), team("b", "South", 1, 2)};
  input.people = {person("doc", {"medical"}, {"North", "South"}), person("x", {}, {"North"})};
  auto r = solve(input, quick());
  EXPECT_FALSE(r.feasible);
  EXPECT_TRUE(r.assignment.empty());
  EXPECT_FALSE(r.violations.empty());
}

}  // namespace
}  // namespace ploeg::formation
