#include "engines/formation/neighbourhood.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "engines/formation/model.hpp"
#include "engines/formation/random.hpp"

namespace ploeg::formation::detail {

Problem restrict_to_teams(const Problem& pr, const std::vector<int>& team_of,
                          const std::vector<int>& teams, std::vector<int>& people) {
  std::vector<int> team_map(pr.teams, -1), person_map(pr.people, -1);
  Problem sub;
  sub.weights = pr.weights;
  sub.competences = pr.competences;
  sub.competence_names = pr.competence_names;
  sub.regions = 1;
  sub.region_names = {"neighbourhood"};
  for (int t : teams) {
    team_map[t] = sub.teams++;
    sub.team_region.push_back(0);
    sub.min_size.push_back(pr.min_size[t]);
    sub.max_size.push_back(pr.max_size[t]);
    sub.need.push_back(pr.need[t]);
    sub.need_of.push_back(pr.need_of[t]);
  }
  people.clear();
  for (int p = 0; p < pr.people; ++p) {
    if (team_of[p] < 0 || team_map[team_of[p]] < 0) continue;
    person_map[p] = sub.people++;
    people.push_back(p);
    sub.holds.push_back(pr.holds[p]);
    sub.accepts.push_back({0});
    std::vector<int> eligible;
    for (int t : pr.eligible[p]) {
      if (team_map[t] >= 0) eligible.push_back(team_map[t]);
    }
    std::sort(eligible.begin(), eligible.end());
    sub.eligible.push_back(std::move(eligible));
    int current = pr.current[p] >= 0 ? team_map[pr.current[p]] : -1;
    sub.current.push_back(current);
    if (current >= 0) sub.move_offset += pr.weights.move;
    std::array<int, 3> preferred{-1, -1, -1};
    for (int k = 0; k < 3; ++k) {
      if (pr.preferred[p][k] >= 0) preferred[k] = team_map[pr.preferred[p][k]];
    }
    sub.preferred.push_back(preferred);
  }
  sub.friends.resize(sub.people);
  for (auto& pair : pr.pairs) {
    int a = person_map[pair.a], b = person_map[pair.b];
    if (a < 0 || b < 0) continue;
    sub.pairs.push_back({std::min(a, b), std::max(a, b), pair.weight});
    sub.friends[a].push_back({b, pair.weight});
    sub.friends[b].push_back({a, pair.weight});
  }
  std::sort(sub.pairs.begin(), sub.pairs.end(),
            [](const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  return sub;
}

namespace {

// A seed team and the teams of its region most tied to it: wanted by its
// members or their liked colleagues' teams, or wanting it.
std::vector<int> related_teams(const Problem& pr, const std::vector<int>& team_of,
                               const std::vector<std::vector<int>>& members, int seed_team,
                               int count, Random& random) {
  std::vector<double> tie(pr.teams, 0);
  int g = pr.team_region[seed_team];
  for (int p : members[seed_team]) {
    for (int u : pr.preferred[p]) {
      if (u >= 0) tie[u] += 1;
    }
    for (auto& f : pr.friends[p]) {
      if (team_of[f.other] >= 0) tie[team_of[f.other]] += 1;
    }
  }
  for (int t = 0; t < pr.teams; ++t) {
    if (pr.team_region[t] != g || t == seed_team) continue;
    for (int p : members[t]) {
      for (int u : pr.preferred[p]) tie[t] += u == seed_team;
    }
  }
  std::vector<std::pair<double, int>> order;
  for (int t = 0; t < pr.teams; ++t) {
    if (pr.team_region[t] == g && t != seed_team) order.emplace_back(-tie[t] - random.unit(), t);
  }
  std::sort(order.begin(), order.end());
  std::vector<int> teams{seed_team};
  for (std::size_t k = 0; k < order.size() && static_cast<int>(teams.size()) < count; ++k)
    teams.push_back(order[k].second);
  std::sort(teams.begin(), teams.end());
  return teams;
}

}  // namespace

std::vector<int> improve_by_neighbourhoods(const Problem& pr, const NeighbourhoodRequest& request) {
  std::vector<int> team_of = request.start;
  Random random{request.seed * 0x94d049bb133111ebULL + 3};
  std::int64_t objective = score(pr, team_of).objective();
  std::vector<std::vector<int>> members(pr.teams);
  for (int p = 0; p < pr.people; ++p) {
    if (team_of[p] >= 0) members[team_of[p]].push_back(p);
  }
  // Eight teams of 15 make a MIP of 120 people that CBC mostly settles in
  // milliseconds (the start is often already optimal for them); five found
  // fewer improvements, a whole region of 17 teams too few steps in time.
  const int count = 8;
  // A budget of steps, and a stop when many in a row find nothing: the same
  // seed gives the same result unless the deadline comes first.
  const int max_steps = 8 * pr.teams, max_idle = 2 * pr.teams;
  int better = 0, idle = 0;
  for (int step = 0; step < max_steps && idle < max_idle; ++step, ++idle) {
    if (std::chrono::steady_clock::now() >= request.deadline) break;
    if (request.target >= 0 && objective >= request.target) break;
    int seed_team = random.below(pr.teams);
    auto teams = related_teams(pr, team_of, members, seed_team, count, random);
    if (teams.size() < 2) continue;
    std::vector<int> people;
    Problem sub = restrict_to_teams(pr, team_of, teams, people);
    std::vector<int> start(sub.people);
    for (int q = 0; q < sub.people; ++q) {
      start[q] = static_cast<int>(std::lower_bound(teams.begin(), teams.end(), team_of[people[q]]) -
                                  teams.begin());
    }
    // A node budget, not seconds, ends each re-partition, so that a busy
    // machine finds the same result as an idle one; the seconds only guard
    // against a sub-problem far harder than these usually are.
    MipRequest mip;
    mip.start = start;
    mip.max_nodes = 200;
    mip.seconds = std::min(
        30.0,
        std::chrono::duration<double>(request.deadline - std::chrono::steady_clock::now()).count());
    if (mip.seconds < 0.05) break;
    auto out = solve_mip(sub, mip);
    if (!out.found || out.team_of == start) continue;
    std::vector<int> trial = team_of;
    for (int q = 0; q < sub.people; ++q) trial[people[q]] = teams[out.team_of[q]];
    std::int64_t value = score(pr, trial).objective();
    if (value <= objective) continue;
    ++better;
    idle = 0;
    objective = value;
    team_of = std::move(trial);
    for (int t : teams) members[t].clear();
    for (int p : people) members[team_of[p]].push_back(p);
    if (request.progress && better % 10 == 0) {
      request.progress(0.5, "improving team by team: objective " + std::to_string(objective));
    }
  }
  return team_of;
}

}  // namespace ploeg::formation::detail
