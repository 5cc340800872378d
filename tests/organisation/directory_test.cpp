// The directory's full-text search on both backends: found by expertise, by
// competence and by the beginning of a name; an exact name first; input that
// looks like query syntax or SQL is only ever searched for.
#include "organisation/directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/platform.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

class DirectoryTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    generated_ = generate_demo(300, 11);
    db_->transaction([&](store::Connection& c) {
      sql::save(c, generated_);
      directory::reindex_people(c);
    });
  }

  directory::Results search(const std::string& query, int page = 1) {
    auto lease = db_->acquire();
    return directory::search(*lease, query, page);
  }

  // The names of everyone a query finds, over every page.
  std::multiset<std::string> all_names(const std::string& query) {
    std::multiset<std::string> names;
    for (int page = 1;; ++page) {
      auto r = search(query, page);
      for (auto& h : r.hits) names.insert(h.name);
      if (!r.more) break;
    }
    return names;
  }

  Organisation generated_;
};

TEST_P(DirectoryTest, FindsPeopleByExpertiseTag) {
  std::multiset<std::string> expected;
  for (auto& p : generated_.people) {
    // A Flemish colleague writes their expertise in Dutch.
    if (std::count(p.expertise.begin(), p.expertise.end(), "dementie")) expected.insert(p.name);
  }
  ASSERT_FALSE(expected.empty());
  auto r = search("Dementie");
  EXPECT_GE(r.total, static_cast<std::int64_t>(expected.size()));
  auto found = all_names("Dementie");
  EXPECT_TRUE(std::includes(found.begin(), found.end(), expected.begin(), expected.end()));
  ASSERT_FALSE(r.hits.empty());
  auto& tags = r.hits[0].expertise;
  EXPECT_NE(std::find(tags.begin(), tags.end(), "dementie"), tags.end());
}

TEST_P(DirectoryTest, FindsPeopleByCompetence) {
  auto& competence = generated_.competences.at(0);
  std::multiset<std::string> expected;
  for (auto& p : generated_.people) {
    for (auto& pc : p.competences) {
      if (pc.code == competence.code) expected.insert(p.name);
    }
  }
  ASSERT_FALSE(expected.empty());
  auto found = all_names(competence.name);
  EXPECT_TRUE(std::includes(found.begin(), found.end(), expected.begin(), expected.end()))
      << competence.name;
}

// A competence is found by its name in any language, and a hit or a profile
// names competences, teams and roles in the language asked for.
TEST_P(DirectoryTest, FindsByACompetencesNameInEveryLanguageAndNamesThingsInTheOneAsked) {
  auto& competence = generated_.competences.at(0);
  std::multiset<std::string> expected;
  for (auto& p : generated_.people) {
    for (auto& pc : p.competences) {
      if (pc.code == competence.code) expected.insert(p.name);
    }
  }
  for (auto& language : {"nl", "fr"}) {
    auto name = competence.names.at(language);
    auto found = all_names(name);
    EXPECT_TRUE(std::includes(found.begin(), found.end(), expected.begin(), expected.end()))
        << name;
  }

  auto lease = db_->acquire();
  auto r = directory::search(*lease, "Maatschappelijk werk", 1, "fr");
  ASSERT_FALSE(r.hits.empty());
  auto& hit = r.hits[0].competences;
  EXPECT_NE(std::find(hit.begin(), hit.end(), "Travail social"), hit.end());
  EXPECT_EQ(std::find(hit.begin(), hit.end(), "Social work"), hit.end());

  // Someone with a team and a role: the profile in Dutch, then in English.
  auto holder = lease->query(
      "SELECT a.person_id FROM role_assignments a JOIN roles r ON r.id = a.role_id WHERE r.code "
      "= 'quality' ORDER BY a.person_id LIMIT 1");
  ASSERT_FALSE(holder.empty());
  auto dutch = directory::person(*lease, holder.rows[0].integer(0), "nl");
  ASSERT_TRUE(dutch.has_value());
  auto holds = [](const directory::PersonPage& p, const std::string& role) {
    return std::any_of(p.roles.begin(), p.roles.end(),
                       [&](const directory::PersonRole& r) { return r.role == role; });
  };
  EXPECT_TRUE(holds(*dutch, "Kwaliteit"));
  EXPECT_FALSE(holds(*dutch, "Quality"));
  for (auto& t : dutch->teams) {
    auto team = std::find_if(generated_.teams.begin(), generated_.teams.end(),
                             [&](const Team& x) { return x.code == t.code; });
    ASSERT_NE(team, generated_.teams.end());
    EXPECT_EQ(t.name, team->names.at("nl"));
  }
  for (auto& k : dutch->competences) {
    auto known = std::find_if(generated_.competences.begin(), generated_.competences.end(),
                              [&](const Competence& c) { return c.names.at("nl") == k.name; });
    EXPECT_NE(known, generated_.competences.end()) << k.name;
  }
  auto english = directory::person(*lease, holder.rows[0].integer(0), "en");
  EXPECT_TRUE(holds(*english, "Quality"));
  // No language: the things' own names.
  auto own = directory::person(*lease, holder.rows[0].integer(0));
  EXPECT_TRUE(holds(*own, "Quality"));
}

TEST_P(DirectoryTest, FindsAPersonByTheBeginningOfTheirName) {
  auto& name = generated_.people.at(42).name;
  auto space = name.find(' ');
  ASSERT_NE(space, std::string::npos);
  // "Thomas Thijs" -> "Thom Thi"
  std::string query =
      name.substr(0, std::min<std::size_t>(space, 4)) + " " + name.substr(space + 1, 3);
  auto found = all_names(query);
  EXPECT_EQ(found.count(name), 1u) << query;
}

TEST_P(DirectoryTest, AnExactNameComesFirst) {
  for (int i : {3, 77, 150, 299}) {
    auto& name = generated_.people.at(i).name;
    auto r = search(name);
    ASSERT_FALSE(r.hits.empty()) << name;
    EXPECT_EQ(r.hits[0].name, name);
  }
}

TEST_P(DirectoryTest, AnEmptyQueryListsEveryoneByNameAPageAtATime) {
  auto first = search("");
  EXPECT_EQ(first.total, 300);
  ASSERT_EQ(first.hits.size(), 50u);
  EXPECT_TRUE(first.more);
  auto last = search("  ", 6);
  EXPECT_EQ(last.hits.size(), 50u);
  EXPECT_FALSE(last.more);
  EXPECT_TRUE(search("", 7).hits.empty());
  std::vector<std::string> names;
  for (auto& h : first.hits) names.push_back(h.name);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST_P(DirectoryTest, QuerySyntaxAndSqlInInputAreOnlySearchedFor) {
  for (const char* query : {"\"",
                            "\"autism",
                            "autism\" OR \"a",
                            "OR",
                            "a OR b",
                            "*",
                            "aut*",
                            "NEAR(autism dementia)",
                            "NEAR(",
                            "'; DROP TABLE people; --",
                            "autism AND NOT dementia",
                            "col:autism",
                            "^autism",
                            "name : x",
                            "'",
                            "\\",
                            "a & b | !c",
                            "x:* & y",
                            "(",
                            ")",
                            "-autism",
                            "+autism",
                            "é’",
                            "Lef\xc3",           // a character cut in half
                            "\xff\xfe autism",   // bytes that are no UTF-8 at all
                            "\xed\xa0\x80x"}) {  // a UTF-16 surrogate
    EXPECT_NO_THROW(search(query)) << query;
  }
  EXPECT_TRUE(search("*").hits.empty());
  EXPECT_EQ(count("people"), 300);
  // Punctuation splits words; the words are still found.
  EXPECT_GT(search("\"autism\"*").total, 0);
}

TEST_P(DirectoryTest, PersonPageHoldsTheirTeamsRolesAndCompetences) {
  auto& assignment = generated_.role_assignments.at(0);
  auto email = assignment.person;
  auto lease = db_->acquire();
  auto id = lease->query("SELECT id FROM people WHERE email = $1", {email}).rows.at(0).integer(0);
  auto page = directory::person(*lease, id);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->email, email);
  EXPECT_FALSE(page->teams.empty());
  EXPECT_FALSE(page->roles.empty());
  EXPECT_FALSE(directory::person(*lease, 999999));
}

TEST_P(DirectoryTest, ACoachsPageListsTheTeamsTheyCoach) {
  std::map<std::string, std::set<std::string>> coached;  // coach e-mail -> team codes
  for (auto& t : generated_.teams) {
    if (t.coach) coached[*t.coach].insert(t.code);
  }
  ASSERT_FALSE(coached.empty());
  auto& [email, codes] = *coached.begin();
  auto lease = db_->acquire();
  auto id = lease->query("SELECT id FROM people WHERE email = $1", {email}).rows.at(0).integer(0);
  auto page = directory::person(*lease, id);
  ASSERT_TRUE(page);
  std::set<std::string> shown;
  for (auto& t : page->coached) shown.insert(t.code);
  EXPECT_EQ(shown, codes);
  // Someone who coaches nobody has no such list.
  auto it = std::find_if(generated_.memberships.begin(), generated_.memberships.end(),
                         [&](const Membership& m) { return !coached.count(m.person); });
  ASSERT_NE(it, generated_.memberships.end());
  auto& member = it->person;
  auto other =
      lease->query("SELECT id FROM people WHERE email = $1", {member}).rows.at(0).integer(0);
  EXPECT_TRUE(directory::person(*lease, other)->coached.empty());
}

TEST(DirectoryWords, KeepLettersAndDigitsOnly) {
  EXPECT_EQ(directory::query_words(" Autism, \"legislation\" 2024* OR"),
            (std::vector<std::string>{"autism", "legislation", "2024", "or"}));
  EXPECT_EQ(directory::query_words("Lefèvre-Claes"),
            (std::vector<std::string>{"lefèvre", "claes"}));
  EXPECT_TRUE(directory::query_words("'; -- *").empty());
}

// PostgreSQL refuses text that is not UTF-8: a query cut in the middle of a
// character must not reach it (it would answer 500 instead of results).
TEST(DirectoryWords, DropBytesThatAreNotUtf8) {
  EXPECT_EQ(directory::query_words("Caf\xc3"), (std::vector<std::string>{"caf"}));
  EXPECT_EQ(directory::query_words("ab\x80"
                                   "cd \xf0\x9f\x98\x80 é"),
            (std::vector<std::string>{"ab", "cd", "\xf0\x9f\x98\x80", "é"}));
  EXPECT_EQ(directory::query_words("\xc0\xafx"), (std::vector<std::string>{"x"}));  // overlong '/'
}

PLOEG_INSTANTIATE_BACKENDS(DirectoryTest);

}  // namespace
}  // namespace ploeg::organisation
