#include "organisation/teams.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/text.hpp"

namespace ploeg::organisation::teams {

std::optional<TeamDetail> team_detail(store::Connection& c, const std::string& code) {
  auto found = c.query(
      "SELECT t.id, t.code, t.name, t.kind, r.code, r.name, t.vision, t.team_values, t.min_size, "
      "t.max_size, p.id, p.name, p.email FROM teams t LEFT JOIN regions r ON r.id = t.region_id "
      "LEFT JOIN people p ON p.id = t.coach_id WHERE t.code = $1",
      {code});
  if (found.empty()) return std::nullopt;
  auto& row = found.rows[0];
  TeamDetail d;
  d.id = row.integer(0);
  d.team.code = row.text(1);
  d.team.name = row.text(2);
  d.team.kind = row.text(3);
  d.team.region = row.optional_text(4);
  d.region_name = row.optional_text(5).value_or("");
  d.team.vision = row.text(6);
  d.team.values = row.text(7);
  d.team.min_size = static_cast<int>(row.integer(8));
  d.team.max_size = static_cast<int>(row.integer(9));
  if (!row.is_null(10)) {
    d.coach_id = row.integer(10);
    d.coach_name = row.text(11);
    d.team.coach = row.text(12);
  }

  for (auto& r : c.query("SELECT code, name FROM competences").rows) {
    d.catalogue.push_back({r.text(0), r.text(1)});
  }
  std::sort(d.catalogue.begin(), d.catalogue.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  for (auto& r : c.query("SELECT k.code, q.minimum FROM team_requirements q JOIN competences k ON "
                         "k.id = q.competence_id WHERE q.team_id = $1",
                         {d.id})
                     .rows) {
    d.team.required_mix[r.text(0)] = static_cast<int>(r.integer(1));
  }

  std::unordered_map<std::int64_t, std::size_t> member_at;
  for (auto& r : c.query("SELECT p.id, p.name, p.email, m.share_percent FROM memberships m JOIN "
                         "people p ON p.id = m.person_id WHERE m.team_id = $1",
                         {d.id})
                     .rows) {
    d.members.push_back({r.integer(0), r.text(1), r.text(2), static_cast<int>(r.integer(3)), {}});
  }
  std::sort(d.members.begin(), d.members.end(), [](const Member& a, const Member& b) {
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
  });
  for (std::size_t i = 0; i < d.members.size(); ++i) member_at[d.members[i].id] = i;
  std::map<std::string, int> held;
  for (auto& r : c.query("SELECT pc.person_id, k.code, pc.level FROM memberships m JOIN "
                         "person_competences pc ON pc.person_id = m.person_id JOIN competences k "
                         "ON k.id = pc.competence_id WHERE m.team_id = $1",
                         {d.id})
                     .rows) {
    d.members[member_at.at(r.integer(0))].competences.push_back(
        {r.text(1), static_cast<int>(r.integer(2))});
    ++held[r.text(1)];
  }
  for (auto& m : d.members) {
    std::sort(m.competences.begin(), m.competences.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
  }
  d.coverage = coverage(d.team, static_cast<int>(d.members.size()), held);

  for (auto& r : c.query("SELECT r.code, r.name, r.purpose, p.id, p.name, p.email, a.since, "
                         "a.next_rotation FROM roles r LEFT JOIN role_assignments a ON a.role_id "
                         "= r.id AND a.team_id = $1 LEFT JOIN people p ON p.id = a.person_id",
                         {d.id})
                     .rows) {
    TeamRole role{r.text(0), r.text(1), r.text(2), 0, "", "", "", ""};
    if (!r.is_null(3)) {
      role.holder_id = r.integer(3);
      role.holder_name = r.text(4);
      role.holder_email = r.text(5);
      role.since = r.text(6);
      role.next_rotation = r.text(7);
    }
    d.roles.push_back(std::move(role));
  }
  std::sort(d.roles.begin(), d.roles.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.code) < std::tie(b.name, b.code);
  });
  return d;
}

std::vector<TeamStatus> team_statuses(store::Connection& c) {
  std::vector<TeamStatus> statuses;
  std::vector<Team> teams;
  std::unordered_map<std::int64_t, std::size_t> at;
  for (auto& r : c.query("SELECT t.id, t.code, t.name, t.kind, r.code, r.name, p.name, "
                         "t.min_size, t.max_size FROM teams t LEFT JOIN regions r ON r.id = "
                         "t.region_id LEFT JOIN people p ON p.id = t.coach_id")
                     .rows) {
    at[r.integer(0)] = statuses.size();
    statuses.push_back({r.text(1),
                        r.text(2),
                        r.text(3),
                        r.optional_text(4).value_or(""),
                        r.optional_text(5).value_or(""),
                        r.optional_text(6).value_or(""),
                        {}});
    Team t;
    t.min_size = static_cast<int>(r.integer(7));
    t.max_size = static_cast<int>(r.integer(8));
    teams.push_back(std::move(t));
  }
  for (auto& r : c.query("SELECT q.team_id, k.code, q.minimum FROM team_requirements q JOIN "
                         "competences k ON k.id = q.competence_id")
                     .rows) {
    teams[at.at(r.integer(0))].required_mix[r.text(1)] = static_cast<int>(r.integer(2));
  }
  std::vector<int> sizes(statuses.size(), 0);
  for (auto& r : c.query("SELECT team_id, count(*) FROM memberships GROUP BY team_id").rows) {
    sizes[at.at(r.integer(0))] = static_cast<int>(r.integer(1));
  }
  std::vector<std::map<std::string, int>> held(statuses.size());
  for (auto& r : c.query("SELECT m.team_id, k.code, count(*) FROM memberships m JOIN "
                         "person_competences pc ON pc.person_id = m.person_id JOIN competences k "
                         "ON k.id = pc.competence_id GROUP BY m.team_id, k.code")
                     .rows) {
    held[at.at(r.integer(0))][r.text(1)] = static_cast<int>(r.integer(2));
  }
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    statuses[i].coverage = coverage(teams[i], sizes[i], held[i]);
  }
  std::sort(statuses.begin(), statuses.end(), [](const TeamStatus& a, const TeamStatus& b) {
    return std::tuple(a.region_name.empty(), a.region_name, a.name, a.code) <
           std::tuple(b.region_name.empty(), b.region_name, b.name, b.code);
  });
  return statuses;
}

std::vector<RoleOverview> roles_overview(store::Connection& c) {
  std::vector<RoleOverview> roles;
  std::unordered_map<std::string, std::size_t> at;
  for (auto& r : c.query("SELECT code, name, purpose, accountabilities FROM roles").rows) {
    at[r.text(0)] = roles.size();
    roles.push_back({{r.text(0), r.text(1), r.text(2), text::lines(r.text(3))}, {}});
  }
  for (auto& r : c.query("SELECT r.code, t.code, t.name, p.id, p.name, a.since, a.next_rotation "
                         "FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN teams t "
                         "ON t.id = a.team_id JOIN people p ON p.id = a.person_id")
                     .rows) {
    roles[at.at(r.text(0))].holders.push_back(
        {r.text(1), r.text(2), r.integer(3), r.text(4), r.text(5), r.text(6)});
  }
  for (auto& role : roles) {
    std::sort(role.holders.begin(), role.holders.end(), [](const Holder& a, const Holder& b) {
      return std::tie(a.team_name, a.team_code) < std::tie(b.team_name, b.team_code);
    });
  }
  std::sort(roles.begin(), roles.end(), [](const RoleOverview& a, const RoleOverview& b) {
    return std::tie(a.role.name, a.role.code) < std::tie(b.role.name, b.role.code);
  });
  return roles;
}

void translate(TeamDetail& d, const store::Names& names) {
  d.team.name = names.of(store::kinds::team, d.team.code, d.team.name);
  if (d.team.region) d.region_name = names.of(store::kinds::region, *d.team.region, d.region_name);
  for (auto& k : d.catalogue) k.name = names.of(store::kinds::competence, k.code, k.name);
  for (auto& r : d.roles) {
    r.name = names.of(store::kinds::role, r.code, r.name);
    r.purpose = names.of(store::kinds::role_purpose, r.code, r.purpose);
  }
  std::stable_sort(d.roles.begin(), d.roles.end(),
                   [](const TeamRole& a, const TeamRole& b) { return a.name < b.name; });
}

void translate(std::vector<TeamStatus>& all, const store::Names& names) {
  for (auto& s : all) {
    s.name = names.of(store::kinds::team, s.code, s.name);
    if (!s.region_code.empty()) {
      s.region_name = names.of(store::kinds::region, s.region_code, s.region_name);
    }
  }
  auto key = [](const TeamStatus& s) {
    return std::make_tuple(s.region_code.empty(), std::cref(s.region_name),
                           std::cref(s.region_code));
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const TeamStatus& a, const TeamStatus& b) { return key(a) < key(b); });
}

void translate(std::vector<RoleOverview>& roles, const store::Names& names) {
  for (auto& o : roles) {
    o.role.name = names.of(store::kinds::role, o.role.code, o.role.name);
    o.role.purpose = names.of(store::kinds::role_purpose, o.role.code, o.role.purpose);
    for (std::size_t i = 0; i < o.role.accountabilities.size(); ++i) {
      auto& line = o.role.accountabilities[i];
      line = names.of(store::kinds::role_accountability, o.role.code + "/" + std::to_string(i + 1),
                      line);
    }
    for (auto& h : o.holders) h.team_name = names.of(store::kinds::team, h.team_code, h.team_name);
  }
  std::stable_sort(roles.begin(), roles.end(), [](const RoleOverview& a, const RoleOverview& b) {
    return a.role.name < b.role.name;
  });
}

std::vector<RotationDue> rotations_due(store::Connection& c, std::int64_t person_id,
                                       const std::string& today, const std::string& until) {
  std::vector<RotationDue> due;
  for (auto& r :
       c.query(
            "SELECT t.code, t.name, o.code, o.name, p.name, a.next_rotation FROM memberships m "
            "JOIN role_assignments a ON a.team_id = m.team_id JOIN teams t ON t.id = a.team_id "
            "JOIN roles o ON o.id = a.role_id JOIN people p ON p.id = a.person_id WHERE "
            "m.person_id = $1 AND a.next_rotation <= $2 ORDER BY a.next_rotation, t.code, o.code",
            {person_id, until})
           .rows) {
    RotationDue d{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), false};
    d.overdue = d.next_rotation < today;  // ISO dates compare as text
    due.push_back(std::move(d));
  }
  return due;
}

void translate(std::vector<RotationDue>& due, const store::Names& names) {
  for (auto& d : due) {
    d.team_name = names.of(store::kinds::team, d.team_code, d.team_name);
    d.role_name = names.of(store::kinds::role, d.role_code, d.role_name);
  }
}

}  // namespace ploeg::organisation::teams
