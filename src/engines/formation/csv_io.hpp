// The CSV files of `ploeg form-teams`: people.csv, teams.csv, assignment.csv.
//   people.csv: id,name,competences,regions,current_team,preferred_teams,liked_colleagues
//   teams.csv:  id,name,region,min_size,max_size,required
// Lists are separated by ';' (preferences in order); `required` reads like
// intake=2;administration=3. Columns may come in any order; only id and
// regions (people) and id, region, min_size, max_size (teams) are required.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engines/formation/formation.hpp"

namespace ploeg::formation::csv_io {

struct Parsed {
  Input input;
  std::vector<std::string> errors;  // "people.csv:12: ..." each
};

// `people_name` and `teams_name` are the file names the errors mention.
Parsed read(std::string_view people_text, std::string_view people_name, std::string_view teams_text,
            std::string_view teams_name);

// assignment.csv (person_id,team_id) into `assignment`; problems into `errors`.
void read_assignment(std::string_view text, std::string_view name, Assignment& assignment,
                     std::vector<std::string>& errors);

std::string people_csv(const Input& input);
std::string teams_csv(const Input& input);
// person_id,team_id for every placed person, in the order of input.people.
std::string assignment_csv(const Input& input, const Assignment& assignment);

}  // namespace ploeg::formation::csv_io
