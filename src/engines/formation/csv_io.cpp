#include "engines/formation/csv_io.hpp"

#include <charconv>
#include <map>

#include "core/csv.hpp"

namespace ploeg::formation::csv_io {
namespace {

std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find(';', at);
    if (end == std::string_view::npos) end = text.size();
    if (auto item = trim(text.substr(at, end - at)); !item.empty()) items.push_back(item);
    at = end + 1;
  }
  return items;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

bool whole_number(const std::string& text, int& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// One file: its header's columns by name, and a row accessor per record.
class Table {
 public:
  Table(std::string_view text, std::string_view name, const std::vector<std::string>& required,
        std::vector<std::string>& errors)
      : name_(name), errors_(errors) {
    auto document = csv::read(text);
    for (auto& e : document.errors) error(e.line, e.message);
    if (document.records.empty()) {
      error(1, "the file is empty; its first line must name the columns");
      return;
    }
    auto& header = document.records.front();
    for (std::size_t k = 0; k < header.fields.size(); ++k) column_[trim(header.fields[k])] = k;
    bool complete = true;
    for (auto& r : required) {
      if (!column_.count(r)) {
        error(header.line, "the column \"" + r + "\" is missing");
        complete = false;
      }
    }
    if (complete) records_.assign(document.records.begin() + 1, document.records.end());
  }

  const std::vector<csv::Record>& records() const { return records_; }
  std::string get(const csv::Record& record, const std::string& column) const {
    auto found = column_.find(column);
    if (found == column_.end() || found->second >= record.fields.size()) return {};
    return trim(record.fields[found->second]);
  }
  void error(std::size_t line, const std::string& message) {
    errors_.push_back(name_ + ":" + std::to_string(line) + ": " + message);
  }
  bool number(const csv::Record& record, const std::string& column, int& value) {
    auto text = get(record, column);
    if (whole_number(text, value)) return true;
    error(record.line, column + " \"" + text + "\" is not a whole number");
    return false;
  }

 private:
  std::string name_;
  std::vector<std::string>& errors_;
  std::map<std::string, std::size_t> column_;
  std::vector<csv::Record> records_;
};

}  // namespace

Parsed read(std::string_view people_text, std::string_view people_name, std::string_view teams_text,
            std::string_view teams_name) {
  Parsed parsed;
  Table teams(teams_text, teams_name, {"id", "region", "min_size", "max_size"}, parsed.errors);
  for (auto& record : teams.records()) {
    Team team;
    team.id = teams.get(record, "id");
    team.name = teams.get(record, "name");
    team.region = teams.get(record, "region");
    if (team.id.empty()) teams.error(record.line, "the id is empty");
    if (team.region.empty()) teams.error(record.line, "the region is empty");
    teams.number(record, "min_size", team.min_size);
    teams.number(record, "max_size", team.max_size);
    for (auto& item : split_list(teams.get(record, "required"))) {
      auto equals = item.find('=');
      int minimum = 0;
      if (equals == std::string::npos || !whole_number(trim(item.substr(equals + 1)), minimum) ||
          trim(item.substr(0, equals)).empty()) {
        teams.error(record.line, "required \"" + item + "\" is not like competence=number");
        continue;
      }
      team.required[trim(item.substr(0, equals))] = minimum;
    }
    parsed.input.teams.push_back(std::move(team));
  }
  Table people(people_text, people_name, {"id", "regions"}, parsed.errors);
  for (auto& record : people.records()) {
    Person person;
    person.id = people.get(record, "id");
    if (person.id.empty()) people.error(record.line, "the id is empty");
    person.name = people.get(record, "name");
    person.competences = split_list(people.get(record, "competences"));
    person.regions = split_list(people.get(record, "regions"));
    if (auto current = people.get(record, "current_team"); !current.empty())
      person.current_team = current;
    person.preferred_teams = split_list(people.get(record, "preferred_teams"));
    if (person.preferred_teams.size() > 3) {
      people.error(record.line, "preferred_teams names " +
                                    std::to_string(person.preferred_teams.size()) +
                                    " teams; at most 3 are allowed");
    }
    person.liked_colleagues = split_list(people.get(record, "liked_colleagues"));
    parsed.input.people.push_back(std::move(person));
  }
  return parsed;
}

void read_assignment(std::string_view text, std::string_view name, Assignment& assignment,
                     std::vector<std::string>& errors) {
  Table table(text, name, {"person_id", "team_id"}, errors);
  for (auto& record : table.records()) {
    auto person = table.get(record, "person_id"), team = table.get(record, "team_id");
    if (person.empty()) {
      table.error(record.line, "person_id is empty");
    } else if (team.empty()) {
      table.error(record.line, "team_id is empty");
    } else if (!assignment.emplace(person, team).second) {
      table.error(record.line, "person \"" + person + "\" is placed twice");
    }
  }
}

std::string people_csv(const Input& input) {
  std::string out = csv::row({"id", "name", "competences", "regions", "current_team",
                              "preferred_teams", "liked_colleagues"});
  for (auto& p : input.people) {
    out += csv::row({p.id, p.name, join_list(p.competences), join_list(p.regions),
                     p.current_team.value_or(""), join_list(p.preferred_teams),
                     join_list(p.liked_colleagues)});
  }
  return out;
}

std::string teams_csv(const Input& input) {
  std::string out = csv::row({"id", "name", "region", "min_size", "max_size", "required"});
  for (auto& t : input.teams) {
    std::string required;
    for (auto& [c, n] : t.required)
      required += (required.empty() ? "" : ";") + c + "=" + std::to_string(n);
    out += csv::row(
        {t.id, t.name, t.region, std::to_string(t.min_size), std::to_string(t.max_size), required});
  }
  return out;
}

std::string assignment_csv(const Input& input, const Assignment& assignment) {
  std::string out = csv::row({"person_id", "team_id"});
  for (auto& p : input.people) {
    if (auto found = assignment.find(p.id); found != assignment.end())
      out += csv::row({p.id, found->second});
  }
  return out;
}

}  // namespace ploeg::formation::csv_io
