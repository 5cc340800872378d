// generate(n, seed): a realistic instance for tests and benchmarks.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "engines/formation/formation.hpp"
#include "engines/formation/random.hpp"

namespace ploeg::formation {
namespace {

using detail::Random;

const char* const region_names[] = {"Antwerpen", "Gent",  "Brugge",   "Leuven", "Hasselt",
                                    "Mechelen",  "Aalst", "Kortrijk", "Namur",  "Liège",
                                    "Charleroi", "Mons",  "Arlon",    "Wavre",  "Brussel"};
const char* const first_names[] = {"An",    "Bart",   "Chloé", "Dirk",  "Els",   "Fatima", "Geert",
                                   "Hanne", "Ilse",   "Jan",   "Karim", "Lotte", "Marc",   "Nora",
                                   "Omar",  "Pieter", "Rania", "Sofie", "Tom",   "Wim"};
const char* const last_names[] = {
    "Peeters", "Janssens", "Maes",    "Jacobs",     "Mertens", "Willems", "Claes",     "Goossens",
    "Wouters", "Dubois",   "Lambert", "El Idrissi", "Dupont",  "Martin",  "Vermeulen", "Aerts"};
// Common competences, by share; medical is handed out separately (doctors are scarce).
const std::pair<const char*, double> common[] = {{"intake", 0.24},
                                                 {"administration", 0.32},
                                                 {"social_work", 0.26},
                                                 {"decision", 0.12},
                                                 {"payment", 0.06}};

std::string numbered(const char* prefix, int number, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%s%0*d", prefix, width, number);
  return text;
}

}  // namespace

Input generate(int n, std::uint64_t seed) {
  Random random{seed * 0x9e3779b97f4a7c15ULL + 7};
  Input input;
  n = std::max(n, 1);
  int regions = std::max(1, static_cast<int>(std::lround(n / 250.0)));
  auto region_name = [&](int r) {
    std::string name = region_names[r % std::size(region_names)];
    if (r >= static_cast<int>(std::size(region_names))) {
      // In steps: GCC 12 warns falsely (-Wrestrict) on "text" + a temporary string.
      name += ' ';
      name += std::to_string(r / std::size(region_names) + 1);
    }
    return name;
  };

  // People per home region, then teams sized to hold them (12-15 each).
  std::vector<int> home(n);
  for (int p = 0; p < n; ++p) home[p] = p % regions;
  std::vector<std::vector<int>> region_teams(regions);
  std::vector<std::vector<double>> popularity(regions);
  int team_number = 0;
  for (int r = 0; r < regions; ++r) {
    int people = n / regions + (r < n % regions ? 1 : 0);
    int count = std::max(1, (people + 14) / 15);
    int min_size = std::min(12, people / count);
    for (int k = 0; k < count; ++k) {
      Team team;
      team.id = numbered("t", ++team_number, 4);
      team.name = region_name(r) + " " + std::to_string(k + 1);
      team.region = region_name(r);
      team.min_size = min_size;
      team.max_size = 15;
      team.required = {{"intake", 2},
                       {"administration", 3},
                       {"social_work", 2},
                       {"medical", 1},
                       {"decision", 1}};
      region_teams[r].push_back(static_cast<int>(input.teams.size()));
      // A few teams are much wanted (a known coach, a good office), most are not.
      popularity[r].push_back(1.0 / std::pow(1.0 + random.below(count), 0.9));
      input.teams.push_back(std::move(team));
    }
  }
  auto pick_team = [&](int r) {
    double total = 0;
    for (double w : popularity[r]) total += w;
    double x = random.unit() * total;
    for (std::size_t k = 0; k < popularity[r].size(); ++k) {
      x -= popularity[r][k];
      if (x <= 0) return region_teams[r][k];
    }
    return region_teams[r].back();
  };

  // Doctors: one per team and about one in ten spare, in each region.
  std::vector<int> doctors(regions, 0);
  for (int r = 0; r < regions; ++r) {
    int teams = static_cast<int>(region_teams[r].size());
    doctors[r] = teams + (teams + 9) / 10;
  }
  std::vector<int> next_current(regions, 0);
  for (int p = 0; p < n; ++p) {
    Person person;
    int r = home[p];
    person.id = numbered("p", p + 1, 5);
    person.name = std::string(first_names[random.below(std::size(first_names))]) + " " +
                  last_names[random.below(std::size(last_names))];
    if (doctors[r] > 0) {
      --doctors[r];
      person.competences.push_back("medical");
    }
    int wanted =
        person.competences.empty() ? (random.chance(0.35) ? 2 : 1) : (random.chance(0.3) ? 1 : 0);
    while (wanted-- > 0) {
      double x = random.unit();
      for (auto& [name, share] : common) {
        x -= share;
        if (x <= 0 || &name == &common[std::size(common) - 1].first) {
          if (std::find(person.competences.begin(), person.competences.end(), name) ==
              person.competences.end()) {
            person.competences.push_back(name);
          }
          break;
        }
      }
    }
    person.regions.push_back(region_name(r));
    if (regions > 1 && random.chance(0.2)) person.regions.push_back(region_name((r + 1) % regions));
    if (random.chance(0.85)) {
      auto& teams = region_teams[r];
      person.current_team = input.teams[teams[next_current[r]++ % teams.size()]].id;
    }
    input.people.push_back(std::move(person));
  }

  // Small regions may draw too few holders of a competence by chance: give
  // some people a second competence until each region covers its teams' needs.
  for (int r = 0; r < regions; ++r) {
    std::map<std::string, int> need;
    for (int t : region_teams[r]) {
      for (auto& [c, k] : input.teams[t].required) need[c] += k;
    }
    for (auto& [c, k] : need) {
      auto holds = [&](const Person& p) {
        return std::find(p.competences.begin(), p.competences.end(), c) != p.competences.end();
      };
      int holders = 0;
      for (int p = r; p < n; p += regions) holders += holds(input.people[p]);
      for (int tries = 0; holders < k + (k + 9) / 10 && tries < 50 * n; ++tries) {
        auto& p = input.people[r + regions * random.below((n - r + regions - 1) / regions)];
        if (holds(p) || p.competences.size() > 1) continue;
        p.competences.push_back(c);
        ++holders;
      }
    }
  }

  // Friendship groups of 1-5 within a home region; a group mostly wants the same team.
  for (int r = 0; r < regions; ++r) {
    std::vector<int> members;
    for (int p = r; p < n; p += regions) members.push_back(p);
    for (std::size_t k = members.size(); k > 1; --k)
      std::swap(members[k - 1], members[random.below(k)]);
    std::size_t at = 0;
    while (at < members.size()) {
      std::size_t size = std::min<std::size_t>(1 + random.below(5), members.size() - at);
      std::vector<int> group(members.begin() + at, members.begin() + at + size);
      at += size;
      int favourite = pick_team(r);
      for (int p : group) {
        auto& person = input.people[p];
        for (int q : group) {
          if (q != p && random.chance(0.8)) person.liked_colleagues.push_back(input.people[q].id);
        }
        if (random.chance(0.05) && members.size() > 1) {
          int q = members[random.below(members.size())];
          if (q != p && std::find(group.begin(), group.end(), q) == group.end()) {
            person.liked_colleagues.push_back(input.people[q].id);
          }
        }
        if (!random.chance(0.85)) continue;  // some state no wish
        std::vector<std::string> wishes;
        if (size > 1 && random.chance(0.7)) wishes.push_back(input.teams[favourite].id);
        if (person.current_team && random.chance(0.4)) wishes.push_back(*person.current_team);
        int count = 1 + random.below(3);
        auto add_once = [&](const std::string& id) {
          if (std::find(wishes.begin(), wishes.end(), id) == wishes.end()) wishes.push_back(id);
        };
        std::vector<std::string> first = std::move(wishes);
        wishes.clear();
        for (auto& id : first) add_once(id);
        for (int tries = 0; static_cast<int>(wishes.size()) < count && tries < 10; ++tries) {
          int home_or_other =
              person.regions.size() > 1 && random.chance(0.2) ? (r + 1) % regions : r;
          add_once(input.teams[pick_team(home_or_other)].id);
        }
        if (wishes.size() > 3) wishes.resize(3);
        person.preferred_teams = std::move(wishes);
      }
    }
  }
  return input;
}

}  // namespace ploeg::formation
