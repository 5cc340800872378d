// The optimiser in the background and what the pages say in the reader's
// language, on SQLite and PostgreSQL: a run goes from queued to done and
// leaves its proposal; a second start is refused while one is active; a run
// that stopped responding is given up by the next start; the proposal keeps
// each reason and each violation as data, which the catalogue says in Dutch
// and French.
#include "teamchoice/runs.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "teamchoice/round_fixture.hpp"
#include "teamchoice/views.hpp"
#include "web/catalogue.hpp"

namespace ploeg::teamchoice {
namespace {

class RunsTest : public fixture::RoundFixture {
 protected:
  // Polls the round's newest run until it is no longer active (or `limit`).
  teamchoice::Run wait_for_run(std::int64_t round_id,
                               std::chrono::seconds limit = std::chrono::seconds(180)) {
    auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      auto lease = db_->acquire();
      auto run = latest_run(*lease, round_id);
      if (run && !run->active()) return *run;
      if (std::chrono::steady_clock::now() > until) {
        ADD_FAILURE() << "the run did not end within " << limit.count() << " s";
        return run.value_or(teamchoice::Run{});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  void active_run(std::int64_t round_id, std::int64_t updated_at) {
    db_->transaction([&](store::Connection& c) {
      c.query(
          "INSERT INTO team_round_runs (round_id, status, started_by, started_at, updated_at) "
          "VALUES ($1, 'running', 'user:elsewhere', $2, $2)",
          {round_id, updated_at});
    });
  }

  void everyone_chooses(std::int64_t id) {
    auto r = round(id);
    for (auto& p : r.people) {
      ASSERT_TRUE(record_choice(*db_, as(p.id), id, {r.teams[0].id}, {}));
    }
  }

  // The runs' threads: closed before the database goes (it waits for its runs).
  void TearDown() override {
    pool_.reset();
    fixture::RoundFixture::TearDown();
  }
  std::unique_ptr<jobs::Pool> pool_ = std::make_unique<jobs::Pool>(1);
  web::Catalogue catalogue_ =
      web::Catalogue::load(std::filesystem::path(PLOEG_SOURCE_DIR) / "web" / "locales");
};

TEST_P(RunsTest, ARunInTheBackgroundLeavesItsProposal) {
  auto id = open();
  everyone_chooses(id);
  Optimiser optimiser(*db_, *pool_, 5);
  EXPECT_EQ(optimiser.start(as(round(id).people[0].id), id).verdict, Verdict::forbidden);
  EXPECT_EQ(optimiser.start(other_coach(), id).verdict, Verdict::forbidden);
  EXPECT_EQ(audited("teamchoice.optimise.refused"), 2);
  auto started = optimiser.start(coach(), id);
  ASSERT_TRUE(started) << (started.errors.empty() ? "" : started.errors[0].key);
  EXPECT_GT(started.id, 0);
  auto run = wait_for_run(id);
  EXPECT_EQ(run.id, started.id);
  EXPECT_EQ(run.status, "done") << run.outcome_key << " " << run.message;
  EXPECT_DOUBLE_EQ(run.progress, 1.0);
  auto lease = db_->acquire();
  auto proposal = load_proposal(*lease, round(id));
  EXPECT_TRUE(proposal.exists);
  EXPECT_TRUE(proposal.feasible);
  EXPECT_EQ(proposal.placements.size(), round(id).people.size());
  EXPECT_EQ(audited("teamchoice.optimise.start"), 1);
  EXPECT_EQ(audited("teamchoice.optimise"), 1);
}

TEST_P(RunsTest, AClosingPoolLeavesNoRunHanging) {
  auto id = open();
  everyone_chooses(id);
  {
    jobs::Pool pool(1);
    Optimiser optimiser(*db_, pool, 5);
    ASSERT_TRUE(optimiser.start(coach(), id));
  }  // as when the server stops with a run in flight
  auto lease = db_->acquire();
  auto run = latest_run(*lease, id);
  ASSERT_TRUE(run);
  // It finished, or never started and says it was cancelled: never left running.
  if (run->status == "done") {
    EXPECT_TRUE(load_proposal(*lease, round(id)).exists);
  } else {
    EXPECT_EQ(run->status, "failed");
    EXPECT_EQ(run->outcome_key, "rounds_run_cancelled");
    EXPECT_FALSE(load_proposal(*lease, round(id)).exists);
  }
}

TEST_P(RunsTest, ACancelledRunStoresNothing) {
  auto id = open();
  everyone_chooses(id);
  active_run(id, now_seconds());
  auto run_id = query("SELECT id FROM team_round_runs").rows.at(0).integer(0);
  auto refused =
      db_->transaction([&](store::Connection& c) { return cancel_run(c, other_coach(), id); });
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  auto cancelled =
      db_->transaction([&](store::Connection& c) { return cancel_run(c, coach(), id); });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled.id, run_id);
  EXPECT_EQ(audited("teamchoice.optimise.cancel"), 1);
  // The engine, still working when the cancel came, finds its run ended.
  auto late = run_optimiser(*db_, coach(), id, 5, {}, run_id);
  EXPECT_FALSE(late);
  auto lease = db_->acquire();
  auto run = latest_run(*lease, id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, "failed");
  EXPECT_EQ(run->outcome_key, "rounds_run_cancelled");
  EXPECT_FALSE(load_proposal(*lease, round(id)).exists);
  // The page says so in the reader's language.
  auto view = views::run_view(catalogue_, "fr", run, Proposal{});
  EXPECT_NE(view.text.find("arrêtée"), std::string::npos) << view.text;
}

// A page read between the two must not show the proposal as still coming.
TEST_P(RunsTest, TheRunEndsInTheTransactionThatStoresItsProposal) {
  auto id = open();
  everyone_chooses(id);
  active_run(id, now_seconds());
  auto run_id = query("SELECT id FROM team_round_runs").rows.at(0).integer(0);
  ASSERT_TRUE(run_optimiser(*db_, coach(), id, 5, {}, run_id));
  auto lease = db_->acquire();
  auto run = latest_run(*lease, id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, "done");
  EXPECT_DOUBLE_EQ(run->progress, 1.0);
  EXPECT_TRUE(load_proposal(*lease, round(id)).exists);
}

TEST_P(RunsTest, ASecondStartWaitsForTheActiveRun) {
  auto id = open();
  everyone_chooses(id);
  active_run(id, now_seconds());
  Optimiser optimiser(*db_, *pool_, 5);
  auto second = optimiser.start(coach(), id);
  EXPECT_EQ(second.verdict, Verdict::invalid);
  ASSERT_FALSE(second.errors.empty());
  EXPECT_EQ(second.errors[0].key, "rounds_error_running");
  EXPECT_EQ(count("team_round_runs"), 1);
  // The page says so and offers no second start.
  auto lease = db_->acquire();
  auto view = views::run_view(catalogue_, "nl", latest_run(*lease, id), Proposal{});
  EXPECT_TRUE(view.active);
  EXPECT_NE(view.text.find("Optimalisatie loopt: 0%"), std::string::npos) << view.text;
}

TEST_P(RunsTest, ARunThatStoppedRespondingIsReplaced) {
  auto id = open();
  everyone_chooses(id);
  active_run(id, now_seconds() - stale_run_seconds - 5);
  {
    auto lease = db_->acquire();
    auto stale = latest_run(*lease, id);
    ASSERT_TRUE(stale);
    EXPECT_TRUE(stale->stale);
    EXPECT_FALSE(stale->active());
  }
  Optimiser optimiser(*db_, *pool_, 5);
  auto started = optimiser.start(coach(), id);
  ASSERT_TRUE(started) << (started.errors.empty() ? "" : started.errors[0].key);
  EXPECT_EQ(query("SELECT status, outcome_key FROM team_round_runs ORDER BY id LIMIT 1")
                .rows.at(0)
                .text(1),
            "rounds_run_stale");
  EXPECT_EQ(audited("teamchoice.optimise.stale"), 1);
  auto run = wait_for_run(id);
  EXPECT_EQ(run.id, started.id);
  EXPECT_EQ(run.status, "done");
}

TEST_P(RunsTest, ReasonsAndViolationsAreKeptAsDataAndSaidInTheReadersLanguage) {
  auto id = open();
  everyone_chooses(id);
  ASSERT_TRUE(run_optimiser(*db_, coach(), id, 5));
  auto r = round(id);
  auto names = std::map<std::string, std::string>{};
  {
    auto lease = db_->acquire();
    auto proposal = load_proposal(*lease, r);
    int said = 0;
    for (auto& placement : proposal.placements) {
      if (placement.reason_kind.empty()) continue;
      ++said;
      auto nl = views::reason_text(catalogue_, "nl", r, placement, r.teams[0].name, names);
      auto fr = views::reason_text(catalogue_, "fr", r, placement, r.teams[0].name, names);
      EXPECT_TRUE(nl.rfind("U zit in ", 0) == 0 || nl.rfind("U kreeg uw ", 0) == 0) << nl;
      EXPECT_TRUE(fr.rfind("Vous êtes dans ", 0) == 0 || fr.rfind("Vous avez obtenu ", 0) == 0)
          << fr;
      EXPECT_EQ(nl.find('{'), std::string::npos) << nl;
    }
    EXPECT_GT(said, 0);
    // A proposal from before the data was kept says its English sentence.
    Placement old;
    old.reason = "You are in X: because.";
    EXPECT_EQ(views::reason_text(catalogue_, "nl", r, old, "", names), old.reason);
  }
  // No team can reach its minimum size: the counting argument, as data.
  db_->transaction([&](store::Connection& c) {
    c.query(
        "UPDATE teams SET max_size = 500, min_size = 400 WHERE id IN (SELECT team_id FROM "
        "team_round_teams WHERE round_id = $1)",
        {id});
  });
  ASSERT_TRUE(run_optimiser(*db_, coach(), id, 5));
  auto lease = db_->acquire();
  auto proposal = load_proposal(*lease, round(id));
  EXPECT_FALSE(proposal.feasible);
  ASSERT_FALSE(proposal.violation_data.empty());
  EXPECT_EQ(proposal.violation_data.size(), proposal.violations.size());
  EXPECT_EQ(proposal.violation_data[0].kind, "people_below_min");
  EXPECT_EQ(proposal.violation_data[0].teams, static_cast<int>(r.teams.size()));
  auto nl = views::violations(catalogue_, "nl", round(id), proposal, names);
  ASSERT_FALSE(nl.empty());
  auto* said = nl[0].get("text");
  auto text = said ? said->string_value() : std::string();
  EXPECT_NE(text.find("mensen voor " + std::to_string(r.teams.size()) + " teams"),
            std::string::npos)
      << text;
}

PLOEG_INSTANTIATE_BACKENDS(RunsTest);

}  // namespace
}  // namespace ploeg::teamchoice
