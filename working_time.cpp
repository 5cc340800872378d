#include "casework/working_time.hpp"

#include <algorithm>
#include <cmath>

#include "core/clock.hpp"

namespace ploeg::casework {
namespace {

constexpr std::int64_t day_work = (work_end_minute - work_start_minute) * 60;  // seconds
constexpr std::int64_t week_work = 5 * day_work;

bool working_day(std::int64_t day) {
  return ((day + 3) % 7 + 7) % 7 < 5;  // 1970-01-01 was a Thursday; 0 is Monday
}

// Seconds of working time on `day` within [from, to].
std::int64_t on_day(std::int64_t day, std::int64_t from, std::int64_t to) {
  if (!working_day(day)) return 0;
  std::int64_t a = std::max(from, utc_of_local(day, work_start_minute));
  std::int64_t b = std::min(to, utc_of_local(day, work_end_minute));
  return b > a ? b - a : 0;
}

// Working days in the days strictly between d0 and d1.
std::int64_t working_days_between(std::int64_t d0, std::int64_t d1) {
  std::int64_t n = 0;
  std::int64_t d = d0 + 1;
  std::int64_t weeks = std::max<std::int64_t>(0, (d1 - d) / 7);
  n += 5 * weeks;
  for (d += 7 * weeks; d < d1; ++d) n += working_day(d);
  return n;
}

}  // namespace

double working_hours(std::int64_t from, std::int64_t to) {
  if (to <= from) return 0;
  std::int64_t d0 = local_day(from), d1 = local_day(to);
  std::int64_t seconds = 0;
  if (d0 == d1) {
    seconds = on_day(d0, from, to);
  } else {
    seconds = on_day(d0, from, to) + on_day(d1, from, to) + working_days_between(d0, d1) * day_work;
  }
  return static_cast<double>(seconds) / 3600.0;
}

std::int64_t after_working_hours(std::int64_t from, double hours) {
  if (!(hours > 0)) return from;
  auto left = static_cast<std::int64_t>(std::llround(hours * 3600.0));
  std::int64_t day = local_day(from);
  if (working_day(day)) {
    std::int64_t start = std::max(from, utc_of_local(day, work_start_minute));
    std::int64_t end = utc_of_local(day, work_end_minute);
    if (start < end) {
      if (left <= end - start) return start + left;
      left -= end - start;
    }
  }
  ++day;
  // Any seven days in a row hold five working days.
  if (left > week_work) {
    std::int64_t weeks = (left - 1) / week_work;
    day += 7 * weeks;
    left -= weeks * week_work;
  }
  for (;; ++day) {
    if (!working_day(day)) continue;
    if (left <= day_work) return utc_of_local(day, work_start_minute) + left;
    left -= day_work;
  }
}

}  // namespace ploeg::casework
