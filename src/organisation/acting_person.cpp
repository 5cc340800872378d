#include "organisation/acting_person.hpp"

#include "organisation/editing.hpp"

namespace ploeg::organisation {

namespace {

// The person `person_id`, known to exist, with what permission rules ask of them.
ploeg::Person load(store::Connection& c, std::int64_t person_id) {
  ploeg::Person p;
  p.id = person_id;
  for (auto& r : c.query("SELECT t.id, t.code, m.share_percent FROM memberships m JOIN teams t ON "
                         "t.id = m.team_id WHERE m.person_id = $1 ORDER BY m.share_percent DESC, "
                         "t.code",
                         {p.id})
                     .rows) {
    p.teams.push_back({r.integer(0), r.text(1), static_cast<int>(r.integer(2))});
  }
  for (auto& r : c.query("SELECT c.code, pc.level FROM person_competences pc JOIN competences c ON "
                         "c.id = pc.competence_id WHERE pc.person_id = $1",
                         {p.id})
                     .rows) {
    p.competences[r.text(0)] = static_cast<int>(r.integer(1));
  }
  for (auto& r : c.query("SELECT t.id, t.code, r.code FROM role_assignments a JOIN teams t ON "
                         "t.id = a.team_id JOIN roles r ON r.id = a.role_id WHERE a.person_id = "
                         "$1 ORDER BY t.code, r.code",
                         {p.id})
                     .rows) {
    p.roles.push_back({r.integer(0), r.text(1), r.text(2)});
  }
  for (auto& r : c.query("SELECT id FROM teams WHERE coach_id = $1 ORDER BY id", {p.id}).rows) {
    p.coach_of.push_back(r.integer(0));
  }
  return p;
}

}  // namespace

ploeg::Person person_of_user(store::Connection& c, std::int64_t user_id) {
  // The account's link names an existing person: no need to look again.
  auto linked = editing::person_of_account(c, user_id);
  return linked ? load(c, *linked) : ploeg::Person{};
}

ploeg::Person acting_person(store::Connection& c, std::int64_t person_id) {
  if (person_id == 0 || c.query("SELECT 1 FROM people WHERE id = $1", {person_id}).empty()) {
    return {};
  }
  return load(c, person_id);
}

web::PersonLoader person_loader(store::Database& db) {
  return [&db](std::int64_t user_id) { return person_of_user(*db.acquire(), user_id); };
}

}  // namespace ploeg::organisation
