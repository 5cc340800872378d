// Who sees a team choice round and its board (issue 18): the people of the
// round, the coaches of its teams and administrators; a coach of other teams
// and a co-worker outside the round get 403, with no one's name in it; the
// list of rounds shows each visitor only those. Pages and API alike.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "workplace/server/trust_cast.hpp"

namespace ploeg::test {
namespace {

using trust::Who;

class TeamChoiceTrust : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-round-trust-", trust::add_accounts);
    team_ = trust::team_of(demo_->database());
    auto admin = trust::visitor(*demo_, Who::admin);
    admin.get("/rounds");
    auto opened = admin.post("/rounds", {{"title", "Trust round"}, {"region", team_.region}});
    ASSERT_EQ(opened.status, 303) << opened.body;
    std::smatch m;
    auto location = opened.header("Location").value_or("");
    ASSERT_TRUE(std::regex_search(location, m, std::regex("^/rounds/([0-9]+)")));
    round_ = "/rounds/" + m[1].str();
  }
  static void TearDownTestSuite() { demo_.reset(); }

  static void names_no_one(const HttpResponse& r) {
    EXPECT_EQ(r.body.find(team_.teammate_name), std::string::npos);
    EXPECT_EQ(r.body.find(team_.teammate_email), std::string::npos);
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline trust::Team team_;
  static inline std::string round_;
};

struct Expected {
  Who who;
  int status;
};

TEST_F(TeamChoiceTrust, TheRoundAndItsBoardAreForItsPeopleTheCoachesOfItsTeamsAndAdministrators) {
  const Expected cases[] = {{Who::anonymous, 303},    {Who::member, 200},
                            {Who::other_member, 403}, {Who::coach, 200},
                            {Who::other_coach, 403},  {Who::admin, 200}};
  for (auto& e : cases) {
    for (auto path : {round_, round_ + "/board", round_ + "/board.json"}) {
      SCOPED_TRACE(path + " by " + trust::name_of(e.who));
      auto v = trust::visitor(*demo_, e.who);
      auto r = v.get(path);
      EXPECT_EQ(r.status, e.status) << r.body.substr(0, 300);
      bool json = path.find(".json") != std::string::npos;
      if (e.status == 200) {
        EXPECT_NE(r.body.find(json ? "\"teams\"" : "Trust round"), std::string::npos);
      }
      if (e.status == 303) {
        EXPECT_EQ(r.header("Location").value_or("").rfind("/login?next=", 0), 0u);
      }
      if (e.status == 403) {
        EXPECT_NE(r.body.find("You are not one of the people of this round."), std::string::npos);
        EXPECT_EQ(r.body.find("Trust round"), std::string::npos);
        names_no_one(r);
      }
    }
  }
}

TEST_F(TeamChoiceTrust, TheListShowsEachVisitorTheRoundsTheyMaySee) {
  const Expected cases[] = {{Who::member, 1},
                            {Who::other_member, 0},
                            {Who::coach, 1},
                            {Who::other_coach, 0},
                            {Who::admin, 1}};
  for (auto& e : cases) {
    SCOPED_TRACE(trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto list = v.get("/rounds");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find("href=\"" + round_ + "\"") != std::string::npos, e.status == 1)
        << list.body.substr(0, 300);
  }
}

TEST_F(TeamChoiceTrust, TheApiAnswersAlike) {
  const Expected cases[] = {{Who::anonymous, 401},    {Who::member, 200},
                            {Who::other_member, 403}, {Who::coach, 200},
                            {Who::other_coach, 403},  {Who::admin, 200}};
  auto id = round_.substr(std::string("/rounds/").size());
  for (auto& e : cases) {
    SCOPED_TRACE(trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    std::string cookie;
    for (auto& [name, value] : v.cookies())
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    auto r = http_request(demo_->port(), "GET", "/api/v1/rounds/" + id, "",
                          {{"Cookie", cookie}, {"Accept", "application/json"}});
    EXPECT_EQ(r.status, e.status) << r.body.substr(0, 300);
    if (e.status == 200) {
      EXPECT_NE(r.body.find("Trust round"), std::string::npos);
    }
    if (e.status == 403) {
      EXPECT_EQ(
          r.body,
          R"({"error":{"code":"forbidden","message":"You are not one of the people of this round.","field":null}})");
      names_no_one(r);
    }
    auto list = http_request(demo_->port(), "GET", "/api/v1/rounds", "",
                             {{"Cookie", cookie}, {"Accept", "application/json"}});
    if (e.who == Who::anonymous) continue;
    EXPECT_EQ(list.body.find("Trust round") != std::string::npos,
              e.who == Who::member || e.who == Who::coach || e.who == Who::admin)
        << list.body.substr(0, 300);
  }
}

}  // namespace
}  // namespace ploeg::test
