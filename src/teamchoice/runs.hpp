// The optimiser runs in the background, not inside the HTTP request that
// starts it. A run is a row (team_round_runs): queued when started, running
// with its progress while the engine works, then done (the proposal is
// stored) or failed. State lives in the database, so every `ploeg serve`
// sharing it shows the same progress and refuses a second run of a round
// while one is active. A run whose row has not moved for stale_run_seconds
// (its process died) no longer counts as active: the next start gives it up.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice {

inline constexpr std::int64_t stale_run_seconds = 60;

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

// Owns the threads of the runs this process started. The feature keeps one
// for as long as its routes live; destroying it waits for the runs in
// flight, each of which ends within its time limit.
class Optimiser {
 public:
  explicit Optimiser(store::Database& db, double time_limit_seconds = 10);
  ~Optimiser();
  Optimiser(const Optimiser&) = delete;
  Optimiser& operator=(const Optimiser&) = delete;

  // Records a queued run and starts it on a thread of its own (Result::id is
  // the run). Refused for someone who may not manage the round; invalid
  // ("rounds_error_running") while another run of the round is active.
  Result start(const Actor& actor, std::int64_t round_id);

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  void work(const Actor& actor, std::int64_t round_id, std::int64_t run_id);
  void join_finished();

  store::Database& db_;
  double time_limit_seconds_;
  std::mutex mutex_;
  std::list<Worker> workers_;
};

}  // namespace ploeg::teamchoice
