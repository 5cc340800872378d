// Background jobs: long work started from a page, run on the job pool
// (jobs/pool.hpp), followed and cancelled from any page of any `ploeg serve`
// sharing the database. A job is a row of `jobs`: queued, running (with its
// progress), then done (its result stored by the feature in the transaction
// that ends the job), failed or cancelled.
//
// One job per scope at a time ("team:ANT1": one per team): a second start
// gets the running one back. A job whose row stopped moving for
// stale_seconds (its process died) no longer counts: the next start of its
// scope ends it as failed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "jobs/pool.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::jobs {

inline constexpr std::int64_t stale_seconds = 60;
// Queued or running, but its row has not moved for stale_seconds.
bool stale(const std::string& status, std::int64_t updated_at);

struct Job {
  std::int64_t id = 0;
  std::string kind;    // "weekplan.propose"
  std::string scope;   // "team:ANT1"
  std::string about;   // what in the scope it works on: "2026-12-14" (a week)
  std::string status;  // queued | running | done | failed | cancelled
  double progress = 0;
  std::string message;      // the work's last word on its progress (English)
  std::string outcome_key;  // failed: the catalogue key saying why
  std::string started_by;   // as the audit log names them
  std::int64_t created_at = 0, updated_at = 0, finished_at = 0;
  bool stale = false;  // queued or running, but its row stopped moving
  bool active() const { return !stale && (status == "queued" || status == "running"); }
};

// What the work hands back: on success, how to store its result (run in the
// transaction that marks the job done, and only if it was not cancelled in
// the meantime); on failure, the catalogue key saying why.
struct Finish {
  std::function<void(store::Connection&)> store;
  std::string failure_key;  // empty: done
  std::string failure_detail;
};
using Work = std::function<Finish(Context&)>;

// Who may follow and cancel the jobs of a kind; each feature says so for
// its own kinds (the scope is the feature's: "team:ANT1").
using MayFollow = std::function<bool(store::Connection&, const Actor&, const std::string& scope)>;

struct Started {
  Job job;            // the new job, or the active one of its scope
  bool busy = false;  // a job of the scope was active already: nothing new started
};

class Runner {
 public:
  Runner(store::Database& db, std::size_t threads);
  ~Runner();  // cancels what waits, stops what runs (jobs/pool.hpp)
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Before any request: who may follow the jobs of `kind`.
  void define_kind(const std::string& kind, MayFollow may_follow);
  bool may_follow(store::Connection& c, const Actor& actor, const Job& job) const;

  // Records a queued job and queues its work. The caller has checked that the
  // actor may start it. Audited ("job.start").
  Started start(const Actor& actor, const std::string& kind, const std::string& scope,
                const std::string& about, std::chrono::milliseconds time_limit, Work work);

  store::Database& database() { return db_; }
  Pool& pool() { return pool_; }

 private:
  void run(std::int64_t id, const std::string& name, Context& context, const Work& work);

  store::Database& db_;
  std::map<std::string, MayFollow> kinds_;
  Pool pool_;  // last: stopped first, while the rest still stands
};

// A fraction in [0, 1] as the whole thousandths a row keeps.
std::int64_t permille(double fraction);

// The report (jobs/pool.hpp) of a job kept as a row of `table` (columns
// progress_permille, message, updated_at, status): writes the progress,
// marks it running once it has started, and answers false when the row has
// ended meanwhile (cancelled): the write doubles as that question.
std::function<bool(bool, const Context::Snapshot&)> row_reporter(store::Database& db,
                                                                 const std::string& table,
                                                                 std::int64_t id);

void register_migrations(store::Migrations& migrations);

std::optional<Job> find(store::Connection& c, std::int64_t id);
// The newest job of a kind for a scope; nullopt when it never had one.
std::optional<Job> latest(store::Connection& c, const std::string& kind, const std::string& scope);
// Ends a queued or running job as cancelled; false when it had ended already.
// Audited ("job.cancel").
bool cancel(store::Connection& c, const Actor& actor, std::int64_t id);

}  // namespace ploeg::jobs
