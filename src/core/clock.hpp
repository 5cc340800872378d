#pragma once

#include <chrono>
#include <cstdint>

namespace ploeg {

// Seconds since the epoch, UTC: how every timestamp is stored.
inline std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ploeg
