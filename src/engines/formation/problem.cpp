#include "engines/formation/problem.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "engines/formation/explain.hpp"

namespace ploeg::formation {

namespace {

std::string quoted(const std::string& id) {
  return "\"" + id + "\"";
}

// The limits of `limits`: past them nothing else is checked (or computed).
std::vector<std::string> over_limits(const Input& input) {
  std::vector<std::string> errors;
  if (input.people.size() > limits::people)
    errors.push_back("There are " + std::to_string(input.people.size()) + " people; at most " +
                     std::to_string(limits::people) +
                     " are allowed: form teams for a part of the organisation at a time.");
  if (input.teams.size() > limits::teams)
    errors.push_back("There are " + std::to_string(input.teams.size()) + " teams; at most " +
                     std::to_string(limits::teams) +
                     " are allowed: form teams for a part of the organisation at a time.");
  for (auto& p : input.people) {
    if (p.liked_colleagues.size() > limits::liked_colleagues)
      errors.push_back("Person " + quoted(p.id) + " names " +
                       std::to_string(p.liked_colleagues.size()) + " liked_colleagues; at most " +
                       std::to_string(limits::liked_colleagues) +
                       " are allowed: keep the closest.");
  }
  return errors;
}

}  // namespace

std::string out_of_memory_message(const Input& input) {
  return "out of memory while forming teams for " + std::to_string(input.people.size()) +
         " people in " + std::to_string(input.teams.size()) +
         " teams; form teams for a part of the organisation at a time (fewer people and teams)";
}

std::vector<std::string> validate(const Input& input) {
  if (auto errors = over_limits(input); !errors.empty()) return errors;
  std::vector<std::string> errors;
  std::unordered_map<std::string, const Team*> teams;
  std::set<std::string> regions;
  for (auto& t : input.teams) {
    if (t.id.empty()) {
      errors.push_back("A team has no id.");
      continue;
    }
    if (!teams.emplace(t.id, &t).second)
      errors.push_back("Team id " + quoted(t.id) + " is used twice.");
    if (t.region.empty()) errors.push_back("Team " + quoted(t.id) + " has no region.");
    regions.insert(t.region);
    if (t.min_size < 0) errors.push_back("Team " + quoted(t.id) + " has a negative minimum size.");
    if (t.max_size < t.min_size) {
      errors.push_back("Team " + quoted(t.id) + " has a maximum size (" +
                       std::to_string(t.max_size) + ") below its minimum size (" +
                       std::to_string(t.min_size) + ").");
    }
    for (auto& [competence, minimum] : t.required) {
      if (competence.empty())
        errors.push_back("Team " + quoted(t.id) + " requires an unnamed competence.");
      if (minimum < 0) {
        errors.push_back("Team " + quoted(t.id) + " requires a negative number of " + competence +
                         ".");
      } else if (minimum > t.max_size) {
        errors.push_back("Team " + quoted(t.id) + " requires " + std::to_string(minimum) +
                         " members with " + competence + " but has at most " +
                         std::to_string(t.max_size) + " members.");
      }
    }
  }
  if (input.teams.empty()) errors.push_back("There are no teams.");

  std::set<std::string> people;
  for (auto& p : input.people) {
    if (p.id.empty()) {
      errors.push_back("A person has no id.");
      continue;
    }
    if (!people.insert(p.id).second)
      errors.push_back("Person id " + quoted(p.id) + " is used twice.");
  }
  for (auto& p : input.people) {
    std::string who = "Person " + quoted(p.id);
    bool accepts_a_team_region = false;
    for (auto& r : p.regions) accepts_a_team_region |= regions.count(r) > 0;
    if (!accepts_a_team_region) {
      errors.push_back(who + (p.regions.empty() ? " accepts no region."
                                                : " accepts no region that has a team."));
    }
    auto accepts = [&](const Team& t) {
      return std::find(p.regions.begin(), p.regions.end(), t.region) != p.regions.end();
    };
    if (p.current_team && !teams.count(*p.current_team)) {
      errors.push_back(who + " is in team " + quoted(*p.current_team) + ", which does not exist.");
    }
    if (p.preferred_teams.size() > 3) {
      errors.push_back(who + " names " + std::to_string(p.preferred_teams.size()) +
                       " preferred teams; at most 3 are allowed.");
    }
    std::set<std::string> seen;
    for (auto& id : p.preferred_teams) {
      auto found = teams.find(id);
      if (found == teams.end()) {
        errors.push_back(who + " prefers team " + quoted(id) + ", which does not exist.");
      } else if (!accepts(*found->second)) {
        errors.push_back(who + " prefers team " + quoted(id) + " in region " +
                         quoted(found->second->region) + ", a region they do not accept.");
      }
      if (!seen.insert(id).second)
        errors.push_back(who + " prefers team " + quoted(id) + " twice.");
    }
    for (auto& id : p.liked_colleagues) {
      if (id == p.id) {
        errors.push_back(who + " names themselves as a liked colleague.");
      } else if (!people.count(id)) {
        errors.push_back(who + " likes colleague " + quoted(id) + ", who does not exist.");
      }
    }
  }
  for (auto& [person, team] : input.assignment) {
    if (!people.count(person)) {
      errors.push_back("The assignment places " + quoted(person) + ", who does not exist.");
    }
    if (!teams.count(team)) {
      errors.push_back("The assignment places " + quoted(person) + " in team " + quoted(team) +
                       ", which does not exist.");
    }
  }
  return errors;
}

namespace detail {

int Problem::choice_rank(int p, int t) const {
  for (int k = 0; k < 3; ++k) {
    if (preferred[p][k] == t) return k + 1;
  }
  return 0;
}

int Problem::gain(int p, int t) const {
  int points = 0;
  switch (choice_rank(p, t)) {
    case 1:
      points = weights.first;
      break;
    case 2:
      points = weights.second;
      break;
    case 3:
      points = weights.third;
      break;
    default:
      break;
  }
  if (current[p] == t) points += weights.move;
  return points;
}

bool Problem::is_eligible(int p, int t) const {
  return std::binary_search(eligible[p].begin(), eligible[p].end(), t);
}

Problem index(const Input& input, const Weights& weights) {
  Problem pr;
  pr.input = &input;
  pr.weights = weights;
  pr.people = static_cast<int>(input.people.size());
  pr.teams = static_cast<int>(input.teams.size());

  std::set<std::string> competence_set, region_set;
  for (auto& t : input.teams) {
    region_set.insert(t.region);
    for (auto& [c, n] : t.required) competence_set.insert(c);
  }
  for (auto& p : input.people) {
    for (auto& c : p.competences) competence_set.insert(c);
  }
  pr.competence_names.assign(competence_set.begin(), competence_set.end());
  pr.region_names.assign(region_set.begin(), region_set.end());
  pr.competences = static_cast<int>(pr.competence_names.size());
  pr.regions = static_cast<int>(pr.region_names.size());
  auto competence_index = [&](const std::string& c) {
    return static_cast<int>(
        std::lower_bound(pr.competence_names.begin(), pr.competence_names.end(), c) -
        pr.competence_names.begin());
  };
  auto region_index = [&](const std::string& r) {
    auto it = std::lower_bound(pr.region_names.begin(), pr.region_names.end(), r);
    return (it != pr.region_names.end() && *it == r)
               ? static_cast<int>(it - pr.region_names.begin())
               : -1;
  };

  std::unordered_map<std::string, int> team_index, person_index;
  std::vector<std::vector<int>> teams_in_region(pr.regions);
  for (int t = 0; t < pr.teams; ++t) {
    auto& team = input.teams[t];
    team_index[team.id] = t;
    pr.team_region.push_back(region_index(team.region));
    teams_in_region[pr.team_region.back()].push_back(t);
    pr.min_size.push_back(team.min_size);
    pr.max_size.push_back(team.max_size);
    std::vector<std::pair<int, int>> need;
    std::vector<int> need_of(pr.competences, 0);
    for (auto& [c, n] : team.required) {
      if (n <= 0) continue;
      need.emplace_back(competence_index(c), n);
      need_of[competence_index(c)] = n;
    }
    pr.need.push_back(std::move(need));
    pr.need_of.push_back(std::move(need_of));
  }
  for (int p = 0; p < pr.people; ++p) person_index[input.people[p].id] = p;

  pr.holds.resize(pr.people);
  pr.eligible.resize(pr.people);
  pr.accepts.resize(pr.people);
  pr.current.assign(pr.people, -1);
  pr.preferred.assign(pr.people, {-1, -1, -1});
  pr.friends.resize(pr.people);
  std::map<std::pair<int, int>, int> pair_weight;
  for (int p = 0; p < pr.people; ++p) {
    auto& person = input.people[p];
    std::set<int> holds;
    for (auto& c : person.competences) holds.insert(competence_index(c));
    pr.holds[p].assign(holds.begin(), holds.end());
    std::set<int> accepts;
    for (auto& r : person.regions) {
      if (int ri = region_index(r); ri >= 0) accepts.insert(ri);
    }
    pr.accepts[p].assign(accepts.begin(), accepts.end());
    for (int r : accepts) {
      for (int t : teams_in_region[r]) pr.eligible[p].push_back(t);
    }
    std::sort(pr.eligible[p].begin(), pr.eligible[p].end());
    if (person.current_team) {
      pr.current[p] = team_index.at(*person.current_team);
      pr.move_offset += weights.move;
    }
    for (std::size_t k = 0; k < person.preferred_teams.size() && k < 3; ++k) {
      pr.preferred[p][k] = team_index.at(person.preferred_teams[k]);
    }
    std::set<int> liked;
    for (auto& id : person.liked_colleagues) liked.insert(person_index.at(id));
    for (int q : liked) {
      pair_weight[{std::min(p, q), std::max(p, q)}] += weights.liked;
    }
  }
  for (auto& [key, weight] : pair_weight) {
    if (weight == 0) continue;
    pr.pairs.push_back({key.first, key.second, weight});
    pr.friends[key.first].push_back({key.second, weight});
    pr.friends[key.second].push_back({key.first, weight});
  }
  return pr;
}

Assignment to_ids(const Problem& pr, const std::vector<int>& team_of) {
  Assignment a;
  for (int p = 0; p < pr.people; ++p) {
    if (team_of[p] >= 0) a[pr.input->people[p].id] = pr.input->teams[team_of[p]].id;
  }
  return a;
}

std::vector<int> from_ids(const Problem& pr, const Assignment& assignment) {
  std::unordered_map<std::string, int> team_index;
  for (int t = 0; t < pr.teams; ++t) team_index[pr.input->teams[t].id] = t;
  std::vector<int> team_of(pr.people, -1);
  for (int p = 0; p < pr.people; ++p) {
    auto found = assignment.find(pr.input->people[p].id);
    if (found != assignment.end()) team_of[p] = team_index.at(found->second);
  }
  return team_of;
}

Score score(const Problem& pr, const std::vector<int>& team_of) {
  Score s;
  for (int p = 0; p < pr.people; ++p) {
    int t = team_of[p];
    switch (t < 0 ? 0 : pr.choice_rank(p, t)) {
      case 1:
        s.preference += pr.weights.first;
        break;
      case 2:
        s.preference += pr.weights.second;
        break;
      case 3:
        s.preference += pr.weights.third;
        break;
      default:
        break;
    }
    if (pr.current[p] >= 0 && t != pr.current[p]) s.moves += pr.weights.move;
  }
  for (auto& pair : pr.pairs) {
    if (team_of[pair.a] >= 0 && team_of[pair.a] == team_of[pair.b]) s.colleagues += pair.weight;
  }
  return s;
}

std::int64_t violation(const Problem& pr, const std::vector<int>& team_of) {
  std::int64_t v = 0;
  std::vector<int> size(pr.teams, 0);
  std::vector<std::vector<int>> have(pr.teams, std::vector<int>(pr.competences, 0));
  for (int p = 0; p < pr.people; ++p) {
    int t = team_of[p];
    if (t < 0 || !pr.is_eligible(p, t)) {
      ++v;
      if (t < 0) continue;
    }
    ++size[t];
    for (int c : pr.holds[p]) ++have[t][c];
  }
  for (int t = 0; t < pr.teams; ++t) {
    v += std::max(0, pr.min_size[t] - size[t]) + std::max(0, size[t] - pr.max_size[t]);
    for (auto& [c, n] : pr.need[t]) v += std::max(0, n - have[t][c]);
  }
  return v;
}

std::string person_label(const Person& person) {
  return person.name.empty() || person.name == person.id ? person.id
                                                         : person.name + " (" + person.id + ")";
}

std::string team_label(const Team& team) {
  return team.name.empty() || team.name == team.id ? team.id : team.name + " (" + team.id + ")";
}

void describe(const Problem& pr, const std::vector<int>& team_of, Result& result) {
  auto& input = *pr.input;
  std::vector<int> size(pr.teams, 0);
  std::vector<std::vector<int>> have(pr.teams, std::vector<int>(pr.competences, 0));
  result.people.clear();
  for (int p = 0; p < pr.people; ++p) {
    int t = team_of[p];
    PersonOutcome outcome;
    outcome.person = input.people[p].id;
    if (t < 0) {
      Violation v;
      v.kind = "no_team";
      v.person = input.people[p].id;
      add_violation(result, person_label(input.people[p]) + " is in no team.", std::move(v));
    } else {
      outcome.team = input.teams[t].id;
      outcome.choice = pr.choice_rank(p, t);
      for (auto& f : pr.friends[p]) {
        if (team_of[f.other] == t) ++outcome.liked_together;
      }
      if (!pr.is_eligible(p, t)) {
        Violation v;
        v.kind = "wrong_region";
        v.person = input.people[p].id;
        v.team = input.teams[t].id;
        v.region = input.teams[t].region;
        add_violation(result,
                      person_label(input.people[p]) + " is in team " + team_label(input.teams[t]) +
                          " in region " + input.teams[t].region + ", a region they do not accept.",
                      std::move(v));
      }
      ++size[t];
      for (int c : pr.holds[p]) ++have[t][c];
    }
    outcome.moved = pr.current[p] >= 0 && t != pr.current[p];
    result.people.push_back(std::move(outcome));
  }
  result.coverage.clear();
  for (int t = 0; t < pr.teams; ++t) {
    auto& team = input.teams[t];
    auto sized = [&](const char* kind, int have_n, int need_n, const std::string& competence) {
      Violation v;
      v.kind = kind;
      v.team = team.id;
      v.competence = competence;
      v.have = have_n;
      v.need = need_n;
      return v;
    };
    TeamCoverage cov;
    cov.team = team.id;
    cov.size = size[t];
    cov.min_size = pr.min_size[t];
    cov.max_size = pr.max_size[t];
    for (auto& [name, n] : team.required) {
      if (n <= 0) continue;
      auto c = static_cast<int>(
          std::lower_bound(pr.competence_names.begin(), pr.competence_names.end(), name) -
          pr.competence_names.begin());
      cov.competences.push_back({name, have[t][c], n});
      if (have[t][c] < n) {
        cov.lacking.push_back(name);
        add_violation(result,
                      "Team " + team_label(team) + " has " + std::to_string(have[t][c]) +
                          (have[t][c] == 1 ? " member" : " members") + " with " + name +
                          "; it needs " + std::to_string(n) + ".",
                      sized("team_competence", have[t][c], n, name));
      }
    }
    if (size[t] < pr.min_size[t]) {
      add_violation(result,
                    "Team " + team_label(team) + " has " + std::to_string(size[t]) +
                        " members, below its minimum of " + std::to_string(pr.min_size[t]) + ".",
                    sized("team_below_min", size[t], pr.min_size[t], ""));
    }
    if (size[t] > pr.max_size[t]) {
      add_violation(result,
                    "Team " + team_label(team) + " has " + std::to_string(size[t]) +
                        " members, above its maximum of " + std::to_string(pr.max_size[t]) + ".",
                    sized("team_above_max", size[t], pr.max_size[t], ""));
    }
    result.coverage.push_back(std::move(cov));
  }
  auto s = score(pr, team_of);
  result.preference_points = s.preference;
  result.colleague_points = s.colleagues;
  result.move_penalty = s.moves;
  result.objective = s.objective();
  result.feasible = result.violations.empty();
}

std::vector<Move> moves_between(const Problem& pr, const std::vector<int>& from,
                                const std::vector<int>& to) {
  std::vector<Move> moves;
  for (int p = 0; p < pr.people; ++p) {
    if (from[p] == to[p] || to[p] < 0) continue;
    moves.push_back({pr.input->people[p].id, from[p] < 0 ? "" : pr.input->teams[from[p]].id,
                     pr.input->teams[to[p]].id});
  }
  return moves;
}

}  // namespace detail
}  // namespace ploeg::formation
