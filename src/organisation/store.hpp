// The organisation feature's SQL; every function runs on the caller's
// connection (inside the caller's transaction when it has one).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "organisation/model.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::organisation::sql {

// Inserts a whole organisation into empty tables with multi-row INSERTs (one
// round trip per few hundred rows, not per row). E-mails are stored
// lower-cased. Throws store::ConstraintError on a duplicate key or a
// reference to something the organisation does not hold; run it in a
// transaction so nothing stays behind then.
void save(store::Connection& c, const Organisation& organisation);

std::optional<Person> find_person(store::Connection& c, const std::string& email);

// Every team with its member count, by code.
std::vector<TeamSummary> list_teams(store::Connection& c);

// Everything, in canonical order (see sort_canonically).
Organisation load(store::Connection& c);

std::int64_t count_people(store::Connection& c);

bool person_exists(store::Connection& c, std::int64_t person_id);

// The team a person gives the largest share of their time (by code on a tie);
// none when they are in no team.
std::optional<std::int64_t> main_team(store::Connection& c, std::int64_t person_id);

bool team_exists(store::Connection& c, const std::string& code);
bool role_exists(store::Connection& c, const std::string& code);
std::int64_t count_teams(store::Connection& c);
// Every team's size bounds by code: its minimum and maximum number of members.
std::map<std::string, std::pair<int, int>> team_size_bounds(store::Connection& c);

// The lists the pages and the API read (store_lists.cpp). Names are in
// `language` where the organisation gave one (store/names.hpp), else as stored.
struct Named {
  std::string code, name;
};
// Every competence, by code.
std::vector<Named> competences(store::Connection& c, const std::string& language);
// Code -> name of every competence, in `language` (else its fallback name):
// what other features show for a competence code.
std::map<std::string, std::string> competence_names(store::Connection& c,
                                                    const std::string& language = "");
// The name of `code` in such a map; the code itself when it has none.
std::string name_of(const std::map<std::string, std::string>& names, const std::string& code);

struct RegionListing {
  std::string code, name, office_address;
  std::vector<std::string> postcodes;  // in order
};
// Every region by code, with its postcodes.
std::vector<RegionListing> regions(store::Connection& c, const std::string& language);

// A person's teams (by name, then code), star roles (by role name, then team
// name) and competences (by name).
struct TeamShare {
  std::string code, name;
  std::int64_t share_percent = 0;
};
std::vector<TeamShare> teams_of(store::Connection& c, std::int64_t person_id,
                                const std::string& language);
struct HeldRole {
  std::string code, name, team_code, team_name, since, next_rotation;
};
std::vector<HeldRole> roles_of(store::Connection& c, std::int64_t person_id,
                               const std::string& language);
struct LevelledCompetence {
  std::string code, name;
  std::int64_t level = 0;
};
std::vector<LevelledCompetence> competences_of(store::Connection& c, std::int64_t person_id,
                                               const std::string& language);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::organisation::sql
