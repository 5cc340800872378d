// check and repair, the bound, determinism, the generator, and the optimum
// against CBC on a model this test writes itself.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "engines/formation/fixtures.hpp"
#include "engines/formation/model.hpp"
#include "engines/formation/neighbourhood.hpp"
#include "engines/formation/relaxation.hpp"
#include "engines/formation/search.hpp"
#include "support/process.hpp"

namespace ploeg::formation {
namespace {

using namespace test;

// The annealing's first feasible assignment, without its improving phase.
detail::SearchOutcome quick_search(const detail::Problem& pr) {
  detail::SearchRequest request;
  request.effort = 0;
  request.deadline = detail::Clock::now() + std::chrono::seconds(10);
  return detail::search(pr, request);
}

// Two teams of 2-3 in one region, each needing a doctor; d1 and d2 are the doctors.
Input two_teams() {
  Input input;
  input.teams = {team("a", "R", 2, 3, {{"medical", 1}}), team("b", "R", 2, 3, {{"medical", 1}})};
  input.people = {person("d1", {"medical"}, {"R"}, {"a"}, std::string("a")),
                  person("d2", {"medical"}, {"R"}, {"a"}, std::string("a")),
                  person("p1", {}, {"R"}, {"b"}, std::string("b")),
                  person("p2", {}, {"R"}, {"a"}, std::string("b")),
                  person("p3", {}, {"R"}, {"a"}, std::string("b"))};
  return input;
}

TEST(FormationCheck, ListsEveryViolationAndTheFewestMovesThatRepairIt) {
  Input input = two_teams();
  // Both doctors in a; b has three members and no doctor.
  auto r = solve(input, quick(Mode::check));
  EXPECT_FALSE(r.feasible);
  EXPECT_TRUE(mentions(r.violations, "Team Team b (b) has 0 members with medical; it needs 1."))
      << joined(r.violations);
  EXPECT_EQ(r.violations.size(), 1u) << joined(r.violations);
  // The checked assignment's own figures.
  EXPECT_EQ(r.coverage[1].lacking, std::vector<std::string>{"medical"});
  EXPECT_EQ(r.move_penalty, 0);
  // One doctor moving to b repairs it (b then has 4 > 3: so one swap, i.e. two moves).
  ASSERT_FALSE(r.assignment.empty());
  EXPECT_EQ(r.moves.size(), 2u);
  EXPECT_TRUE(r.proven_optimal);
  std::set<std::string> moved;
  for (auto& m : r.moves) moved.insert(m.person);
  EXPECT_EQ(moved.count("d1") + moved.count("d2"), 1u);
  // Among the two-move repairs the best objective: p2 or p3 (who want a) goes to a, not p1.
  EXPECT_EQ(moved.count("p1"), 0u);

  // A given assignment with every kind of violation.
  input.teams.push_back(team("far", "Elsewhere", 0, 1));
  input.assignment = {{"d1", "a"}, {"d2", "a"}, {"p1", "a"}, {"p2", "a"}, {"p3", "far"}};
  auto bad = solve(input, quick(Mode::check));
  auto all = joined(bad.violations);
  EXPECT_TRUE(mentions(bad.violations, "Team Team a (a) has 4 members, above its maximum of 3."))
      << all;
  EXPECT_TRUE(mentions(bad.violations, "Team Team b (b) has 0 members, below its minimum of 2."))
      << all;
  EXPECT_TRUE(mentions(bad.violations,
                       "Name of p3 (p3) is in team Team far (far) in region Elsewhere, a region "
                       "they do not accept."))
      << all;
  EXPECT_EQ(bad.moves.size(), 2u);  // p3 out of far into b, and a doctor to b
  ASSERT_EQ(bad.violation_data.size(), bad.violations.size()) << all;
  std::set<std::string> kinds;
  for (auto& v : bad.violation_data) kinds.insert(v.kind + ":" + v.team + v.person);
  EXPECT_TRUE(kinds.count("team_above_max:a")) << all;
  EXPECT_TRUE(kinds.count("team_below_min:b")) << all;
  EXPECT_TRUE(kinds.count("wrong_region:farp3")) << all;

  input.assignment = {{"d1", "a"}, {"p2", "a"}, {"p3", "a"}, {"d2", "b"}, {"p1", "b"}};
  auto good = solve(input, quick(Mode::check));
  EXPECT_TRUE(good.feasible) << joined(good.violations);
  EXPECT_TRUE(good.violations.empty());
  EXPECT_TRUE(good.moves.empty());
  // First choices for d1, p2, p3 (a) and p1 (b); d2, p2 and p3 left their current team.
  EXPECT_EQ(good.objective, 40 - 3);
}

TEST(FormationRepair, FewestMovesFromTheCurrentTeamsThenTheBestObjective) {
  auto r = solve(two_teams(), quick(Mode::repair));
  ASSERT_TRUE(r.feasible) << joined(r.violations);
  EXPECT_EQ(r.moves.size(), 2u);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_EQ(r.move_penalty, 2);
  // Optimise, unconstrained, moves more people for more points.
  auto best = solve(two_teams(), quick());
  EXPECT_GE(best.objective, r.objective);
  EXPECT_GE(best.moves.size(), r.moves.size());
}

TEST(FormationResult, BoundIsAboveTheObjectiveAndDeterministicForASeed) {
  auto input = generate(450, 11);  // beyond CBC's size: the heuristic and the LP bound
  Options options;
  // Every phase ends on its own budget (steps, nodes) well before this; the
  // limit is only a guard, so a loaded machine gets the same answer.
  options.time_limit_seconds = 300;
  options.seed = 5;
  auto first = solve(input, options);
  ASSERT_TRUE(first.feasible) << joined(first.violations);
  EXPECT_EQ(first.method, "heuristic");
  EXPECT_GE(first.bound, static_cast<double>(first.objective));
  EXPECT_GE(first.gap, 0.0);
  EXPECT_LT(first.gap, 0.05);
  EXPECT_EQ(first.objective, first.preference_points + first.colleague_points - first.move_penalty);
  for (auto& c : first.coverage) EXPECT_TRUE(c.complete()) << c.team;
  auto again = solve(input, options);
  EXPECT_EQ(again.assignment, first.assignment);
  EXPECT_EQ(again.objective, first.objective);
  // Everyone not in their first choice (having stated one) gets a reason.
  for (std::size_t k = 0; k < input.people.size(); ++k) {
    auto& o = first.people[k];
    EXPECT_EQ(o.person, input.people[k].id);
    bool wished = !input.people[k].preferred_teams.empty();
    EXPECT_EQ(!o.reason.empty(), wished && o.choice != 1) << o.person;
  }
}

TEST(FormationGenerate, RealisticAndRepeatable) {
  auto a = generate(600, 4), b = generate(600, 4), c = generate(600, 5);
  ASSERT_EQ(a.people.size(), 600u);
  EXPECT_EQ(a.people[17].liked_colleagues, b.people[17].liked_colleagues);
  bool differs = false;
  for (std::size_t k = 0; k < a.people.size(); ++k)
    differs |= a.people[k].preferred_teams != c.people[k].preferred_teams;
  EXPECT_TRUE(differs);
  int doctors = 0, with_current = 0, with_wishes = 0, with_friends = 0;
  std::map<std::string, int> first_choices;
  for (auto& p : a.people) {
    for (auto& comp : p.competences) doctors += comp == "medical";
    with_current += p.current_team.has_value();
    with_wishes += !p.preferred_teams.empty();
    with_friends += !p.liked_colleagues.empty();
    if (!p.preferred_teams.empty()) ++first_choices[p.preferred_teams[0]];
  }
  int teams = static_cast<int>(a.teams.size());
  EXPECT_GE(doctors, teams);
  EXPECT_LE(doctors, teams + teams / 5 + 2);  // scarce
  EXPECT_GT(with_current, 450);
  EXPECT_GT(with_wishes, 400);
  EXPECT_GT(with_friends, 300);
  int most = 0;
  for (auto& [t, n] : first_choices) most = std::max(most, n);
  EXPECT_GT(most, 15);  // some team is wanted by more than it can take
  for (auto& t : a.teams) {
    EXPECT_EQ(t.max_size, 15);
    EXPECT_EQ(t.required.at("medical"), 1);
  }
}

// The same model, written here from the Input alone in LP format, solved by
// the `cbc` program: its optimum must equal the engine's proven optimum.
std::int64_t cbc_optimum(const Input& input, const Weights& w) {
  std::ostringstream obj, rows, binaries;
  auto x = [](std::size_t p, std::size_t t) {
    return "x_" + std::to_string(p) + "_" + std::to_string(t);
  };
  std::map<std::string, std::size_t> team_at, person_at;
  for (std::size_t t = 0; t < input.teams.size(); ++t) team_at[input.teams[t].id] = t;
  for (std::size_t p = 0; p < input.people.size(); ++p) person_at[input.people[p].id] = p;
  auto accepts = [&](std::size_t p, std::size_t t) {
    auto& r = input.people[p].regions;
    return std::find(r.begin(), r.end(), input.teams[t].region) != r.end();
  };
  std::int64_t constant = 0;
  obj << "Maximize\n obj: 0 dummy";
  std::vector<std::string> size_terms(input.teams.size());
  std::map<std::pair<std::size_t, std::string>, std::string> need_terms;
  for (std::size_t p = 0; p < input.people.size(); ++p) {
    auto& person = input.people[p];
    if (person.current_team) constant -= w.move;
    rows << " one_" << p << ":";
    for (std::size_t t = 0; t < input.teams.size(); ++t) {
      if (!accepts(p, t)) continue;
      rows << " + " << x(p, t);
      binaries << " " << x(p, t) << "\n";
      int points = 0;
      const int by_rank[] = {w.first, w.second, w.third};
      for (std::size_t k = 0; k < person.preferred_teams.size(); ++k) {
        if (person.preferred_teams[k] == input.teams[t].id) points += by_rank[k];
      }
      if (person.current_team == input.teams[t].id) points += w.move;
      if (points) obj << " + " << points << " " << x(p, t);
      size_terms[t] += " + " + x(p, t);
      for (auto& c : person.competences) need_terms[{t, c}] += " + " + x(p, t);
    }
    rows << " = 1\n";
    // One variable per (liker, liked, team): an ordered-pair formulation, unlike the engine's.
    for (auto& liked : person.liked_colleagues) {
      std::size_t q = person_at.at(liked);
      for (std::size_t t = 0; t < input.teams.size(); ++t) {
        if (!accepts(p, t) || !accepts(q, t)) continue;
        std::string y =
            "y_" + std::to_string(p) + "_" + std::to_string(q) + "_" + std::to_string(t);
        obj << " + " << w.liked << " " << y;
        rows << " " << y << "_a: " << y << " - " << x(p, t) << " <= 0\n";
        rows << " " << y << "_b: " << y << " - " << x(q, t) << " <= 0\n";
      }
    }
  }
  for (std::size_t t = 0; t < input.teams.size(); ++t) {
    auto& team = input.teams[t];
    std::string terms = size_terms[t].empty() ? " 0 dummy" : size_terms[t];
    rows << " min_" << t << ":" << terms << " >= " << team.min_size << "\n";
    rows << " max_" << t << ":" << terms << " <= " << team.max_size << "\n";
    for (auto& [c, n] : team.required) {
      auto found = need_terms.find({t, c});
      rows << " need_" << t << "_" << c << ":"
           << (found == need_terms.end() ? " 0 dummy" : found->second) << " >= " << n << "\n";
    }
  }
  auto dir = ploeg::test::make_temp_dir("formation-cbc-");
  {
    std::ofstream lp(dir / "model.lp");
    lp << obj.str() << "\nSubject To\n"
       << rows.str() << "Bounds\n dummy = 0\nBinaries\n"
       << binaries.str() << "End\n";
  }
  ploeg::test::Process cbc("cbc", {.args = {(dir / "model.lp").string(), "-solve", "-solu",
                                            (dir / "solution.txt").string(), "-quit"}});
  auto status = cbc.wait_for(std::chrono::seconds(120));
  EXPECT_TRUE(status && status->success()) << cbc.describe();
  auto solution = ploeg::test::read_file(dir / "solution.txt");
  std::filesystem::remove_all(dir);
  EXPECT_NE(solution.find("Optimal"), std::string::npos) << solution.substr(0, 200);
  auto at = solution.find("objective value");
  if (at == std::string::npos) return -1;
  double value = std::stod(solution.substr(at + 15));
  // CBC reports the maximum of a Maximize model as a minimisation value.
  return static_cast<std::int64_t>(std::llround(std::abs(value))) + constant;
}

TEST(FormationOptimum, EqualsCbcOnAModelWrittenIndependently) {
  for (auto [n, seed] : {std::pair{40, 1}, std::pair{60, 2}, std::pair{90, 3}}) {
    auto input = generate(n, seed);
    auto ours = solve(input, quick());
    ASSERT_TRUE(ours.feasible) << joined(ours.violations);
    EXPECT_TRUE(ours.proven_optimal) << n;
    EXPECT_EQ(ours.bound, static_cast<double>(ours.objective));
    EXPECT_EQ(ours.objective, cbc_optimum(input, Weights{})) << n << " people, seed " << seed;
  }
  // And with other weights.
  auto input = generate(40, 7);
  Options options = quick();
  options.weights = {6, 4, 2, 3, 2};
  auto ours = solve(input, options);
  EXPECT_EQ(ours.objective, cbc_optimum(input, options.weights));
}

// CBC cut short (inside its preprocessing, at these limits) once reported
// "nothing better than the start" as a proof and the engine called a poor
// assignment the proven optimum. Whatever the limit, a proof must be true.
TEST(FormationOptimum, ACbcRunCutShortProvesNothingFalse) {
  auto input = generate(300, 1);
  auto pr = detail::index(input, Weights{});
  auto start = quick_search(pr);
  ASSERT_EQ(start.violation, 0);
  auto start_value = detail::score(pr, start.team_of).objective();
  detail::MipRequest full;
  full.start = start.team_of;
  full.seconds = 300;
  auto optimum = detail::solve_mip(pr, full);
  ASSERT_TRUE(optimum.found && optimum.proven);
  ASSERT_GT(optimum.value, start_value);  // so "the start is optimal" would be false
  for (double seconds : {0.05, 0.1, 0.2, 0.3, 0.5, 0.8}) {
    detail::MipRequest cut = full;
    cut.seconds = seconds;
    auto out = detail::solve_mip(pr, cut);
    if (out.proven) {
      EXPECT_EQ(out.value, optimum.value) << seconds << " s";
    }
    EXPECT_GE(out.bound, optimum.value - 1e-6) << seconds << " s";
  }
}

// The engine groups liked colleagues into clusters of at most five people and
// places whole subsets of a cluster: a group of eight who all like each other
// (more than one cluster), some of whom accept only the other region (subsets
// with no common team), must still reach the same optimum as the plain model.
TEST(FormationOptimum, FriendshipGroupsLargerThanAClusterAndAcrossRegions) {
  Input input;
  input.teams = {team("a", "North", 3, 4, {{"medical", 1}}), team("b", "North", 3, 4),
                 team("c", "South", 3, 4, {{"medical", 1}})};
  std::vector<std::string> group;
  for (int k = 1; k <= 8; ++k) group.push_back("f" + std::to_string(k));
  for (int k = 0; k < 8; ++k) {
    std::vector<std::string> liked;
    for (int j = 0; j < 8; ++j) {
      if (j != k && (j + k) % 5 != 0) liked.push_back(group[j]);
    }
    std::vector<std::string> regions = k < 2   ? std::vector<std::string>{"South"}
                                       : k < 5 ? std::vector<std::string>{"North", "South"}
                                               : std::vector<std::string>{"North"};
    input.people.push_back(person(
        group[k], k % 3 == 0 ? std::vector<std::string>{"medical"} : std::vector<std::string>{},
        regions, {k < 2 ? "c" : (k >= 5 || k % 2 ? "a" : "c")}, std::nullopt, liked));
  }
  input.people.push_back(person("o1", {}, {"North"}, {"a"}, std::string("b"), {"f6"}));
  input.people.push_back(person("o2", {"medical"}, {"North", "South"}, {"b"}, std::string("b")));
  ASSERT_EQ(validate(input), std::vector<std::string>{});
  auto ours = solve(input, quick());
  ASSERT_TRUE(ours.feasible) << joined(ours.violations);
  EXPECT_TRUE(ours.proven_optimal);
  EXPECT_EQ(ours.objective, cbc_optimum(input, Weights{}));
}

}  // namespace
}  // namespace ploeg::formation

namespace ploeg::formation {
namespace {

// Two copies of a small instance in two regions, nobody accepting both: the
// neighbourhood search, whose eight teams cover a whole region, climbs from a
// poor start to the optimum CBC finds on the whole model, never through a
// worse or infeasible assignment.
TEST(FormationNeighbourhoods, ReachTheOptimumWhenANeighbourhoodIsAWholeRegion) {
  Input input;
  for (std::string copy : {"n", "s"}) {
    auto part = generate(60, 4);
    for (auto& t : part.teams) {
      t.id = copy + t.id;
      t.region = copy == "n" ? "North" : "South";
      input.teams.push_back(t);
    }
    for (auto& p : part.people) {
      p.id = copy + p.id;
      p.regions = {copy == "n" ? "North" : "South"};
      if (p.current_team) p.current_team = copy + *p.current_team;
      for (auto& t : p.preferred_teams) t = copy + t;
      for (auto& q : p.liked_colleagues) q = copy + q;
      input.people.push_back(p);
    }
  }
  ASSERT_EQ(validate(input), std::vector<std::string>{});
  auto pr = detail::index(input, Weights{});
  auto start = quick_search(pr);
  ASSERT_EQ(start.violation, 0);
  detail::NeighbourhoodRequest request;
  request.start = start.team_of;
  request.deadline = detail::Clock::now() + std::chrono::seconds(120);
  auto improved = detail::improve_by_neighbourhoods(pr, request);
  EXPECT_EQ(detail::violation(pr, improved), 0);
  auto before = detail::score(pr, start.team_of).objective();
  auto after = detail::score(pr, improved).objective();
  EXPECT_GT(after, before);
  EXPECT_EQ(after, cbc_optimum(input, Weights{}));
}

// A neighbourhood keeps everyone else where they are: its problem has just
// the people of its teams, each allowed only into those teams.
TEST(FormationNeighbourhoods, RestrictedProblemHoldsTheTeamsAndTheirMembers) {
  auto input = generate(300, 2);
  auto pr = detail::index(input, Weights{});
  auto found = quick_search(pr);
  ASSERT_EQ(found.violation, 0);
  auto& team_of = found.team_of;
  std::vector<int> teams{1, 4, 7};
  std::vector<int> people;
  auto sub = detail::restrict_to_teams(pr, team_of, teams, people);
  ASSERT_EQ(sub.teams, 3);
  int expected = 0;
  for (int t : team_of) expected += t == 1 || t == 4 || t == 7;
  EXPECT_EQ(sub.people, expected);
  for (int q = 0; q < sub.people; ++q) {
    for (int u : sub.eligible[q]) EXPECT_TRUE(u >= 0 && u < 3);
    for (auto& f : sub.friends[q]) {
      int t = team_of[people[f.other]];
      EXPECT_TRUE(t == 1 || t == 4 || t == 7);
    }
  }
  // Placed as in the full assignment, each member scores what they score there.
  std::vector<int> local(sub.people);
  for (int q = 0; q < sub.people; ++q)
    local[q] = team_of[people[q]] == 1 ? 0 : (team_of[people[q]] == 4 ? 1 : 2);
  for (int q = 0; q < sub.people; ++q)
    EXPECT_EQ(sub.gain(q, local[q]), pr.gain(people[q], team_of[people[q]])) << q;
  EXPECT_EQ(detail::violation(sub, local), 0);
}

// Tied by Lagrange prices on the people who accept two regions, the regions'
// relaxations come back to the whole LP's bound, which their plain sum is far
// above; and the bound stays above every assignment.
TEST(FormationBound, RegionPricesComeBackToTheWholeLp) {
  auto input = generate(1000, 3);
  auto pr = detail::index(input, Weights{});
  ASSERT_EQ(pr.regions, 4);
  auto whole = detail::lp_bound(pr, 60);
  ASSERT_TRUE(whole.solved && whole.feasible);
  double plain = -static_cast<double>(pr.move_offset);
  for (int g = 0; g < pr.regions; ++g) plain += detail::lp_bound(pr, 60, g).value;
  auto priced = detail::lp_bound_by_region(pr, detail::Clock::now() + std::chrono::seconds(60),
                                           std::numeric_limits<double>::quiet_NaN());
  ASSERT_TRUE(priced.solved && priced.feasible);
  EXPECT_GE(priced.value, whole.value);
  EXPECT_LE(priced.value - whole.value, 0.001 * whole.value) << "whole " << whole.value;
  EXPECT_GT(plain - whole.value, 0.005 * whole.value) << "the prices would not matter";
  EXPECT_EQ(priced.hint.size(), static_cast<std::size_t>(pr.people));
  EXPECT_EQ(priced.regions_granted, 0);
  // Out of time before any region's LP: every wish granted, still above the LP.
  auto late = detail::lp_bound_by_region(pr, detail::Clock::now(),
                                         std::numeric_limits<double>::quiet_NaN());
  ASSERT_TRUE(late.solved);
  EXPECT_EQ(late.regions_granted, pr.regions);
  EXPECT_GT(late.value, plain);
  Options options;
  options.time_limit_seconds = 3;
  auto result = solve(input, options);
  ASSERT_TRUE(result.feasible);
  EXPECT_GE(priced.value, static_cast<double>(result.objective));
}

// The per-region relaxations (for large instances) add up to a bound no
// tighter than the whole LP, and both lie above the best assignment found.
TEST(FormationBound, PerRegionSumIsLooserThanTheWholeLpAndStillABound) {
  auto input = generate(400, 2);
  auto pr = detail::index(input, Weights{});
  ASSERT_EQ(pr.regions, 2);
  auto whole = detail::lp_bound(pr, 60);
  ASSERT_TRUE(whole.solved && whole.feasible);
  double sum = -static_cast<double>(pr.move_offset);
  for (int g = 0; g < pr.regions; ++g) {
    auto part = detail::lp_bound(pr, 60, g);
    ASSERT_TRUE(part.solved && part.feasible);
    sum += part.value;
  }
  EXPECT_GE(sum, whole.value);
  Options options;
  options.time_limit_seconds = 3;  // any feasible assignment must stay below
  auto result = solve(input, options);
  ASSERT_TRUE(result.feasible);
  EXPECT_GE(whole.value, static_cast<double>(result.objective));
}

}  // namespace
}  // namespace ploeg::formation
