// What the team page, the team of teams and the roles page show (and the
// API answers): read-only views over the organisation tables, each built with
// a handful of queries whatever the organisation's size.
// Every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "organisation/coverage.hpp"
#include "organisation/model.hpp"
#include "store/database.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::teams {

struct Member {
  std::int64_t id = 0;  // the person's id (/people/{id})
  std::string name;
  std::string email;
  int share_percent = 0;
  std::vector<PersonCompetence> competences;  // by code
};

// A role of the catalogue in one team: held (holder_id > 0) or vacant.
struct TeamRole {
  std::string code;
  std::string name;
  std::string purpose;
  std::int64_t holder_id = 0;
  std::string holder_name;
  std::string holder_email;
  std::string since;
  std::string next_rotation;
};

struct TeamDetail {
  std::int64_t id = 0;
  Team team;
  std::string region_name;  // empty without a region
  std::int64_t coach_id = 0;
  std::string coach_name;
  std::vector<Competence> catalogue;  // every competence, by code: the grid's columns
  std::vector<Member> members;        // by name
  std::vector<TeamRole> roles;        // every role of the catalogue, by name
  Coverage coverage;
};

std::optional<TeamDetail> team_detail(store::Connection& c, const std::string& code);

// One team on the team-of-teams map.
struct TeamStatus {
  std::string code;
  std::string name;
  std::string kind;
  std::string region_code;  // empty without a region
  std::string region_name;
  std::string coach_name;
  Coverage coverage;
};

// Every team, grouped by region name (teams without a region last), then by
// team name.
std::vector<TeamStatus> team_statuses(store::Connection& c);

struct Holder {
  std::string team_code;
  std::string team_name;
  std::int64_t person_id = 0;
  std::string person_name;
  std::string since;
  std::string next_rotation;
};

struct RoleOverview {
  Role role;
  std::vector<Holder> holders;  // by team name
};

// The role catalogue by name, with who holds each role in which team.
std::vector<RoleOverview> roles_overview(store::Connection& c);

// A star role in one of a person's teams whose rotation is due: what their
// home page reminds them of.
struct RotationDue {
  std::string team_code;
  std::string team_name;
  std::string role_code;
  std::string role_name;
  std::string holder_name;
  std::string next_rotation;  // YYYY-MM-DD
  bool overdue = false;       // before `today`
};

// The rotations due on or before `until` (YYYY-MM-DD) in the teams of
// `person_id`, soonest first; `today` decides which are overdue.
std::vector<RotationDue> rotations_due(store::Connection& c, std::int64_t person_id,
                                       const std::string& today, const std::string& until);

// In the visitor's language (store/names.hpp): a team, its region, the
// competences and roles it shows; every team of the map, grouped again by
// region name as the visitor reads it (teams without a region last); the
// star roles and the teams that hold them, by role name.
void translate(TeamDetail& detail, const store::Names& names);
void translate(std::vector<TeamStatus>& statuses, const store::Names& names);
void translate(std::vector<RoleOverview>& roles, const store::Names& names);
void translate(std::vector<RotationDue>& due, const store::Names& names);

}  // namespace ploeg::organisation::teams
