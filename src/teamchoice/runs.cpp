#include "teamchoice/runs.hpp"

#include <chrono>
#include <cmath>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "jobs/jobs.hpp"
#include "teamchoice/support.hpp"

namespace ploeg::teamchoice {
using namespace detail;
namespace {

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
  run.stale = jobs::stale(run.status, run.updated_at);
  return run;
}

namespace {

void work(store::Database& db, double time_limit_seconds, const Actor& actor, std::int64_t round_id,
          std::int64_t run_id, jobs::Context& context) {
  try {
    if (context.stopping()) {  // cancelled, or the server closing, before its turn came
      finish(db, run_id, false, "rounds_run_cancelled", "");
      return;
    }
    db.transaction([&](store::Connection& c) {
      c.query(
          "UPDATE team_round_runs SET status = 'running', updated_at = $2 WHERE id = $1 AND "
          "status = 'queued'",
          {run_id, now_seconds()});
    });
    formation::Progress progress = [&context](double fraction, const std::string& message) {
      context.progress(fraction, message);
    };
    auto outcome = run_optimiser(db, actor, round_id, time_limit_seconds, progress, run_id);
    if (!outcome) {
      if (outcome.errors.empty()) {
        finish(db, run_id, false, "rounds_run_error", "");
      } else {
        finish(db, run_id, false, outcome.errors[0].key, outcome.errors[0].message);
      }
    } else {
      finish(db, run_id, true, "", "done");
    }
  } catch (const std::exception& e) {
    log::error("teamchoice.run.failed", {{"run", run_id}, {"error", e.what()}});
    try {
      finish(db, run_id, false, "rounds_run_error", "");
    } catch (const std::exception&) {
      // The row stops moving and counts as stale after stale_run_seconds.
    }
  }
}

}  // namespace

Optimiser::Optimiser(store::Database& db, jobs::Pool& pool, double time_limit_seconds)
    : db_(db), pool_(pool), time_limit_seconds_(time_limit_seconds) {}

Result Optimiser::start(const Actor& actor, std::int64_t round_id) {
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
  auto run_id = result.id;
  jobs::Task task;
  task.name = "teamchoice.optimise round " + id_text(round_id) + " run " + id_text(run_id);
  // The engine keeps to its own limit; the margin is for reading and storing.
  task.time_limit = std::chrono::milliseconds(std::llround(time_limit_seconds_ * 1000) + 30'000);
  // The task outlives this object when the routes go first: it holds only
  // the database, which outlives the pool.
  task.run = [&db = db_, limit = time_limit_seconds_, actor, round_id, run_id](
                 jobs::Context& context) { work(db, limit, actor, round_id, run_id, context); };
  task.report = jobs::row_reporter(db_, "team_round_runs", run_id);
  try {
    pool_.submit(std::move(task));
  } catch (const std::exception& e) {
    finish(db_, run_id, false, "rounds_run_error", e.what());
    throw;
  }
  return result;
}

Result cancel_run(store::Connection& c, const Actor& actor, std::int64_t round_id) {
  auto found = c.query("SELECT region_id FROM team_rounds WHERE id = $1", {round_id});
  if (found.empty()) return not_found();
  if (!may_manage(c, actor, found.rows[0].integer(0))) {
    return refused(c, actor, "teamchoice.optimise.cancel", round_id);
  }
  auto ended = c.query(
      "UPDATE team_round_runs SET status = 'failed', outcome_key = 'rounds_run_cancelled', "
      "finished_at = $2, updated_at = $2 WHERE round_id = $1 AND status IN ('queued', "
      "'running') RETURNING id",
      {round_id, now_seconds()});
  Result r;
  for (auto& row : ended.rows) {
    r.id = row.integer(0);
    record(c, actor, "teamchoice.optimise.cancel", round_id, "run " + id_text(r.id));
  }
  return r;  // nothing running: nothing to do, and the page says how the last run ended
}

}  // namespace ploeg::teamchoice
