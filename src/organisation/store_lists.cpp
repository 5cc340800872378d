// The organisation's SQL for the lists the pages and the API read: whether a
// team or role exists, how many teams and their size bounds, every competence
// and region, a person's teams, star roles and competences, names in the
// reader's language.
#include <map>

#include "organisation/store.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::sql {

using store::names::sql;
namespace kinds = store::kinds;

bool team_exists(store::Connection& c, const std::string& code) {
  return !c.query("SELECT 1 FROM teams WHERE code = $1", {code}).empty();
}

bool role_exists(store::Connection& c, const std::string& code) {
  return !c.query("SELECT 1 FROM roles WHERE code = $1", {code}).empty();
}

std::int64_t count_teams(store::Connection& c) {
  return c.query("SELECT count(*) FROM teams").rows[0].integer(0);
}

std::map<std::string, std::pair<int, int>> team_size_bounds(store::Connection& c) {
  std::map<std::string, std::pair<int, int>> bounds;
  for (auto& r : c.query("SELECT code, min_size, max_size FROM teams").rows)
    bounds[r.text(0)] = {static_cast<int>(r.integer(1)), static_cast<int>(r.integer(2))};
  return bounds;
}

std::vector<Named> competences(store::Connection& c, const std::string& language) {
  std::vector<Named> list;
  for (auto& r : c.query("SELECT k.code, " + sql(kinds::competence, "k.code", "k.name", "$1") +
                             " FROM competences k ORDER BY k.code",
                         {language})
                     .rows)
    list.push_back({r.text(0), r.text(1)});
  return list;
}

std::vector<RegionListing> regions(store::Connection& c, const std::string& language) {
  std::vector<RegionListing> list;
  std::map<std::int64_t, std::size_t> at;
  for (auto& r : c.query("SELECT r.id, r.code, " + sql(kinds::region, "r.code", "r.name", "$1") +
                             ", r.office_address FROM regions r ORDER BY r.code",
                         {language})
                     .rows) {
    at[r.integer(0)] = list.size();
    list.push_back({r.text(1), r.text(2), r.text(3), {}});
  }
  for (auto& r : c.query("SELECT region_id, postcode FROM region_postcodes ORDER BY postcode").rows)
    list[at.at(r.integer(0))].postcodes.push_back(r.text(1));
  return list;
}

std::vector<TeamShare> teams_of(store::Connection& c, std::int64_t person_id,
                                const std::string& language) {
  std::vector<TeamShare> list;
  for (auto& r : c.query("SELECT t.code, " + sql(kinds::team, "t.code", "t.name", "$2") +
                             ", m.share_percent FROM memberships m JOIN teams t ON t.id = "
                             "m.team_id WHERE m.person_id = $1 ORDER BY 2, t.code",
                         {person_id, language})
                     .rows)
    list.push_back({r.text(0), r.text(1), r.integer(2)});
  return list;
}

std::vector<HeldRole> roles_of(store::Connection& c, std::int64_t person_id,
                               const std::string& language) {
  std::vector<HeldRole> list;
  for (auto& r : c.query("SELECT r.code, " + sql(kinds::role, "r.code", "r.name", "$2") +
                             ", t.code, " + sql(kinds::team, "t.code", "t.name", "$2") +
                             ", a.since, a.next_rotation FROM role_assignments a JOIN roles r ON "
                             "r.id = a.role_id JOIN teams t ON t.id = a.team_id WHERE a.person_id "
                             "= $1 ORDER BY 2, 4",
                         {person_id, language})
                     .rows)
    list.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)});
  return list;
}

std::vector<LevelledCompetence> competences_of(store::Connection& c, std::int64_t person_id,
                                               const std::string& language) {
  std::vector<LevelledCompetence> list;
  for (auto& r : c.query("SELECT k.code, " + sql(kinds::competence, "k.code", "k.name", "$2") +
                             ", pc.level FROM person_competences pc JOIN competences k ON k.id = "
                             "pc.competence_id WHERE pc.person_id = $1 ORDER BY 2",
                         {person_id, language})
                     .rows)
    list.push_back({r.text(0), r.text(1), r.integer(2)});
  return list;
}

std::map<std::string, std::string> competence_names(store::Connection& c,
                                                    const std::string& language) {
  std::map<std::string, std::string> names;
  for (auto& k : competences(c, language)) names[k.code] = k.name;
  return names;
}

std::string name_of(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

}  // namespace ploeg::organisation::sql
