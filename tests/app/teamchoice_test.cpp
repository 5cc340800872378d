// End to end: a team choice round on the real `ploeg serve` with the demo
// organisation. The coach opens a round for their region; co-workers choose;
// the board counts them; the coach runs the optimiser, publishes and accepts;
// a co-worker sees their proposed team and the reason. Forms need the CSRF
// token, coach actions refuse co-workers, and people outside the round get 403.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

constexpr const char* password = "teamchoice-pages-secret";

class TeamChoicePagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-teamchoice-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::unique_ptr<store::Database> db() { return store::Database::open(demo_->database()); }
  static store::Result query(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return db()->acquire()->query(sql, params);
  }

  // The region of the demo coach's team (the co-worker is one of its members).
  static std::string coach_region() {
    return query(
               "SELECT g.code FROM teams t JOIN regions g ON g.id = t.region_id WHERE t.kind = "
               "'regional' ORDER BY t.code LIMIT 1")
        .rows.at(0)
        .text(0);
  }

  // A co-worker account linked to someone of a regional team outside `region`.
  static Visitor outsider(const std::string& region) {
    auto email = query(
                     "SELECT p.email FROM people p JOIN memberships m ON m.person_id = p.id JOIN "
                     "teams t ON t.id = m.team_id JOIN regions g ON g.id = t.region_id WHERE "
                     "t.kind = 'regional' AND g.code <> $1 AND NOT EXISTS (SELECT 1 FROM "
                     "memberships o JOIN teams u ON u.id = o.team_id JOIN regions h ON h.id = "
                     "u.region_id WHERE o.person_id = p.id AND h.code = $1) ORDER BY p.id LIMIT 1",
                     {region})
                     .rows.at(0)
                     .text(0);
    EXPECT_TRUE(run_ploeg({"user", "add", "outsider", "--role", "coworker", "--display-name",
                           "Outsider", "--password-stdin", "--database", demo_->database()},
                          std::string(password) + "\n")
                    .success());
    EXPECT_TRUE(
        run_ploeg({"user", "link", "outsider", email, "--database", demo_->database()}).success());
    Visitor v(demo_->port());
    EXPECT_TRUE(v.sign_in("outsider", password));
    return v;
  }

  static std::int64_t person_of(const std::string& username) {
    return query(
               "SELECT a.person_id FROM account_people a JOIN users u ON u.id = a.user_id WHERE "
               "u.username = $1",
               {username})
        .rows.at(0)
        .integer(0);
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(TeamChoicePagesTest, ACoachRunsARoundFromChoicesToMemberships) {
  auto region = coach_region();
  auto coach = demo_->signed_in("coach");
  auto coworker = demo_->signed_in("coworker");

  auto list = coach.get("/rounds");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("action=\"/rounds\""), std::string::npos);
  EXPECT_EQ(coworker.get("/rounds").body.find("action=\"/rounds\""), std::string::npos);

  // Opening: a co-worker may not; a form without its token is refused.
  EXPECT_EQ(coworker.post("/rounds", {{"title", "Mine"}, {"region", region}}).status, 403);
  EXPECT_EQ(coach.post("/rounds", {{"title", "Spring"}, {"region", region}}, "").status, 403);
  auto bad = coach.post("/rounds", {{"title", ""}, {"region", region}});
  EXPECT_EQ(bad.status, 422);
  auto opened = coach.post("/rounds", {{"title", "Spring round"}, {"region", region}});
  ASSERT_EQ(opened.status, 303) << opened.body;
  auto location = opened.header("Location").value_or("");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(location, m, std::regex(R"(^/rounds/([0-9]+))")));
  auto round = "/rounds/" + m[1].str();
  auto round_id = std::stoll(m[1].str());

  // The co-worker chooses; the board shows it at once.
  auto page = coworker.get(round);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"choice-first\""), std::string::npos);
  auto teams = query("SELECT team_id FROM team_round_teams WHERE round_id = $1 ORDER BY team_id",
                     {round_id});
  ASSERT_GE(teams.rows.size(), 2u);
  auto wanted = teams.rows[1].integer(0);
  auto me = person_of("coworker");
  auto colleague = query(
                       "SELECT person_id FROM team_round_people WHERE round_id = $1 AND "
                       "person_id <> $2 ORDER BY person_id LIMIT 1",
                       {round_id, me})
                       .rows.at(0)
                       .integer(0);
  EXPECT_EQ(coworker.post(round + "/choice", {{"first", std::to_string(wanted)}}, "bad").status,
            403);
  auto refused = coworker.post(
      round + "/choice", {{"first", std::to_string(wanted)}, {"second", std::to_string(wanted)}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Choose each team only once."), std::string::npos);
  auto chose = coworker.post(
      round + "/choice", {{"first", std::to_string(wanted)}, {"liked", std::to_string(colleague)}});
  ASSERT_EQ(chose.status, 303) << chose.body;
  auto json = coworker.get(round + "/board.json", {{"Accept", "application/json"}});
  ASSERT_EQ(json.status, 200);
  EXPECT_NE(json.body.find("\"chosen\":1"), std::string::npos) << json.body;
  auto board = coworker.get(round + "/board");
  ASSERT_EQ(board.status, 200);
  EXPECT_NE(board.body.find("1 of "), std::string::npos);

  // Everyone else in the round chooses their current team (written directly:
  // one account each would only be slower).
  auto people = query(
      "SELECT person_id, current_team_id FROM team_round_people WHERE round_id = $1 AND "
      "person_id <> $2 AND current_team_id IS NOT NULL",
      {round_id, me});
  {
    auto d = db();
    d->transaction([&](store::Connection& c) {
      for (auto& r : people.rows) {
        c.query(
            "INSERT INTO team_round_choices (round_id, person_id, preference, team_id) VALUES "
            "($1, $2, 1, $3)",
            {round_id, r.integer(0), r.integer(1)});
        c.query("INSERT INTO team_round_chosen (round_id, person_id, chosen_at) VALUES ($1, $2, 0)",
                {round_id, r.integer(0)});
      }
    });
  }

  // Outsiders and co-workers cannot see into or steer someone else's round.
  auto stranger = outsider(region);
  EXPECT_EQ(stranger.get(round).status, 403);
  EXPECT_EQ(stranger.get(round + "/board.json").status, 403);
  EXPECT_EQ(stranger.post(round + "/choice", {{"first", std::to_string(wanted)}}).status, 403);
  EXPECT_EQ(coworker.post(round + "/optimise", {}).status, 403);

  // The coach optimises, publishes, and the co-worker sees their team.
  ASSERT_EQ(coach.post(round + "/optimise", {}).status, 303);
  auto proposed = coach.get(round);
  EXPECT_NE(proposed.body.find("Gap to the bound"), std::string::npos);
  EXPECT_NE(proposed.body.find("Upper bound"), std::string::npos);
  EXPECT_EQ(coworker.get(round).body.find("Your proposed team"), std::string::npos);
  ASSERT_EQ(coach.post(round + "/publish", {}).status, 303);
  auto mine = query(
      "SELECT t.name, p.reason, t.id FROM team_round_proposal p JOIN teams t ON t.id = p.team_id "
      "WHERE p.round_id = $1 AND p.person_id = $2",
      {round_id, me});
  ASSERT_EQ(mine.rows.size(), 1u);
  auto seen = coworker.get(round);
  EXPECT_NE(seen.body.find("Your proposed team"), std::string::npos);
  EXPECT_NE(seen.body.find(mine.rows[0].text(0)), std::string::npos);
  EXPECT_EQ(coworker.post(round + "/choice", {{"first", std::to_string(wanted)}}).status, 422);

  // Accepting writes the memberships, audited, and says what changed.
  EXPECT_EQ(coworker.post(round + "/accept", {}).status, 403);
  auto accepted = coach.post(round + "/accept", {});
  ASSERT_EQ(accepted.status, 303);
  auto after = coach.get(accepted.header("Location").value_or(round));
  EXPECT_NE(after.body.find("changed team"), std::string::npos);
  auto held = query(
      "SELECT m.team_id FROM memberships m JOIN team_round_teams rt ON rt.team_id = m.team_id "
      "AND rt.round_id = $1 WHERE m.person_id = $2",
      {round_id, me});
  ASSERT_EQ(held.rows.size(), 1u);
  EXPECT_EQ(held.rows[0].integer(0), mine.rows[0].integer(2));
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'teamchoice.accept' AND subject "
                  "= $1",
                  {"round:" + std::to_string(round_id)})
                .rows[0]
                .integer(0),
            1);
  EXPECT_EQ(coach.post(round + "/accept", {}).status, 422);
}

TEST_F(TeamChoicePagesTest, SigningInIsNeeded) {
  Visitor anonymous(demo_->port());
  auto r = anonymous.get("/rounds");
  EXPECT_TRUE(r.status == 303 || r.status == 401 || r.status == 403) << r.status;
  EXPECT_EQ(anonymous.get("/rounds/1/board.json").status == 200, false);
}

}  // namespace
}  // namespace ploeg::test
