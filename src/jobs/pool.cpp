#include "jobs/pool.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/log.hpp"

namespace ploeg::jobs {

void Context::progress(double fraction, const std::string& message) {
  std::lock_guard lock(mutex_);
  last_.fraction = std::clamp(fraction, 0.0, 1.0);
  last_.message = message;
  ++last_.version;
}

Context::Snapshot Context::snapshot() const {
  std::lock_guard lock(mutex_);
  return last_;
}

bool Context::stopping() const {
  return cancelled_.load() || SteadyClock::now() >= deadline_;
}

double Context::seconds_left() const {
  return std::max(0.0, std::chrono::duration<double>(deadline_ - SteadyClock::now()).count());
}

Pool::Pool(std::size_t threads, std::chrono::milliseconds report_every,
           std::chrono::milliseconds heartbeat)
    : report_every_(report_every), heartbeat_(heartbeat) {
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) {
    threads_.emplace_back([this] { work(); });
  }
  reporter_ = std::thread([this] { report(); });
}

Pool::~Pool() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    // Waiting ones still get their turn, cancelled, so that each records how
    // it ended (Context::stopping() is true from the start).
    for (auto& e : active_) e->context->cancel();
  }
  wake_workers_.notify_all();
  for (auto& t : threads_) t.join();
  {
    std::lock_guard lock(mutex_);
    active_.clear();
  }
  wake_reporter_.notify_all();
  reporter_.join();
}

void Pool::submit(Task task) {
  auto entry = std::make_shared<Entry>();
  {
    std::lock_guard lock(mutex_);
    if (closing_) throw std::runtime_error("the job pool is closing");
    entry->context = std::make_shared<Context>(SteadyClock::now() + task.time_limit);
    entry->task = std::move(task);
    queue_.push_back(entry);
    active_.push_back(entry);
  }
  wake_workers_.notify_one();
  wake_reporter_.notify_all();
}

std::size_t Pool::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::size_t Pool::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Pool::work() {
  for (;;) {
    std::shared_ptr<Entry> entry;
    {
      std::unique_lock lock(mutex_);
      wake_workers_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing
      entry = queue_.front();
      queue_.pop_front();
      entry->started = true;
      ++running_;
    }
    wake_reporter_.notify_all();  // "running" is news
    try {
      entry->task.run(*entry->context);
    } catch (const std::exception& e) {
      // The task's own code records its failure; this is the last net.
      log::error("job.uncaught", {{"job", entry->task.name}, {"error", e.what()}});
    } catch (...) {
      log::error("job.uncaught", {{"job", entry->task.name}});
    }
    {
      std::lock_guard lock(mutex_);
      --running_;
      active_.remove(entry);
    }
  }
}

void Pool::report() {
  std::unique_lock lock(mutex_);
  while (!(closing_ && active_.empty())) {
    wake_reporter_.wait_for(lock, report_every_);
    auto now = SteadyClock::now();
    // Copies, so that reporting (a database write) holds no lock.
    std::vector<std::pair<std::shared_ptr<Entry>, bool>> due;
    for (auto& e : active_) {
      if (!e->task.report) continue;
      auto version = e->context->snapshot().version;
      if (version != e->reported || e->started != e->reported_started ||
          now - e->last_report >= heartbeat_) {
        e->reported = version;
        e->reported_started = e->started;
        e->last_report = now;
        due.emplace_back(e, e->started);
      }
    }
    lock.unlock();
    for (auto& [e, started] : due) {
      bool go_on = true;
      try {
        go_on = e->task.report(started, e->context->snapshot());
      } catch (const std::exception& error) {
        log::warn("job.report_failed", {{"job", e->task.name}, {"error", error.what()}});
      }
      if (!go_on) e->context->cancel();
    }
    lock.lock();
  }
}

}  // namespace ploeg::jobs
