#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
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
// "2026-12-07" as days since 1970-01-01; nullopt unless a real date in that form.
inline std::optional<std::int64_t> day_of_date(const std::string& text) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return std::nullopt;
  year_month_day date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date}.time_since_epoch().count();
}

inline std::string utc_date(std::int64_t seconds) {
  return utc_text(seconds, "%Y-%m-%d");
}
inline std::string utc_minute(std::int64_t seconds) {
  return utc_text(seconds, "%Y-%m-%d %H:%M");
}

}  // namespace ploeg
