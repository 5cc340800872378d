// Background jobs on SQLite and PostgreSQL: a job goes from queued to done
// and its result is stored in the transaction that ends it; one job per
// scope at a time; a cancelled job stores nothing, whenever the cancel
// comes; a job whose process died is given up by the next start; failures
// and the time limit end it as failed, saying why. Every start and cancel is
// audited.
#include "jobs/jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "app/platform.hpp"
#include "core/clock.hpp"
#include "store/backend.hpp"

namespace ploeg::jobs {
namespace {

using namespace std::chrono_literals;

class JobsTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    runner_ = std::make_unique<Runner>(*db_, 2);
  }
  void TearDown() override {
    runner_.reset();  // before the database: it waits for its jobs
    BackendTest::TearDown();
  }

  static Actor someone(const std::string& name = "user:planner") {
    Actor a;
    a.name = name;
    return a;
  }

  Job job(std::int64_t id) { return *find(*db_->acquire(), id); }

  // Polls the job until it is no longer queued or running.
  Job ended(std::int64_t id) {
    auto until = std::chrono::steady_clock::now() + 30s;
    for (;;) {
      auto j = job(id);
      if (!j.active() || std::chrono::steady_clock::now() > until) return j;
      std::this_thread::sleep_for(10ms);
    }
  }

  std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action})
        .rows.at(0)
        .integer(0);
  }

  // A result the tests can see: a row of settings.
  static std::function<void(store::Connection&)> keep(const std::string& value) {
    return [value](store::Connection& c) {
      c.query(
          "INSERT INTO settings (name, value) VALUES ('job_result', $1) ON CONFLICT (name) DO "
          "UPDATE SET value = excluded.value",
          {value});
    };
  }
  std::optional<std::string> kept() {
    auto r = query("SELECT value FROM settings WHERE name = 'job_result'");
    if (r.empty()) return std::nullopt;
    return r.rows[0].text(0);
  }

  // Work that runs until it is told to stop or `release` is set.
  static Work held(std::atomic<bool>& release, std::atomic<bool>& saw_stop) {
    return [&release, &saw_stop](Context& context) {
      context.progress(0.5, "halfway");
      auto until = SteadyClock::now() + 20s;
      while (!release && !context.stopping() && SteadyClock::now() < until) {
        std::this_thread::sleep_for(5ms);
      }
      saw_stop = context.stopping();
      Finish f;
      f.store = keep("held");
      return f;
    };
  }

  std::unique_ptr<Runner> runner_;
};
PLOEG_INSTANTIATE_BACKENDS(JobsTest);

TEST_P(JobsTest, AJobRunsAndItsResultIsStoredWhenItEnds) {
  auto started =
      runner_->start(someone(), "test.sum", "team:A", "2026-12-14", 10s, [](Context& context) {
        context.progress(0.5, "adding");
        Finish f;
        f.store = keep(std::to_string(20 + 22));
        return f;
      });
  EXPECT_FALSE(started.busy);
  EXPECT_EQ(started.job.status, "queued");
  EXPECT_EQ(started.job.about, "2026-12-14");
  auto j = ended(started.job.id);
  EXPECT_EQ(j.status, "done");
  EXPECT_DOUBLE_EQ(j.progress, 1.0);
  EXPECT_EQ(j.started_by, "user:planner");
  EXPECT_EQ(kept(), "42");
  EXPECT_EQ(audited("job.start"), 1);
  auto latest_one = latest(*db_->acquire(), "test.sum", "team:A");
  ASSERT_TRUE(latest_one);
  EXPECT_EQ(latest_one->id, j.id);
}

TEST_P(JobsTest, OneJobAScopeAtATime) {
  std::atomic<bool> release{false}, saw_stop{false};
  auto first = runner_->start(someone(), "test.held", "team:A", "", 20s, held(release, saw_stop));
  auto second = runner_->start(someone("user:other"), "test.held", "team:A", "", 20s,
                               [](Context&) { return Finish{}; });
  EXPECT_TRUE(second.busy);
  EXPECT_EQ(second.job.id, first.job.id);
  EXPECT_EQ(second.job.started_by, "user:planner");
  // Another team is another scope.
  std::atomic<bool> release_b{false}, saw_stop_b{false};
  auto other =
      runner_->start(someone(), "test.held", "team:B", "", 20s, held(release_b, saw_stop_b));
  EXPECT_FALSE(other.busy);
  EXPECT_NE(other.job.id, first.job.id);
  release = release_b = true;
  EXPECT_EQ(ended(first.job.id).status, "done");
  EXPECT_EQ(ended(other.job.id).status, "done");
  EXPECT_EQ(query("SELECT count(*) FROM jobs").rows.at(0).integer(0), 2);
  // Ended: the scope takes a new one.
  auto third =
      runner_->start(someone(), "test.held", "team:A", "", 20s, [](Context&) { return Finish{}; });
  EXPECT_FALSE(third.busy);
  EXPECT_EQ(ended(third.job.id).status, "done");
}

TEST_P(JobsTest, ACancelledJobStopsAndStoresNothing) {
  std::atomic<bool> release{false}, saw_stop{false};
  auto started = runner_->start(someone(), "test.held", "team:A", "", 20s, held(release, saw_stop));
  // Cancelled while it runs: the reporter's next write finds it ended.
  auto until = std::chrono::steady_clock::now() + 10s;
  while (job(started.job.id).status != "running" && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(db_->transaction(
      [&](store::Connection& c) { return cancel(c, someone("user:coach"), started.job.id); }));
  auto j = ended(started.job.id);
  EXPECT_EQ(j.status, "cancelled");
  EXPECT_EQ(j.outcome_key, "jobs_cancelled");
  EXPECT_TRUE([&] {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!saw_stop && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);
    return saw_stop.load();
  }()) << "the work was not told to stop";
  runner_.reset();  // every job has ended and written what it would
  EXPECT_EQ(kept(), std::nullopt);
  EXPECT_EQ(job(started.job.id).status, "cancelled");
  EXPECT_EQ(audited("job.cancel"), 1);
  // A job that has ended cannot be cancelled again.
  EXPECT_FALSE(db_->transaction(
      [&](store::Connection& c) { return cancel(c, someone("user:coach"), started.job.id); }));
  EXPECT_EQ(audited("job.cancel"), 1);
}

TEST_P(JobsTest, ACancelThatComesAsTheWorkEndsStillStoresNothing) {
  // The work ends without looking at the cancel: the ending transaction does.
  std::atomic<bool> go{false};
  auto started = runner_->start(someone(), "test.late", "team:A", "", 20s, [&](Context&) {
    auto until = SteadyClock::now() + 20s;
    while (!go && SteadyClock::now() < until) std::this_thread::sleep_for(5ms);
    Finish f;
    f.store = keep("late");
    return f;
  });
  db_->transaction([&](store::Connection& c) { cancel(c, someone(), started.job.id); });
  go = true;
  runner_.reset();
  EXPECT_EQ(job(started.job.id).status, "cancelled");
  EXPECT_EQ(kept(), std::nullopt);
}

TEST_P(JobsTest, AJobWhoseProcessDiedIsGivenUpByTheNextStart) {
  auto old = now_seconds() - stale_seconds - 5;
  query(
      "INSERT INTO jobs (kind, scope, status, started_by, created_at, updated_at) VALUES "
      "('test.sum', 'team:A', 'running', 'user:gone', $1, $1)",
      {old});
  auto gone = latest(*db_->acquire(), "test.sum", "team:A");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->stale);
  EXPECT_FALSE(gone->active());
  auto started =
      runner_->start(someone(), "test.sum", "team:A", "", 10s, [](Context&) { return Finish{}; });
  EXPECT_FALSE(started.busy);
  EXPECT_EQ(job(gone->id).status, "failed");
  EXPECT_EQ(job(gone->id).outcome_key, "jobs_stale");
  EXPECT_EQ(ended(started.job.id).status, "done");
}

TEST_P(JobsTest, FailuresAndTheTimeLimitEndAJobAsFailedSayingWhy) {
  auto refused = runner_->start(someone(), "test.fail", "team:A", "", 10s, [](Context&) {
    Finish f;
    f.failure_key = "week_no_members";
    return f;
  });
  auto j = ended(refused.job.id);
  EXPECT_EQ(j.status, "failed");
  EXPECT_EQ(j.outcome_key, "week_no_members");

  auto threw = runner_->start(someone(), "test.fail", "team:B", "", 10s,
                              [](Context&) -> Finish { throw std::runtime_error("broken"); });
  j = ended(threw.job.id);
  EXPECT_EQ(j.status, "failed");
  EXPECT_EQ(j.outcome_key, "jobs_error");

  auto slow = runner_->start(someone(), "test.slow", "team:C", "", 100ms, [](Context& context) {
    while (!context.stopping()) std::this_thread::sleep_for(5ms);
    return Finish{};  // nothing to store: it did not finish
  });
  j = ended(slow.job.id);
  EXPECT_EQ(j.status, "failed");
  EXPECT_EQ(j.outcome_key, "jobs_time_limit");
  EXPECT_EQ(kept(), std::nullopt);
}

TEST_P(JobsTest, WhoMayFollowAJobIsTheKindsToSay) {
  runner_->define_kind("test.sum",
                       [](store::Connection&, const Actor& actor, const std::string& scope) {
                         return scope == "team:A" && actor.name == "user:planner";
                       });
  auto started =
      runner_->start(someone(), "test.sum", "team:A", "", 10s, [](Context&) { return Finish{}; });
  auto j = ended(started.job.id);
  auto lease = db_->acquire();
  EXPECT_TRUE(runner_->may_follow(*lease, someone(), j));
  EXPECT_FALSE(runner_->may_follow(*lease, someone("user:other"), j));
  j.kind = "test.unknown";  // a kind nobody defined: nobody follows it
  EXPECT_FALSE(runner_->may_follow(*lease, someone(), j));
}

}  // namespace
}  // namespace ploeg::jobs
