#include "organisation/store.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/text.hpp"
#include "organisation/canonical.hpp"
#include "store/batch_insert.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::sql {
namespace {

using store::BatchInsert;
using store::Value;
using Ids = std::unordered_map<std::string, std::int64_t>;

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

Ids ids_of(const std::vector<store::Row>& rows) {
  Ids ids;
  ids.reserve(rows.size());
  for (auto& row : rows) ids.emplace(row.text(1), row.integer(0));
  return ids;
}

// The id of a key the organisation refers to; a dangling reference is refused
// like a foreign key would be, naming the record.
std::int64_t id_in(const Ids& ids, const std::string& key, const char* what,
                   const std::string& where) {
  auto it = ids.find(key);
  if (it == ids.end()) {
    throw store::ConstraintError("organisation: unknown " + std::string(what) + " '" + key +
                                 "' in " + where);
  }
  return it->second;
}

Value optional_id(const Ids& ids, const std::optional<std::string>& key, const char* what,
                  const std::string& where) {
  if (!key) return nullptr;
  return id_in(ids, *key, what, where);
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

Person person_from(const store::Row& row) {
  Person p;
  p.email = row.text(0);
  p.name = row.text(1);
  p.fte_permille = static_cast<int>(row.integer(2));
  p.home_postcode = row.text(3);
  p.ask_me_about = row.text(4);
  return p;
}

const char* person_columns = "p.email, p.name, p.fte_permille, p.home_postcode, p.ask_me_about";

// Each competence, region, team and star role gets its names by language.
void attach_names(store::Connection& c, Organisation& o) {
  std::map<std::pair<std::string, std::string>, Names> found;  // (kind, code) -> names
  for (auto& n : store::names::all(c, {store::kinds::competence, store::kinds::region,
                                       store::kinds::team, store::kinds::role})) {
    found[{n.kind, n.code}][n.language] = n.name;
  }
  auto fill = [&](const char* kind, auto& things) {
    for (auto& x : things) {
      if (auto f = found.find({kind, x.code}); f != found.end()) x.names = f->second;
    }
  };
  fill(store::kinds::competence, o.competences);
  fill(store::kinds::region, o.regions);
  fill(store::kinds::team, o.teams);
  fill(store::kinds::role, o.roles);
}

}  // namespace

void save(store::Connection& c, const Organisation& o) {
  BatchInsert competences(c, "INSERT INTO competences (code, name)", {"text", "text"},
                          " RETURNING id, code");
  for (auto& x : o.competences) competences.add({x.code, x.name});
  Ids competence_ids = ids_of(competences.finish());

  BatchInsert regions(c, "INSERT INTO regions (code, name, office_address)",
                      {"text", "text", "text"}, " RETURNING id, code");
  for (auto& r : o.regions) regions.add({r.code, r.name, r.office_address});
  Ids region_ids = ids_of(regions.finish());
  BatchInsert postcodes(c, "INSERT INTO region_postcodes (postcode, region_id)",
                        {"text", "bigint"});
  for (auto& r : o.regions) {
    for (auto& pc : r.postcodes) postcodes.add({pc, region_ids.at(r.code)});
  }
  postcodes.finish();

  BatchInsert people(c,
                     "INSERT INTO people (email, name, fte_permille, home_postcode, ask_me_about)",
                     {"text", "text", "integer", "text", "text"}, " RETURNING id, email");
  for (auto& p : o.people) {
    people.add(
        {lower(p.email), p.name, std::int64_t{p.fte_permille}, p.home_postcode, p.ask_me_about});
  }
  Ids person_ids = ids_of(people.finish());

  BatchInsert languages(c, "INSERT INTO person_languages (person_id, language)",
                        {"bigint", "text"});
  BatchInsert person_competences(c,
                                 "INSERT INTO person_competences (person_id, competence_id, level)",
                                 {"bigint", "bigint", "integer"});
  BatchInsert expertise(c, "INSERT INTO person_expertise (person_id, tag)", {"bigint", "text"});
  for (auto& p : o.people) {
    auto id = person_ids.at(lower(p.email));
    for (auto& l : p.languages) languages.add({id, l});
    for (auto& pc : p.competences) {
      person_competences.add({id, id_in(competence_ids, pc.code, "competence", "person " + p.email),
                              std::int64_t{pc.level}});
    }
    for (auto& tag : p.expertise) expertise.add({id, tag});
  }
  languages.finish();
  person_competences.finish();
  expertise.finish();

  BatchInsert teams(
      c,
      "INSERT INTO teams (code, name, kind, region_id, vision, team_values, "
      "min_size, max_size, coach_id)",
      {"text", "text", "text", "bigint", "text", "text", "integer", "integer", "bigint"},
      " RETURNING id, code");
  for (auto& t : o.teams) {
    auto where = "team " + t.code;
    std::optional<std::string> coach;
    if (t.coach) coach = lower(*t.coach);
    teams.add({t.code, t.name, t.kind, optional_id(region_ids, t.region, "region", where), t.vision,
               t.values, std::int64_t{t.min_size}, std::int64_t{t.max_size},
               optional_id(person_ids, coach, "coach", where)});
  }
  Ids team_ids = ids_of(teams.finish());
  BatchInsert requirements(c, "INSERT INTO team_requirements (team_id, competence_id, minimum)",
                           {"bigint", "bigint", "integer"});
  for (auto& t : o.teams) {
    for (auto& [code, minimum] : t.required_mix) {
      requirements.add({team_ids.at(t.code),
                        id_in(competence_ids, code, "competence", "team " + t.code),
                        std::int64_t{minimum}});
    }
  }
  requirements.finish();

  BatchInsert roles(c, "INSERT INTO roles (code, name, purpose, accountabilities)",
                    {"text", "text", "text", "text"}, " RETURNING id, code");
  for (auto& r : o.roles) roles.add({r.code, r.name, r.purpose, joined_lines(r.accountabilities)});
  Ids role_ids = ids_of(roles.finish());

  BatchInsert memberships(c, "INSERT INTO memberships (person_id, team_id, share_percent)",
                          {"bigint", "bigint", "integer"});
  std::set<std::pair<std::int64_t, std::int64_t>> members;  // (person, team)
  for (auto& m : o.memberships) {
    auto where = "membership of " + m.person + " in " + m.team;
    auto person = id_in(person_ids, lower(m.person), "person", where);
    auto team = id_in(team_ids, m.team, "team", where);
    members.emplace(person, team);
    memberships.add({person, team, std::int64_t{m.share_percent}});
  }
  memberships.finish();

  BatchInsert assignments(c,
                          "INSERT INTO role_assignments (team_id, role_id, person_id, since, "
                          "next_rotation)",
                          {"bigint", "bigint", "bigint", "text", "text"});
  for (auto& a : o.role_assignments) {
    auto where = "role " + a.role + " of team " + a.team;
    auto team = id_in(team_ids, a.team, "team", where);
    auto person = id_in(person_ids, lower(a.person), "person", where);
    // The schema refuses it too; checking here names the record.
    if (!members.count({person, team})) {
      throw store::ConstraintError("organisation: " + where + " is held by " + a.person +
                                   ", who is not a member of that team");
    }
    assignments.add(
        {team, id_in(role_ids, a.role, "role", where), person, a.since, a.next_rotation});
  }
  assignments.finish();

  BatchInsert names(c, "INSERT INTO names (kind, code, language, name)",
                    {"text", "text", "text", "text"});
  auto add_names = [&](const char* kind, const std::string& code, const Names& by_language) {
    for (auto& [language, name] : by_language) {
      if (!name.empty()) names.add({kind, code, language, name});
    }
  };
  for (auto& x : o.competences) add_names(store::kinds::competence, x.code, x.names);
  for (auto& x : o.regions) add_names(store::kinds::region, x.code, x.names);
  for (auto& x : o.teams) add_names(store::kinds::team, x.code, x.names);
  for (auto& x : o.roles) add_names(store::kinds::role, x.code, x.names);
  names.finish();
}

std::optional<Person> find_person(store::Connection& c, const std::string& email) {
  auto found =
      c.query(std::string("SELECT ") + person_columns + ", p.id FROM people p WHERE p.email = $1",
              {lower(email)});
  if (found.empty()) return std::nullopt;
  Person p = person_from(found.rows[0]);
  auto id = found.rows[0].integer(5);
  for (auto& row :
       c.query("SELECT language FROM person_languages WHERE person_id = $1", {id}).rows) {
    p.languages.push_back(row.text(0));
  }
  for (auto& row : c.query("SELECT k.code, pc.level FROM person_competences pc JOIN competences k "
                           "ON k.id = pc.competence_id WHERE pc.person_id = $1",
                           {id})
                       .rows) {
    p.competences.push_back({row.text(0), static_cast<int>(row.integer(1))});
  }
  for (auto& row : c.query("SELECT tag FROM person_expertise WHERE person_id = $1", {id}).rows) {
    p.expertise.push_back(row.text(0));
  }
  std::sort(p.languages.begin(), p.languages.end());
  std::sort(p.competences.begin(), p.competences.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  std::sort(p.expertise.begin(), p.expertise.end());
  return p;
}

std::vector<TeamSummary> list_teams(store::Connection& c) {
  std::vector<TeamSummary> teams;
  for (auto& row : c.query("SELECT t.code, t.name, t.kind, r.code, t.min_size, t.max_size, "
                           "(SELECT count(*) FROM memberships m WHERE m.team_id = t.id) "
                           "FROM teams t LEFT JOIN regions r ON r.id = t.region_id")
                       .rows) {
    teams.push_back({row.text(0), row.text(1), row.text(2), row.optional_text(3),
                     static_cast<int>(row.integer(6)), static_cast<int>(row.integer(4)),
                     static_cast<int>(row.integer(5))});
  }
  // Sorted here: byte order, whatever the PostgreSQL collation.
  std::sort(teams.begin(), teams.end(),
            [](const TeamSummary& a, const TeamSummary& b) { return a.code < b.code; });
  return teams;
}

Organisation load(store::Connection& c) {
  Organisation o;
  for (auto& row : c.query("SELECT code, name FROM competences").rows) {
    o.competences.push_back({row.text(0), row.text(1)});
  }

  std::unordered_map<std::string, std::size_t> region_at;
  for (auto& row : c.query("SELECT code, name, office_address FROM regions").rows) {
    region_at[row.text(0)] = o.regions.size();
    o.regions.push_back({row.text(0), row.text(1), row.text(2), {}});
  }
  for (auto& row : c.query("SELECT r.code, p.postcode FROM region_postcodes p JOIN regions r ON "
                           "r.id = p.region_id")
                       .rows) {
    o.regions[region_at.at(row.text(0))].postcodes.push_back(row.text(1));
  }

  std::unordered_map<std::string, std::size_t> person_at;
  for (auto& row : c.query(std::string("SELECT ") + person_columns + " FROM people p").rows) {
    person_at[row.text(0)] = o.people.size();
    o.people.push_back(person_from(row));
  }
  auto person = [&](const store::Row& row) -> Person& {
    return o.people[person_at.at(row.text(0))];
  };
  for (auto& row : c.query("SELECT p.email, l.language FROM person_languages l JOIN people p ON "
                           "p.id = l.person_id")
                       .rows) {
    person(row).languages.push_back(row.text(1));
  }
  for (auto& row : c.query("SELECT p.email, k.code, pc.level FROM person_competences pc JOIN "
                           "people p ON p.id = pc.person_id JOIN competences k ON k.id = "
                           "pc.competence_id")
                       .rows) {
    person(row).competences.push_back({row.text(1), static_cast<int>(row.integer(2))});
  }
  for (auto& row : c.query("SELECT p.email, e.tag FROM person_expertise e JOIN people p ON p.id "
                           "= e.person_id")
                       .rows) {
    person(row).expertise.push_back(row.text(1));
  }

  std::unordered_map<std::string, std::size_t> team_at;
  for (auto& row : c.query("SELECT t.code, t.name, t.kind, r.code, t.vision, t.team_values, "
                           "t.min_size, t.max_size, p.email FROM teams t LEFT JOIN regions r ON "
                           "r.id = t.region_id LEFT JOIN people p ON p.id = t.coach_id")
                       .rows) {
    team_at[row.text(0)] = o.teams.size();
    Team t;
    t.code = row.text(0);
    t.name = row.text(1);
    t.kind = row.text(2);
    t.region = row.optional_text(3);
    t.vision = row.text(4);
    t.values = row.text(5);
    t.min_size = static_cast<int>(row.integer(6));
    t.max_size = static_cast<int>(row.integer(7));
    t.coach = row.optional_text(8);
    o.teams.push_back(std::move(t));
  }
  for (auto& row : c.query("SELECT t.code, k.code, q.minimum FROM team_requirements q JOIN teams "
                           "t ON t.id = q.team_id JOIN competences k ON k.id = q.competence_id")
                       .rows) {
    o.teams[team_at.at(row.text(0))].required_mix[row.text(1)] = static_cast<int>(row.integer(2));
  }

  for (auto& row : c.query("SELECT p.email, t.code, m.share_percent FROM memberships m JOIN "
                           "people p ON p.id = m.person_id JOIN teams t ON t.id = m.team_id")
                       .rows) {
    o.memberships.push_back({row.text(0), row.text(1), static_cast<int>(row.integer(2))});
  }
  for (auto& row : c.query("SELECT code, name, purpose, accountabilities FROM roles").rows) {
    o.roles.push_back({row.text(0), row.text(1), row.text(2), text::lines(row.text(3))});
  }
  for (auto& row : c.query("SELECT t.code, r.code, p.email, a.since, a.next_rotation FROM "
                           "role_assignments a JOIN teams t ON t.id = a.team_id JOIN roles r ON "
                           "r.id = a.role_id JOIN people p ON p.id = a.person_id")
                       .rows) {
    o.role_assignments.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.text(4)});
  }
  attach_names(c, o);
  sort_canonically(o);
  return o;
}

std::int64_t count_people(store::Connection& c) {
  return c.query("SELECT count(*) FROM people").rows.at(0).integer(0);
}

bool person_exists(store::Connection& c, std::int64_t person_id) {
  return !c.query("SELECT 1 FROM people WHERE id = $1", {person_id}).empty();
}

std::optional<std::int64_t> main_team(store::Connection& c, std::int64_t person_id) {
  auto team = c.query(
      "SELECT m.team_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id = $1 "
      "ORDER BY m.share_percent DESC, t.code LIMIT 1",
      {person_id});
  if (team.empty()) return std::nullopt;
  return team.rows[0].integer(0);
}

namespace {

// Catalogue entries in use (competences, postcodes people live at) cannot be
// deleted from under the people and teams that refer to them: RESTRICT.
const char* people_tables = R"(
CREATE TABLE competences (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE regions (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  office_address TEXT NOT NULL
);
CREATE TABLE region_postcodes (
  postcode TEXT PRIMARY KEY,
  region_id BIGINT NOT NULL REFERENCES regions (id) ON DELETE CASCADE
);
CREATE INDEX region_postcodes_region ON region_postcodes (region_id);
CREATE TABLE people (
  id {{id}},
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  name TEXT NOT NULL,
  fte_permille INTEGER NOT NULL CHECK (fte_permille BETWEEN 1 AND 1000),
  home_postcode TEXT NOT NULL REFERENCES region_postcodes (postcode) ON DELETE RESTRICT,
  ask_me_about TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_postcode ON people (home_postcode);
CREATE TABLE person_languages (
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en', 'de')),
  PRIMARY KEY (person_id, language)
);
CREATE TABLE person_competences (
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE RESTRICT,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  PRIMARY KEY (person_id, competence_id)
);
CREATE INDEX person_competences_competence ON person_competences (competence_id, level);
CREATE TABLE person_expertise (
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_expertise_tag ON person_expertise (tag);
)";

// A role assignment refers to the membership itself, so a holder who leaves
// the team gives the role back and a non-member can never hold one.
const char* team_tables = R"(
CREATE TABLE teams (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('regional', 'support', 'purpose', 'community', 'working_group')),
  region_id BIGINT REFERENCES regions (id) ON DELETE SET NULL,
  vision TEXT NOT NULL DEFAULT '',
  team_values TEXT NOT NULL DEFAULT '',
  min_size INTEGER NOT NULL CHECK (min_size >= 0),
  max_size INTEGER NOT NULL,
  coach_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  CHECK (max_size >= min_size)
);
CREATE INDEX teams_region ON teams (region_id);
CREATE INDEX teams_coach ON teams (coach_id);
CREATE TABLE team_requirements (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE RESTRICT,
  minimum INTEGER NOT NULL CHECK (minimum >= 1),
  PRIMARY KEY (team_id, competence_id)
);
CREATE INDEX team_requirements_competence ON team_requirements (competence_id);
CREATE TABLE memberships (
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
  PRIMARY KEY (person_id, team_id)
);
CREATE INDEX memberships_team ON memberships (team_id);
CREATE TABLE roles (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  accountabilities TEXT NOT NULL DEFAULT ''
);
CREATE TABLE role_assignments (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL,
  since TEXT NOT NULL,
  next_rotation TEXT NOT NULL,
  PRIMARY KEY (team_id, role_id),
  FOREIGN KEY (person_id, team_id) REFERENCES memberships (person_id, team_id) ON DELETE CASCADE
);
CREATE INDEX role_assignments_holder ON role_assignments (person_id, team_id);
CREATE INDEX role_assignments_role ON role_assignments (role_id);
)";

}  // namespace

void register_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(10, "organisation: competences, regions, people", people_tables));
  migrations.add(store::with_ids(11, "organisation: teams, memberships, star roles", team_tables));
}

}  // namespace ploeg::organisation::sql
