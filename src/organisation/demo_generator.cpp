#include "organisation/demo_generator.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "core/text.hpp"
#include "organisation/demo_data.hpp"

namespace ploeg::organisation {
namespace {

// A team of a bilingual region (Brussels) writes in Dutch or French by turns.
bool speaks_dutch(demo::Speaks speaks, int n) {
  return speaks == demo::Speaks::dutch || (speaks == demo::Speaks::both && n % 2 == 1);
}

std::string in_language(const demo::Trio& trio, bool dutch) {
  return dutch ? trio.nl : trio.fr;
}

// A demo name in the three languages, each between `before` and `after`.
Names names_of(const demo::Trio& trio, const std::string& before = "",
               const std::string& after = "") {
  return {{"nl", before + trio.nl + after},
          {"fr", before + trio.fr + after},
          {"en", before + trio.en + after}};
}

constexpr const char* email_domain = "@demo.ploeg.example";
constexpr int regional_min = 12;
constexpr int regional_max = 15;
constexpr int people_per_regional_team = 15;  // N / 15 teams leave ~10% for support
constexpr int teams_per_coach = 45;
constexpr int support_team_size = 12;
constexpr std::string_view lacking_competence = "medical";  // what some regional teams lack
constexpr int community_share = 10;  // percent of a member's time in their community

// Ranges from the raw generator, the same on every standard library
// (std::uniform_int_distribution is not).
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % n;
    std::uint64_t x;
    do x = engine_();
    while (x >= limit);
    return x % n;
  }
  int between(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool percent(int p) { return static_cast<int>(below(100)) < p; }
  template <typename List>
  const auto& pick(const List& list) {
    return list[below(list.size())];
  }
  template <typename T>
  void shuffle(std::vector<T>& items) {  // Fisher-Yates with our own ranges
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

std::string two_digits(int n) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", n);
  return buffer;
}

std::string numbered(const std::string& prefix, int n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
  return prefix + "-" + digits;
}

class Generator {
 public:
  Generator(int people, std::uint64_t seed) : people_(people), random_(seed) {}

  Organisation run() {
    catalogues();
    plan_teams();
    support();  // first: the coaches work there and coach the regional teams
    regional();
    communities();
    return std::move(o_);
  }

 private:
  void catalogues() {
    for (auto& c : demo::competences) {
      o_.competences.push_back({c.code, c.name, names_of(c.names)});
    }
    for (auto& r : demo::regions) {
      Region region{r.code, r.names.en, r.office_address, {}, names_of(r.names)};
      for (int pc = r.first_postcode; pc <= r.last_postcode; ++pc) {
        region.postcodes.push_back(std::to_string(pc));
      }
      o_.regions.push_back(std::move(region));
    }
    for (auto& r : demo::roles) {
      o_.roles.push_back({r.code,
                          r.name,
                          r.purpose,
                          {r.accountabilities.begin(), r.accountabilities.end()},
                          names_of(r.names)});
    }
  }

  // How many regional teams of which size, how many coaches, and the rest in
  // support; adjusted so support always has the coaches and a few others.
  void plan_teams() {
    int teams = std::max(1, (people_ + people_per_regional_team / 2) / people_per_regional_team);
    for (int i = 0; i < teams; ++i) sizes_.push_back(random_.between(regional_min, regional_max));
    auto regional_people = [&] {
      int sum = 0;
      for (int s : sizes_) sum += s;
      return sum;
    };
    auto coaches = [&] {
      int n = static_cast<int>(sizes_.size());
      return std::max(2, (n + teams_per_coach - 1) / teams_per_coach);
    };
    while (people_ - regional_people() < coaches() + 2) {
      auto larger =
          std::find_if(sizes_.rbegin(), sizes_.rend(), [](int s) { return s > regional_min; });
      if (larger != sizes_.rend()) {
        --*larger;
      } else {
        sizes_.pop_back();
      }
    }
    coaches_ = coaches();
    support_people_ = people_ - regional_people();

    // Regions share the teams by weight (D'Hondt), each getting one first
    // when there are enough to go round.
    region_teams_.assign(demo::regions.size(), 0);
    int left = static_cast<int>(sizes_.size());
    if (left >= static_cast<int>(demo::regions.size())) {
      for (auto& n : region_teams_) n = 1;
      left -= static_cast<int>(demo::regions.size());
    }
    for (; left > 0; --left) {
      std::size_t best = 0;
      for (std::size_t r = 1; r < demo::regions.size(); ++r) {
        // weight[r] / (n[r] + 1) > weight[best] / (n[best] + 1), in integers
        if (demo::regions[r].weight * (region_teams_[best] + 1) >
            demo::regions[best].weight * (region_teams_[r] + 1)) {
          best = r;
        }
      }
      ++region_teams_[best];
    }
  }

  // A new person living in the region, with a unique e-mail.
  Person& person(std::size_t region) {
    auto& seed = demo::regions[region];
    bool dutch = seed.speaks == demo::Speaks::dutch ||
                 (seed.speaks == demo::Speaks::both && random_.percent(50));
    // Some surnames cross the language border, as they do.
    bool cross = random_.percent(10);
    std::string first =
        dutch ? random_.pick(demo::flemish_first) : random_.pick(demo::walloon_first);
    std::string last =
        (dutch != cross) ? random_.pick(demo::flemish_last) : random_.pick(demo::walloon_last);
    Person p;
    p.name = first + " " + last;
    std::string base = text::email_local_part(first) + "." + text::email_local_part(last);
    int n = ++emails_[base];
    p.email = (n == 1 ? base : base + "." + std::to_string(n)) + email_domain;

    if (seed.speaks == demo::Speaks::both) {
      p.languages = {"fr", "nl"};
    } else {
      p.languages = {dutch ? "nl" : "fr"};
      if (random_.percent(25)) p.languages.push_back(dutch ? "fr" : "nl");
    }
    if (random_.percent(40)) p.languages.push_back("en");
    if (!dutch && std::string_view(seed.code) == "arlon" && random_.percent(30)) {
      p.languages.push_back("de");
    }
    std::sort(p.languages.begin(), p.languages.end());

    int fte = static_cast<int>(random_.below(100));
    p.fte_permille = fte < 75 ? 1000 : fte < 92 ? 800 : 500;
    p.home_postcode = std::to_string(random_.between(seed.first_postcode, seed.last_postcode));

    int tags = static_cast<int>(random_.below(4));  // 0-3 tags
    for (int i = 0; i < tags; ++i) {
      std::string tag = in_language(random_.pick(demo::expertise), dutch);
      if (std::find(p.expertise.begin(), p.expertise.end(), tag) == p.expertise.end()) {
        p.expertise.push_back(tag);
      }
    }
    if (!p.expertise.empty()) {
      std::string line = in_language(random_.pick(demo::ask_me_about), dutch);
      p.ask_me_about = line.replace(line.find("%s"), 2, p.expertise[0]);
    }
    std::sort(p.expertise.begin(), p.expertise.end());
    writes_dutch_ = dutch;
    o_.people.push_back(std::move(p));
    return o_.people.back();
  }

  // A primary competence at level 2-3, sometimes one or two more at 1-2,
  // never `avoid`.
  void skills(Person& p, const std::string& primary, std::string_view avoid = {}) {
    p.competences.push_back({primary, random_.percent(60) ? 2 : 3});
    int extra = random_.percent(50) ? (random_.percent(30) ? 2 : 1) : 0;
    for (int i = 0; i < extra; ++i) {
      std::string code = random_.pick(demo::competences).code;
      bool held = std::any_of(p.competences.begin(), p.competences.end(),
                              [&](const PersonCompetence& c) { return c.code == code; });
      if (!held && code != avoid) p.competences.push_back({code, random_.between(1, 2)});
    }
    std::sort(p.competences.begin(), p.competences.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
  }

  void support() {
    int teams = std::max(1, (support_people_ + support_team_size - 1) / support_team_size);
    int coaching_teams = std::min(teams, (coaches_ + support_team_size - 1) / support_team_size);
    int width = teams > 99 ? static_cast<int>(std::to_string(teams).size()) : 2;
    std::vector<int> count(demo::support_teams.size(), 0);
    const std::size_t brussel = 3;  // head office: the first support team sits there
    int placed = 0;
    for (int t = 0; t < teams; ++t) {
      std::size_t kind =
          t < coaching_teams ? 0 : 1 + (t - coaching_teams) % (demo::support_teams.size() - 1);
      auto& seed = demo::support_teams[kind];
      std::size_t region = (brussel + t) % demo::regions.size();
      Team team;
      team.code = numbered(std::string("support-") + seed.code, ++count[kind], width);
      team.name = std::string(seed.name) + " " + std::to_string(count[kind]);
      team.names = names_of(seed.names, "", " " + std::to_string(count[kind]));
      team.kind = "support";
      team.region = demo::regions[region].code;
      bool dutch = speaks_dutch(demo::regions[region].speaks, t);
      team.vision = in_language(demo::support_vision, dutch);
      team.values = in_language(random_.pick(demo::values), dutch);
      team.min_size = 3;
      team.max_size = 20;
      // Even split of the support people over the teams.
      int size = support_people_ * (t + 1) / teams - support_people_ * t / teams;
      for (int i = 0; i < size; ++i, ++placed) {
        Person& p = person(region);
        if (placed < coaches_) {
          p.expertise.push_back(in_language(demo::coaching_tag, writes_dutch_));
          std::sort(p.expertise.begin(), p.expertise.end());
          p.ask_me_about = in_language(demo::coaching_ask, writes_dutch_);
          coach_emails_.push_back(p.email);
        } else if (random_.percent(40)) {
          p.competences.push_back({random_.pick(demo::competences).code, random_.between(1, 2)});
        }
        o_.memberships.push_back({p.email, team.code, 100});
      }
      o_.teams.push_back(std::move(team));
    }
  }

  void regional() {
    int all = static_cast<int>(sizes_.size());
    int index = 0;  // over all regional teams, to share them among the coaches
    for (std::size_t r = 0; r < demo::regions.size(); ++r) {
      auto& seed = demo::regions[r];
      int width =
          region_teams_[r] > 99 ? static_cast<int>(std::to_string(region_teams_[r]).size()) : 2;
      for (int n = 1; n <= region_teams_[r]; ++n, ++index) {
        Team team;
        team.code = numbered(seed.code, n, width);
        team.name = std::string(seed.names.en) + " " + std::to_string(n);
        team.names = names_of(seed.names, "", " " + std::to_string(n));
        team.kind = "regional";
        team.region = seed.code;
        bool dutch = speaks_dutch(seed.speaks, n);
        team.vision = in_language(random_.pick(demo::visions), dutch);
        team.values = in_language(random_.pick(demo::values), dutch);
        team.min_size = regional_min;
        team.max_size = regional_max;
        for (auto& q : demo::regional_mix) team.required_mix[q.competence] = q.minimum;
        // Contiguous blocks, so a coach's teams are near each other.
        team.coach = coach_emails_[static_cast<std::size_t>(index) * coach_emails_.size() / all];

        // As in the reference agency, where some chose their team by
        // friendship and found out later it lacked a competence: one team
        // in seven has no doctor, an administrator instead.
        const bool lacks_doctor = index % 7 == 3;
        // The mix first, then extra members for the busiest tasks.
        std::vector<std::string> primaries;
        for (auto& q : demo::regional_mix) {
          for (int k = 0; k < q.minimum; ++k) {
            bool doctor = std::string_view(q.competence) == lacking_competence;
            primaries.push_back(lacks_doctor && doctor ? "administration" : q.competence);
          }
        }
        while (static_cast<int>(primaries.size()) < sizes_[index]) {
          std::string extra = random_.pick(demo::extra_competence);
          primaries.push_back(lacks_doctor && extra == lacking_competence ? "intake" : extra);
        }
        std::vector<std::size_t> members;
        std::vector<std::string> represented;  // competences this team sent to a community
        for (auto& primary : primaries) {
          Person& p = person(r);
          skills(p, primary, lacks_doctor ? lacking_competence : std::string_view());
          members.push_back(o_.people.size() - 1);
          // The first holder of each competence joins its community.
          int share = 100;
          if (std::find(represented.begin(), represented.end(), primary) == represented.end()) {
            represented.push_back(primary);
            community_members_[primary].push_back(p.email);
            share = 100 - community_share;
          }
          o_.memberships.push_back({p.email, team.code, share});
        }
        roles(team.code, members);
        o_.teams.push_back(std::move(team));
      }
    }
  }

  // Every star role held by a different member, rotating about a year on.
  void roles(const std::string& team, std::vector<std::size_t> members) {
    random_.shuffle(members);
    for (std::size_t i = 0; i < demo::roles.size(); ++i) {
      int month = static_cast<int>(random_.below(21));  // January 2025 - September 2026
      int year = 2025 + month / 12;
      std::string day = two_digits(random_.between(1, 28));  // valid in every month
      std::string mm = two_digits(month % 12 + 1);
      o_.role_assignments.push_back({team, demo::roles[i].code, o_.people[members[i]].email,
                                     std::to_string(year) + "-" + mm + "-" + day,
                                     std::to_string(year + 1) + "-" + mm + "-" + day});
    }
  }

  void communities() {
    for (auto& c : demo::competences) {
      Team team;
      team.code = std::string("cop-") + c.code;
      team.name = std::string("Community of practice: ") + c.name;
      team.names = {{"nl", std::string("Praktijkgemeenschap: ") + c.names.nl},
                    {"fr", std::string("Communauté de pratique : ") + c.names.fr},
                    {"en", std::string("Community of practice: ") + c.names.en}};
      team.kind = "community";
      // National, so in both languages, as a Belgian federal service writes.
      team.vision =
          "Collega’s met hetzelfde vak leren van elkaar, over de teams heen. / Des collègues du "
          "même métier apprennent les uns des autres, d’une équipe à l’autre.";
      team.values =
          "Delen wat werkt, vragen wat niet werkt. / Partager ce qui marche, demander "
          "ce qui ne marche pas.";
      team.min_size = 3;
      team.max_size = std::max(regional_max, static_cast<int>(sizes_.size()));
      for (auto& email : community_members_[c.code]) {
        o_.memberships.push_back({email, team.code, community_share});
      }
      o_.teams.push_back(std::move(team));
    }
  }

  int people_;
  Random random_;
  Organisation o_;
  std::vector<int> sizes_;         // regional team sizes
  std::vector<int> region_teams_;  // regional teams per region
  int coaches_ = 0;
  int support_people_ = 0;
  std::vector<std::string> coach_emails_;
  bool writes_dutch_ = false;                    // the language the last person() writes in
  std::unordered_map<std::string, int> emails_;  // e-mail base -> times used
  std::unordered_map<std::string, std::vector<std::string>> community_members_;
};

}  // namespace

Organisation generate_demo(int people, std::uint64_t seed) {
  if (people < demo_min_people) {
    throw std::invalid_argument("the demo organisation needs at least " +
                                std::to_string(demo_min_people) + " people");
  }
  return Generator(people, seed).run();
}

std::vector<std::string> demo_region_languages(const std::string& region_code) {
  auto seed = std::find_if(demo::regions.begin(), demo::regions.end(),
                           [&](const demo::RegionSeed& r) { return region_code == r.code; });
  if (seed == demo::regions.end()) return {};
  switch (seed->speaks) {
    case demo::Speaks::dutch:
      return {"nl"};
    case demo::Speaks::french:
      return {"fr"};
    case demo::Speaks::both:
      break;
  }
  return {"nl", "fr"};
}

std::vector<store::Name> demo_role_texts() {
  std::vector<store::Name> names;
  for (auto& text : demo::role_texts) {
    auto role = std::find_if(demo::roles.begin(), demo::roles.end(), [&](const demo::RoleSeed& r) {
      return text.code == std::string(r.code);
    });
    if (role == demo::roles.end()) continue;
    auto add = [&](const char* kind, const std::string& code, const demo::Trio& trio,
                   const char* english) {
      names.push_back({kind, code, "nl", trio.nl});
      names.push_back({kind, code, "fr", trio.fr});
      names.push_back({kind, code, "en", english});
    };
    add(store::kinds::role_purpose, text.code, text.purpose, role->purpose);
    for (std::size_t i = 0; i < text.accountabilities.size(); ++i) {
      add(store::kinds::role_accountability, std::string(text.code) + "/" + std::to_string(i + 1),
          text.accountabilities[i], role->accountabilities[i]);
    }
  }
  return names;
}

}  // namespace ploeg::organisation
