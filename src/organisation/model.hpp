// Organisation: the people, their competences and expertise, the regions,
// teams, memberships and star roles of a self-managing organisation.
// Plain types keyed by natural keys (codes, e-mail); database ids stay inside
// the store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ploeg::organisation {

inline const std::vector<std::string> languages = {"de", "en", "fr", "nl"};
// A thing's names by language ("nl", "fr", "en"), stored in the names table
// (store/names.hpp); `name` stays the fallback for a language without one.
using Names = std::map<std::string, std::string>;

inline const std::vector<std::string> team_kinds = {"regional", "support", "purpose", "community",
                                                    "working_group"};

// An entry of the organisation's competence catalogue ("intake").
struct Competence {
  std::string code;
  std::string name;
  Names names = {};
  bool operator==(const Competence&) const = default;
};

struct Region {
  std::string code;
  std::string name;
  std::string office_address;
  std::vector<std::string> postcodes;  // four digits each, ascending
  Names names = {};
  bool operator==(const Region&) const = default;
};

struct PersonCompetence {
  std::string code;
  int level = 1;  // 1 learning, 2 independent, 3 can teach it
  bool operator==(const PersonCompetence&) const = default;
};

struct Person {
  std::string email;  // lower-case; the natural key
  std::string name;
  std::vector<std::string> languages;  // "nl", "fr", "en", "de"
  int fte_permille = 1000;             // 800 = 0.8 FTE; integers compare exactly
  std::string home_postcode;
  std::vector<PersonCompetence> competences;
  std::vector<std::string> expertise;  // free tags: "autism", "legislation 2024"
  std::string ask_me_about;
  bool operator==(const Person&) const = default;
};

struct Team {
  std::string code;
  std::string name;
  std::string kind;                   // one of team_kinds
  std::optional<std::string> region;  // region code
  std::string vision;
  std::string values;
  int min_size = 0;
  int max_size = 0;
  std::map<std::string, int> required_mix;  // competence code -> minimum members holding it
  std::optional<std::string> coach;         // the coach's e-mail
  Names names = {};
  bool operator==(const Team&) const = default;
};

struct Membership {
  std::string person;  // e-mail
  std::string team;    // team code
  int share_percent = 100;
  bool operator==(const Membership&) const = default;
};

// A star role: a management task held by a team member instead of a manager.
struct Role {
  std::string code;
  std::string name;
  std::string purpose;
  std::vector<std::string> accountabilities;  // one line each
  Names names = {};
  bool operator==(const Role&) const = default;
};

struct RoleAssignment {
  std::string team;
  std::string role;
  std::string person;         // e-mail; must be a member of `team`
  std::string since;          // YYYY-MM-DD
  std::string next_rotation;  // YYYY-MM-DD
  bool operator==(const RoleAssignment&) const = default;
};

struct Organisation {
  std::vector<Competence> competences;
  std::vector<Region> regions;
  std::vector<Person> people;
  std::vector<Team> teams;
  std::vector<Membership> memberships;
  std::vector<Role> roles;
  std::vector<RoleAssignment> role_assignments;
  bool operator==(const Organisation&) const = default;
};

// One line of the team overview.
struct TeamSummary {
  std::string code;
  std::string name;
  std::string kind;
  std::optional<std::string> region;
  int members = 0;
  int min_size = 0;
  int max_size = 0;
  bool operator==(const TeamSummary&) const = default;
};

}  // namespace ploeg::organisation
