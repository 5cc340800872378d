#include "organisation/canonical.hpp"

#include <algorithm>
#include <tuple>

namespace ploeg::organisation {

void sort_canonically(Organisation& o) {
  auto by_code = [](const auto& a, const auto& b) { return a.code < b.code; };
  std::sort(o.competences.begin(), o.competences.end(), by_code);
  std::sort(o.regions.begin(), o.regions.end(), by_code);
  for (auto& r : o.regions) std::sort(r.postcodes.begin(), r.postcodes.end());
  std::sort(o.people.begin(), o.people.end(),
            [](const Person& a, const Person& b) { return a.email < b.email; });
  for (auto& p : o.people) {
    std::sort(p.languages.begin(), p.languages.end());
    std::sort(p.competences.begin(), p.competences.end(), by_code);
    std::sort(p.expertise.begin(), p.expertise.end());
  }
  std::sort(o.teams.begin(), o.teams.end(), by_code);
  std::sort(o.memberships.begin(), o.memberships.end(),
            [](const Membership& a, const Membership& b) {
              return std::tie(a.person, a.team) < std::tie(b.person, b.team);
            });
  std::sort(o.roles.begin(), o.roles.end(), by_code);
  std::sort(o.role_assignments.begin(), o.role_assignments.end(),
            [](const RoleAssignment& a, const RoleAssignment& b) {
              return std::tie(a.team, a.role) < std::tie(b.team, b.role);
            });
}

namespace {

std::string joined(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace

std::string to_text(const Organisation& o) {
  std::string out;
  auto line = [&](std::initializer_list<std::string> fields) {
    bool first = true;
    for (auto& f : fields) {
      if (!first) out += '|';
      out += f;
      first = false;
    }
    out += '\n';
  };
  // A thing's names by language, after the thing, when it has any.
  auto names = [&](const char* kind, const std::string& code, const Names& by_language) {
    if (by_language.empty()) return;
    std::vector<std::string> parts;
    for (auto& [language, name] : by_language) parts.push_back(language + "=" + name);
    line({"names", kind, code, joined(parts, ';')});
  };
  for (auto& c : o.competences) {
    line({"competence", c.code, c.name});
    names("competence", c.code, c.names);
  }
  for (auto& r : o.regions) {
    line({"region", r.code, r.name, r.office_address, joined(r.postcodes, ',')});
    names("region", r.code, r.names);
  }
  for (auto& p : o.people) {
    std::vector<std::string> competences;
    for (auto& c : p.competences) competences.push_back(c.code + ":" + std::to_string(c.level));
    line({"person", p.email, p.name, joined(p.languages, ','), std::to_string(p.fte_permille),
          p.home_postcode, joined(competences, ','), joined(p.expertise, ','), p.ask_me_about});
  }
  for (auto& t : o.teams) {
    std::vector<std::string> mix;
    for (auto& [code, minimum] : t.required_mix)
      mix.push_back(code + ":" + std::to_string(minimum));
    line({"team", t.code, t.name, t.kind, t.region.value_or("-"), t.vision, t.values,
          std::to_string(t.min_size), std::to_string(t.max_size), joined(mix, ','),
          t.coach.value_or("-")});
    names("team", t.code, t.names);
  }
  for (auto& m : o.memberships) {
    line({"membership", m.person, m.team, std::to_string(m.share_percent)});
  }
  for (auto& r : o.roles) {
    line({"role", r.code, r.name, r.purpose, joined(r.accountabilities, ';')});
    names("role", r.code, r.names);
  }
  for (auto& a : o.role_assignments) {
    line({"role_assignment", a.team, a.role, a.person, a.since, a.next_rotation});
  }
  return out;
}

}  // namespace ploeg::organisation
