// Competence coverage: can a team do every task from A to Z with the people
// it has? Pure: a team and its members in, the gaps out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "organisation/model.hpp"

namespace ploeg::organisation {

struct CompetenceCoverage {
  std::string competence;  // code
  int required = 0;
  int held = 0;       // members holding it at any level
  int shortfall = 0;  // max(0, required - held)
  bool operator==(const CompetenceCoverage&) const = default;
};

struct Coverage {
  std::vector<CompetenceCoverage> competences;  // one per required competence, by code
  int size = 0;
  int below_min = 0;      // members missing to reach min_size
  int above_max = 0;      // members beyond max_size
  bool complete() const;  // no shortfall and size within bounds
};

Coverage coverage(const Team& team, const std::vector<const Person*>& members);
// The same from counts: `size` members, of whom held[code] hold competence code.
Coverage coverage(const Team& team, int size, const std::map<std::string, int>& held);

}  // namespace ploeg::organisation
