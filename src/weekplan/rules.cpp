#include "weekplan/rules.hpp"

#include "weekplan/appointments.hpp"

namespace ploeg::weekplan {

std::optional<PlanningTeam> planning_team(store::Connection& c, const std::string& code) {
  auto team =
      c.query("SELECT id, code, name FROM teams WHERE code = $1 AND kind = 'regional'", {code});
  if (team.empty()) return std::nullopt;
  return PlanningTeam{team.rows[0].integer(0), team.rows[0].text(1), team.rows[0].text(2)};
}

std::vector<TeamRule> team_rules(store::Connection& c, std::int64_t team_id) {
  std::vector<TeamRule> rules;
  for (auto& r :
       c.query("SELECT r.id, k.code, r.minimum, r.place, r.weekday, (SELECT COUNT(*) FROM "
               "memberships m JOIN person_competences pc ON pc.person_id = m.person_id WHERE "
               "m.team_id = r.team_id AND pc.competence_id = r.competence_id) FROM "
               "team_rules r JOIN competences k ON k.id = r.competence_id WHERE r.team_id = "
               "$1 ORDER BY r.weekday IS NOT NULL, r.weekday, k.code, r.id",
               {team_id})
           .rows) {
    TeamRule rule;
    rule.id = r.integer(0);
    rule.competence = r.text(1);
    rule.minimum = static_cast<int>(r.integer(2));
    rule.place = r.text(3);
    if (!r.is_null(4)) rule.weekday = static_cast<int>(r.integer(4));
    rule.holders = static_cast<int>(r.integer(5));
    rules.push_back(std::move(rule));
  }
  return rules;
}

Outcome add_rule(store::Connection& c, std::int64_t team_id, const NewRule& rule) {
  auto refuse = [](const char* key, const char* message) {
    return Outcome::refused(Verdict::invalid, {"competence", key, message});
  };
  auto holders = team_holders(c, team_id, rule.competence);
  if (!holders) return refuse("week_appointment_unknown_competence", "no such competence");
  if (holders->count < rule.minimum)
    return refuse("week_rules_too_few_holders", "fewer members hold it than the minimum");
  c.query(
      "INSERT INTO team_rules (team_id, competence_id, place, minimum, weekday) VALUES ($1, $2, "
      "$3, $4, $5)",
      {team_id, holders->competence_id, std::string(roster::place_name(rule.place)),
       std::int64_t{rule.minimum},
       rule.weekday ? store::Value(std::int64_t{*rule.weekday}) : store::Value(nullptr)});
  return {};
}

bool remove_rule(store::Connection& c, std::int64_t team_id, std::int64_t rule_id) {
  return !c.query("DELETE FROM team_rules WHERE id = $1 AND team_id = $2 RETURNING id",
                  {rule_id, team_id})
              .empty();
}

std::vector<int> office_days(store::Connection& c, std::int64_t team_id) {
  std::vector<int> days;
  for (auto& r : c.query("SELECT weekday FROM team_office_days WHERE team_id = $1 ORDER BY weekday",
                         {team_id})
                     .rows)
    days.push_back(static_cast<int>(r.integer(0)));
  return days;
}

void set_office_days(store::Connection& c, std::int64_t team_id,
                     const std::vector<std::int64_t>& days) {
  c.query("DELETE FROM team_office_days WHERE team_id = $1", {team_id});
  for (auto d : days) {
    c.query(
        "INSERT INTO team_office_days (team_id, weekday) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {team_id, d});
  }
}

}  // namespace ploeg::weekplan
