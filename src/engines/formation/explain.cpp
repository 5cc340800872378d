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

void add_violation(Result& result, std::string text, Violation data) {
  result.violations.push_back(std::move(text));
  result.violation_data.push_back(std::move(data));
}

void add_infeasibility_reasons(const Problem& pr, Result& result) {
  auto& input = *pr.input;
  std::int64_t min_total = 0, max_total = 0;
  for (int t = 0; t < pr.teams; ++t) {
    min_total += pr.min_size[t];
    max_total += pr.max_size[t];
  }
  auto whole = [&](const char* kind, std::int64_t bound) {
    Violation v;
    v.kind = kind;
    v.have = pr.people;
    v.teams = pr.teams;
    v.need = static_cast<int>(bound);
    return v;
  };
  if (min_total > pr.people) {
    add_violation(result,
                  count(pr.people, "person", "people") + " for " +
                      count(pr.teams, "team", "teams") + " that need at least " +
                      std::to_string(min_total) + " members in all.",
                  whole("people_below_min", min_total));
  }
  if (max_total < pr.people) {
    add_violation(result,
                  count(pr.people, "person", "people") + " for " +
                      count(pr.teams, "team", "teams") + " that hold at most " +
                      std::to_string(max_total) + " members in all.",
                  whole("people_above_max", max_total));
  }
  // A count of holders against the needs of some teams.
  auto short_of = [](const char* kind, int holders, const std::string& competence,
                     const std::vector<int>& needs, std::string region) {
    Violation v;
    v.kind = kind;
    v.have = holders;
    v.competence = competence;
    v.region = std::move(region);
    v.teams = static_cast<int>(needs.size());
    for (int n : needs) v.need += n;
    bool same = std::all_of(needs.begin(), needs.end(), [&](int n) { return n == needs.front(); });
    v.each = same && !needs.empty() ? needs.front() : 0;
    return v;
  };
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
      add_violation(result,
                    count(holders, "person holds ", "people hold ") + pr.competence_names[c] +
                        " for " + teams_needing(needs) + ".",
                    short_of("competence_short", holders, pr.competence_names[c], needs, ""));
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
    auto in_region = [&](const char* kind, int people, int bound) {
      Violation v;
      v.kind = kind;
      v.region = region;
      v.have = people;
      v.teams = static_cast<int>(teams.size());
      v.need = bound;
      return v;
    };
    if (pr.regions > 1 && min_sum > accepting) {
      add_violation(result,
                    count(accepting, "person accepts", "people accept") + " region " + region +
                        ", whose " +
                        count(static_cast<int>(teams.size()), "team needs", "teams need") +
                        " at least " + std::to_string(min_sum) + " members.",
                    in_region("region_short", accepting, min_sum));
    }
    if (only > max_sum) {
      add_violation(result,
                    count(only, "person accepts", "people accept") + " only region " + region +
                        ", whose " +
                        count(static_cast<int>(teams.size()), "team holds", "teams hold") +
                        " at most " + std::to_string(max_sum) + " members.",
                    in_region("region_crowded", only, max_sum));
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
        add_violation(
            result,
            count(holders, "person with ", "people with ") + pr.competence_names[c] +
                (holders == 1 ? " accepts" : " accept") + " region " + region + " for " +
                teams_needing(needs) + ".",
            short_of("region_competence_short", holders, pr.competence_names[c], needs, region));
      }
    }
  }
  // Per team: enough people who accept its region at all.
  for (int t = 0; t < pr.teams; ++t) {
    int accepting = 0;
    for (int p = 0; p < pr.people; ++p) {
      if (pr.is_eligible(p, t)) ++accepting;
    }
    if (accepting < pr.min_size[t] && pr.regions > 1) {
      Violation v;
      v.kind = "team_region_short";
      v.team = input.teams[t].id;
      v.region = input.teams[t].region;
      v.have = accepting;
      v.need = pr.min_size[t];
      add_violation(result,
                    "Team " + team_label(input.teams[t]) + " needs at least " +
                        std::to_string(pr.min_size[t]) + " members, but only " +
                        count(accepting, "person accepts", "people accept") + " region " +
                        input.teams[t].region + ".",
                    std::move(v));
    }
  }
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
