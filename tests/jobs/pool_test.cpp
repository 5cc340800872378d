// The job pool on its own: no more tasks at once than it has threads, in the
// order they came; a task told to stop (by its report answering false, by
// its time limit, by the pool closing) sees it; closing runs every waiting
// task once, cancelled, so that none is left unrecorded.
#include "jobs/pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace ploeg::jobs {
namespace {

using namespace std::chrono_literals;

// Waits (up to ten seconds) until `done` holds.
template <typename Done>
bool eventually(Done done) {
  auto until = SteadyClock::now() + 10s;
  while (!done()) {
    if (SteadyClock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(PoolTest, NoMoreTasksRunAtOnceThanItHasThreads) {
  std::atomic<int> now{0}, most{0};
  std::mutex mutex;
  std::vector<int> order;
  {
    Pool pool(2, 10ms);
    for (int i = 0; i < 6; ++i) {
      Task t;
      t.name = "task " + std::to_string(i);
      t.run = [&, i](Context&) {
        int running = ++now;
        int seen = most.load();
        while (running > seen && !most.compare_exchange_weak(seen, running)) {
        }
        {
          std::lock_guard lock(mutex);
          order.push_back(i);
        }
        std::this_thread::sleep_for(30ms);
        --now;
      };
      pool.submit(std::move(t));
    }
    EXPECT_TRUE(eventually([&] {
      std::lock_guard lock(mutex);
      return order.size() == 6;
    }));
  }
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(order.size(), 6u);
}

TEST(PoolTest, TasksWaitingForTheOneThreadRunInTheOrderGiven) {
  std::vector<int> order;  // written by the pool's one thread only
  {
    Pool pool(1);
    for (int i = 0; i < 5; ++i) {
      Task t;
      t.name = "task " + std::to_string(i);
      t.run = [&order, i](Context&) {
        std::this_thread::sleep_for(5ms);
        order.push_back(i);
      };
      pool.submit(std::move(t));
    }
  }  // closing waits for them all
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(PoolTest, ProgressIsReportedAndAFalseReportStopsTheTask) {
  std::atomic<bool> saw_stop{false};
  std::mutex mutex;
  std::vector<double> reported;
  std::vector<bool> running;
  Pool pool(1, 10ms, 50ms);
  Task t;
  t.name = "cancelled elsewhere";
  t.run = [&](Context& context) {
    context.progress(0.25, "a quarter");
    // Runs until told to stop (ten seconds at most: a failure, not a hang).
    auto until = SteadyClock::now() + 10s;
    while (!context.stopping() && SteadyClock::now() < until) std::this_thread::sleep_for(5ms);
    saw_stop = context.cancelled();
  };
  t.report = [&](bool started, const Context::Snapshot& s) {
    std::lock_guard lock(mutex);
    reported.push_back(s.fraction);
    running.push_back(started);
    return s.fraction < 0.25;  // as if cancelled once it reported a quarter
  };
  pool.submit(std::move(t));
  EXPECT_TRUE(eventually([&] { return saw_stop.load(); }));
  std::lock_guard lock(mutex);
  ASSERT_FALSE(reported.empty());
  EXPECT_DOUBLE_EQ(reported.back(), 0.25);
  EXPECT_TRUE(running.back());
}

TEST(PoolTest, ATaskPastItsTimeLimitIsToldToStop) {
  std::atomic<bool> stopped{false};
  std::atomic<double> left{-1};
  Pool pool(1);
  Task t;
  t.name = "slow";
  t.time_limit = 100ms;
  t.run = [&](Context& context) {
    left = context.seconds_left();
    auto until = SteadyClock::now() + 10s;
    while (!context.stopping() && SteadyClock::now() < until) std::this_thread::sleep_for(5ms);
    stopped = !context.cancelled() && context.seconds_left() == 0;
  };
  pool.submit(std::move(t));
  EXPECT_TRUE(eventually([&] { return stopped.load(); }));
  EXPECT_GT(left.load(), 0);
  EXPECT_LE(left.load(), 0.1);
}

TEST(PoolTest, ClosingStopsTheRunningTaskAndRunsTheWaitingOnesCancelled) {
  std::atomic<int> cancelled_at_start{0}, stopped_running{0};
  std::atomic<bool> started{false};
  {
    Pool pool(1);
    Task busy;
    busy.name = "busy";
    busy.run = [&](Context& context) {
      started = true;
      auto until = SteadyClock::now() + 10s;
      while (!context.stopping() && SteadyClock::now() < until) std::this_thread::sleep_for(5ms);
      if (context.cancelled()) ++stopped_running;
    };
    pool.submit(std::move(busy));
    for (int i = 0; i < 3; ++i) {
      Task waiting;
      waiting.name = "waiting";
      waiting.run = [&](Context& context) {
        if (context.stopping()) ++cancelled_at_start;
      };
      pool.submit(std::move(waiting));
    }
    ASSERT_TRUE(eventually([&] { return started.load(); }));
    EXPECT_EQ(pool.waiting(), 3u);
    EXPECT_EQ(pool.running(), 1u);
  }
  EXPECT_EQ(stopped_running.load(), 1);
  EXPECT_EQ(cancelled_at_start.load(), 3);
}

TEST(PoolTest, ATaskThatThrowsLeavesThePoolWorking) {
  std::atomic<bool> second{false};
  Pool pool(1);
  Task bad;
  bad.name = "throws";
  bad.run = [](Context&) { throw std::runtime_error("out of luck"); };
  pool.submit(std::move(bad));
  Task good;
  good.name = "after";
  good.run = [&](Context&) { second = true; };
  pool.submit(std::move(good));
  EXPECT_TRUE(eventually([&] { return second.load(); }));
}

}  // namespace
}  // namespace ploeg::jobs
