#include "weekplan/calendar.hpp"

#include <algorithm>
#include <cstdio>

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ploeg::weekplan {
namespace {

// RFC 5545 3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT.
std::string text_value(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',')
      out += '\\', out += ch;
    else if (ch == '\n')
      out += "\\n";
    else if (ch != '\r')
      out += ch;
  }
  return out;
}

// RFC 5545 3.1: lines of at most 75 octets, continued after CRLF and a space,
// never inside a UTF-8 character.
std::string folded(const std::string& line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(line[i]);
    std::size_t len = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len - 1;
  }
  return out + "\r\n";
}

std::string date_value(std::int64_t day) {
  return date_text(day, "%Y%m%d");
}

// A wall time in the organisation's zone (RFC 5545 3.3.5, form 3: with a
// TZID that the feed's VTIMEZONE defines), so a calendar elsewhere shows
// the appointment at the right hour.
std::string local_time(std::int64_t day, int minutes) {
  char b[16];
  std::snprintf(b, sizeof b, "T%02d%02d00", minutes / 60, minutes % 60);
  return ";TZID=" + time_zone_name() + ":" + date_value(day) + b;
}

// "+0100": an offset in hours and minutes (RFC 5545 3.3.14).
std::string offset_text(int minutes) {
  char b[16];
  int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(b, sizeof b, "%c%02d%02d", minutes < 0 ? '-' : '+', a / 60 % 100, a % 60);
  return b;
}

// RFC 5545 3.6.5: the organisation's zone with each change of its clocks
// between two days, its onset written in the offset before the change.
std::string vtimezone(std::int64_t first_day, std::int64_t last_day) {
  std::string out = folded("BEGIN:VTIMEZONE") + folded("TZID:" + time_zone_name());
  auto from = first_day * 86400, to = (last_day + 1) * 86400;
  auto changes = zone_changes(from, to);
  if (changes.empty()) {
    // No change in the span: one standing definition from the first day.
    auto offset = offset_text(utc_offset_minutes(from));
    out += folded("BEGIN:STANDARD") + folded("DTSTART:" + utc_text(from, "%Y%m%dT000000")) +
           folded("TZOFFSETFROM:" + offset) + folded("TZOFFSETTO:" + offset) +
           folded("TZNAME:" + zone_abbreviation(from)) + folded("END:STANDARD");
  }
  for (auto& c : changes) {
    const char* kind = c.summer ? "DAYLIGHT" : "STANDARD";
    out += folded(std::string("BEGIN:") + kind);
    out += folded("DTSTART:" + utc_text(c.at + c.offset_before * 60, "%Y%m%dT%H%M%S"));
    out += folded("TZOFFSETFROM:" + offset_text(c.offset_before));
    out += folded("TZOFFSETTO:" + offset_text(c.offset_after));
    out += folded("TZNAME:" + c.abbreviation);
    out += folded(std::string("END:") + kind);
  }
  return out + folded("END:VTIMEZONE");
}

}  // namespace

std::string icalendar(const std::string& person_key, const std::vector<CalendarDay>& days,
                      std::int64_t now, const std::vector<CalendarAppointment>& appointments) {
  std::string out;
  for (auto* line : {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ploeg//week plan//EN",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:ploeg"})
    out += folded(line);
  std::string stamp = utc_text(now, "%Y%m%dT%H%M%SZ");
  if (!appointments.empty()) {
    auto [first, last] = std::minmax_element(
        appointments.begin(), appointments.end(),
        [](const CalendarAppointment& a, const CalendarAppointment& b) { return a.day < b.day; });
    // A year either side: calendars read the zone's rules from the last change before an event.
    out += vtimezone(first->day - 366, last->day + 366);
  }
  for (auto& d : days) {
    out += folded("BEGIN:VEVENT");
    out += folded("UID:" + person_key + "-" + date_value(d.day) + "@ploeg");
    out += folded("DTSTAMP:" + stamp);
    out += folded("DTSTART;VALUE=DATE:" + date_value(d.day));
    out += folded("DTEND;VALUE=DATE:" + date_value(d.day + 1));
    out += folded("SUMMARY:" + text_value(d.summary));
    if (!d.location.empty()) out += folded("LOCATION:" + text_value(d.location));
    out += folded("TRANSP:TRANSPARENT");  // where one works, not busy time
    out += folded("END:VEVENT");
  }
  for (auto& a : appointments) {
    out += folded("BEGIN:VEVENT");
    out += folded("UID:appointment-" + std::to_string(a.id) + "@ploeg");
    out += folded("DTSTAMP:" + stamp);
    out += folded("DTSTART" + local_time(a.day, a.starts));
    out += folded("DTEND" + local_time(a.day, std::min(a.starts + a.minutes, 23 * 60 + 59)));
    out += folded("SUMMARY:" + text_value(a.summary));
    if (!a.location.empty()) out += folded("LOCATION:" + text_value(a.location));
    out += folded("END:VEVENT");
  }
  out += folded("END:VCALENDAR");
  return out;
}

// A link is valid only when made after the last password change of the
// person's account (users.password_changed_at, through account_people; a
// person has one account at most): a new password ends the calendar links
// handed out before it. The link keeps the account's password_changed_at of
// the moment it was made (password_seen), and a different value now means
// the password changed since: the rule compares two readings of the
// accounts' own column, never the clocks of two processes (a `ploeg user
// passwd` run at PLOEG_NOW may stamp an earlier moment than the server's).
// A change within the same second as the link's making cannot be told apart.
constexpr const char* not_ended =
    "NOT EXISTS (SELECT 1 FROM account_people a JOIN users u ON u.id = a.user_id WHERE "
    "a.person_id = c.person_id AND u.password_changed_at <> c.password_seen)";

std::string new_calendar_token(store::Connection& c, std::int64_t person_id, std::int64_t now) {
  auto token = crypto::random_token();
  c.query("DELETE FROM calendar_tokens WHERE person_id = $1", {person_id});
  // The hash finds the feed; the token itself is kept beside it only so that
  // its owner's week page can show the link again (a hash cannot be shown).
  // The trade-off: whoever reads the database can open the feed, which holds
  // the person's own plan and no citizen's personal data (an appointment
  // names a request's reference at most); a secret key to encrypt it with is
  // something the platform does not have yet. Only the owner's page reads
  // the column (calendar_link); the feed looks up by hash.
  c.query(
      "INSERT INTO calendar_tokens (person_id, token_hash, created_at, token, password_seen) "
      "VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(u.password_changed_at), 0) FROM "
      "account_people a JOIN users u ON u.id = a.user_id WHERE a.person_id = $1))",
      {person_id, crypto::sha256_hex(token), now, token});
  return token;
}

std::optional<CalendarLink> calendar_link(store::Connection& c, std::int64_t person_id) {
  auto r = c.query(std::string("SELECT c.token, c.created_at, CASE WHEN ") + not_ended +
                       " THEN 0 ELSE 1 END FROM calendar_tokens c WHERE c.person_id = $1",
                   {person_id});
  if (r.empty()) return std::nullopt;
  return CalendarLink{r.rows[0].text(0), r.rows[0].integer(1), r.rows[0].integer(2) == 1};
}

std::optional<CalendarOwner> calendar_owner(store::Connection& c, const std::string& token) {
  auto who = c.query(
      std::string("SELECT c.person_id, COALESCE((SELECT u.language FROM account_people a JOIN "
                  "users u ON u.id = a.user_id WHERE a.person_id = c.person_id LIMIT 1), '') FROM "
                  "calendar_tokens c WHERE c.token_hash = $1 AND ") +
          not_ended,
      {crypto::sha256_hex(token)});
  if (who.empty()) return std::nullopt;
  return CalendarOwner{who.rows[0].integer(0),
                       who.rows[0].text(1).empty() ? "en" : who.rows[0].text(1)};
}

namespace {

// The person's planned days around today: where they work, and their desk.
std::vector<CalendarDay> planned_days(store::Connection& c, std::int64_t person, std::int64_t today,
                                      const web::Catalogue& cat, const std::string& lang) {
  std::vector<CalendarDay> days;
  for (auto& r :
       c.query("SELECT p.day, p.place, COALESCE(o.name, ''), COALESCE(o.address, ''), "
               "(SELECT d.code FROM desk_bookings b JOIN desks d ON d.id = b.desk_id WHERE "
               "b.person_id = p.person_id AND b.day = p.day ORDER BY b.part LIMIT 1) FROM "
               "week_plans p JOIN teams t ON t.id = p.team_id LEFT JOIN offices o ON "
               "o.region_id = t.region_id WHERE p.person_id = $1 AND p.day >= $2 AND p.day "
               "< $3 ORDER BY p.day",
               {person, today - 14, today + 56})
           .rows) {
    auto place = r.text(1);
    CalendarDay d;
    d.day = r.integer(0);
    if (place == "office") {
      d.summary = r.is_null(4) ? cat.text(lang, "week_cal_office")
                               : cat.format(lang, "week_cal_office_desk", {{"desk", r.text(4)}});
      d.location = r.text(2) + (r.text(3).empty() ? "" : ", " + r.text(3));
    } else {
      d.summary = cat.text(lang, "week_cal_" + place);
    }
    days.push_back(d);
  }
  return days;
}

// The citizens' appointments the person takes around today.
std::vector<CalendarAppointment> taken_appointments(store::Connection& c, std::int64_t person,
                                                    std::int64_t today, const web::Catalogue& cat,
                                                    const std::string& lang) {
  std::vector<CalendarAppointment> out;
  for (auto& r : c.query("SELECT a.id, a.day, a.starts, a.minutes, k.name, a.place, "
                         "COALESCE(q.reference, ''), COALESCE(o.name, ''), COALESCE(mr.name, '') "
                         "FROM week_appointments a JOIN competences k ON k.id = a.competence_id "
                         "JOIN teams t ON t.id = a.team_id LEFT JOIN offices o ON o.region_id = "
                         "t.region_id LEFT JOIN requests q ON q.id = a.request_id LEFT JOIN "
                         "room_bookings rb ON rb.appointment_id = a.id LEFT JOIN meeting_rooms mr "
                         "ON mr.id = rb.room_id WHERE a.person_id = $1 AND a.day >= $2 AND a.day "
                         "< $3 ORDER BY a.day, a.starts",
                         {person, today - 14, today + 56})
                     .rows) {
    CalendarAppointment a;
    a.id = r.integer(0);
    a.day = r.integer(1);
    a.starts = static_cast<int>(r.integer(2));
    a.minutes = static_cast<int>(r.integer(3));
    auto place = r.text(5);
    a.summary = place == "office"
                    ? cat.format(lang, "week_cal_appointment", {{"competence", r.text(4)}})
                    : cat.format(lang, "week_cal_appointment_where",
                                 {{"competence", r.text(4)},
                                  {"where", cat.text(lang, "week_where_" + place)}});
    if (!r.text(6).empty())
      a.summary =
          cat.format(lang, "week_cal_request", {{"summary", a.summary}, {"reference", r.text(6)}});
    if (place == "office") a.location = r.text(7) + (r.text(8).empty() ? "" : ", " + r.text(8));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void register_calendar(http::Router& router, store::Database& db, web::Site& site) {
  // Public: the token in the URL is the key, as calendar applications send no cookies.
  router.add("GET", "/calendar/{file}", "public", site.guard([&db, &site](http::Request& request) {
    auto file = request.param("file").value_or("");
    const std::string suffix = ".ics";
    if (file.size() <= suffix.size() ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      return http::Response::text("not found\n", 404);
    auto token = file.substr(0, file.size() - suffix.size());
    auto lease = db.acquire();
    auto owner = calendar_owner(*lease, token);
    if (!owner) return http::Response::text("This calendar link is unknown or was renewed.\n", 404);
    auto person = owner->person_id;
    const auto& lang = owner->language;
    std::int64_t today = ploeg::today();
    auto& cat = site.catalogue();
    http::Response response;
    response.status = 200;
    response.body = icalendar(std::string("p").append(std::to_string(person)),
                              planned_days(*lease, person, today, cat, lang), now_seconds(),
                              taken_appointments(*lease, person, today, cat, lang));
    response.set_header("Content-Type", "text/calendar; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    return response;
  }));
}

}  // namespace ploeg::weekplan
