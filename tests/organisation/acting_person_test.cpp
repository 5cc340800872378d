// Who acts, on both backends: the person an account is linked to comes with
// their teams and shares, competences and levels, star roles and coached
// teams, as the generated demo organisation has them; an account linked to
// nobody is nobody.
#include "organisation/acting_person.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "accounts/store.hpp"
#include "app/platform.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/editing.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

class ActingPersonTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    generated_ = generate_demo(300, 5);
    db_->transaction([&](store::Connection& c) { sql::save(c, generated_); });
  }

  std::int64_t account_for(const std::string& username, const std::string& email) {
    std::int64_t id = 0;
    db_->transaction([&](store::Connection& c) {
      id = accounts::sql::insert_user(c, {username, username, "coworker", ""}, "not-a-hash");
      if (!email.empty()) {
        EXPECT_TRUE(editing::link_account(c, id, email));
      }
      return true;
    });
    return id;
  }

  std::int64_t team_id(const std::string& code) {
    return query("SELECT id FROM teams WHERE code = $1", {code}).rows.at(0).integer(0);
  }

  web::Person loaded(std::int64_t user_id) {
    auto lease = db_->acquire();
    return person_of_user(*lease, user_id);
  }

  // What the generated organisation says of `email`, in the Person's order.
  void expect_as_generated(const web::Person& p, const std::string& email) {
    EXPECT_EQ(p.id, query("SELECT id FROM people WHERE email = $1", {email}).rows.at(0).integer(0));

    std::vector<std::tuple<int, std::string>> teams;  // (-share, code): largest share first
    for (auto& m : generated_.memberships) {
      if (m.person == email) teams.emplace_back(-m.share_percent, m.team);
    }
    std::sort(teams.begin(), teams.end());
    ASSERT_EQ(p.teams.size(), teams.size());
    for (std::size_t i = 0; i < teams.size(); ++i) {
      EXPECT_EQ(p.teams[i].code, std::get<1>(teams[i]));
      EXPECT_EQ(p.teams[i].share_percent, -std::get<0>(teams[i]));
      EXPECT_EQ(p.teams[i].team_id, team_id(std::get<1>(teams[i])));
    }

    std::map<std::string, int, std::less<>> competences;
    for (auto& person : generated_.people) {
      if (person.email != email) continue;
      for (auto& k : person.competences) competences[k.code] = k.level;
    }
    EXPECT_EQ(p.competences, competences);

    std::vector<std::tuple<std::string, std::string>> roles;
    for (auto& a : generated_.role_assignments) {
      if (a.person == email) roles.emplace_back(a.team, a.role);
    }
    std::sort(roles.begin(), roles.end());
    ASSERT_EQ(p.roles.size(), roles.size());
    for (std::size_t i = 0; i < roles.size(); ++i) {
      EXPECT_EQ(p.roles[i].team_code, std::get<0>(roles[i]));
      EXPECT_EQ(p.roles[i].role, std::get<1>(roles[i]));
      EXPECT_EQ(p.roles[i].team_id, team_id(std::get<0>(roles[i])));
    }

    std::vector<std::int64_t> coached;
    for (auto& t : generated_.teams) {
      if (t.coach == email) coached.push_back(team_id(t.code));
    }
    std::sort(coached.begin(), coached.end());
    EXPECT_EQ(p.coach_of, coached);
  }

  Organisation generated_;
};

TEST_P(ActingPersonTest, ARoleHolderComesWithTeamsCompetencesAndRoles) {
  // The holder with the most roles, the first of them by e-mail.
  std::map<std::string, int> roles_of;
  for (auto& a : generated_.role_assignments) ++roles_of[a.person];
  ASSERT_FALSE(roles_of.empty());
  auto holder = std::max_element(roles_of.begin(), roles_of.end(), [](auto& a, auto& b) {
                  return a.second < b.second;
                })->first;
  auto p = loaded(account_for("holder", holder));
  ASSERT_FALSE(p.nobody());
  EXPECT_FALSE(p.teams.empty());
  EXPECT_FALSE(p.competences.empty());
  EXPECT_FALSE(p.roles.empty());
  expect_as_generated(p, holder);
  for (auto& r : p.roles) EXPECT_TRUE(p.in(r.team_id)) << r.team_code;
}

TEST_P(ActingPersonTest, ACoachComesWithTheTeamsTheyCoach) {
  std::map<std::string, int> teams_of;
  for (auto& t : generated_.teams) {
    if (t.coach) ++teams_of[*t.coach];
  }
  ASSERT_FALSE(teams_of.empty());
  auto coach = std::max_element(teams_of.begin(), teams_of.end(), [](auto& a, auto& b) {
                 return a.second < b.second;
               })->first;
  auto p = loaded(account_for("coach", coach));
  ASSERT_EQ(p.coach_of.size(), static_cast<std::size_t>(teams_of[coach]));
  expect_as_generated(p, coach);
  for (auto team : p.coach_of) EXPECT_TRUE(p.coaches(team));
}

TEST_P(ActingPersonTest, AnAccountLinkedToNobodyIsNobody) {
  auto p = loaded(account_for("unlinked", ""));
  EXPECT_TRUE(p.nobody());
  EXPECT_EQ(p.id, 0);
  EXPECT_TRUE(p.teams.empty());
  EXPECT_TRUE(p.competences.empty());
  EXPECT_TRUE(p.roles.empty());
  EXPECT_TRUE(p.coach_of.empty());
  // No account at all: nobody either.
  EXPECT_TRUE(loaded(999999).nobody());
}

TEST_P(ActingPersonTest, TheInstalledLoaderReadsTheSameDatabase) {
  auto holder = generated_.role_assignments.at(0).person;
  auto user = account_for("member", holder);
  auto load = person_loader(*db_);
  auto p = load(user);
  expect_as_generated(p, holder);
}

PLOEG_INSTANTIATE_BACKENDS(ActingPersonTest);

}  // namespace
}  // namespace ploeg::organisation
