#include "engines/formation/explain.hpp"

#include <algorithm>
#include <set>

namespace ploeg::formation::detail {
namespace {

std::string count(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string ordinal(int k) {
  switch (k) {
    case 1:
      return "first";
    case 2:
      return "second";
    default:
      return "third";
  }
}

// "9 teams that each need 1" or "9 teams that need 12 in all".
std::string teams_needing(const std::vector<int>& needs) {
  int total = 0;
  for (int n : needs) total += n;
  bool same = std::all_of(needs.begin(), needs.end(), [&](int n) { return n == needs.front(); });
  std::string teams = count(static_cast<int>(needs.size()), "team", "teams");
  if (needs.size() == 1) return teams + " that needs " + std::to_string(total);
  if (same) return teams + " that each need " + std::to_string(needs.front());
  return teams + " that need " + std::to_string(total) + " in all";
}

}  // namespace

std::vector<std::string> infeasibility_reasons(const Problem& pr) {
  auto& input = *pr.input;
  std::vector<std::string> reasons;
  std::int64_t min_total = 0, max_total = 0;
  for (int t = 0; t < pr.teams; ++t) {
    min_total += pr.min_size[t];
    max_total += pr.max_size[t];
  }
  if (min_total > pr.people) {
    reasons.push_back(count(pr.people, "person", "people") + " for " +
                      count(pr.teams, "team", "teams") + " that need at least " +
                      std::to_string(min_total) + " members in all.");
  }
  if (max_total < pr.people) {
    reasons.push_back(count(pr.people, "person", "people") + " for " +
                      count(pr.teams, "team", "teams") + " that hold at most " +
                      std::to_string(max_total) + " members in all.");
  }
  // Whole organisation, per competence.
  for (int c = 0; c < pr.competences; ++c) {
    int holders = 0;
    for (int p = 0; p < pr.people; ++p)
      holders += std::binary_search(pr.holds[p].begin(), pr.holds[p].end(), c);
    std::vector<int> needs;
    for (int t = 0; t < pr.teams; ++t) {
      if (pr.need_of[t][c] > 0) needs.push_back(pr.need_of[t][c]);
    }
    int total = 0;
    for (int n : needs) total += n;
    if (total > holders) {
      reasons.push_back(count(holders, "person holds ", "people hold ") + pr.competence_names[c] +
                        " for " + teams_needing(needs) + ".");
    }
  }
  // Per region: the people who accept it against its teams' needs, and the
  // people who accept nothing else against its room.
  for (int g = 0; g < pr.regions; ++g) {
    const std::string& region = pr.region_names[g];
    std::vector<int> teams;
    for (int t = 0; t < pr.teams; ++t) {
      if (pr.team_region[t] == g) teams.push_back(t);
    }
    int accepting = 0, only = 0, min_sum = 0, max_sum = 0;
    for (int p = 0; p < pr.people; ++p) {
      bool accepts = std::binary_search(pr.accepts[p].begin(), pr.accepts[p].end(), g);
      accepting += accepts;
      only += accepts && pr.accepts[p].size() == 1;
    }
    for (int t : teams) {
      min_sum += pr.min_size[t];
      max_sum += pr.max_size[t];
    }
    if (pr.regions > 1 && min_sum > accepting) {
      reasons.push_back(count(accepting, "person accepts", "people accept") + " region " + region +
                        ", whose " +
                        count(static_cast<int>(teams.size()), "team needs", "teams need") +
                        " at least " + std::to_string(min_sum) + " members.");
    }
    if (only > max_sum) {
      reasons.push_back(count(only, "person accepts", "people accept") + " only region " + region +
                        ", whose " +
                        count(static_cast<int>(teams.size()), "team holds", "teams hold") +
                        " at most " + std::to_string(max_sum) + " members.");
    }
    for (int c = 0; c < pr.competences && pr.regions > 1; ++c) {
      std::vector<int> needs;
      for (int t : teams) {
        if (pr.need_of[t][c] > 0) needs.push_back(pr.need_of[t][c]);
      }
      int total = 0;
      for (int n : needs) total += n;
      if (total == 0) continue;
      int holders = 0;
      for (int p = 0; p < pr.people; ++p) {
        holders += std::binary_search(pr.accepts[p].begin(), pr.accepts[p].end(), g) &&
                   std::binary_search(pr.holds[p].begin(), pr.holds[p].end(), c);
      }
      if (total > holders) {
        reasons.push_back(count(holders, "person with ", "people with ") + pr.competence_names[c] +
                          (holders == 1 ? " accepts" : " accept") + " region " + region + " for " +
                          teams_needing(needs) + ".");
      }
    }
  }
  // Per team: enough people who accept its region at all.
  for (int t = 0; t < pr.teams; ++t) {
    int accepting = 0;
    std::vector<int> holders(pr.competences, 0);
    for (int p = 0; p < pr.people; ++p) {
      if (!pr.is_eligible(p, t)) continue;
      ++accepting;
      for (int c : pr.holds[p]) ++holders[c];
    }
    std::string team = "Team " + team_label(input.teams[t]);
    if (accepting < pr.min_size[t] && pr.regions > 1) {
      reasons.push_back(team + " needs at least " + std::to_string(pr.min_size[t]) +
                        " members, but only " +
                        count(accepting, "person accepts", "people accept") + " region " +
                        input.teams[t].region + ".");
    }
  }
  return reasons;
}

void explain_choices(const Problem& pr, const std::vector<int>& team_of, Result& result) {
  auto& input = *pr.input;
  std::vector<int> size(pr.teams, 0), first_wishes(pr.teams, 0);
  std::vector<std::vector<int>> have(pr.teams, std::vector<int>(pr.competences, 0));
  for (int p = 0; p < pr.people; ++p) {
    if (pr.preferred[p][0] >= 0) ++first_wishes[pr.preferred[p][0]];
    if (team_of[p] < 0) continue;
    ++size[team_of[p]];
    for (int c : pr.holds[p]) ++have[team_of[p]][c];
  }
  for (int p = 0; p < pr.people; ++p) {
    int first = pr.preferred[p][0], u = team_of[p];
    if (first < 0 || u < 0 || u == first) continue;
    auto& outcome = result.people[p];
    std::string got = outcome.choice > 1 ? "You got your " + ordinal(outcome.choice) + " choice, " +
                                               input.teams[u].name + ": "
                                         : "You are in " + input.teams[u].name + ": ";
    const std::string& wanted = input.teams[first].name;
    int needed_for = -1;  // a competence u has no more of than it needs
    for (int c : pr.holds[p]) {
      if (pr.need_of[u][c] > 0 && have[u][c] <= pr.need_of[u][c]) {
        needed_for = c;
        break;
      }
    }
    std::string reason;
    if (size[first] >= pr.max_size[first]) {
      outcome.reason_kind = "full";
      outcome.wanted = first_wishes[first];
      outcome.places = pr.max_size[first];
      reason = "your first choice " + wanted +
               " is full: " + count(first_wishes[first], "person", "people") +
               " wanted it first for " + std::to_string(pr.max_size[first]) + " places.";
    } else if (needed_for >= 0) {
      outcome.reason_kind = "needed";
      outcome.competence = pr.competence_names[needed_for];
      reason = input.teams[u].name + " needs you for " + pr.competence_names[needed_for] +
               " (it has no more than the " + std::to_string(pr.need_of[u][needed_for]) +
               " it needs).";
    } else if (size[u] <= pr.min_size[u]) {
      outcome.reason_kind = "minimum";
      reason = input.teams[u].name + " needs you to reach its minimum of " +
               std::to_string(pr.min_size[u]) + " members.";
    } else if (outcome.liked_together > 0) {
      outcome.reason_kind = "colleagues";
      reason = "here you are with " + count(outcome.liked_together, "colleague", "colleagues") +
               " you like, which counts for more than your first choice " + wanted + ".";
    } else {
      outcome.reason_kind = "others";
      reason = "your place in " + wanted +
               " went to someone who gains more from it, so that more wishes are granted overall.";
    }
    outcome.reason = got + reason;
  }
}

}  // namespace ploeg::formation::detail
