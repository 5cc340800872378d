// The organisation's storage on both backends: a saved organisation loads
// back identical, a duplicate leaves nothing behind, and the bulk insert
// copes with thousands of people.
#include "organisation/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "app/platform.hpp"
#include "organisation/canonical.hpp"
#include "organisation/demo_generator.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t line = 1, start = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) {
      auto end_a = a.find('\n', start), end_b = b.find('\n', start);
      return "line " + std::to_string(line) + ":\n  " + a.substr(start, end_a - start) + "\n  " +
             b.substr(start, end_b - start);
    }
    if (a[i] == '\n') ++line, start = i + 1;
  }
  return a.size() == b.size() ? "" : "one is a prefix of the other at line " + std::to_string(line);
}

class OrganisationStoreTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
  }
  void save_all(const Organisation& o) {
    db_->transaction([&](store::Connection& c) { sql::save(c, o); });
  }
};

TEST_P(OrganisationStoreTest, SavedOrganisationLoadsBackIdentical) {
  auto generated = generate_demo(300, 1);
  save_all(generated);
  auto loaded = db_->transaction([](store::Connection& c) { return sql::load(c); });
  sort_canonically(generated);
  auto expected = to_text(generated), actual = to_text(loaded);
  EXPECT_EQ(first_difference(expected, actual), "");
  EXPECT_TRUE(loaded == generated);

  EXPECT_EQ(count("people"), 300);
  EXPECT_EQ(count("competences"), 6);
  EXPECT_EQ(count("roles"), 6);
  EXPECT_EQ(count("regions"), static_cast<std::int64_t>(generated.regions.size()));
  EXPECT_EQ(count("teams"), static_cast<std::int64_t>(generated.teams.size()));
  EXPECT_EQ(count("memberships"), static_cast<std::int64_t>(generated.memberships.size()));
  EXPECT_EQ(count("role_assignments"),
            static_cast<std::int64_t>(generated.role_assignments.size()));
  std::int64_t postcodes = 0, competences = 0, tags = 0, languages = 0, requirements = 0;
  for (auto& r : generated.regions) postcodes += static_cast<std::int64_t>(r.postcodes.size());
  for (auto& p : generated.people) {
    competences += static_cast<std::int64_t>(p.competences.size());
    tags += static_cast<std::int64_t>(p.expertise.size());
    languages += static_cast<std::int64_t>(p.languages.size());
  }
  for (auto& t : generated.teams) requirements += static_cast<std::int64_t>(t.required_mix.size());
  EXPECT_EQ(count("region_postcodes"), postcodes);
  EXPECT_EQ(count("person_competences"), competences);
  EXPECT_EQ(count("person_expertise"), tags);
  EXPECT_EQ(count("person_languages"), languages);
  EXPECT_EQ(count("team_requirements"), requirements);
  // Every competence, region, role and team is named in Dutch, French and English.
  EXPECT_EQ(count("names"),
            3 * (count("competences") + count("regions") + count("roles") + count("teams")));
  auto social = std::find_if(loaded.competences.begin(), loaded.competences.end(),
                             [](const Competence& c) { return c.code == "social_work"; });
  ASSERT_NE(social, loaded.competences.end());
  EXPECT_EQ(
      social->names,
      (Names{{"en", "Social work"}, {"fr", "Travail social"}, {"nl", "Maatschappelijk werk"}}));
  auto gent = std::find_if(loaded.regions.begin(), loaded.regions.end(),
                           [](const Region& r) { return r.code == "gent"; });
  ASSERT_NE(gent, loaded.regions.end());
  EXPECT_EQ(gent->names.at("fr"), "Gand");
}

TEST_P(OrganisationStoreTest, FindsAPersonByEmailWhateverItsCase) {
  auto generated = generate_demo(300, 1);
  save_all(generated);
  auto lease = db_->acquire();
  auto wanted = generated.people[17];
  std::string shouted = wanted.email;
  for (auto& ch : shouted) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto found = sql::find_person(*lease, shouted);
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(*found == wanted);
  EXPECT_FALSE(sql::find_person(*lease, "nobody@demo.ploeg.example").has_value());
}

TEST_P(OrganisationStoreTest, ListsTeamsWithTheirMemberCounts) {
  auto generated = generate_demo(300, 1);
  save_all(generated);
  auto lease = db_->acquire();
  auto teams = sql::list_teams(*lease);
  ASSERT_EQ(teams.size(), generated.teams.size());
  EXPECT_TRUE(
      std::is_sorted(teams.begin(), teams.end(), [](auto& a, auto& b) { return a.code < b.code; }));
  std::map<std::string, int> members;
  for (auto& m : generated.memberships) ++members[m.team];
  for (auto& t : teams) {
    EXPECT_EQ(t.members, members[t.code]) << t.code;
    if (t.kind == "regional") {
      EXPECT_TRUE(t.region.has_value());
      EXPECT_EQ(t.min_size, 12);
      EXPECT_EQ(t.max_size, 15);
    }
    if (t.kind == "community") {
      EXPECT_FALSE(t.region.has_value());
    }
  }
}

TEST_P(OrganisationStoreTest, DuplicateEmailSavesNothing) {
  auto o = generate_demo(300, 1);
  auto twin = o.people[0];
  twin.name = "Someone Else";
  for (auto& ch : twin.email) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  o.people.push_back(twin);
  EXPECT_THROW(save_all(o), store::ConstraintError);
  EXPECT_EQ(count("people"), 0);
  EXPECT_EQ(count("competences"), 0);
  EXPECT_EQ(count("region_postcodes"), 0);
}

TEST_P(OrganisationStoreTest, RoleHeldByANonMemberSavesNothing) {
  auto o = generate_demo(300, 1);
  // Someone from another team takes the first role.
  auto& a = o.role_assignments[0];
  for (auto& m : o.memberships) {
    if (m.team != a.team && m.team.rfind("cop-", 0) != 0) {
      a.person = m.person;
      break;
    }
  }
  try {
    save_all(o);
    ADD_FAILURE() << "saved a role held by a non-member";
  } catch (const store::ConstraintError& e) {
    EXPECT_NE(std::string(e.what()).find("not a member"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("people"), 0);
}

TEST_P(OrganisationStoreTest, SchemaRefusesWhatTheCodeMightMiss) {
  save_all(generate_demo(50, 1));
  // A postcode outside every region.
  EXPECT_THROW(query("INSERT INTO people (email, name, fte_permille, home_postcode) VALUES "
                     "('x@demo.ploeg.example', 'X', 1000, '0001')"),
               store::ConstraintError);
  EXPECT_THROW(query("INSERT INTO teams (code, name, kind, min_size, max_size) VALUES "
                     "('t', 'T', 'department', 1, 2)"),
               store::ConstraintError);
  // A role held by someone who is not in the team: the membership key refuses it.
  auto team =
      query("SELECT id FROM teams WHERE kind = 'regional' ORDER BY code").rows.at(0).integer(0);
  auto role = query("SELECT id FROM roles WHERE code = 'planning'").rows.at(0).integer(0);
  auto outsider = query(
                      "SELECT person_id FROM memberships WHERE person_id NOT IN (SELECT "
                      "person_id FROM memberships WHERE team_id = $1) ORDER BY person_id",
                      {team})
                      .rows.at(0)
                      .integer(0);
  query("DELETE FROM role_assignments WHERE team_id = $1 AND role_id = $2", {team, role});
  EXPECT_THROW(query("INSERT INTO role_assignments (team_id, role_id, person_id, since, "
                     "next_rotation) VALUES ($1, $2, $3, '2026-01-01', '2027-01-01')",
                     {team, role, outsider}),
               store::ConstraintError);
  // Leaving the team gives the role back.
  auto holder = query("SELECT person_id FROM role_assignments WHERE team_id = $1", {team})
                    .rows.at(0)
                    .integer(0);
  auto roles_before = count("role_assignments");
  query("DELETE FROM memberships WHERE team_id = $1 AND person_id = $2", {team, holder});
  EXPECT_LT(count("role_assignments"), roles_before);
}

TEST_P(OrganisationStoreTest, FiveThousandPeopleInOneGo) {
  auto generated = generate_demo(5'000, 3);
  save_all(generated);
  EXPECT_EQ(count("people"), 5'000);
  EXPECT_EQ(count("memberships"), static_cast<std::int64_t>(generated.memberships.size()));
  auto loaded = db_->transaction([](store::Connection& c) { return sql::load(c); });
  sort_canonically(generated);
  EXPECT_TRUE(loaded == generated);
}

PLOEG_INSTANTIATE_BACKENDS(OrganisationStoreTest);

}  // namespace
}  // namespace ploeg::organisation
