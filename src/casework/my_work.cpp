#include "casework/my_work.hpp"

#include <map>

#include "casework/complaints.hpp"
#include "casework/handling_support.hpp"
#include "casework/review.hpp"
#include "casework/working_time.hpp"
#include "core/clock.hpp"

namespace ploeg::casework {

MyWork my_work(store::Connection& c, std::int64_t person_id) {
  MyWork work;
  if (person_id == 0) return work;
  auto now_day = today();
  std::map<std::int64_t, int> limits;  // team id -> held_too_long_days
  for (auto& k :
       handling::load_cases(c, "r.holder_id = $1 AND r.finished_at IS NULL", {person_id})) {
    if (!k.current()) continue;
    MyStep step;
    step.reference = k.reference;
    step.type_code = k.type.code;
    step.type_name = k.type.name;
    step.step_code = k.current()->code;
    step.step_name = k.current()->name;
    step.team_code = k.team_code;
    step.taken_at = k.taken_at.value_or(k.submitted_at);
    step.held_working_days = working_days_after(local_day(step.taken_at), now_day);
    // Each team's setting read once, however many of its steps are held.
    auto setting = limits.find(k.team_id);
    if (setting == limits.end()) {
      setting = limits.emplace(k.team_id, held_too_long_days(c, k.team_id)).first;
    }
    step.held_too_long = step.held_working_days > setting->second;
    work.steps.push_back(std::move(step));
  }
  auto held = c.query(
      "SELECT pc.level FROM person_competences pc JOIN competences k ON k.id = pc.competence_id "
      "WHERE pc.person_id = $1 AND k.code = $2",
      {person_id, std::string(decision_competence)});
  auto decision_level = held.empty() ? 0 : held.rows[0].integer(0);
  auto rules = decision_level > 0 ? sql::review_rules(c) : std::map<std::string, ReviewRule>{};
  for (auto& t : c.query("SELECT t.id, t.code, t.name FROM memberships m JOIN teams t ON t.id = "
                         "m.team_id WHERE m.person_id = $1 AND t.kind = 'regional' ORDER BY t.code",
                         {person_id})
                     .rows) {
    TeamWork team;
    team.team_code = t.text(1);
    team.team_name = t.text(2);
    auto counts = c.query(
        "SELECT count(*), count(*) - count(holder_id) FROM requests WHERE team_id = $1 AND "
        "finished_at IS NULL",
        {t.integer(0)});
    team.in_progress = static_cast<int>(counts.rows.at(0).integer(0));
    team.waiting = static_cast<int>(counts.rows.at(0).integer(1));
    auto oldest = c.query(
        "SELECT reference, submitted_at FROM requests WHERE team_id = $1 AND finished_at IS NULL "
        "ORDER BY submitted_at, id LIMIT 1",
        {t.integer(0)});
    if (!oldest.empty()) {
      team.oldest_reference = oldest.rows[0].text(0);
      team.oldest_submitted_at = oldest.rows[0].integer(1);
    }
    auto complaints = complaints_waiting(c, t.integer(0));
    team.complaints_waiting = static_cast<int>(complaints.size());
    if (!complaints.empty()) {
      team.oldest_complaint_reference = complaints[0].reference;
      team.oldest_complaint_at = complaints[0].complained_at;
    }
    if (decision_level > 0) {
      for (auto& p : c.query("SELECT r.reference, y.code, p.preparer_id FROM decision_proposals p "
                             "JOIN requests r ON r.id = p.request_id JOIN request_types y ON y.id "
                             "= r.request_type_id WHERE r.team_id = $1 ORDER BY p.proposed_at, "
                             "r.id",
                             {t.integer(0)})
                         .rows) {
        auto rule = rules.find(p.text(1));
        int level = rule == rules.end() ? ReviewRule{}.level : rule->second.level;
        if (p.optional_integer(2).value_or(0) == person_id || decision_level < level) continue;
        team.to_confirm.push_back(p.text(0));
      }
    }
    work.teams.push_back(std::move(team));
  }
  work.taken_over = taken_over_from(c, person_id, now_seconds() - taken_over_days * 24 * 3600);
  return work;
}

}  // namespace ploeg::casework
