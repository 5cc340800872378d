#include "jobs/jobs.hpp"

#include <cmath>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"

namespace ploeg::jobs {
namespace {

constexpr const char* columns =
    "id, kind, scope, about, status, progress_permille, message, outcome_key, started_by, "
    "created_at, updated_at, finished_at";

Job job_of(const store::Row& r) {
  Job j;
  j.id = r.integer(0);
  j.kind = r.text(1);
  j.scope = r.text(2);
  j.about = r.text(3);
  j.status = r.text(4);
  j.progress = static_cast<double>(r.integer(5)) / 1000.0;
  j.message = r.text(6);
  j.outcome_key = r.text(7);
  j.started_by = r.text(8);
  j.created_at = r.integer(9);
  j.updated_at = r.integer(10);
  j.finished_at = r.optional_integer(11).value_or(0);
  j.stale = stale(j.status, j.updated_at);
  return j;
}

void record(store::Connection& c, const Actor& actor, const std::string& action, const Job& job,
            const std::string& detail) {
  audit::append(
      c, {actor.name, action, job.scope,
          job.kind + " job " + std::to_string(job.id) + (detail.empty() ? "" : ", ") + detail,
          actor.remote_address, actor.request_id});
}

// Ends a job that has not ended yet; false when it had.
bool end(store::Connection& c, std::int64_t id, const std::string& status, const std::string& key,
         const std::string& message) {
  auto now = now_seconds();
  return c.query(
              "UPDATE jobs SET status = $2, outcome_key = $3, message = $4, finished_at = $5, "
              "updated_at = $5, progress_permille = CASE WHEN $2 = 'done' THEN 1000 ELSE "
              "progress_permille END WHERE id = $1 AND status IN ('queued', 'running')",
              {id, status, key, message, now})
             .affected > 0;
}

}  // namespace

void register_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(70, "jobs: long work off the request path", R"(
CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  about TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress_permille INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  outcome_key TEXT NOT NULL DEFAULT '',
  started_by_user INTEGER,
  started_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX jobs_by_scope ON jobs (kind, scope, id);
CREATE UNIQUE INDEX jobs_one_active ON jobs (scope) WHERE status IN ('queued', 'running');
)"));
}

std::optional<Job> find(store::Connection& c, std::int64_t id) {
  auto found = c.query(std::string("SELECT ") + columns + " FROM jobs WHERE id = $1", {id});
  if (found.empty()) return std::nullopt;
  return job_of(found.rows[0]);
}

std::optional<Job> latest(store::Connection& c, const std::string& kind, const std::string& scope) {
  auto found = c.query(std::string("SELECT ") + columns +
                           " FROM jobs WHERE kind = $1 AND scope = $2 ORDER BY id DESC LIMIT 1",
                       {kind, scope});
  if (found.empty()) return std::nullopt;
  return job_of(found.rows[0]);
}

bool cancel(store::Connection& c, const Actor& actor, std::int64_t id) {
  auto job = find(c, id);
  if (!job || !end(c, id, "cancelled", "jobs_cancelled", "cancelled by " + actor.name)) {
    return false;
  }
  record(c, actor, "job.cancel", *job, "");
  return true;
}

bool stale(const std::string& status, std::int64_t updated_at) {
  return (status == "queued" || status == "running") && updated_at < now_seconds() - stale_seconds;
}

std::int64_t permille(double fraction) {
  return std::clamp<std::int64_t>(std::llround(fraction * 1000), 0, 1000);
}

std::function<bool(bool, const Context::Snapshot&)> row_reporter(store::Database& db,
                                                                 const std::string& table,
                                                                 std::int64_t id) {
  // The table is the caller's constant, never a visitor's text.
  auto sql = "UPDATE " + table +
             " SET progress_permille = $2, message = $3, updated_at = $4, status = CASE WHEN $5 "
             "= 1 THEN 'running' ELSE status END WHERE id = $1 AND status IN ('queued', "
             "'running')";
  return [&db, sql, id](bool running, const Context::Snapshot& s) {
    return db.transaction([&](store::Connection& c) {
      return c.query(sql, {id, permille(s.fraction), s.message, now_seconds(),
                           std::int64_t{running ? 1 : 0}})
                 .affected > 0;
    });
  };
}

Runner::Runner(store::Database& db, std::size_t threads) : db_(db), pool_(threads) {}

Runner::~Runner() = default;

void Runner::define_kind(const std::string& kind, MayFollow may_follow) {
  kinds_[kind] = std::move(may_follow);
}

bool Runner::may_follow(store::Connection& c, const Actor& actor, const Job& job) const {
  auto kind = kinds_.find(job.kind);
  return kind != kinds_.end() && kind->second(c, actor, job.scope);
}

Started Runner::start(const Actor& actor, const std::string& kind, const std::string& scope,
                      const std::string& about, std::chrono::milliseconds time_limit, Work work) {
  // Two starts at once: the second one's insert meets the first one's row in
  // jobs_one_active, and its second try finds that job active.
  auto attempt = [&](store::Connection& c) -> Started {
    auto now = now_seconds();
    // A job whose process died frees its scope here.
    auto given_up = c.query(
        "UPDATE jobs SET status = 'failed', outcome_key = 'jobs_stale', finished_at = $2 WHERE "
        "scope = $1 AND status IN ('queued', 'running') AND updated_at < $3 RETURNING id",
        {scope, now, now - stale_seconds});
    for (auto& r : given_up.rows) log::warn("job.stale", {{"job", r.integer(0)}});
    auto active = c.query(std::string("SELECT ") + columns +
                              " FROM jobs WHERE scope = $1 AND status IN ('queued', 'running')",
                          {scope});
    if (!active.empty()) return {job_of(active.rows[0]), true};
    store::Value user = nullptr;
    if (actor.user_id != 0) user = actor.user_id;
    auto made = c.query(
        "INSERT INTO jobs (kind, scope, about, status, started_by_user, started_by, created_at, "
        "updated_at) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $6) RETURNING id",
        {kind, scope, about, user, actor.name, now});
    auto job = *find(c, made.rows[0].integer(0));
    record(c, actor, "job.start", job, about);
    return {job, false};
  };
  Started started;
  try {
    started = db_.transaction(attempt);
  } catch (const store::ConstraintError&) {
    started = db_.transaction(attempt);
  }
  if (started.busy) return started;
  auto id = started.job.id;
  auto name = kind + " " + scope + " job " + std::to_string(id);
  Task task;
  task.name = name;
  task.time_limit = time_limit;
  task.run = [this, id, name, work = std::move(work)](Context& context) {
    run(id, name, context, work);
  };
  task.report = row_reporter(db_, "jobs", id);
  try {
    pool_.submit(std::move(task));
  } catch (const std::exception& e) {
    db_.transaction([&](store::Connection& c) { end(c, id, "failed", "jobs_error", e.what()); });
    throw;
  }
  return started;
}

void Runner::run(std::int64_t id, const std::string& name, Context& context, const Work& work) {
  try {
    if (context.stopping()) {  // cancelled, or the pool closed, before its turn came
      db_.transaction([&](store::Connection& c) {
        end(c, id, "cancelled", "jobs_cancelled", "ended before it started");
      });
      return;
    }
    db_.transaction([&](store::Connection& c) {
      c.query(
          "UPDATE jobs SET status = 'running', updated_at = $2 WHERE id = $1 AND status = "
          "'queued'",
          {id, now_seconds()});
    });
    Finish finish = work(context);
    db_.transaction([&](store::Connection& c) {
      if (context.cancelled()) {
        end(c, id, "cancelled", "jobs_cancelled", "");
      } else if (!finish.failure_key.empty()) {
        end(c, id, "failed", finish.failure_key, finish.failure_detail);
      } else if (context.stopping() && !finish.store) {
        end(c, id, "failed", "jobs_time_limit", "");
      } else if (end(c, id, "done", "", "done") && finish.store) {
        finish.store(c);  // only when this job, not cancelled meanwhile, ended here
      }
    });
  } catch (const std::exception& e) {
    log::error("job.failed", {{"job", name}, {"error", e.what()}});
    try {
      db_.transaction([&](store::Connection& c) { end(c, id, "failed", "jobs_error", ""); });
    } catch (const std::exception&) {
      // The row stops moving and counts as stale after stale_seconds.
    }
  }
}

}  // namespace ploeg::jobs
