#include "casework/working_time.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace ploeg::casework {
namespace {

constexpr std::int64_t day_work = (work_end_minute - work_start_minute) * 60;  // seconds
constexpr std::int64_t week_work = 5 * day_work;

// The zone's lookups cost far more than the arithmetic, and the demo history
// asks for a few million: each day's local midnight and start of work are
// kept per thread (per zone: a test may change it).
struct Day {
  std::int64_t midnight, start;
};
const Day& day_of(std::int64_t day) {
  thread_local std::string zone;
  thread_local std::unordered_map<std::int64_t, Day> days;
  if (zone != time_zone_name() || days.size() > 20000) {
    zone = time_zone_name();
    days.clear();
  }
  auto found = days.find(day);
  if (found != days.end()) return found->second;
  return days[day] = {utc_of_local(day, 0), utc_of_local(day, work_start_minute)};
}

std::int64_t start_of_work(std::int64_t day) {
  return day_of(day).start;
}
std::int64_t end_of_work(std::int64_t day) {
  return day_of(day).start + (work_end_minute - work_start_minute) * 60;
}

// local_day() through the kept midnights.
std::int64_t wall_day(std::int64_t t) {
  std::int64_t d = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  while (t < day_of(d).midnight) --d;
  while (t >= day_of(d + 1).midnight) ++d;
  return d;
}

bool working_day(std::int64_t day) {
  return ((day + 3) % 7 + 7) % 7 < 5;  // 1970-01-01 was a Thursday; 0 is Monday
}

// Seconds of working time on `day` within [from, to].
std::int64_t on_day(std::int64_t day, std::int64_t from, std::int64_t to) {
  if (!working_day(day)) return 0;
  std::int64_t a = std::max(from, start_of_work(day));
  std::int64_t b = std::min(to, end_of_work(day));
  return b > a ? b - a : 0;
}

// Working days among the days strictly between d0 and d1.
std::int64_t working_days_between(std::int64_t d0, std::int64_t d1) {
  std::int64_t d = d0 + 1;
  std::int64_t weeks = std::max<std::int64_t>(0, (d1 - d) / 7);
  std::int64_t n = 5 * weeks;
  for (d += 7 * weeks; d < d1; ++d) n += working_day(d);
  return n;
}

}  // namespace

double working_hours(std::int64_t from, std::int64_t to) {
  if (to <= from) return 0;
  std::int64_t d0 = wall_day(from), d1 = wall_day(to);
  std::int64_t seconds = on_day(d0, from, to);
  if (d1 != d0) seconds += on_day(d1, from, to) + working_days_between(d0, d1) * day_work;
  return static_cast<double>(seconds) / 3600.0;
}

std::int64_t after_working_hours(std::int64_t from, double hours) {
  if (!(hours > 0)) return from;
  auto left = static_cast<std::int64_t>(std::llround(hours * 3600.0));
  std::int64_t day = wall_day(from);
  if (working_day(day)) {
    std::int64_t start = std::max(from, start_of_work(day));
    std::int64_t end = end_of_work(day);
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
    if (left <= day_work) return start_of_work(day) + left;
    left -= day_work;
  }
}

int working_days_after(std::int64_t from_day, std::int64_t to_day) {
  return to_day > from_day ? static_cast<int>(working_days_between(from_day, to_day + 1)) : 0;
}

}  // namespace ploeg::casework
