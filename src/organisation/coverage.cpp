#include "organisation/coverage.hpp"

#include <algorithm>

namespace ploeg::organisation {

bool Coverage::complete() const {
  return below_min == 0 && above_max == 0 &&
         std::all_of(competences.begin(), competences.end(),
                     [](const CompetenceCoverage& c) { return c.shortfall == 0; });
}

Coverage coverage(const Team& team, const std::vector<const Person*>& members) {
  Coverage result;
  result.size = static_cast<int>(members.size());
  result.below_min = std::max(0, team.min_size - result.size);
  result.above_max = std::max(0, result.size - team.max_size);
  for (auto& [code, minimum] : team.required_mix) {  // a std::map: already by code
    CompetenceCoverage c{code, minimum, 0, 0};
    for (const Person* p : members) {
      // A person counts once per competence, whatever the level.
      if (std::any_of(p->competences.begin(), p->competences.end(),
                      [&](const PersonCompetence& pc) { return pc.code == code; })) {
        ++c.held;
      }
    }
    c.shortfall = std::max(0, minimum - c.held);
    result.competences.push_back(c);
  }
  return result;
}

}  // namespace ploeg::organisation
