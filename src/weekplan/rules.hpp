// What a team decides about its own week (issue 7), as data: its coverage
// rules ("each working day at least one intake co-worker in the office") and
// its team office days. The pages (rules_pages.cpp) and the week's loader
// (store.cpp) read and write them only through these functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/outcome.hpp"
#include "engines/roster/model.hpp"
#include "store/database.hpp"

namespace ploeg::weekplan {

// A regional team, the only kind that plans a week.
struct PlanningTeam {
  std::int64_t id = 0;
  std::string code, name;
};
std::optional<PlanningTeam> planning_team(store::Connection& c, const std::string& code);

struct TeamRule {
  std::int64_t id = 0;
  std::string competence;  // code
  int minimum = 1;
  std::string place;           // "office", "field", "home"
  std::optional<int> weekday;  // 0 = Monday; none: every working day
  int holders = 0;             // members holding the competence
};
// Day-specific rules after the daily ones, then by competence.
std::vector<TeamRule> team_rules(store::Connection& c, std::int64_t team_id);

struct NewRule {
  std::string competence;  // code
  int minimum = 1;
  roster::Place place = roster::Place::office;
  std::optional<int> weekday;
};
// Adds it, or refuses it as invalid (field competence): an unknown
// competence, or fewer members holding it than the minimum.
Outcome add_rule(store::Connection& c, std::int64_t team_id, const NewRule& rule);
// False when the team has no such rule.
bool remove_rule(store::Connection& c, std::int64_t team_id, std::int64_t rule_id);

// The team's office days, 0 = Monday .. 4 = Friday, in order.
std::vector<int> office_days(store::Connection& c, std::int64_t team_id);
void set_office_days(store::Connection& c, std::int64_t team_id,
                     const std::vector<std::int64_t>& days);

}  // namespace ploeg::weekplan
