// Inside the import: records as read from the files, each with where it came
// from, before they are checked against the database.
#pragma once

#include <climits>
#include <set>
#include <string>
#include <vector>

#include "organisation/exchange.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::exchange::detail {

// Where a record came from: a CSV line, or a JSON path ("people[3]").
struct Origin {
  std::string file;
  std::size_t line = 0;  // CSV
  std::string path;      // JSON
  // A problem with one field of this record (`field` is the column name).
  Problem problem(const std::string& field, std::string message) const;
  // "people.csv line 4" or "org.json people[3]", to name another record.
  std::string where() const;
};

// Optional fields a record left out; they keep their stored values.
struct Record {
  Origin origin;
  std::set<std::string> absent;
  bool has(const std::string& field) const { return !absent.count(field); }
};

struct PersonRecord : Record {
  Person person;
};
struct TeamRecord : Record {
  Team team;
};
struct MembershipRecord : Record {
  Membership membership;
};
// A name of a competence, region, star role or team in one language.
struct NameRecord : Record {
  std::string kind, code, language, name;
};

// A number field that was empty or not a number at all.
inline constexpr int missing = INT_MIN;

struct Parsed {
  std::vector<PersonRecord> people;
  std::vector<TeamRecord> teams;
  std::vector<MembershipRecord> memberships;
  std::vector<NameRecord> names;
  std::vector<Problem> problems;
};

inline const std::vector<std::string> person_columns = {"email",     "name",          "languages",
                                                        "fte",       "home_postcode", "competences",
                                                        "expertise", "ask_me_about"};
inline const std::vector<std::string> person_required = {"email", "name", "fte", "home_postcode"};
inline const std::vector<std::string> team_columns = {"code",     "name",     "kind",     "region",
                                                      "min_size", "max_size", "required", "coach",
                                                      "vision",   "values"};
inline const std::vector<std::string> team_required = {"code", "name", "kind", "min_size",
                                                       "max_size"};
inline const std::vector<std::string> membership_columns = {"email", "team", "share_percent"};
inline const std::vector<std::string> membership_required = membership_columns;
inline const std::vector<std::string> name_columns = {"kind", "code", "language", "name"};
inline const std::vector<std::string> name_required = name_columns;
// What names may be imported for: the organisation's own things.
inline const std::vector<std::string> name_kinds = {"competence", "region", "role", "team"};

// Field checks shared by the CSV and JSON readers; each reports into `out`
// and returns false when the value is unusable.
std::string lower(std::string s);
// "a, b and c" for messages.
std::string describe_list(const std::vector<std::string>& items);
bool valid_email(const std::string& email);
// Reads "0.8" (at most three decimals) into permille.
bool parse_fte(const std::string& text, int& permille);
bool parse_int(const std::string& text, int& value);

// Reads one file into `parsed` (CSV or JSON, told apart by its first character).
void read_file(const InputFile& file, Parsed& parsed);
void read_csv(const InputFile& file, Parsed& parsed);
void read_json(const InputFile& file, Parsed& parsed);

// Checks on a record's own fields, once its values are in: required values
// present, e-mail, fte and size ranges, levels, kinds, languages, no repeats.
void check_person(const PersonRecord& r, std::vector<Problem>& out);
void check_team(const TeamRecord& r, std::vector<Problem>& out);
void check_membership(const MembershipRecord& r, std::vector<Problem>& out);
void check_name(const NameRecord& r, std::vector<Problem>& out);

}  // namespace ploeg::organisation::exchange::detail

namespace ploeg::organisation::exchange::detail {

// What an import will write, once it has been checked.
struct Plan {
  std::vector<Person> people_added, people_changed;
  std::vector<Team> teams_added, teams_changed;
  std::vector<Membership> memberships_written;  // added or with a new share
  std::vector<store::Name> names_written;       // added or renamed
  Counts people, teams, memberships, names;
};

// Checks every record against the others and against `existing` (the
// database's organisation), adding every problem to parsed.problems.
Plan plan_import(const Organisation& existing, Parsed& parsed);

}  // namespace ploeg::organisation::exchange::detail
