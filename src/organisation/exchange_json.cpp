// Reading the JSON document into records: every value is named by its path
// ("people[3].email") when something is wrong with it.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "organisation/exchange_records.hpp"

namespace ploeg::organisation::exchange::detail {
namespace {

namespace json = boost::json;

// Walks one JSON object, noting which keys were read so that the rest can be
// reported as unknown.
class Fields {
 public:
  Fields(const json::object& object, const Origin& origin, std::vector<Problem>& problems)
      : object_(object), origin_(origin), problems_(problems) {}

  // The value of `key`; nullptr when absent (a problem when `required`).
  const json::value* get(const char* key, bool required) {
    known_.push_back(key);
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) {
        problems_.push_back(
            origin_.problem(key, std::string("\"") + key + "\" is missing: add it"));
      }
      return nullptr;
    }
    return &it->value();
  }

  std::string text(const json::value* v, const char* key) {
    if (!v || v->is_null()) return {};
    if (v->is_string()) return std::string(v->get_string());
    wrong(key, "must be a string");
    return {};
  }

  int integer(const json::value* v, const char* key) {
    if (!v) return missing;
    if (v->is_int64() && v->get_int64() >= -1'000'000'000 && v->get_int64() <= 1'000'000'000) {
      return static_cast<int>(v->get_int64());
    }
    if (v->is_uint64() && v->get_uint64() <= 1'000'000'000) {
      return static_cast<int>(v->get_uint64());
    }
    (void)key;  // check_team and check_membership say what is wrong with it
    return missing;
  }

  std::vector<std::string> texts(const json::value* v, const char* key) {
    std::vector<std::string> items;
    if (!v || v->is_null()) return items;
    if (!v->is_array()) {
      wrong(key, "must be an array of strings");
      return items;
    }
    for (auto& item : v->get_array()) {
      if (!item.is_string()) {
        wrong(key, "must be an array of strings");
        return {};
      }
      items.emplace_back(item.get_string());
    }
    return items;
  }

  void wrong(const std::string& key, const std::string& message) {
    problems_.push_back(origin_.problem(key, "\"" + key + "\" " + message));
  }

  // Keys nobody asked for.
  void report_unknown(const std::string& what) {
    for (auto& [key, value] : object_) {
      if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
        problems_.push_back(origin_.problem(
            std::string(key), "unknown field \"" + std::string(key) + "\" in " + what +
                                  ": the fields are " + describe_list(known_)));
      }
    }
  }

  bool present(const char* key) const { return object_.contains(key); }

 private:
  const json::object& object_;
  const Origin& origin_;
  std::vector<Problem>& problems_;
  std::vector<std::string> known_;
};

int fte_permille(const json::value* v, Fields& f) {
  if (!v) return missing;
  double value = 0;
  if (v->is_int64()) {
    value = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    value = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    value = v->get_double();
  } else if (v->is_string()) {
    int permille = 0;
    return parse_fte(text::trimmed(std::string(v->get_string())), permille) ? permille : missing;
  } else {
    f.wrong("fte", "must be a number like 0.8");
    return missing;
  }
  double permille = value * 1000;
  if (!std::isfinite(permille) || std::fabs(permille) > 1e9) return missing;
  double rounded = std::round(permille);
  if (std::fabs(permille - rounded) > 1e-6) return missing;  // more than three decimals
  return static_cast<int>(rounded);
}

void mark_absent(Record& r, Fields& f, const std::vector<std::string>& columns) {
  for (auto& c : columns) {
    if (!f.present(c.c_str())) r.absent.insert(c);
  }
}

PersonRecord person_from(const json::object& o, Origin origin, std::vector<Problem>& problems) {
  PersonRecord r;
  r.origin = std::move(origin);
  Fields f(o, r.origin, problems);
  auto& p = r.person;
  p.email = lower(text::trimmed(f.text(f.get("email", true), "email")));
  p.name = f.text(f.get("name", true), "name");
  for (auto& code : f.texts(f.get("languages", false), "languages")) {
    p.languages.push_back(lower(text::trimmed(code)));
  }
  p.fte_permille = fte_permille(f.get("fte", true), f);
  p.home_postcode = text::trimmed(f.text(f.get("home_postcode", true), "home_postcode"));
  if (auto* list = f.get("competences", false); list && !list->is_null()) {
    if (!list->is_array()) {
      f.wrong("competences", "must be an array like [{\"code\":\"intake\",\"level\":2}]");
    } else {
      std::size_t i = 0;
      for (auto& item : list->get_array()) {
        Origin at{r.origin.file, 0, r.origin.path + ".competences[" + std::to_string(i++) + "]"};
        if (!item.is_object()) {
          problems.push_back(
              at.problem("", "must be an object like {\"code\":\"intake\",\"level\":2}"));
          continue;
        }
        Fields c(item.get_object(), at, problems);
        PersonCompetence pc;
        pc.code = text::trimmed(c.text(c.get("code", true), "code"));
        auto* level = c.get("level", false);
        pc.level = level ? c.integer(level, "level") : 1;
        if (pc.level == missing) pc.level = 0;
        c.report_unknown("a competence");
        if (!pc.code.empty()) p.competences.push_back(pc);
      }
    }
  }
  p.expertise = f.texts(f.get("expertise", false), "expertise");
  for (auto& tag : p.expertise) tag = text::trimmed(tag);
  p.ask_me_about = f.text(f.get("ask_me_about", false), "ask_me_about");
  f.report_unknown("a person");
  mark_absent(r, f, person_columns);
  return r;
}

TeamRecord team_from(const json::object& o, Origin origin, std::vector<Problem>& problems) {
  TeamRecord r;
  r.origin = std::move(origin);
  Fields f(o, r.origin, problems);
  auto& t = r.team;
  t.code = text::trimmed(f.text(f.get("code", true), "code"));
  t.name = f.text(f.get("name", true), "name");
  t.kind = text::trimmed(f.text(f.get("kind", true), "kind"));
  if (auto region = text::trimmed(f.text(f.get("region", false), "region")); !region.empty()) {
    t.region = region;
  }
  t.min_size = f.integer(f.get("min_size", true), "min_size");
  t.max_size = f.integer(f.get("max_size", true), "max_size");
  if (auto* required = f.get("required", false); required && !required->is_null()) {
    if (!required->is_object()) {
      f.wrong("required", "must be an object like {\"intake\":2}");
    } else {
      for (auto& [code, minimum] : required->get_object()) {
        Origin at{r.origin.file, 0, r.origin.path + ".required"};
        Fields m(required->get_object(), at, problems);
        int value = m.integer(&minimum, std::string(code).c_str());
        t.required_mix[text::trimmed(std::string(code))] = value == missing ? 0 : value;
      }
    }
  }
  if (auto coach = lower(text::trimmed(f.text(f.get("coach", false), "coach"))); !coach.empty()) {
    t.coach = coach;
  }
  t.vision = f.text(f.get("vision", false), "vision");
  t.values = f.text(f.get("values", false), "values");
  f.report_unknown("a team");
  mark_absent(r, f, team_columns);
  return r;
}

MembershipRecord membership_from(const json::object& o, Origin origin,
                                 std::vector<Problem>& problems) {
  MembershipRecord r;
  r.origin = std::move(origin);
  Fields f(o, r.origin, problems);
  r.membership.person = lower(text::trimmed(f.text(f.get("email", true), "email")));
  r.membership.team = text::trimmed(f.text(f.get("team", true), "team"));
  r.membership.share_percent = f.integer(f.get("share_percent", true), "share_percent");
  f.report_unknown("a membership");
  return r;
}

NameRecord name_from(const json::object& o, Origin origin, std::vector<Problem>& problems) {
  NameRecord r;
  r.origin = std::move(origin);
  Fields f(o, r.origin, problems);
  r.kind = lower(text::trimmed(f.text(f.get("kind", true), "kind")));
  r.code = text::trimmed(f.text(f.get("code", true), "code"));
  r.language = lower(text::trimmed(f.text(f.get("language", true), "language")));
  r.name = text::trimmed(f.text(f.get("name", true), "name"));
  f.report_unknown("a name");
  return r;
}

template <typename Read>
void read_section(const json::value& section, const InputFile& file, const std::string& name,
                  Parsed& parsed, Read read) {
  if (!section.is_array()) {
    parsed.problems.push_back({file.name, 0, name, "\"" + name + "\" must be an array"});
    return;
  }
  std::size_t i = 0;
  for (auto& item : section.get_array()) {
    Origin origin{file.name, 0, name + "[" + std::to_string(i++) + "]"};
    if (!item.is_object()) {
      parsed.problems.push_back(origin.problem("", "must be an object"));
      continue;
    }
    read(item.get_object(), std::move(origin));
  }
}

}  // namespace

void read_json(const InputFile& file, Parsed& parsed) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(file.content.data(), file.content.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto line = 1 + static_cast<std::size_t>(std::count(
                        file.content.begin(),
                        file.content.begin() +
                            static_cast<std::ptrdiff_t>(std::min(consumed, file.content.size())),
                        '\n'));
    parsed.problems.push_back(
        {file.name, line, "",
         "this is not valid JSON (" + ec.message() + "): check the document near this line"});
    return;
  }
  auto root = parser.release();
  if (!root.is_object()) {
    parsed.problems.push_back({file.name, 1, "", "the document must be one JSON object"});
    return;
  }
  auto& o = root.get_object();
  auto format = o.find("format");
  if (format == o.end() || !format->value().is_string() ||
      format->value().get_string() != "ploeg-organisation") {
    parsed.problems.push_back(
        {file.name, 0, "format", "\"format\" must be \"ploeg-organisation\""});
  }
  auto version = o.find("version");
  if (version == o.end() || !version->value().is_int64() || version->value().get_int64() != 1) {
    parsed.problems.push_back(
        {file.name, 0, "version", "\"version\" must be 1, the only version ploeg reads"});
  }
  for (auto& [key, value] : o) {
    if (key == "format" || key == "version") continue;
    if (key == "people") {
      read_section(value, file, "people", parsed, [&](const json::object& item, Origin origin) {
        parsed.people.push_back(person_from(item, std::move(origin), parsed.problems));
      });
    } else if (key == "teams") {
      read_section(value, file, "teams", parsed, [&](const json::object& item, Origin origin) {
        parsed.teams.push_back(team_from(item, std::move(origin), parsed.problems));
      });
    } else if (key == "memberships") {
      read_section(
          value, file, "memberships", parsed, [&](const json::object& item, Origin origin) {
            parsed.memberships.push_back(membership_from(item, std::move(origin), parsed.problems));
          });
    } else if (key == "names") {
      read_section(value, file, "names", parsed, [&](const json::object& item, Origin origin) {
        parsed.names.push_back(name_from(item, std::move(origin), parsed.problems));
      });
    } else {
      parsed.problems.push_back({file.name, 0, std::string(key),
                                 "unknown section \"" + std::string(key) +
                                     "\": the sections are people, teams, memberships and names"});
    }
  }
}

}  // namespace ploeg::organisation::exchange::detail
