#include "advice/suggest.hpp"

#include <algorithm>
#include <map>

namespace ploeg::advice {
namespace {

class Builder {
 public:
  explicit Builder(std::int64_t author) : author_(author) {}

  // Adds the reason to the person's suggestion (made when new); false for the author.
  bool add(std::int64_t person, const std::string& name, Reason reason, bool required = false) {
    if (person == author_ || person == 0) return false;
    auto [at, made] = index_.emplace(person, list_.size());
    if (made) list_.push_back({person, name, false, {}});
    auto& s = list_[at->second];
    if (std::find(s.reasons.begin(), s.reasons.end(), reason) == s.reasons.end())
      s.reasons.push_back(std::move(reason));
    s.required = s.required || required;
    return true;
  }
  bool required(std::int64_t person) const {
    auto found = index_.find(person);
    return found != index_.end() && list_[found->second].required;
  }

  std::vector<Suggestion> take(std::size_t optional_limit) {
    // Required ones keep the order they were made in (the teams'); the
    // optional ones follow, most reasons first.
    std::stable_sort(list_.begin(), list_.end(), [](const Suggestion& a, const Suggestion& b) {
      if (a.required != b.required) return a.required;
      if (a.required) return false;
      if (a.reasons.size() != b.reasons.size()) return a.reasons.size() > b.reasons.size();
      return a.name < b.name;
    });
    std::vector<Suggestion> out;
    std::size_t optional = 0;
    for (auto& s : list_) {
      if (!s.required && optional++ >= optional_limit) continue;
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  std::int64_t author_;
  std::map<std::int64_t, std::size_t> index_;
  std::vector<Suggestion> list_;
};

bool holds(const TeamFacts::Member& m, const std::string& role) {
  return !role.empty() &&
         std::find(m.star_roles.begin(), m.star_roles.end(), role) != m.star_roles.end();
}

}  // namespace

std::string encode_reasons(const std::vector<Reason>& reasons) {
  auto field = [](std::string x) {
    for (auto& ch : x) {
      if (ch == '|' || ch == '\n' || ch == '\r') ch = ' ';
    }
    return x;
  };
  std::string text;
  for (auto& r : reasons) {
    if (!text.empty()) text += '\n';
    text += field(r.kind) + "|" + field(r.subject) + "|" + field(r.team);
  }
  return text;
}

std::vector<Reason> decode_reasons(const std::string& text) {
  std::vector<Reason> reasons;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(at, end - at);
    auto first = line.find('|');
    auto second = first == std::string::npos ? first : line.find('|', first + 1);
    if (second != std::string::npos && first > 0)
      reasons.push_back({line.substr(0, first), line.substr(first + 1, second - first - 1),
                         line.substr(second + 1)});
    at = end + 1;
  }
  return reasons;
}

std::vector<Suggestion> suggest_advisers(const SuggestInput& in) {
  Builder b(in.author_id);
  for (auto& team : in.teams) {
    // The team's required adviser: the holder of the relevant star role,
    // else its first member (the caller's order), never the author; someone
    // already required for another team does not count twice.
    const TeamFacts::Member* chosen = nullptr;
    for (auto& m : team.members) {
      if (m.person_id != in.author_id && holds(m, in.star_role) && !b.required(m.person_id)) {
        chosen = &m;
        break;
      }
    }
    for (auto& m : team.members) {
      if (chosen) break;
      if (m.person_id != in.author_id && !b.required(m.person_id)) chosen = &m;
    }
    if (!chosen) continue;
    if (holds(*chosen, in.star_role))
      b.add(chosen->person_id, chosen->name, {"star_role", in.star_role, team.code}, true);
    else
      b.add(chosen->person_id, chosen->name, {"team_member", "", team.code}, true);
  }
  // Other holders of the role in the affected teams, then the coaches.
  for (auto& team : in.teams) {
    for (auto& m : team.members) {
      if (holds(m, in.star_role))
        b.add(m.person_id, m.name, {"star_role", in.star_role, team.code});
    }
  }
  for (auto& team : in.teams) {
    for (auto& [id, name] : team.coaches) b.add(id, name, {"coach", "", team.code});
  }
  for (auto& m : in.matches) b.add(m.person_id, m.name, {m.kind, m.what, ""});
  for (auto& g : in.groups) {
    for (auto& [id, name] : g.members) b.add(id, name, {"working_group", "", g.code});
  }
  for (auto& e : in.earlier) b.add(e.person_id, e.name, {"earlier_decision", e.decision, ""});
  return b.take(in.optional_limit);
}

}  // namespace ploeg::advice
