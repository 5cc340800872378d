#include "organisation/coverage.hpp"

#include <algorithm>
#include <set>

namespace ploeg::organisation {

bool Coverage::complete() const {
  return below_min == 0 && above_max == 0 &&
         std::all_of(competences.begin(), competences.end(),
                     [](const CompetenceCoverage& c) { return c.shortfall == 0; });
}

Coverage coverage(const Team& team, int size, const std::map<std::string, int>& held) {
  Coverage result;
  result.size = size;
  result.below_min = std::max(0, team.min_size - size);
  result.above_max = std::max(0, size - team.max_size);
  for (auto& [code, minimum] : team.required_mix) {  // a std::map: already by code
    auto it = held.find(code);
    int count = it == held.end() ? 0 : it->second;
    result.competences.push_back({code, minimum, count, std::max(0, minimum - count)});
  }
  return result;
}

Coverage coverage(const Team& team, const std::vector<const Person*>& members) {
  std::map<std::string, int> held;
  for (const Person* p : members) {
    // A person counts once per competence, whatever the level.
    std::set<std::string> codes;
    for (auto& pc : p->competences) codes.insert(pc.code);
    for (auto& code : codes) ++held[code];
  }
  return coverage(team, static_cast<int>(members.size()), held);
}

}  // namespace ploeg::organisation
