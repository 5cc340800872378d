#include "core/actor.hpp"

#include <algorithm>

namespace ploeg {

bool Person::in(std::int64_t team_id) const {
  return std::any_of(teams.begin(), teams.end(),
                     [team_id](const TeamShare& t) { return t.team_id == team_id; });
}

bool Person::coaches(std::int64_t team_id) const {
  return std::find(coach_of.begin(), coach_of.end(), team_id) != coach_of.end();
}

int Person::level(std::string_view competence) const {
  auto found = competences.find(competence);
  return found == competences.end() ? 0 : found->second;
}

}  // namespace ploeg
