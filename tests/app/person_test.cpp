// Who acts, found once per request: web::actor (and web::person) asks the installed loader the
// first time a handler wants the visitor's person, and never again for that
// request; an anonymous visitor is nobody without a lookup.
#include <gtest/gtest.h>

#include <vector>

#include "http/message.hpp"
#include "web/site.hpp"

namespace ploeg::web {
namespace {

class VisitorPersonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The person of account n is person 100 + n, in team n at 60 %.
    set_person_loader([this](std::int64_t user_id) {
      asked_for_.push_back(user_id);
      Person p;
      p.id = 100 + user_id;
      p.teams.push_back({user_id, "team-" + std::to_string(user_id), 60});
      p.competences["intake"] = 2;
      p.roles.push_back({user_id, "team-" + std::to_string(user_id), "planning"});
      p.coach_of.push_back(user_id + 50);
      return p;
    });
  }
  void TearDown() override { set_person_loader(nullptr); }

  static http::Request signed_in(std::int64_t user_id) {
    http::Request r;
    visitor(r).user_id = user_id;
    visitor(r).username = "user" + std::to_string(user_id);
    return r;
  }

  std::vector<std::int64_t> asked_for_;
};

TEST_F(VisitorPersonTest, LoadedOncePerRequestHoweverOftenAsked) {
  auto request = signed_in(7);
  const Person& first = person(request);
  const Person& second = person(request);
  const Person& third = person(request);
  EXPECT_EQ(asked_for_, std::vector<std::int64_t>{7});
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(&second, &third);
  EXPECT_EQ(first.id, 107);
  ASSERT_EQ(first.teams.size(), 1u);
  EXPECT_EQ(first.teams[0].code, "team-7");
  EXPECT_EQ(first.teams[0].share_percent, 60);

  // Another request is another visitor: its own lookup, once.
  auto other = signed_in(8);
  EXPECT_EQ(person(other).id, 108);
  EXPECT_EQ(person(other).id, 108);
  EXPECT_EQ(asked_for_, (std::vector<std::int64_t>{7, 8}));
}

TEST_F(VisitorPersonTest, NotLoadedWhenNobodyAsks) {
  auto request = signed_in(7);
  // What every page reads of the visitor does not look the person up.
  EXPECT_EQ(visitor(request).username, "user7");
  EXPECT_TRUE(visitor(request).user_id.has_value());
  EXPECT_TRUE(asked_for_.empty());
  EXPECT_FALSE(visitor(request).loaded_actor.has_value());
}

TEST_F(VisitorPersonTest, AnAnonymousVisitorIsNobodyWithoutALookup) {
  http::Request request;
  const Person& p = person(request);
  EXPECT_EQ(p.id, 0);
  EXPECT_TRUE(p.nobody());
  EXPECT_TRUE(p.teams.empty());
  EXPECT_TRUE(p.competences.empty());
  EXPECT_TRUE(p.roles.empty());
  EXPECT_TRUE(p.coach_of.empty());
  EXPECT_FALSE(p.in(0));
  EXPECT_EQ(person(request).id, 0);
  EXPECT_TRUE(asked_for_.empty());
}

TEST_F(VisitorPersonTest, WithoutALoaderEveryoneIsNobody) {
  set_person_loader(nullptr);
  auto request = signed_in(7);
  EXPECT_TRUE(person(request).nobody());
  EXPECT_TRUE(asked_for_.empty());
}

TEST_F(VisitorPersonTest, AnswersWhatTheRulesAsk) {
  auto request = signed_in(3);
  const Person& p = person(request);
  EXPECT_FALSE(p.nobody());
  EXPECT_TRUE(p.in(3));
  EXPECT_FALSE(p.in(4));
  EXPECT_TRUE(p.coaches(53));
  EXPECT_FALSE(p.coaches(3));
  EXPECT_EQ(p.level("intake"), 2);
  EXPECT_EQ(p.level("medical"), 0);
}

TEST_F(VisitorPersonTest, TheActorCarriesTheAccountAndItsPersonFromOneLookup) {
  auto request = signed_in(9);
  visitor(request).role = "coach";
  request.remote_address = "192.0.2.7";
  request.request_id = "r-9";
  const Actor& a = actor(request);
  EXPECT_EQ(a.name, "user:user9");
  EXPECT_EQ(a.user_id, 9);
  EXPECT_TRUE(a.coach());
  EXPECT_FALSE(a.admin());
  EXPECT_EQ(a.remote_address, "192.0.2.7");
  EXPECT_EQ(a.request_id, "r-9");
  EXPECT_EQ(a.person.id, 109);
  EXPECT_TRUE(a.person.in(9));
  EXPECT_FALSE(a.person.in(8));
  EXPECT_TRUE(a.person.coaches(59));
  EXPECT_EQ(a.person.level("intake"), 2);
  EXPECT_EQ(a.person.level("medical"), 0);
  // person() is the actor's person: no second lookup.
  EXPECT_EQ(&person(request), &a.person);
  EXPECT_EQ(asked_for_, std::vector<std::int64_t>{9});
}

TEST_F(VisitorPersonTest, AnAnonymousActorIsNamedSoAndActsAsNobody) {
  http::Request request;
  const Actor& a = actor(request);
  EXPECT_EQ(a.name, "anonymous");
  EXPECT_EQ(a.user_id, 0);
  EXPECT_FALSE(a.admin());
  EXPECT_TRUE(a.person.nobody());
  EXPECT_TRUE(asked_for_.empty());
}

}  // namespace
}  // namespace ploeg::web
