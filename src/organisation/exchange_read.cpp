// Reading CSV files into records: the header tells the kind of file, each
// line becomes one record that remembers its line.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "organisation/exchange_records.hpp"

namespace ploeg::organisation::exchange::detail {

Problem Origin::problem(const std::string& field, std::string message) const {
  if (!path.empty())
    return {file, 0, field.empty() ? path : path + "." + field, std::move(message)};
  return {file, line, field, std::move(message)};
}

std::string Origin::where() const {
  if (!path.empty()) return file + " " + path;
  return file + " line " + std::to_string(line);
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool valid_email(const std::string& email) {
  if (email.size() > 254) return false;
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  auto domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(email.begin(), email.end(), [](unsigned char ch) {
    return ch <= ' ' || ch == 0x7F || ch == ',' || ch == ';' || ch == '<' || ch == '>' || ch == '"';
  });
}

bool parse_int(const std::string& text, int& value) {
  if (text.empty() || text.size() > 9) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_fte(const std::string& text, int& permille) {
  auto dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch); });
  };
  if (whole.empty() || whole.size() > 4 || !digits(whole) || !digits(fraction)) return false;
  if (dot != std::string::npos && fraction.empty()) return false;
  if (fraction.size() > 3) {
    // More decimals than permille holds is fine only when they are zeros.
    if (fraction.find_first_not_of('0', 3) != std::string::npos) return false;
    fraction.resize(3);
  }
  while (fraction.size() < 3) fraction += '0';
  permille = std::stoi(whole) * 1000 + std::stoi(fraction);
  return true;
}

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    auto item = text::trimmed(text.substr(start, end - start));
    if (!item.empty()) items.push_back(item);
    start = end + 1;
  }
  return items;
}

int int_or_missing(const std::string& text) {
  int value = 0;
  return parse_int(text::trimmed(text), value) ? value : missing;
}

enum class Kind { people, teams, memberships, names };

struct Layout {
  Kind kind;
  const std::vector<std::string>* columns;
  const std::vector<std::string>* required;
};

std::optional<Layout> layout_of(const std::vector<std::string>& header) {
  auto has = [&](const char* column) {
    return std::find(header.begin(), header.end(), column) != header.end();
  };
  if (has("language")) return Layout{Kind::names, &name_columns, &name_required};
  if (has("code")) return Layout{Kind::teams, &team_columns, &team_required};
  if (has("share_percent") || has("team")) {
    return Layout{Kind::memberships, &membership_columns, &membership_required};
  }
  if (has("email")) return Layout{Kind::people, &person_columns, &person_required};
  return std::nullopt;
}

// A line's values by column name; absent columns read as empty.
struct Line {
  const std::map<std::string, std::string>* values;
  std::string operator[](const std::string& column) const {
    auto it = values->find(column);
    return it == values->end() ? std::string() : it->second;
  }
};

PersonRecord person_from(const Line& v, Record base, std::vector<Problem>& problems) {
  PersonRecord r;
  static_cast<Record&>(r) = std::move(base);
  auto& p = r.person;
  p.email = lower(text::trimmed(v["email"]));
  p.name = v["name"];
  for (auto& code : split(v["languages"], ';')) p.languages.push_back(lower(code));
  auto fte = text::trimmed(v["fte"]);
  if (!parse_fte(fte, p.fte_permille)) p.fte_permille = missing;
  p.home_postcode = text::trimmed(v["home_postcode"]);
  for (auto& item : split(v["competences"], ';')) {
    auto colon = item.find(':');
    PersonCompetence c{text::trimmed(item.substr(0, colon)), 1};
    if (colon != std::string::npos) {
      if (!parse_int(text::trimmed(item.substr(colon + 1)), c.level)) c.level = 0;
    }
    if (c.code.empty()) {
      problems.push_back(
          r.origin.problem("competences", "person " + p.email + ": \"" + item +
                                              "\" has no competence code: write code:level, "
                                              "like intake:2"));
      continue;
    }
    p.competences.push_back(c);
  }
  p.expertise = split(v["expertise"], ';');
  p.ask_me_about = v["ask_me_about"];
  return r;
}

TeamRecord team_from(const Line& v, Record base, std::vector<Problem>& problems) {
  TeamRecord r;
  static_cast<Record&>(r) = std::move(base);
  auto& t = r.team;
  t.code = text::trimmed(v["code"]);
  t.name = v["name"];
  t.kind = text::trimmed(v["kind"]);
  if (auto region = text::trimmed(v["region"]); !region.empty()) t.region = region;
  t.min_size = int_or_missing(v["min_size"]);
  t.max_size = int_or_missing(v["max_size"]);
  for (auto& item : split(v["required"], ';')) {
    auto eq = item.find('=');
    auto code = text::trimmed(item.substr(0, eq));
    int minimum = 1;
    if (eq != std::string::npos && !parse_int(text::trimmed(item.substr(eq + 1)), minimum))
      minimum = 0;
    if (code.empty() || t.required_mix.count(code)) {
      problems.push_back(r.origin.problem(
          "required",
          "team " + t.code + ": \"" + item +
              (code.empty() ? "\" has no competence code" : "\" names a competence twice") +
              ": write code=minimum once per competence, like intake=2;medical=1"));
      continue;
    }
    t.required_mix[code] = minimum;
  }
  if (auto coach = lower(text::trimmed(v["coach"])); !coach.empty()) t.coach = coach;
  t.vision = v["vision"];
  t.values = v["values"];
  return r;
}

MembershipRecord membership_from(const Line& v, Record base) {
  MembershipRecord r;
  static_cast<Record&>(r) = std::move(base);
  r.membership.person = lower(text::trimmed(v["email"]));
  r.membership.team = text::trimmed(v["team"]);
  r.membership.share_percent = int_or_missing(v["share_percent"]);
  return r;
}

NameRecord name_from(const Line& v, Record base) {
  NameRecord r;
  static_cast<Record&>(r) = std::move(base);
  r.kind = lower(text::trimmed(v["kind"]));
  r.code = text::trimmed(v["code"]);
  r.language = lower(text::trimmed(v["language"]));
  r.name = text::trimmed(v["name"]);
  return r;
}

}  // namespace

void read_csv(const InputFile& file, Parsed& parsed) {
  auto doc = csv::read(file.content);
  for (auto& e : doc.errors) parsed.problems.push_back({file.name, e.line, "", e.message});
  if (doc.records.empty()) {
    if (doc.errors.empty()) {
      parsed.problems.push_back(
          {file.name, 1, "",
           "the file is empty: its first line must name the columns, like "
           "email,name,languages,fte,home_postcode,competences,expertise,ask_me_about"});
    }
    return;
  }
  auto& head = doc.records.front();
  std::vector<std::string> header;
  for (auto& name : head.fields) header.push_back(lower(text::trimmed(name)));
  auto layout = layout_of(header);
  if (!layout) {
    parsed.problems.push_back(
        {file.name, head.line, "",
         "cannot tell what the file holds from its header: people need the columns " +
             describe_list(person_columns) + "; teams " + describe_list(team_columns) +
             "; memberships " + describe_list(membership_columns) + "; names " +
             describe_list(name_columns)});
    return;
  }
  bool header_ok = true;
  std::set<std::string> seen;
  for (auto& name : header) {
    if (std::find(layout->columns->begin(), layout->columns->end(), name) ==
        layout->columns->end()) {
      parsed.problems.push_back({file.name, head.line, name,
                                 "unknown column \"" + name + "\": the columns of this file are " +
                                     describe_list(*layout->columns)});
      header_ok = false;
    } else if (!seen.insert(name).second) {
      parsed.problems.push_back(
          {file.name, head.line, name, "the column " + name + " is named twice: keep one"});
      header_ok = false;
    }
  }
  for (auto& name : *layout->required) {
    if (!seen.count(name)) {
      parsed.problems.push_back(
          {file.name, head.line, name, "the required column " + name + " is missing: add it"});
      header_ok = false;
    }
  }
  if (!header_ok) return;

  std::set<std::string> absent;
  for (auto& name : *layout->columns) {
    if (!seen.count(name)) absent.insert(name);
  }
  for (std::size_t i = 1; i < doc.records.size(); ++i) {
    auto& record = doc.records[i];
    Record base{{file.name, record.line, ""}, absent};
    if (record.fields.size() != header.size()) {
      parsed.problems.push_back(base.origin.problem(
          "", "this line has " + std::to_string(record.fields.size()) +
                  " fields where the header has " + std::to_string(header.size()) +
                  ": put a field containing commas in double quotes"));
      continue;
    }
    std::map<std::string, std::string> values;
    for (std::size_t k = 0; k < header.size(); ++k) {
      values[header[k]] = csv::from_spreadsheet_safe(record.fields[k]);
    }
    Line line{&values};
    switch (layout->kind) {
      case Kind::people:
        parsed.people.push_back(person_from(line, std::move(base), parsed.problems));
        break;
      case Kind::teams:
        parsed.teams.push_back(team_from(line, std::move(base), parsed.problems));
        break;
      case Kind::memberships:
        parsed.memberships.push_back(membership_from(line, std::move(base)));
        break;
      case Kind::names:
        parsed.names.push_back(name_from(line, std::move(base)));
        break;
    }
  }
}

void read_file(const InputFile& file, Parsed& parsed) {
  std::string_view text = file.content;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    read_json(file, parsed);
  } else {
    read_csv(file, parsed);
  }
}

}  // namespace ploeg::organisation::exchange::detail
