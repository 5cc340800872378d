// The lists the organisation's pages and API read, on both backends: whether
// a team or role exists, how many teams and their size bounds, every
// competence and region with its postcodes, and a person's teams, star roles
// and competences, each named in the asked language or else by its own name.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/platform.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

// A small organisation whose every name is known: intake is named in Dutch
// and French, medical only in Dutch; Ann is in two teams and holds a role in
// each, Bart in one and holds none.
Organisation small() {
  Organisation o;
  o.competences = {{"medical", "Medical", {{"nl", "Medisch"}}},
                   {"intake", "Intake", {{"nl", "Onthaal"}, {"fr", "Accueil"}}}};
  o.regions = {{"R2", "Liège", "Rue 2", {"4000", "4020"}, {{"nl", "Luik"}}},
               {"R1", "Gent", "Straat 1", {"9050", "9000"}, {{"fr", "Gand"}}},
               {"R3", "Empty", "Nowhere 3", {}, {}}};
  Person ann;
  ann.email = "ann@example.org";
  ann.name = "Ann";
  ann.home_postcode = "9000";
  ann.competences = {{"medical", 3}, {"intake", 1}};
  Person bart = ann;
  bart.email = "bart@example.org";
  bart.name = "Bart";
  bart.competences = {};
  o.people = {ann, bart};
  Team zulu;
  zulu.code = "Z1";
  zulu.name = "Zulu";
  zulu.kind = "regional";
  zulu.region = "R1";
  zulu.min_size = 1;
  zulu.max_size = 12;
  zulu.names = {{"nl", "Aap"}};  // first in Dutch, last in English
  Team alpha = zulu;
  alpha.code = "A1";
  alpha.name = "Alpha";
  alpha.names = {};
  alpha.min_size = 2;
  alpha.max_size = 8;
  o.teams = {zulu, alpha};
  o.memberships = {{"ann@example.org", "Z1", 60},
                   {"ann@example.org", "A1", 40},
                   {"bart@example.org", "A1", 100}};
  o.roles = {{"quality", "Quality", "Good work", {}, {{"nl", "Kwaliteit"}}},
             {"planning", "Planning", "The week", {}, {{"nl", "Planning NL"}}}};
  o.role_assignments = {{"Z1", "quality", "ann@example.org", "2026-01-01", "2026-07-01"},
                        {"A1", "planning", "ann@example.org", "2026-02-01", "2026-08-01"}};
  return o;
}

class StoreListsTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    db_->transaction([&](store::Connection& c) { sql::save(c, small()); });
    ann = query("SELECT id FROM people WHERE email = 'ann@example.org'").rows.at(0).integer(0);
    bart = query("SELECT id FROM people WHERE email = 'bart@example.org'").rows.at(0).integer(0);
  }
  std::int64_t ann = 0, bart = 0;
};

TEST_P(StoreListsTest, TeamsAndRolesExistByTheirExactCodes) {
  auto lease = db_->acquire();
  EXPECT_TRUE(sql::team_exists(*lease, "Z1"));
  EXPECT_TRUE(sql::team_exists(*lease, "A1"));
  EXPECT_FALSE(sql::team_exists(*lease, "z1")) << "codes are exact";
  EXPECT_FALSE(sql::team_exists(*lease, "quality")) << "a role is no team";
  EXPECT_FALSE(sql::team_exists(*lease, ""));
  EXPECT_TRUE(sql::role_exists(*lease, "quality"));
  EXPECT_TRUE(sql::role_exists(*lease, "planning"));
  EXPECT_FALSE(sql::role_exists(*lease, "Z1")) << "a team is no role";
  EXPECT_FALSE(sql::role_exists(*lease, "wellbeing"));
}

TEST_P(StoreListsTest, TeamsAreCountedWithTheirSizeBounds) {
  auto lease = db_->acquire();
  EXPECT_EQ(sql::count_teams(*lease), 2);
  using Bounds = std::map<std::string, std::pair<int, int>>;
  EXPECT_EQ(sql::team_size_bounds(*lease), (Bounds{{"A1", {2, 8}}, {"Z1", {1, 12}}}));
  query(
      "INSERT INTO teams (code, name, kind, min_size, max_size) VALUES ('B1', 'Bravo', "
      "'support', 3, 5)");
  EXPECT_EQ(sql::count_teams(*lease), 3);
  EXPECT_EQ(sql::team_size_bounds(*lease),
            (Bounds{{"A1", {2, 8}}, {"B1", {3, 5}}, {"Z1", {1, 12}}}));
}

std::vector<std::string> lines(const std::vector<sql::Named>& list) {
  std::vector<std::string> out;
  for (auto& n : list) out.push_back(n.code + "|" + n.name);
  return out;
}

TEST_P(StoreListsTest, CompetencesByCodeNamedInTheAskedLanguage) {
  auto lease = db_->acquire();
  EXPECT_EQ(lines(sql::competences(*lease, "nl")),
            (std::vector<std::string>{"intake|Onthaal", "medical|Medisch"}));
  EXPECT_EQ(lines(sql::competences(*lease, "fr")),
            (std::vector<std::string>{"intake|Accueil", "medical|Medical"}))
      << "no French name: its own";
  EXPECT_EQ(lines(sql::competences(*lease, "en")),
            (std::vector<std::string>{"intake|Intake", "medical|Medical"}));
}

std::vector<std::string> lines(const std::vector<sql::RegionListing>& list) {
  std::vector<std::string> out;
  for (auto& r : list) {
    std::string line = r.code + "|" + r.name + "|" + r.office_address + "|";
    for (auto& p : r.postcodes) line += p + ",";
    out.push_back(line);
  }
  return out;
}

TEST_P(StoreListsTest, RegionsByCodeWithTheirPostcodesInOrder) {
  auto lease = db_->acquire();
  EXPECT_EQ(lines(sql::regions(*lease, "nl")),
            (std::vector<std::string>{"R1|Gent|Straat 1|9000,9050,", "R2|Luik|Rue 2|4000,4020,",
                                      "R3|Empty|Nowhere 3|"}));
  EXPECT_EQ(lines(sql::regions(*lease, "fr")),
            (std::vector<std::string>{"R1|Gand|Straat 1|9000,9050,", "R2|Liège|Rue 2|4000,4020,",
                                      "R3|Empty|Nowhere 3|"}));
}

TEST_P(StoreListsTest, APersonsTeamsRolesAndCompetences) {
  auto lease = db_->acquire();
  auto teams = [&](std::int64_t person, const std::string& language) {
    std::vector<std::string> out;
    for (auto& t : sql::teams_of(*lease, person, language))
      out.push_back(t.code + "|" + t.name + "|" + std::to_string(t.share_percent));
    return out;
  };
  EXPECT_EQ(teams(ann, "en"), (std::vector<std::string>{"A1|Alpha|40", "Z1|Zulu|60"}));
  EXPECT_EQ(teams(ann, "nl"), (std::vector<std::string>{"Z1|Aap|60", "A1|Alpha|40"}))
      << "by the name in the asked language";
  EXPECT_EQ(teams(bart, "nl"), (std::vector<std::string>{"A1|Alpha|100"}));

  auto roles = [&](std::int64_t person, const std::string& language) {
    std::vector<std::string> out;
    for (auto& r : sql::roles_of(*lease, person, language))
      out.push_back(r.code + "|" + r.name + "|" + r.team_code + "|" + r.team_name + "|" + r.since +
                    "|" + r.next_rotation);
    return out;
  };
  EXPECT_EQ(roles(ann, "en"),
            (std::vector<std::string>{"planning|Planning|A1|Alpha|2026-02-01|2026-08-01",
                                      "quality|Quality|Z1|Zulu|2026-01-01|2026-07-01"}));
  EXPECT_EQ(roles(ann, "nl"),
            (std::vector<std::string>{"quality|Kwaliteit|Z1|Aap|2026-01-01|2026-07-01",
                                      "planning|Planning NL|A1|Alpha|2026-02-01|2026-08-01"}));
  EXPECT_TRUE(roles(bart, "en").empty());

  auto competences = [&](std::int64_t person, const std::string& language) {
    std::vector<std::string> out;
    for (auto& k : sql::competences_of(*lease, person, language))
      out.push_back(k.code + "|" + k.name + "|" + std::to_string(k.level));
    return out;
  };
  EXPECT_EQ(competences(ann, "en"),
            (std::vector<std::string>{"intake|Intake|1", "medical|Medical|3"}));
  EXPECT_EQ(competences(ann, "nl"),
            (std::vector<std::string>{"medical|Medisch|3", "intake|Onthaal|1"}));
  EXPECT_TRUE(competences(bart, "nl").empty());
  EXPECT_TRUE(competences(ann + bart + 1000, "en").empty()) << "nobody";
}

PLOEG_INSTANTIATE_BACKENDS(StoreListsTest);

}  // namespace
}  // namespace ploeg::organisation
