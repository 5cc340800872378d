// Small hand-made instances for the formation tests.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engines/formation/formation.hpp"

namespace ploeg::formation::test {

inline Person person(std::string id, std::vector<std::string> competences,
                     std::vector<std::string> regions, std::vector<std::string> preferred = {},
                     std::optional<std::string> current = {}, std::vector<std::string> liked = {}) {
  Person p;
  p.name = "Name of " + id;
  p.id = std::move(id);
  p.competences = std::move(competences);
  p.regions = std::move(regions);
  p.preferred_teams = std::move(preferred);
  p.current_team = std::move(current);
  p.liked_colleagues = std::move(liked);
  return p;
}

inline Team team(std::string id, std::string region, int min_size, int max_size,
                 std::map<std::string, int> required = {}) {
  Team t;
  t.name = "Team " + id;
  t.id = std::move(id);
  t.region = std::move(region);
  t.min_size = min_size;
  t.max_size = max_size;
  t.required = std::move(required);
  return t;
}

inline Options quick(Mode mode = Mode::optimise) {
  Options o;
  o.mode = mode;
  o.time_limit_seconds = 30;
  return o;
}

inline const PersonOutcome& outcome(const Result& r, const std::string& id) {
  auto it = std::find_if(r.people.begin(), r.people.end(), [&](auto& p) { return p.person == id; });
  if (it == r.people.end()) throw std::out_of_range("no outcome for " + id);
  return *it;
}

inline bool mentions(const std::vector<std::string>& sentences, const std::string& part) {
  return std::any_of(sentences.begin(), sentences.end(),
                     [&](auto& s) { return s.find(part) != std::string::npos; });
}

inline std::string joined(const std::vector<std::string>& sentences) {
  std::string all;
  for (auto& s : sentences) all += s + "\n";
  return all;
}

}  // namespace ploeg::formation::test
