#include "staffing/flow.hpp"

#include <algorithm>
#include <set>

#include "casework/process.hpp"
#include "casework/store.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"

namespace ploeg::staffing {
namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char ch : text + ",") {
    if (ch == ',' || ch == ';') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (ch != ' ') {
      item += ch;
    }
  }
  return out;
}

std::string placeholders(std::size_t n, std::size_t first) {
  std::string list;
  for (std::size_t k = 0; k < n; ++k) list += (k ? ", $" : "$") + std::to_string(first + k);
  return list;
}

}  // namespace

Choices scope_choices(store::Connection& c, const std::string& language) {
  using store::names::sql;
  namespace kinds = store::kinds;
  Choices out;
  auto team_name = sql(kinds::team, "t.code", "t.name", "$1");
  auto region_name = sql(kinds::region, "r.code", "r.name", "$1");
  for (auto& row : c.query("SELECT t.code, " + team_name + ", COALESCE(" + region_name +
                               ", '') FROM teams t LEFT JOIN regions r ON r.id = t.region_id "
                               "WHERE t.kind = 'regional' ORDER BY 3, 2",
                           {language})
                       .rows)
    out.teams.push_back({row.text(0), row.text(1), row.text(2)});
  for (auto& row :
       c.query("SELECT r.code, " + region_name + " FROM regions r ORDER BY 2", {language}).rows)
    out.regions.push_back({row.text(0), row.text(1), ""});
  return out;
}

std::optional<Scope> find_scope(store::Connection& c, const std::string& team,
                                const std::string& region, const std::string& language) {
  using store::names::sql;
  Scope scope;
  if (!team.empty()) {
    auto found = c.query("SELECT t.id, " + sql(store::kinds::team, "t.code", "t.name", "$2") +
                             " FROM teams t WHERE t.code = $1 AND t.kind = 'regional'",
                         {team, language});
    if (found.empty()) return std::nullopt;
    scope = {"team", team, found.rows[0].text(1), {found.rows[0].integer(0)}};
  } else if (!region.empty()) {
    auto found = c.query("SELECT r.id, " + sql(store::kinds::region, "r.code", "r.name", "$2") +
                             " FROM regions r WHERE r.code = $1",
                         {region, language});
    if (found.empty()) return std::nullopt;
    scope = {"region", region, found.rows[0].text(1), {}};
    for (auto& row : c.query("SELECT id FROM teams WHERE region_id = $1 AND kind = 'regional' "
                             "ORDER BY id",
                             {found.rows[0].integer(0)})
                         .rows)
      scope.team_ids.push_back(row.integer(0));
  }
  return scope;
}

Flow read_flow(store::Connection& c, const std::vector<std::int64_t>& team_ids,
               const std::string& scope_name, std::int64_t now, const std::string& language) {
  Flow flow;
  flow.scope_name = scope_name;
  flow.teams = std::max<int>(1, static_cast<int>(team_ids.size()));
  if (team_ids.empty()) return flow;
  std::int64_t since = now - std::int64_t{flow.weeks} * 7 * 86400;
  auto process = casework::sql::load_process(c);
  auto names = store::names::load(c, language);

  // Requests received per type and set of conditions.
  std::vector<store::Value> params{since, now};
  for (auto id : team_ids) params.emplace_back(id);
  auto counted = c.query(
      "SELECT t.code, r.conditions, COUNT(*) FROM requests r JOIN request_types t ON t.id = "
      "r.request_type_id WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND r.team_id IN (" +
          placeholders(team_ids.size(), 3) + ") GROUP BY t.code, r.conditions",
      params);
  std::map<std::string, std::vector<std::pair<std::vector<std::string>, std::int64_t>>> by_type;
  for (auto& row : counted.rows)
    by_type[row.text(0)].push_back({split(row.text(1)), row.integer(2)});

  for (auto& type : process.types) {
    TypeDemand demand;
    demand.code = type.code;
    demand.name = names.of(store::kinds::request_type, type.code, type.name);
    demand.target_days = type.target_days;
    auto& groups = by_type[type.code];
    for (auto& [conditions, n] : groups) demand.received += n;
    if (demand.received == 0) continue;
    demand.per_week = static_cast<double>(demand.received) / flow.weeks;
    for (auto& step : type.steps) {
      std::int64_t needed = 0;
      for (auto& [conditions, n] : groups) {
        for (auto* s : casework::steps_for(type, conditions)) {
          if (s->code == step.code) needed += n;
        }
      }
      demand.steps.push_back({step.code, names.step(type.code, step.code, step.name),
                              step.competence,
                              static_cast<double>(needed) / static_cast<double>(demand.received)});
      if (std::find(flow.competences.begin(), flow.competences.end(), step.competence) ==
          flow.competences.end())
        flow.competences.push_back(step.competence);
    }
    flow.types.push_back(demand);
  }

  flow.competence_names = organisation::sql::competence_names(c, language);
  // Staff: a member's FTE and share in the team, split over the process
  // competences they hold (someone doing intake and administration gives each half).
  std::set<std::string> used(flow.competences.begin(), flow.competences.end());
  std::vector<store::Value> team_params;
  for (auto id : team_ids) team_params.emplace_back(id);
  auto members = c.query(
      "SELECT p.id, m.team_id, p.fte_permille, m.share_percent, k.code FROM memberships m JOIN "
      "people p ON "
      "p.id = m.person_id JOIN person_competences pc ON pc.person_id = p.id JOIN competences k ON "
      "k.id = pc.competence_id WHERE m.team_id IN (" +
          placeholders(team_ids.size(), 1) + ") ORDER BY p.id, m.team_id, k.code",
      team_params);
  struct Held {
    double fte = 0;
    std::vector<std::string> codes;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Held> held;  // (person, team)
  for (auto& row : members.rows) {
    if (!used.count(row.text(4))) continue;
    auto& h = held[{row.integer(0), row.integer(1)}];
    h.fte =
        static_cast<double>(row.integer(2)) / 1000.0 * static_cast<double>(row.integer(3)) / 100.0;
    h.codes.push_back(row.text(4));
  }
  std::set<std::int64_t> people;
  for (auto& [who, h] : held) {
    people.insert(who.first);
    flow.members.push_back({who.first, h.fte, h.codes});
    for (auto& code : h.codes) flow.fte[code] += h.fte / static_cast<double>(h.codes.size());
  }
  flow.people = static_cast<std::int64_t>(people.size());
  return flow;
}

}  // namespace ploeg::staffing
