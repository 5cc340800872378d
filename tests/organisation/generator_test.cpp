// The demo generator: deterministic for a seed, and the shape of the
// reference agency (teams of 12-15 that cover their mix, coaches,
// communities, star roles held by members).
#include "organisation/demo_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "organisation/canonical.hpp"
#include "organisation/coverage.hpp"

namespace ploeg::organisation {
namespace {

// A regional team is complete, or lacks only its doctor (as one team in
// seven does, by design); either way it is within its size bounds.
// Returns whether it is complete.
bool covered_but_for_a_doctor(const Team& team, const std::vector<const Person*>& members) {
  auto c = coverage(team, members);
  EXPECT_EQ(c.below_min + c.above_max, 0) << team.code;
  for (auto& k : c.competences) {
    if (k.competence != "medical") {
      EXPECT_EQ(k.shortfall, 0) << team.code << " " << k.competence;
    }
  }
  return c.complete();
}

// Lookups over a generated organisation.
struct Index {
  explicit Index(const Organisation& o) {
    for (auto& p : o.people) person[p.email] = &p;
    for (auto& t : o.teams) team[t.code] = &t;
    for (auto& r : o.regions) region[r.code] = std::set(r.postcodes.begin(), r.postcodes.end());
    for (auto& m : o.memberships) members[m.team].push_back(person.at(m.person));
  }
  std::vector<const Team*> of_kind(const Organisation& o, const std::string& kind) const {
    std::vector<const Team*> out;
    for (auto& t : o.teams) {
      if (t.kind == kind) out.push_back(&t);
    }
    return out;
  }
  std::unordered_map<std::string, const Person*> person;
  std::unordered_map<std::string, const Team*> team;
  std::unordered_map<std::string, std::set<std::string>> region;
  std::unordered_map<std::string, std::vector<const Person*>> members;
};

TEST(DemoGenerator, TheSameSeedGivesTheSameOrganisation) {
  auto a = generate_demo(300, 7);
  auto b = generate_demo(300, 7);
  EXPECT_TRUE(a == b);
  EXPECT_EQ(to_text(a), to_text(b));
  EXPECT_NE(to_text(a), to_text(generate_demo(300, 8)));
}

TEST(DemoGenerator, TooFewPeopleIsRefused) {
  EXPECT_THROW(generate_demo(demo_min_people - 1, 1), std::invalid_argument);
  EXPECT_EQ(generate_demo(demo_min_people, 1).people.size(), std::size_t(demo_min_people));
}

TEST(DemoGenerator, ThreeHundredPeopleLookLikeTheReferenceAgency) {
  auto o = generate_demo(300, 1);
  Index index(o);
  EXPECT_EQ(o.people.size(), 300u);
  EXPECT_EQ(o.competences.size(), 6u);
  EXPECT_EQ(o.roles.size(), 6u);
  EXPECT_GE(o.regions.size(), 10u);

  auto regional = index.of_kind(o, "regional");
  EXPECT_GE(regional.size(), 18u);
  EXPECT_LE(regional.size(), 22u);
  EXPECT_GE(index.of_kind(o, "support").size(), 2u);

  std::set<std::string> coaches;
  std::map<std::string, int> teams_per_coach;
  int lacking = 0;
  for (auto* t : regional) {
    auto& members = index.members.at(t->code);
    EXPECT_GE(members.size(), 12u) << t->code;
    EXPECT_LE(members.size(), 15u) << t->code;
    EXPECT_EQ(t->required_mix.size(), 6u);
    if (!covered_but_for_a_doctor(*t, members)) ++lacking;
    ASSERT_TRUE(t->coach.has_value());
    coaches.insert(*t->coach);
    ++teams_per_coach[*t->coach];
  }
  EXPECT_EQ(coaches.size(), 2u);
  // The team-of-teams map has something to show: a few teams lack a doctor.
  EXPECT_GE(lacking, 2);
  EXPECT_LE(lacking, 4);
  for (auto& [coach, teams] : teams_per_coach) {
    EXPECT_GE(teams, 8) << coach;
    EXPECT_LE(teams, 12) << coach;
    EXPECT_TRUE(index.person.count(coach));
  }

  // One community per competence, its members from regional teams, part-time.
  auto communities = index.of_kind(o, "community");
  ASSERT_EQ(communities.size(), o.competences.size());
  for (auto& c : o.competences) {
    auto& members = index.members.at("cop-" + c.code);
    // A member of every regional team that has the competence.
    auto without = static_cast<std::size_t>(c.code == "medical" ? lacking : 0);
    EXPECT_GE(members.size(), regional.size() - without) << c.code;
  }
  std::map<std::string, int> share;  // per person, over all teams
  std::map<std::string, int> home_teams;
  for (auto& m : o.memberships) {
    share[m.person] += m.share_percent;
    auto kind = index.team.at(m.team)->kind;
    if (kind == "regional" || kind == "support") {
      ++home_teams[m.person];
      EXPECT_GE(m.share_percent, 90);
    } else {
      EXPECT_EQ(m.share_percent, 10);
    }
  }
  for (auto& p : o.people) {
    EXPECT_EQ(home_teams[p.email], 1) << p.email;
    EXPECT_EQ(share[p.email], 100) << p.email;
  }

  // Every role in every regional team, held by one of its members.
  std::map<std::pair<std::string, std::string>, std::string> holder;
  for (auto& a : o.role_assignments) {
    EXPECT_TRUE(holder.emplace(std::pair(a.team, a.role), a.person).second);
    EXPECT_GE(a.since, "2025-01-01");
    EXPECT_LE(a.since, "2026-12-31");
    EXPECT_EQ(std::stoi(a.next_rotation.substr(0, 4)), std::stoi(a.since.substr(0, 4)) + 1);
    EXPECT_EQ(a.next_rotation.substr(4), a.since.substr(4));
  }
  for (auto* t : regional) {
    for (auto& r : o.roles) {
      auto it = holder.find({t->code, r.code});
      ASSERT_NE(it, holder.end()) << t->code << " " << r.code;
      auto& members = index.members.at(t->code);
      EXPECT_TRUE(std::any_of(members.begin(), members.end(),
                              [&](const Person* p) { return p->email == it->second; }));
    }
  }
}

TEST(DemoGenerator, PeopleAreInventedAndLiveInTheirTeamsRegion) {
  auto o = generate_demo(300, 1);
  Index index(o);
  std::set<std::string> emails;
  for (auto& p : o.people) {
    EXPECT_TRUE(emails.insert(p.email).second) << p.email;
    EXPECT_TRUE(p.email.ends_with("@demo.ploeg.example")) << p.email;
    EXPECT_EQ(p.email.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ "), std::string::npos);
    EXPECT_FALSE(p.languages.empty());
    for (auto& l : p.languages) EXPECT_TRUE(l == "nl" || l == "fr" || l == "en" || l == "de");
    EXPECT_TRUE(p.fte_permille == 1000 || p.fte_permille == 800 || p.fte_permille == 500);
    for (auto& c : p.competences) {
      EXPECT_GE(c.level, 1);
      EXPECT_LE(c.level, 3);
    }
  }
  for (auto& m : o.memberships) {
    auto* team = index.team.at(m.team);
    if (!team->region) continue;
    auto* person = index.person.at(m.person);
    EXPECT_TRUE(index.region.at(*team->region).count(person->home_postcode))
        << person->email << " " << person->home_postcode << " " << m.team;
    if (*team->region == "brussel") {
      EXPECT_EQ(std::count(person->languages.begin(), person->languages.end(), "fr") +
                    std::count(person->languages.begin(), person->languages.end(), "nl"),
                2);
    }
  }
}

TEST(DemoGenerator, FiftyThousandPeopleInTeamsThatMostlyCoverTheirMix) {
  auto o = generate_demo(50'000, 1);
  Index index(o);
  EXPECT_EQ(o.people.size(), 50'000u);
  auto regional = index.of_kind(o, "regional");
  EXPECT_GT(regional.size(), 3000u);
  std::set<std::string> coaches;
  int lacking = 0;
  for (auto* t : regional) {
    if (!covered_but_for_a_doctor(*t, index.members.at(t->code))) ++lacking;
    coaches.insert(*t->coach);
  }
  EXPECT_NEAR(lacking, static_cast<double>(regional.size()) / 7, 1.0);
  // One coach per 40-50 teams.
  EXPECT_GE(regional.size(), coaches.size() * 40);
  EXPECT_LE(regional.size(), coaches.size() * 50);
  std::set<std::string> emails;
  for (auto& p : o.people) emails.insert(p.email);
  EXPECT_EQ(emails.size(), 50'000u);
}

TEST(DemoRegionLanguages, FlandersDutchWalloniaFrenchBrusselsBoth) {
  EXPECT_EQ(demo_region_languages("gent"), (std::vector<std::string>{"nl"}));
  EXPECT_EQ(demo_region_languages("antwerpen"), (std::vector<std::string>{"nl"}));
  EXPECT_EQ(demo_region_languages("charleroi"), (std::vector<std::string>{"fr"}));
  EXPECT_EQ(demo_region_languages("arlon"), (std::vector<std::string>{"fr"}));
  EXPECT_EQ(demo_region_languages("brussel"), (std::vector<std::string>{"nl", "fr"}));
  EXPECT_TRUE(demo_region_languages("X9").empty()) << "not a demo region";
  EXPECT_TRUE(demo_region_languages("Gent").empty()) << "codes are exact";
}

}  // namespace
}  // namespace ploeg::organisation
