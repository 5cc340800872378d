// The cast of the trust matrices (issue 18): for the demo's first regional
// team T (the demo co-worker's team, coached by the demo coach), six
// standings a visitor can have — anonymous, a member of T, a member of a
// team of another region, the coach of T, a coach of teams of another
// region only, and an administrator — and a teammate of the co-worker, the
// person acted for. Shared by the workplace, weekplan and teamchoice server
// tests.
#pragma once

#include <cstdint>
#include <string>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test::trust {

constexpr const char* password = "trust-matrix-secret";

enum class Who { anonymous, member, other_member, coach, other_coach, admin };
inline constexpr Who everyone[] = {Who::anonymous, Who::member,      Who::other_member,
                                   Who::coach,     Who::other_coach, Who::admin};

inline const char* name_of(Who w) {
  switch (w) {
    case Who::anonymous:
      return "anonymous";
    case Who::member:
      return "member";
    case Who::other_member:
      return "member of another team";
    case Who::coach:
      return "coach of the team";
    case Who::other_coach:
      return "coach of other teams";
    case Who::admin:
      return "administrator";
  }
  return "";
}

struct Team {
  std::string code, region;
  std::int64_t id = 0, region_id = 0;
  std::int64_t member = 0;    // the demo co-worker's person
  std::int64_t teammate = 0;  // another member of the team: whom the others act for
  std::string teammate_name, teammate_email;
};

inline Team team_of(const std::string& database) {
  auto db = store::Database::open(database);
  auto lease = db->acquire();
  auto t = lease->query(
      "SELECT t.code, t.id, g.code, g.id, a.person_id FROM account_people a JOIN users u ON u.id = "
      "a.user_id JOIN memberships m ON m.person_id = a.person_id JOIN teams t ON t.id = m.team_id "
      "JOIN regions g ON g.id = t.region_id WHERE u.username = 'coworker' AND t.kind = "
      "'regional' ORDER BY t.code LIMIT 1");
  Team team;
  team.code = t.rows.at(0).text(0);
  team.id = t.rows.at(0).integer(1);
  team.region = t.rows.at(0).text(2);
  team.region_id = t.rows.at(0).integer(3);
  team.member = t.rows.at(0).integer(4);
  // A teammate in this team only, linked to no account.
  auto mate = lease->query(
      "SELECT p.id, p.name, p.email FROM memberships m JOIN people p ON p.id = m.person_id WHERE "
      "m.team_id = $1 AND p.id <> $2 AND p.id NOT IN (SELECT person_id FROM account_people) AND "
      "NOT EXISTS (SELECT 1 FROM memberships o WHERE o.person_id = p.id AND o.team_id <> $1) "
      "ORDER BY p.id LIMIT 1",
      {team.id, team.member});
  team.teammate = mate.rows.at(0).integer(0);
  team.teammate_name = mate.rows.at(0).text(1);
  team.teammate_email = mate.rows.at(0).text(2);
  return team;
}

// Adds the accounts "othermember" and "othercoach" (password `password`):
// someone of a regional team of another region, and the coach of a team of
// another region who coaches no team of T's region nor any team of T's
// members. Call it as a DemoServer's `prepare`.
inline void add_accounts(const std::string& database) {
  auto team = team_of(database);
  auto db = store::Database::open(database);
  auto lease = db->acquire();
  auto member = lease->query(
      "SELECT p.email FROM people p JOIN memberships m ON m.person_id = p.id JOIN teams t ON t.id "
      "= m.team_id WHERE t.kind = 'regional' AND t.region_id <> $1 AND p.id NOT IN (SELECT "
      "person_id FROM account_people) AND NOT EXISTS (SELECT 1 FROM memberships o JOIN teams u ON "
      "u.id = o.team_id WHERE o.person_id = p.id AND u.region_id = $1) AND NOT EXISTS (SELECT 1 "
      "FROM teams c WHERE c.coach_id = p.id) ORDER BY p.id LIMIT 1",
      {team.region_id});
  auto coach = lease->query(
      "SELECT p.email FROM teams t JOIN people p ON p.id = t.coach_id WHERE t.region_id <> $1 AND "
      "p.id NOT IN (SELECT person_id FROM account_people) AND p.id NOT IN (SELECT u.coach_id FROM "
      "teams u WHERE u.region_id = $1 AND u.coach_id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM "
      "teams c JOIN memberships m ON m.team_id = c.id JOIN memberships mt ON mt.person_id = "
      "m.person_id WHERE c.coach_id = p.id AND mt.team_id = $2) AND NOT EXISTS (SELECT 1 FROM "
      "memberships m JOIN teams u ON u.id = m.team_id WHERE m.person_id = p.id AND u.region_id = "
      "$1) ORDER BY t.code LIMIT 1",
      {team.region_id, team.id});
  add_linked_account(database, "othermember", member.rows.at(0).text(0), password);
  add_linked_account(database, "othercoach", coach.rows.at(0).text(0), password, "coach");
}

// A visitor of that standing, signed in (anonymous: with the CSRF token of
// the sign-in page, so that a refusal is about the standing, not the form).
inline Visitor visitor(const DemoServer& demo, Who w) {
  Visitor v(demo.port());
  switch (w) {
    case Who::anonymous:
      v.get("/login");
      break;
    case Who::member:
      EXPECT_TRUE(v.sign_in("coworker", demo.password("coworker")));
      break;
    case Who::other_member:
      EXPECT_TRUE(v.sign_in("othermember", password));
      break;
    case Who::coach:
      EXPECT_TRUE(v.sign_in("coach", demo.password("coach")));
      break;
    case Who::other_coach:
      EXPECT_TRUE(v.sign_in("othercoach", password));
      break;
    case Who::admin:
      EXPECT_TRUE(v.sign_in("admin", demo.password("admin")));
      break;
  }
  return v;
}

// The audit entries of an action, oldest first: actor, subject, detail.
struct Audited {
  std::string actor, subject, detail;
};
inline std::vector<Audited> audited(const std::string& database, const std::string& action) {
  auto db = store::Database::open(database);
  std::vector<Audited> out;
  for (auto& r : db->acquire()
                     ->query("SELECT actor, subject, detail FROM audit_log WHERE action = $1 "
                             "ORDER BY id",
                             {action})
                     .rows)
    out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

}  // namespace ploeg::test::trust
