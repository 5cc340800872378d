// The optimiser runs in the background (on the job pool), not inside the
// HTTP request that starts it. A run is a row (team_round_runs): queued when started, running
// with its progress while the engine works, then done (the proposal is
// stored) or failed. State lives in the database, so every `ploeg serve`
// sharing it shows the same progress and refuses a second run of a round
// while one is active. A run whose row has not moved for stale_run_seconds
// (its process died) no longer counts as active: the next start gives it up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "jobs/jobs.hpp"
#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice {

inline constexpr std::int64_t stale_run_seconds = jobs::stale_seconds;  // as every job

struct Run {
  std::int64_t id = 0;
  std::string status;  // queued | running | done | failed
  double progress = 0;
  std::string message;      // the engine's last word on its progress (English)
  std::string outcome_key;  // failed: the catalogue key saying why
  std::int64_t started_at = 0, updated_at = 0, finished_at = 0;
  bool stale = false;  // queued or running, but its row stopped moving
  bool active() const { return !stale && (status == "queued" || status == "running"); }
};

// Ends a queued or running run as done or failed (key: the catalogue key
// saying why it failed); a run that has ended already stays as it ended.
void end_run(store::Connection& c, std::int64_t run_id, bool done, const std::string& key,
             const std::string& message);

// The round's newest run; nullopt when it never had one.
std::optional<Run> latest_run(store::Connection& c, std::int64_t round_id);

// Ends the round's active run, if any, as failed ("rounds_run_cancelled"):
// what it finds is not stored (run_optimiser checks its run is still
// running before it writes). For who may manage the round; audited.
Result cancel_run(store::Connection& c, const Actor& actor, std::int64_t round_id);

// Starts runs on the job pool (jobs/pool.hpp), apart from the threads that
// answer pages; the pool's reporter writes each run's progress to its row.
class Optimiser {
 public:
  Optimiser(store::Database& db, jobs::Pool& pool, double time_limit_seconds = 10);
  Optimiser(const Optimiser&) = delete;
  Optimiser& operator=(const Optimiser&) = delete;

  // Records a queued run and queues it (Result::id is the run). Refused for
  // someone who may not manage the round; invalid ("rounds_error_running")
  // while another run of the round is active.
  Result start(const Actor& actor, std::int64_t round_id);

 private:
  store::Database& db_;
  jobs::Pool& pool_;
  double time_limit_seconds_;
};

}  // namespace ploeg::teamchoice
