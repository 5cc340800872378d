// The one clock the application reads, and the organisation's time zone.
//
// Storage is UTC: a moment is seconds since the epoch. Everything a person
// sees or chooses is in the organisation's time zone (Europe/Brussels unless
// configured otherwise), with its daylight saving: "today", the day a request
// was filed, the week and month of the figures, appointment times, the audit
// and timeline. A calendar day is a number: days since 1970-01-01, as a date
// on the wall in that zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ploeg {

// Now, seconds since the epoch (UTC), as the application sees it.
std::int64_t now_seconds();

namespace clock {
// Tests: now stands still at this moment until set again or released.
void set_now(std::int64_t utc_seconds);
// Now runs on from this moment at the real pace (PLOEG_NOW for a server or
// the demo generator under test: durations stay real, the calendar is chosen).
void start_at(std::int64_t utc_seconds);
// Back to the system clock.
void use_real_time();
// "2026-12-06T10:00:00Z", "2026-12-06T10:00:00+01:00", or a wall time in the
// organisation's zone without an offset ("2026-03-29T02:30"; a time that does
// not exist that day is moved on by the gap, an ambiguous one is the first).
// nullopt unless exactly one of those forms.
std::optional<std::int64_t> parse_moment(const std::string& text);
}  // namespace clock

// The organisation's time zone, an IANA name ("Europe/Brussels"). Throws
// std::invalid_argument naming the zone when it is not known.
void set_time_zone(const std::string& iana_name);
const std::string& time_zone_name();

// The calendar day in the organisation's zone of a UTC moment.
std::int64_t local_day(std::int64_t utc_seconds);
// Today in the organisation's zone.
std::int64_t today();
// The UTC moment of a wall time in the organisation's zone: `minutes` after
// midnight of `day`. Inside the spring gap the time moves on by the gap; in
// the autumn overlap it is the first (summer-time) one.
std::int64_t utc_of_local(std::int64_t day, int minutes);
// The offset from UTC at that moment, in minutes (+60 in Brussels' winter).
int utc_offset_minutes(std::int64_t utc_seconds);
// The zone's abbreviation at that moment ("CET", "CEST").
std::string zone_abbreviation(std::int64_t utc_seconds);

// When the zone's clocks change (daylight saving) between two moments: what
// a calendar feed's VTIMEZONE describes.
struct ZoneChange {
  std::int64_t at = 0;                      // UTC
  int offset_before = 0, offset_after = 0;  // minutes east of UTC
  bool summer = false;                      // daylight-saving time from then on
  std::string abbreviation;                 // from then on ("CEST")
};
std::vector<ZoneChange> zone_changes(std::int64_t from_utc, std::int64_t to_utc);

// A UTC moment as people read it in the organisation's zone (strftime
// format, C locale): "2026-11-23", "2026-11-23 14:05".
std::string local_text(std::int64_t utc_seconds, const char* format);
std::string local_date(std::int64_t utc_seconds);
std::string local_minute(std::int64_t utc_seconds);

// A UTC moment written in UTC ("%Y%m%dT%H%M%SZ" for an iCalendar stamp).
std::string utc_text(std::int64_t utc_seconds, const char* format);

// A calendar day as text, without any zone ("%Y-%m-%d" unless told).
std::string date_text(std::int64_t day, const char* format = "%Y-%m-%d");
// "2026-12-07" as a day number; nullopt unless a real date in that form.
std::optional<std::int64_t> day_of_date(const std::string& text);
// 0 Monday ... 6 Sunday.
int day_of_week(std::int64_t day);
// The Monday on or before the day.
std::int64_t monday_of(std::int64_t day);

}  // namespace ploeg
