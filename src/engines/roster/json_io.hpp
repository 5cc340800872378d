// `ploeg plan-week`'s files: the week as JSON in (every mistake named by
// its place in the file, with what to write), the plan as JSON out.
#pragma once

#include <string>
#include <vector>

#include "engines/roster/model.hpp"
#include "engines/roster/planner.hpp"

namespace ploeg::roster {

struct WeekFile {
  Week week;
  std::vector<std::string> errors;  // "week.json: members[2].wishes.fri: ..."; empty when usable
};

// {"days": ["mon", ...], "policy": {"max_home_days": 3, "team_office_days": ["tue"]},
//  "desks": [12, ...] or {"mon": 12, ...}, "rooms": [...],
//  "members": [{"id", "name", "competences": [...], "works": ["mon", ...],
//               "entered": {"wed": "off"}, "wishes": {"fri": "home"}, "past_granted": 0.4}],
//  "rules": [{"competence", "place": "office", "min": 1, "day": "tue"}],
//  "appointments": [{"id", "day", "part": "morning"|"afternoon", "competence",
//                    "where": "office"|"home_visit"|"video"}]}
WeekFile read_week(const std::string& text, const std::string& name);

std::string plan_json(const Week& week, const Plan& plan);

}  // namespace ploeg::roster
