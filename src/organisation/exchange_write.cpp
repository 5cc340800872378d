// Exports: the same organisation always gives the same bytes (canonical
// order, no locale, shortest decimals), and an export imports back unchanged.
#include <map>

#include "core/csv.hpp"
#include "http/message.hpp"
#include "organisation/exchange.hpp"

namespace ploeg::organisation::exchange {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::string competences_text(const Person& p) {
  std::vector<std::string> items;
  for (auto& c : p.competences) items.push_back(c.code + ":" + std::to_string(c.level));
  return joined(items, ";");
}

std::string required_text(const Team& t) {
  std::vector<std::string> items;
  for (auto& [code, minimum] : t.required_mix)
    items.push_back(code + "=" + std::to_string(minimum));
  return joined(items, ";");
}

std::string quoted(const std::string& s) {
  return '"' + http::json_escape(s) + '"';
}

std::string optional_quoted(const std::optional<std::string>& s) {
  return s ? quoted(*s) : "null";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (auto& item : items) out.push_back(quoted(item));
  // Appended, not "[" + ...: GCC 12 warns falsely (-Wrestrict) on that at -O2.
  std::string list = "[";
  list += joined(out, ",");
  list += "]";
  return list;
}

using EmailNames = std::map<std::string, const std::string*>;
EmailNames names_by_email(const Organisation& o) {
  EmailNames names;
  for (auto& p : o.people) names.emplace(p.email, &p.name);
  return names;
}
std::string name_of(const EmailNames& names, const std::string& email) {
  auto it = names.find(email);
  return it == names.end() ? std::string() : *it->second;
}

struct NameRow {
  const char* kind;
  const std::string* code;
  const std::string* language;
  const std::string* name;
};

// Every name of the organisation's things: by kind (as name_kinds lists
// them), then code (the organisation's canonical order), then language.
std::vector<NameRow> name_rows(const Organisation& o) {
  std::vector<NameRow> rows;
  auto add = [&](const char* kind, const auto& things) {
    for (auto& x : things) {
      for (auto& [language, name] : x.names) rows.push_back({kind, &x.code, &language, &name});
    }
  };
  add("competence", o.competences);
  add("region", o.regions);
  add("role", o.roles);
  add("team", o.teams);
  return rows;
}

}  // namespace

std::string fte_decimal(int permille) {
  std::string whole = std::to_string(permille / 1000);
  int rest = permille % 1000;
  if (rest == 0) return whole;
  std::string fraction = std::to_string(1000 + rest).substr(1);
  while (fraction.back() == '0') fraction.pop_back();
  return whole + "." + fraction;
}

std::string people_csv(const Organisation& o, Audience audience) {
  if (audience == Audience::coworker) {
    std::string out =
        csv::spreadsheet_row({"name", "languages", "competences", "expertise", "ask_me_about"});
    for (auto& p : o.people) {
      out += csv::spreadsheet_row({p.name, joined(p.languages, ";"), competences_text(p),
                                   joined(p.expertise, ";"), p.ask_me_about});
    }
    return out;
  }
  std::string out = csv::spreadsheet_row({"email", "name", "languages", "fte", "home_postcode",
                                          "competences", "expertise", "ask_me_about"});
  for (auto& p : o.people) {
    out += csv::spreadsheet_row({p.email, p.name, joined(p.languages, ";"),
                                 fte_decimal(p.fte_permille), p.home_postcode, competences_text(p),
                                 joined(p.expertise, ";"), p.ask_me_about});
  }
  return out;
}

std::string teams_csv(const Organisation& o, Audience audience) {
  const auto names = audience == Audience::coworker ? names_by_email(o) : EmailNames{};
  std::string out = csv::spreadsheet_row({"code", "name", "kind", "region", "min_size", "max_size",
                                          "required", "coach", "vision", "values"});
  for (auto& t : o.teams) {
    std::string coach = t.coach.value_or("");
    if (audience == Audience::coworker) coach = name_of(names, coach);
    out += csv::spreadsheet_row({t.code, t.name, t.kind, t.region.value_or(""),
                                 std::to_string(t.min_size), std::to_string(t.max_size),
                                 required_text(t), coach, t.vision, t.values});
  }
  return out;
}

std::string memberships_csv(const Organisation& o, Audience audience) {
  if (audience == Audience::coworker) {
    const auto names = names_by_email(o);
    std::string out = csv::spreadsheet_row({"name", "team"});
    for (auto& m : o.memberships) out += csv::spreadsheet_row({name_of(names, m.person), m.team});
    return out;
  }
  std::string out = csv::spreadsheet_row({"email", "team", "share_percent"});
  for (auto& m : o.memberships) {
    out += csv::spreadsheet_row({m.person, m.team, std::to_string(m.share_percent)});
  }
  return out;
}

std::string names_csv(const Organisation& o) {
  std::string out = csv::spreadsheet_row({"kind", "code", "language", "name"});
  for (auto& n : name_rows(o)) out += csv::spreadsheet_row({n.kind, *n.code, *n.language, *n.name});
  return out;
}

// One record a line, so that a diff of two exports reads well.
std::string to_json(const Organisation& o) {
  std::string out = "{\"format\":\"ploeg-organisation\",\"version\":1,\n\"people\":[";
  const char* separator = "\n";
  for (auto& p : o.people) {
    std::vector<std::string> competences;
    for (auto& c : p.competences) {
      competences.push_back("{\"code\":" + quoted(c.code) +
                            ",\"level\":" + std::to_string(c.level) + "}");
    }
    out += separator;
    out += "{\"email\":" + quoted(p.email) + ",\"name\":" + quoted(p.name) +
           ",\"languages\":" + quoted_list(p.languages) +
           ",\"fte\":" + fte_decimal(p.fte_permille) +
           ",\"home_postcode\":" + quoted(p.home_postcode) + ",\"competences\":[" +
           joined(competences, ",") + "],\"expertise\":" + quoted_list(p.expertise) +
           ",\"ask_me_about\":" + quoted(p.ask_me_about) + "}";
    separator = ",\n";
  }
  out += "\n],\n\"teams\":[";
  separator = "\n";
  for (auto& t : o.teams) {
    std::vector<std::string> required;
    for (auto& [code, minimum] : t.required_mix) {
      required.push_back(quoted(code) + ":" + std::to_string(minimum));
    }
    out += separator;
    out += "{\"code\":" + quoted(t.code) + ",\"name\":" + quoted(t.name) +
           ",\"kind\":" + quoted(t.kind) + ",\"region\":" + optional_quoted(t.region) +
           ",\"min_size\":" + std::to_string(t.min_size) +
           ",\"max_size\":" + std::to_string(t.max_size) + ",\"required\":{" +
           joined(required, ",") + "},\"coach\":" + optional_quoted(t.coach) +
           ",\"vision\":" + quoted(t.vision) + ",\"values\":" + quoted(t.values) + "}";
    separator = ",\n";
  }
  out += "\n],\n\"memberships\":[";
  separator = "\n";
  for (auto& m : o.memberships) {
    out += separator;
    out += "{\"email\":" + quoted(m.person) + ",\"team\":" + quoted(m.team) +
           ",\"share_percent\":" + std::to_string(m.share_percent) + "}";
    separator = ",\n";
  }
  out += "\n],\n\"names\":[";
  separator = "\n";
  for (auto& n : name_rows(o)) {
    out += separator;
    out += "{\"kind\":" + quoted(n.kind) + ",\"code\":" + quoted(*n.code) +
           ",\"language\":" + quoted(*n.language) + ",\"name\":" + quoted(*n.name) + "}";
    separator = ",\n";
  }
  out += "\n]}\n";
  return out;
}

}  // namespace ploeg::organisation::exchange
