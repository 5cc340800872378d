// End to end: the team pages of the real `ploeg serve` on a demo
// organisation: the coverage grid, the forms members use, and who is refused.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class TeamPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The demo lacks only doctors: take one more competence away from the
    // members of the last regional team, so that a grid shows that too.
    demo_ = std::make_unique<DemoServer>("ploeg-team-pages-", [](const std::string& database) {
      auto db = store::Database::open(database);
      db->transaction([](store::Connection& c) {
        auto team =
            c.query("SELECT id, code FROM teams WHERE kind = 'regional' ORDER BY code DESC");
        lacking_ = team.rows[0].text(1);
        auto id = team.rows[0].integer(0);
        c.query(
            "DELETE FROM person_competences WHERE competence_id = (SELECT MIN(competence_id) FROM "
            "team_requirements WHERE team_id = $1 AND minimum > 0) AND person_id IN (SELECT "
            "person_id FROM memberships WHERE team_id = $1)",
            {id});
      });
    });
    // The co-worker's own team is the one whose page offers them the forms.
    Visitor v(demo_->port());
    ASSERT_TRUE(v.sign_in("coworker", demo_->password("coworker")));
    auto teams = v.get("/teams");
    ASSERT_EQ(teams.status, 200) << teams.body;
    static const std::regex link(R"re(<th scope="row"><a href="/teams/([^"]+)">)re");
    for (std::sregex_iterator it(teams.body.begin(), teams.body.end(), link), end; it != end;
         ++it) {
      std::string code = (*it)[1];
      auto page = v.get("/teams/" + code);
      bool editable = page.body.find("action=\"/teams/" + code + "/vision\"") != std::string::npos;
      if (editable && own_.empty()) own_ = code;
      if (!editable && other_.empty()) other_ = code;
    }
    ASSERT_FALSE(own_.empty());
    ASSERT_FALSE(other_.empty());
  }
  static void TearDownTestSuite() { demo_.reset(); }
  Visitor signed_in(const std::string& user = "coworker") { return demo_->signed_in(user); }

  static inline std::unique_ptr<DemoServer> demo_;
  static std::string own_;
  static std::string other_;
  static std::string lacking_;
};
std::string TeamPagesTest::own_;
std::string TeamPagesTest::other_;
std::string TeamPagesTest::lacking_;

TEST_F(TeamPagesTest, TheMapDrawsEveryTeamAndTheTableHoldsTheSameFacts) {
  auto v = signed_in();
  auto r = v.get("/teams");
  ASSERT_EQ(r.status, 200);
  static const std::regex shape(R"re(<a class="team-map__team" href="/teams/([^"]+)")re");
  static const std::regex row(R"re(<th scope="row"><a href="/teams/([^"]+)">)re");
  std::set<std::string> drawn, listed;
  for (std::sregex_iterator it(r.body.begin(), r.body.end(), shape), end; it != end; ++it) {
    drawn.insert((*it)[1]);
  }
  for (std::sregex_iterator it(r.body.begin(), r.body.end(), row), end; it != end; ++it) {
    listed.insert((*it)[1]);
  }
  EXPECT_GT(drawn.size(), 20u);
  EXPECT_EQ(drawn, listed);
  EXPECT_NE(r.body.find("<title>"), std::string::npos);
  EXPECT_NE(r.body.find("No region"), std::string::npos);  // the communities' group

  // One region only: fewer teams, all of that region.
  auto filtered = v.get("/teams?region=antwerpen");
  ASSERT_EQ(filtered.status, 200);
  // The region by its name in the visitor's language (English here).
  EXPECT_NE(filtered.body.find("Teams in Antwerp<"), std::string::npos) << filtered.body;
  std::size_t count = 0;
  for (std::sregex_iterator it(filtered.body.begin(), filtered.body.end(), shape), end; it != end;
       ++it) {
    ++count;
  }
  EXPECT_GT(count, 0u);
  EXPECT_LT(count, drawn.size());
  EXPECT_EQ(v.get("/teams?region=%3Cnowhere%3E").status, 200);
}

TEST_F(TeamPagesTest, TheGridShowsWhatATeamLacks) {
  auto v = signed_in();
  auto teams = v.get("/teams");
  auto row = teams.body.find("<a href=\"/teams/" + lacking_ + "\">");
  ASSERT_NE(row, std::string::npos);
  auto status = teams.body.find("team-status--", row);
  EXPECT_EQ(teams.body.substr(status, 20), "team-status--lacking");
  EXPECT_NE(teams.body.find("team-map__circle--lacking"), std::string::npos);

  auto r = v.get("/teams/" + lacking_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("coverage__total coverage__total--short\">0 / "), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(" short</span>"), std::string::npos);
  EXPECT_NE(r.body.find("Held / required"), std::string::npos);
  EXPECT_NE(r.body.find("team-status--lacking"), std::string::npos);
  // A complete team has no shortfall.
  EXPECT_EQ(v.get("/teams/" + own_).body.find("coverage__total--short"), std::string::npos);
}

TEST_F(TeamPagesTest, AMemberSavesTheVisionAndItIsEscaped) {
  auto v = signed_in();
  v.get("/teams/" + own_);
  auto r = v.post(
      "/teams/" + own_ + "/vision",
      {{"vision", "We decide <script>alert(1)</script> together"}, {"values", "Trust & openness"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("Location").value_or(""), "/teams/" + own_ + "?saved=vision");
  auto page = v.get("/teams/" + own_ + "?saved=vision");
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("We decide &lt;script&gt;alert(1)&lt;/script&gt; together"),
            std::string::npos);
  EXPECT_NE(page.body.find("Trust &amp; openness"), std::string::npos);
  EXPECT_NE(page.body.find("The vision and values are saved."), std::string::npos);
}

TEST_F(TeamPagesTest, TooLongATextIsRefusedWithWhatWasTyped) {
  auto v = signed_in();
  v.get("/teams/" + own_);
  std::string typed = "Typed with care " + std::string(4100, 'x');
  auto r = v.post("/teams/" + own_ + "/vision", {{"vision", typed}, {"values", "kept values"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("at most 4000 characters"), std::string::npos) << r.body.substr(0, 2000);
  EXPECT_NE(r.body.find(typed + "</textarea>"), std::string::npos);
  EXPECT_NE(r.body.find("kept values</textarea>"), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(v.get("/teams/" + own_).body.find("Typed with care"), std::string::npos);

  auto role = v.post(
      "/teams/" + own_ + "/roles/planning",
      {{"holder", "nobody@example.org"}, {"since", "2026-13-01"}, {"next_rotation", "2027-01-01"}});
  EXPECT_EQ(role.status, 422);
  EXPECT_NE(role.body.find("value=\"2026-13-01\""), std::string::npos);
  EXPECT_NE(role.body.find("Enter a date like 2026-11-23."), std::string::npos);
}

TEST_F(TeamPagesTest, APostWithoutTheFormTokenIsRefused) {
  auto v = signed_in();
  v.get("/teams/" + own_);
  auto r = v.post("/teams/" + own_ + "/vision", {{"vision", "no token"}, {"values", ""}}, "");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(v.get("/teams/" + own_).body.find("no token"), std::string::npos);
}

TEST_F(TeamPagesTest, ANonMemberIsRefusedAndNothingChanges) {
  auto v = signed_in();
  auto before = v.get("/teams/" + other_);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("action=\"/teams/" + other_ + "/vision\""), std::string::npos);
  EXPECT_EQ(before.body.find("/release\""), std::string::npos);
  auto r = v.post("/teams/" + other_ + "/vision", {{"vision", "forged vision"}, {"values", ""}});
  EXPECT_EQ(r.status, 403);
  auto release = v.post("/teams/" + other_ + "/roles/planning/release", {});
  EXPECT_EQ(release.status, 403);
  auto give = v.post(
      "/teams/" + other_ + "/roles/planning",
      {{"holder", "x@example.org"}, {"since", "2026-01-01"}, {"next_rotation", "2027-01-01"}});
  EXPECT_EQ(give.status, 403);
  auto after = v.get("/teams/" + other_);
  EXPECT_EQ(after.body.find("forged vision"), std::string::npos);
  EXPECT_EQ(before.body.substr(before.body.find("id=\"team-roles\"")),
            after.body.substr(after.body.find("id=\"team-roles\"")));

  // An administrator may edit any team.
  auto admin = signed_in("admin");
  EXPECT_NE(admin.get("/teams/" + other_).body.find("action=\"/teams/" + other_ + "/vision\""),
            std::string::npos);
}

TEST_F(TeamPagesTest, TakingAndReleasingARole) {
  auto v = signed_in();
  auto page = v.get("/teams/" + own_);
  ASSERT_NE(page.body.find("Take this role"), std::string::npos);
  std::smatch m;
  static const std::regex me(R"re(name="holder" value="([^"]+)")re");
  ASSERT_TRUE(std::regex_search(page.body, m, me));
  std::string email = m[1];
  auto r = v.post("/teams/" + own_ + "/roles/quality",
                  {{"holder", email}, {"since", "2026-01-05"}, {"next_rotation", "2029-02-27"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto roles = v.get("/roles");
  ASSERT_EQ(roles.status, 200);
  EXPECT_NE(roles.body.find("<td>2029-02-27</td>"), std::string::npos);
  r = v.post("/teams/" + own_ + "/roles/quality/release", {});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(v.get("/roles").body.find("<td>2029-02-27</td>"), std::string::npos);
  EXPECT_EQ(v.post("/teams/" + own_ + "/roles/no-such-role/release", {}).status, 404);
  EXPECT_EQ(v.get("/teams/no-such-team").status, 404);
}

TEST_F(TeamPagesTest, AProfileIsEditedByItsOwnerOnly) {
  auto v = signed_in();
  auto team = v.get("/teams/" + own_);
  // The co-worker's own person page has the link; another's has not.
  std::smatch m;
  static const std::regex person(R"re(href="(/people/[0-9]+)/profile")re");
  std::string own_person;
  static const std::regex member(R"re(<th scope="row"><a href="(/people/[0-9]+)">)re");
  for (std::sregex_iterator it(team.body.begin(), team.body.end(), member), end; it != end; ++it) {
    auto p = v.get((*it)[1]);
    if (std::regex_search(p.body, m, person)) {
      own_person = m[1];
    } else if (p.body.find("/profile\"") == std::string::npos) {
      auto refused = v.post(std::string((*it)[1]) + "/profile",
                            {{"expertise", "forged"}, {"ask_me_about", ""}});
      EXPECT_EQ(refused.status, 403);
    }
  }
  ASSERT_FALSE(own_person.empty());
  ASSERT_EQ(v.get(own_person + "/profile").status, 200);
  auto r = v.post(own_person + "/profile", {{"expertise", "autism; <b>bold</b>; legislation 2024"},
                                            {"ask_me_about", "the new rules"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto p = v.get(own_person + "?saved=profile");
  EXPECT_NE(p.body.find("Your profile is saved."), std::string::npos);
  EXPECT_NE(p.body.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(p.body.find("the new rules"), std::string::npos);
  auto bad = v.post(own_person + "/profile",
                    {{"expertise", std::string(70, 'y')}, {"ask_me_about", "kept line"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("value=\"kept line\""), std::string::npos);
}

}  // namespace
}  // namespace ploeg::test
