// The application's clock held still for one test, and moved on by hand
// (a day later, an hour later); afterwards it runs on from where it would
// have been, real time or PLOEG_NOW's.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/clock.hpp"

namespace ploeg::casework::testing {

class HeldClock {
 public:
  HeldClock() : held_(now_seconds()), from_(held_), started_(std::chrono::steady_clock::now()) {
    clock::set_now(held_);
  }
  HeldClock(const HeldClock&) = delete;
  HeldClock& operator=(const HeldClock&) = delete;
  ~HeldClock() {
    auto passed = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::steady_clock::now() - started_)
                      .count();
    clock::start_at(from_ + passed);
  }
  void advance(std::int64_t seconds) {
    held_ += seconds;
    clock::set_now(held_);
  }

 private:
  std::int64_t held_;
  std::int64_t from_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ploeg::casework::testing
