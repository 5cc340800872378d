#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace ploeg {

// Seconds since the epoch, UTC: how every timestamp is stored.
inline std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A stored timestamp as people read it, in UTC like every time the
// application stores: "2026-11-23" and "2026-11-23 14:05".
inline std::string utc_text(std::int64_t seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}
inline std::string utc_date(std::int64_t seconds) {
  return utc_text(seconds, "%Y-%m-%d");
}
inline std::string utc_minute(std::int64_t seconds) {
  return utc_text(seconds, "%Y-%m-%d %H:%M");
}

}  // namespace ploeg
