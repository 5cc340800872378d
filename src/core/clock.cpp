#include "core/clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace ploeg {

namespace {

using Seconds = std::chrono::sys_seconds;

// How the application's now differs from the system clock: standing still at
// `fixed`, or running `offset` seconds apart from it.
std::atomic<bool> standing{false};
std::atomic<std::int64_t> fixed{0};
std::atomic<std::int64_t> offset{0};

std::int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const date::time_zone* zone_named(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown time zone \"" + name +
                                "\": give an IANA name such as Europe/Brussels");
  }
}

struct Zone {
  std::mutex mutex;  // guards `name`; the pointer itself is atomic
  std::string name = "Europe/Brussels";
  std::atomic<const date::time_zone*> zone{nullptr};
};

Zone& organisation_zone() {
  static Zone z;
  return z;
}

const date::time_zone* zone() {
  auto& z = organisation_zone();
  auto* found = z.zone.load();
  if (!found) {
    std::lock_guard lock(z.mutex);
    found = zone_named(z.name);
    z.zone.store(found);
  }
  return found;
}

date::local_seconds local_of(std::int64_t utc_seconds) {
  return zone()->to_local(Seconds{std::chrono::seconds{utc_seconds}});
}

std::int64_t floor_day(std::int64_t seconds) {
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

std::string formatted(std::int64_t seconds_as_if_utc, const char* format) {
  std::time_t t = static_cast<std::time_t>(seconds_as_if_utc);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  auto n = std::strftime(buffer, sizeof buffer, format, &tm);
  return std::string(buffer, n);
}

}  // namespace

std::int64_t now_seconds() {
  if (standing.load()) return fixed.load();
  return system_seconds() + offset.load();
}

namespace clock {

void set_now(std::int64_t utc_seconds) {
  fixed.store(utc_seconds);
  standing.store(true);
}

void start_at(std::int64_t utc_seconds) {
  offset.store(utc_seconds - system_seconds());
  standing.store(false);
}

void use_real_time() {
  offset.store(0);
  standing.store(false);
}

std::optional<std::int64_t> parse_moment(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &consumed) != 5 ||
      consumed != 16)
    return std::nullopt;
  std::size_t at = 16;
  if (text.size() > at && text[at] == ':') {
    int n = 0;
    if (std::sscanf(text.c_str() + at, ":%2d%n", &s, &n) != 1 || n != 3) return std::nullopt;
    at += 3;
  }
  auto day = day_of_date(text.substr(0, 10));
  if (!day || h > 23 || mi > 59 || s > 59) return std::nullopt;
  std::int64_t wall = *day * 86400 + h * 3600 + mi * 60 + s;
  std::string rest = text.substr(at);
  if (rest.empty()) return utc_of_local(*day, h * 60 + mi) + s;
  if (rest == "Z") return wall;
  int oh = 0, om = 0, n = 0;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') ||
      std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5)
    return std::nullopt;
  std::int64_t east = (oh * 60 + om) * 60;
  return rest[0] == '+' ? wall - east : wall + east;
}

}  // namespace clock

void set_time_zone(const std::string& iana_name) {
  auto* found = zone_named(iana_name);
  auto& z = organisation_zone();
  std::lock_guard lock(z.mutex);
  z.name = iana_name;
  z.zone.store(found);
}

const std::string& time_zone_name() {
  auto& z = organisation_zone();
  std::lock_guard lock(z.mutex);
  return z.name;
}

std::int64_t local_day(std::int64_t utc_seconds) {
  return floor_day(local_of(utc_seconds).time_since_epoch().count());
}

std::int64_t today() {
  return local_day(now_seconds());
}

std::int64_t utc_of_local(std::int64_t day, int minutes) {
  date::local_seconds wall{std::chrono::seconds{day * 86400 + std::int64_t{minutes} * 60}};
  // `first` is the offset in force before any change that day: inside the
  // spring gap that lands the time later by the gap; in the autumn overlap it
  // picks the first (summer-time) moment.
  auto info = zone()->get_info(wall);
  return (wall - info.first.offset).time_since_epoch().count();
}

int utc_offset_minutes(std::int64_t utc_seconds) {
  auto info = zone()->get_info(Seconds{std::chrono::seconds{utc_seconds}});
  return static_cast<int>(info.offset.count() / 60);
}

std::string zone_abbreviation(std::int64_t utc_seconds) {
  return zone()->get_info(Seconds{std::chrono::seconds{utc_seconds}}).abbrev;
}

std::vector<ZoneChange> zone_changes(std::int64_t from_utc, std::int64_t to_utc) {
  std::vector<ZoneChange> changes;
  auto* z = zone();
  Seconds at{std::chrono::seconds{from_utc}};
  const Seconds end{std::chrono::seconds{to_utc}};
  auto info = z->get_info(at);
  while (info.end < end && changes.size() < 1000) {
    auto next = z->get_info(info.end);
    if (next.offset != info.offset) {
      changes.push_back(
          {next.begin.time_since_epoch().count(), static_cast<int>(info.offset.count() / 60),
           static_cast<int>(next.offset.count() / 60), next.save.count() != 0, next.abbrev});
    }
    info = next;
  }
  return changes;
}

std::string local_text(std::int64_t utc_seconds, const char* format) {
  return formatted(local_of(utc_seconds).time_since_epoch().count(), format);
}

std::string local_date(std::int64_t utc_seconds) {
  return local_text(utc_seconds, "%Y-%m-%d");
}

std::string local_minute(std::int64_t utc_seconds) {
  return local_text(utc_seconds, "%Y-%m-%d %H:%M");
}

std::string utc_text(std::int64_t utc_seconds, const char* format) {
  return formatted(utc_seconds, format);
}

std::string date_text(std::int64_t day, const char* format) {
  return formatted(day * 86400, format);
}

std::optional<std::int64_t> day_of_date(const std::string& text) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return std::nullopt;
  for (auto i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  year_month_day date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date}.time_since_epoch().count();
}

int day_of_week(std::int64_t day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

std::int64_t monday_of(std::int64_t day) {
  return day - day_of_week(day);
}

}  // namespace ploeg
