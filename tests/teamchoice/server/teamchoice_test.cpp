// End to end: a team choice round on the real `ploeg serve` with the demo
// organisation. The coach opens a round for their region; co-workers choose;
// the board counts them; the coach runs the optimiser, publishes and accepts;
// a co-worker sees their proposed team and the reason (in Dutch too). Forms
// need the CSRF token; coach actions refuse co-workers and coaches of other
// regions; people outside the round get 403. The optimiser runs in the
// background: the test follows its progress until the proposal is there.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <regex>
#include <thread>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
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
    return account("outsider", "coworker", email);
  }

  // A new signed-in account of `role` that is the person with `email`.
  static Visitor account(const std::string& username, const std::string& role,
                         const std::string& email) {
    add_linked_account(demo_->database(), username, email, password, role);
    Visitor v(demo_->port());
    EXPECT_TRUE(v.sign_in(username, password));
    return v;
  }

  // A coach account for the coach of a team outside `region` who coaches none in it.
  static Visitor other_coach(const std::string& region) {
    auto email = query(
                     "SELECT p.email FROM teams t JOIN people p ON p.id = t.coach_id WHERE "
                     "t.coach_id NOT IN (SELECT u.coach_id FROM teams u JOIN regions g ON g.id = "
                     "u.region_id WHERE g.code = $1 AND u.coach_id IS NOT NULL) ORDER BY t.code "
                     "LIMIT 1",
                     {region})
                     .rows.at(0)
                     .text(0);
    return account("othercoach", "coach", email);
  }

  // Follows the optimiser's run until it is over (polling, with a limit).
  static std::string wait_for_run(Visitor& coach, const std::string& round) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(180);
    for (;;) {
      auto run = coach.get(round + "/run.json", {{"Accept", "application/json"}});
      EXPECT_EQ(run.status, 200);
      if (run.status != 200 || run.body.find("\"active\":false") != std::string::npos) {
        return run.body;
      }
      if (std::chrono::steady_clock::now() > until) {
        ADD_FAILURE() << "the run did not end: " << run.body;
        return run.body;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }

  static std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action}).rows[0].integer(0);
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
  auto me = person_of("coworker");
  // The co-worker wants the team with the most room that is not theirs, so
  // that the proposal moves them.
  auto wanted = query(
                    "SELECT t.id FROM team_round_teams rt JOIN teams t ON t.id = rt.team_id WHERE "
                    "rt.round_id = $1 AND t.id NOT IN (SELECT current_team_id FROM "
                    "team_round_people WHERE round_id = $1 AND person_id = $2 AND "
                    "current_team_id IS NOT NULL) ORDER BY t.max_size - (SELECT count(*) FROM "
                    "memberships m WHERE m.team_id = t.id) DESC, t.id LIMIT 1",
                    {round_id, me})
                    .rows.at(0)
                    .integer(0);
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

  // Nothing holds the co-worker in their team (its minimums), so the
  // proposal moves them to the team they want, which has room.
  query(
      "UPDATE teams SET min_size = 0 WHERE id = (SELECT current_team_id FROM team_round_people "
      "WHERE round_id = $1 AND person_id = $2)",
      {round_id, me});
  query(
      "DELETE FROM team_requirements WHERE team_id = (SELECT current_team_id FROM "
      "team_round_people WHERE round_id = $1 AND person_id = $2)",
      {round_id, me});

  // Outsiders and co-workers cannot see into or steer someone else's round.
  auto stranger = outsider(region);
  EXPECT_EQ(stranger.get(round).status, 403);
  EXPECT_EQ(stranger.get(round + "/board.json").status, 403);
  EXPECT_EQ(stranger.post(round + "/choice", {{"first", std::to_string(wanted)}}).status, 403);
  EXPECT_EQ(coworker.post(round + "/optimise", {}).status, 403);
  // A coach of another region's teams may neither look (issue 18) nor run the round.
  auto elsewhere = other_coach(region);
  EXPECT_EQ(elsewhere.get(round).status, 403);
  EXPECT_EQ(elsewhere.get(round).body.find(round + "/optimise"), std::string::npos);
  EXPECT_EQ(elsewhere.post(round + "/optimise", {}).status, 403);
  EXPECT_EQ(elsewhere.post(round + "/close", {}).status, 403);
  EXPECT_EQ(elsewhere.get(round + "/run.json").status, 403);
  EXPECT_EQ(elsewhere.post("/rounds", {{"title", "Not mine"}, {"region", region}}).status, 403);
  EXPECT_EQ(audited("teamchoice.optimise.refused"), 2);  // the co-worker and this coach
  EXPECT_EQ(audited("teamchoice.close.refused"), 1);
  EXPECT_EQ(audited("teamchoice.open.refused"), 2);

  // The coach starts the optimiser; its run is followed to the end.
  auto started = coach.post(round + "/optimise", {});
  ASSERT_EQ(started.status, 303);
  EXPECT_NE(started.header("Location").value_or("").find("done=started"), std::string::npos);
  auto ended = wait_for_run(coach, round);
  EXPECT_NE(ended.find("\"failed\":false"), std::string::npos) << ended;
  // The page it was sent to, once the run has ended, says so rather than "running".
  auto landed = coach.get(started.header("Location").value_or(""));
  EXPECT_NE(landed.body.find("The optimiser has made a proposal"), std::string::npos);
  EXPECT_EQ(landed.body.find("The optimiser is running"), std::string::npos);
  // While a run is active (here: one another server left running), a second
  // start is refused with a message, and the page shows the progress.
  query(
      "INSERT INTO team_round_runs (round_id, status, progress_permille, message, started_by, "
      "started_at, updated_at) VALUES ($1, 'running', 420, 'improving', 'user:x', $2, $2)",
      {round_id, now_seconds()});
  auto twice = coach.post(round + "/optimise", {});
  EXPECT_EQ(twice.status, 422);
  EXPECT_NE(twice.body.find("The optimiser is running for this round already"), std::string::npos);
  auto running = coach.get(round);
  EXPECT_NE(running.body.find("Optimiser running: 42% — improving the proposal"),
            std::string::npos);
  EXPECT_NE(running.body.find("data-active=\"1\""), std::string::npos);
  // Stopping it is for who may run it; what it would find is then not stored.
  EXPECT_NE(running.body.find("action=\"" + round + "/cancel\""), std::string::npos);
  EXPECT_EQ(coworker.post(round + "/cancel", {}).status, 403);
  EXPECT_EQ(elsewhere.post(round + "/cancel", {}).status, 403);
  EXPECT_EQ(audited("teamchoice.optimise.cancel.refused"), 2);
  auto stopped = coach.post(round + "/cancel", {});
  ASSERT_EQ(stopped.status, 303);
  EXPECT_NE(coach.get(stopped.header("Location").value_or(""))
                .body.find("The optimiser was stopped: nothing was changed."),
            std::string::npos);
  EXPECT_EQ(audited("teamchoice.optimise.cancel"), 1);
  EXPECT_EQ(query("SELECT status, outcome_key FROM team_round_runs WHERE round_id = $1 ORDER BY "
                  "id DESC LIMIT 1",
                  {round_id})
                .rows.at(0)
                .text(1),
            "rounds_run_cancelled");
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
  // Someone not in their first choice reads why in their language.
  auto reasoned = query(
      "SELECT p.person_id, p.reason FROM team_round_proposal p WHERE p.round_id = $1 AND "
      "p.reason_kind <> '' AND p.person_id <> $2 ORDER BY p.person_id LIMIT 1",
      {round_id, me});
  if (!reasoned.rows.empty()) {
    auto who = reasoned.rows[0].integer(0);
    auto login = query("SELECT email FROM people WHERE id = $1", {who}).rows.at(0).text(0);
    auto them = account("reasoned", "coworker", login);
    auto dutch = them.get(round, {{"Accept-Language", "nl"}});
    EXPECT_NE(dutch.body.find("<html lang=\"nl\""), std::string::npos);
    EXPECT_TRUE(dutch.body.find("U zit in ") != std::string::npos ||
                dutch.body.find("U kreeg uw ") != std::string::npos)
        << reasoned.rows[0].text(1);
    EXPECT_EQ(dutch.body.find(reasoned.rows[0].text(1)), std::string::npos);
  }

  // Someone who moves holds a star role in the team they leave: accepting ends it.
  auto mover = query(
      "SELECT p.person_id, rp.current_team_id FROM team_round_proposal p JOIN team_round_people "
      "rp ON rp.round_id = p.round_id AND rp.person_id = p.person_id WHERE p.round_id = $1 AND "
      "p.moved = 1 ORDER BY p.person_id LIMIT 1",
      {round_id});
  ASSERT_EQ(mover.rows.size(), 1u);
  {
    auto d = db();
    d->transaction([&](store::Connection& c) {
      auto role = c.query("SELECT id FROM roles ORDER BY code LIMIT 1").rows.at(0).integer(0);
      c.query("DELETE FROM role_assignments WHERE team_id = $1 AND role_id = $2",
              {mover.rows[0].integer(1), role});
      c.query(
          "INSERT INTO role_assignments (team_id, role_id, person_id, since, next_rotation) "
          "VALUES ($1, $2, $3, '2026-01-01', '2027-01-01')",
          {mover.rows[0].integer(1), role, mover.rows[0].integer(0)});
    });
  }
  EXPECT_NE(coach.get(round).body.find("Accepting ends "), std::string::npos);
  EXPECT_EQ(coworker.post(round + "/choice", {{"first", std::to_string(wanted)}}).status, 422);

  // Accepting writes the memberships, audited, and says what changed.
  EXPECT_EQ(coworker.post(round + "/accept", {}).status, 403);
  auto accepted = coach.post(round + "/accept", {});
  ASSERT_EQ(accepted.status, 303);
  auto after = coach.get(accepted.header("Location").value_or(round));
  EXPECT_NE(after.body.find("changed team"), std::string::npos);
  auto roles_ended = query("SELECT accepted_roles_ended FROM team_rounds WHERE id = $1", {round_id})
                         .rows.at(0)
                         .integer(0);
  ASSERT_GE(roles_ended, 1);
  // One role is said as one ("1 star role ended because its holder..."), more as more.
  EXPECT_NE(
      after.body.find(std::to_string(roles_ended) +
                      (roles_ended == 1 ? " star role ended because its holder changed team"
                                        : " star roles ended because their holders changed team")),
      std::string::npos)
      << after.body;
  EXPECT_GE(audited("role.ended"), 1);
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
