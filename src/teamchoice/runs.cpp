#include "teamchoice/runs.hpp"

#include <chrono>
#include <cmath>
#include <condition_variable>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "teamchoice/support.hpp"

namespace ploeg::teamchoice {
using namespace detail;
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto write_every = std::chrono::milliseconds(500);  // progress, at most this often
constexpr auto beat_every = std::chrono::seconds(5);          // updated_at, while nothing moves

// What the engine's thread last said, for the thread that writes the row.
struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  double fraction = 0;
  std::string message;
  int version = 0;
  bool done = false;
};

std::int64_t permille(double fraction) {
  return std::clamp<std::int64_t>(std::llround(fraction * 1000), 0, 1000);
}

void finish(store::Database& db, std::int64_t run_id, bool done, const std::string& key,
            const std::string& message) {
  db.transaction([&](store::Connection& c) { end_run(c, run_id, done, key, message); });
}

}  // namespace

void end_run(store::Connection& c, std::int64_t run_id, bool done, const std::string& key,
             const std::string& message) {
  auto now = now_seconds();
  c.query(done ? "UPDATE team_round_runs SET status = 'done', progress_permille = 1000, "
                 "outcome_key = $2, message = $3, finished_at = $4, updated_at = $4 WHERE id = "
                 "$1 AND status IN ('queued', 'running')"
               : "UPDATE team_round_runs SET status = 'failed', outcome_key = $2, message = $3, "
                 "finished_at = $4, updated_at = $4 WHERE id = $1 AND status IN ('queued', "
                 "'running')",
          {run_id, key, message, now});
}

std::optional<Run> latest_run(store::Connection& c, std::int64_t round_id) {
  auto found = c.query(
      "SELECT id, status, progress_permille, message, outcome_key, started_at, updated_at, "
      "finished_at FROM team_round_runs WHERE round_id = $1 ORDER BY id DESC LIMIT 1",
      {round_id});
  if (found.empty()) return std::nullopt;
  auto& r = found.rows[0];
  Run run;
  run.id = r.integer(0);
  run.status = r.text(1);
  run.progress = static_cast<double>(r.integer(2)) / 1000.0;
  run.message = r.text(3);
  run.outcome_key = r.text(4);
  run.started_at = r.integer(5);
  run.updated_at = r.integer(6);
  run.finished_at = r.optional_integer(7).value_or(0);
  run.stale = (run.status == "queued" || run.status == "running") &&
              run.updated_at < now_seconds() - stale_run_seconds;
  return run;
}

Optimiser::Optimiser(store::Database& db, double time_limit_seconds)
    : db_(db), time_limit_seconds_(time_limit_seconds) {}

Optimiser::~Optimiser() {
  std::list<Worker> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(workers_);
  }
  for (auto& w : all) {
    if (w.thread.joinable()) w.thread.join();
  }
}

void Optimiser::join_finished() {
  std::list<Worker> ended;
  {
    std::lock_guard lock(mutex_);
    for (auto i = workers_.begin(); i != workers_.end();) {
      auto next = std::next(i);
      if (i->finished->load()) ended.splice(ended.end(), workers_, i);
      i = next;
    }
  }
  for (auto& w : ended) w.thread.join();
}

Result Optimiser::start(const Actor& actor, std::int64_t round_id) {
  join_finished();
  auto result = db_.transaction([&](store::Connection& c) -> Result {
    auto found = c.query("SELECT status, region_id FROM team_rounds WHERE id = $1", {round_id});
    if (found.empty()) return not_found();
    if (!may_manage(c, actor, found.rows[0].integer(1))) {
      return refused(c, actor, "teamchoice.optimise", round_id);
    }
    if (found.rows[0].text(0) != "open") return not_open();
    // Starts of one round wait for each other here (the row lock on
    // PostgreSQL; SQLite's write lock is held from BEGIN IMMEDIATE).
    c.query("UPDATE team_rounds SET status = status WHERE id = $1", {round_id});
    auto now = now_seconds();
    auto given_up = c.query(
        "UPDATE team_round_runs SET status = 'failed', outcome_key = 'rounds_run_stale', "
        "finished_at = $2 WHERE round_id = $1 AND status IN ('queued', 'running') AND "
        "updated_at < $3 RETURNING id",
        {round_id, now, now - stale_run_seconds});
    for (auto& r : given_up.rows) {
      record(c, actor, "teamchoice.optimise.stale", round_id,
             "run " + id_text(r.integer(0)) + " stopped responding");
    }
    if (!c.query("SELECT id FROM team_round_runs WHERE round_id = $1 AND status IN ('queued', "
                 "'running')",
                 {round_id})
             .empty()) {
      return failed(Verdict::invalid,
                    problem("round", "rounds_error_running",
                            "the optimiser is running for this round already; wait for it"));
    }
    store::Value user = nullptr;
    if (actor.user_id != 0) user = actor.user_id;
    auto made = c.query(
        "INSERT INTO team_round_runs (round_id, status, started_by_user, started_by, started_at, "
        "updated_at) VALUES ($1, 'queued', $2, $3, $4, $4) RETURNING id",
        {round_id, user, actor.name, now});
    Result r;
    r.id = made.rows[0].integer(0);
    record(c, actor, "teamchoice.optimise.start", round_id, "run " + id_text(r.id));
    return r;
  });
  if (!result) return result;
  auto finished = std::make_shared<std::atomic<bool>>(false);
  try {
    std::lock_guard lock(mutex_);
    workers_.push_back({std::thread([this, actor, round_id, run = result.id, finished] {
                          work(actor, round_id, run);
                          finished->store(true);
                        }),
                        finished});
  } catch (const std::system_error& e) {
    finish(db_, result.id, false, "rounds_run_error", e.what());
    throw;
  }
  return result;
}

void Optimiser::work(const Actor& actor, std::int64_t round_id, std::int64_t run_id) {
  try {
    db_.transaction([&](store::Connection& c) {
      c.query(
          "UPDATE team_round_runs SET status = 'running', updated_at = $2 WHERE id = $1 AND "
          "status = 'queued'",
          {run_id, now_seconds()});
    });
    Shared shared;
    formation::Progress progress = [&shared](double fraction, const std::string& message) {
      std::lock_guard lock(shared.mutex);
      shared.fraction = fraction;
      shared.message = message;
      ++shared.version;
    };
    Result outcome;
    std::string error;
    std::thread engine([&] {
      try {
        outcome = run_optimiser(db_, actor, round_id, time_limit_seconds_, progress, run_id);
      } catch (const std::exception& e) {
        error = e.what();
      }
      std::lock_guard lock(shared.mutex);
      shared.done = true;
      shared.changed.notify_all();
    });
    // This thread writes the progress, so the engine never waits for the database.
    int written = 0;
    auto beat = Clock::now();
    for (;;) {
      std::unique_lock lock(shared.mutex);
      if (shared.changed.wait_for(lock, write_every, [&] { return shared.done; })) break;
      if (shared.version == written && Clock::now() - beat < beat_every) continue;
      written = shared.version;
      auto fraction = shared.fraction;
      auto message = shared.message;
      lock.unlock();
      beat = Clock::now();
      try {
        db_.transaction([&](store::Connection& c) {
          c.query(
              "UPDATE team_round_runs SET progress_permille = $2, message = $3, updated_at = $4 "
              "WHERE id = $1 AND status = 'running'",
              {run_id, permille(fraction), message, now_seconds()});
        });
      } catch (const std::exception& e) {
        log::warn("teamchoice.run.progress", {{"run", run_id}, {"error", e.what()}});
      }
    }
    engine.join();
    if (!error.empty()) {
      log::error("teamchoice.run.failed", {{"run", run_id}, {"error", error}});
      finish(db_, run_id, false, "rounds_run_error", "");
    } else if (!outcome) {
      if (outcome.errors.empty()) {
        finish(db_, run_id, false, "rounds_run_error", "");
      } else {
        finish(db_, run_id, false, outcome.errors[0].key, outcome.errors[0].message);
      }
    } else {
      finish(db_, run_id, true, "", "done");
    }
  } catch (const std::exception& e) {
    log::error("teamchoice.run.failed", {{"run", run_id}, {"error", e.what()}});
  }
}

}  // namespace ploeg::teamchoice
