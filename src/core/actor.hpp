// Who acts: the one type every feature's rules take. The web layer builds it
// once per request (web::actor), lazily, from the session and the person the
// account is; the command line builds it as "cli". Rules read the actor's
// teams, competences, roles and coached teams from here and do not look the
// person up again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ploeg {

// The person of the organisation an account is; id 0 is nobody (an
// anonymous visitor, the command line, or an account linked to no person).
struct Person {
  struct TeamShare {
    std::int64_t team_id = 0;
    std::string code;
    int share_percent = 0;
  };
  struct RoleHeld {
    std::int64_t team_id = 0;
    std::string team_code;
    std::string role;  // the star role's code
  };

  std::int64_t id = 0;
  std::vector<TeamShare> teams;                         // largest share first, then by code
  std::map<std::string, int, std::less<>> competences;  // code -> level 1..3
  std::vector<RoleHeld> roles;                          // by team code, then role code
  std::vector<std::int64_t> coach_of;                   // team ids, ascending

  bool nobody() const { return id == 0; }
  bool in(std::int64_t team_id) const;
  bool coaches(std::int64_t team_id) const;
  // The level of a competence held; 0: not held.
  int level(std::string_view competence) const;
};

struct Actor {
  std::string name;          // who, as the audit log names them: "user:coworker", "cli"
  std::int64_t user_id = 0;  // the account; 0: not signed in, or the command line
  std::string role;          // the account's role: "admin", "coach", "coworker"; empty: none
  Person person;
  std::string remote_address;
  std::string request_id;

  bool admin() const { return role == "admin"; }
  bool coach() const { return role == "coach"; }
};

// The command line: an operator at the machine, nobody of the organisation.
inline Actor command_line_actor() {
  Actor a;
  a.name = "cli";
  return a;
}

}  // namespace ploeg
