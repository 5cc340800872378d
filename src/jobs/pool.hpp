// Long work (a week proposal, the team-choice optimiser) runs on the threads
// of this pool, never on the HTTP workers that answer pages: however many
// jobs are started, pages and /healthz keep their workers. Jobs beyond the
// pool's threads wait their turn in order.
//
// A job reports its progress to a Context; one reporter thread hands the
// latest progress of every job to the job's `report` about twice a second
// (and at least every few seconds, as a heartbeat), so the work never waits
// for whoever stores it. `report` answering false (the job was cancelled
// elsewhere) or the time limit passing makes Context::stopping() true: the
// work ends at its next step.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ploeg::jobs {

using SteadyClock = std::chrono::steady_clock;

// What a job's work sees while it runs. Thread-safe.
class Context {
 public:
  explicit Context(SteadyClock::time_point deadline) : deadline_(deadline) {}
  // How far the work is, in [0, 1], and what it does now (a short English
  // phrase for the log; pages show their own words).
  void progress(double fraction, const std::string& message);
  // True once the job was cancelled, the pool is closing or the time limit
  // passed: stop at the next step.
  bool stopping() const;
  bool cancelled() const { return cancelled_.load(); }
  double seconds_left() const;
  SteadyClock::time_point deadline() const { return deadline_; }

  // For the pool.
  void cancel() { cancelled_.store(true); }
  struct Snapshot {
    double fraction = 0;
    std::string message;
    int version = 0;
  };
  Snapshot snapshot() const;

 private:
  SteadyClock::time_point deadline_;
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  Snapshot last_;
};

struct Task {
  std::string name;  // for the log: "weekplan.propose team:ANT1"
  std::chrono::milliseconds time_limit{30'000};
  // The work, on a pool thread.
  std::function<void(Context&)> run;
  // On the reporter thread while the task waits or runs: stores its progress
  // (running says whether the work has started) and answers false when the
  // job was cancelled elsewhere. Called when something changed, and at least
  // every heartbeat. May be empty.
  std::function<bool(bool running, const Context::Snapshot&)> report;
};

class Pool {
 public:
  explicit Pool(std::size_t threads,
                std::chrono::milliseconds report_every = std::chrono::milliseconds(500),
                std::chrono::milliseconds heartbeat = std::chrono::seconds(5));
  // Stops taking tasks and cancels every task: the running ones stop at
  // their next step, the waiting ones run at once knowing they are cancelled
  // (to record it). Then waits for them all.
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Queues the task. Throws std::runtime_error once the pool is closing.
  void submit(Task task);
  std::size_t threads() const { return threads_.size(); }
  std::size_t running() const;
  std::size_t waiting() const;

 private:
  struct Entry {
    Task task;
    std::shared_ptr<Context> context;
    bool started = false;
    int reported = -1;  // the progress version last reported
    bool reported_started = false;
    SteadyClock::time_point last_report{};
  };
  void work();
  void report();

  std::chrono::milliseconds report_every_, heartbeat_;
  mutable std::mutex mutex_;
  std::condition_variable wake_workers_, wake_reporter_;
  std::deque<std::shared_ptr<Entry>> queue_;
  std::list<std::shared_ptr<Entry>> active_;  // queued and running: what the reporter reports
  std::size_t running_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
  std::thread reporter_;
};

}  // namespace ploeg::jobs
