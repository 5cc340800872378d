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
  return utc_text(day * 86400, "%Y%m%d");
}

// A local ("floating", RFC 5545 3.3.5) date-time: the appointment is at
// that hour wherever the calendar is read.
std::string local_time(std::int64_t day, int minutes) {
  char b[16];
  std::snprintf(b, sizeof b, "T%02d%02d00", minutes / 60, minutes % 60);
  return date_value(day) + b;
}

}  // namespace

std::string icalendar(const std::string& person_key, const std::vector<CalendarDay>& days,
                      std::int64_t now, const std::vector<CalendarAppointment>& appointments) {
  std::string out;
  for (auto* line : {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ploeg//week plan//EN",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:ploeg"})
    out += folded(line);
  std::string stamp = utc_text(now, "%Y%m%dT%H%M%SZ");
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
    out += folded("DTSTART:" + local_time(a.day, a.starts));
    out += folded("DTEND:" + local_time(a.day, std::min(a.starts + a.minutes, 23 * 60 + 59)));
    out += folded("SUMMARY:" + text_value(a.summary));
    if (!a.location.empty()) out += folded("LOCATION:" + text_value(a.location));
    out += folded("END:VEVENT");
  }
  out += folded("END:VCALENDAR");
  return out;
}

std::string new_calendar_token(store::Connection& c, std::int64_t person_id, std::int64_t now) {
  auto token = crypto::random_token();
  c.query("DELETE FROM calendar_tokens WHERE person_id = $1", {person_id});
  c.query("INSERT INTO calendar_tokens (person_id, token_hash, created_at) VALUES ($1, $2, $3)",
          {person_id, crypto::sha256_hex(token), now});
  return token;
}

void register_calendar(http::Router& router, store::Database& db, web::Site& site) {
  // Public: the token in the URL is the key, as calendar applications send no cookies.
  router.add("GET", "/calendar/{file}", "public", site.guard([&db](http::Request& request) {
    auto file = request.param("file").value_or("");
    const std::string suffix = ".ics";
    if (file.size() <= suffix.size() ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      return http::Response::text("not found\n", 404);
    auto token = file.substr(0, file.size() - suffix.size());
    auto lease = db.acquire();
    auto who = lease->query("SELECT person_id FROM calendar_tokens WHERE token_hash = $1",
                            {crypto::sha256_hex(token)});
    if (who.empty())
      return http::Response::text("This calendar link is unknown or was renewed.\n", 404);
    auto person = who.rows[0].integer(0);
    std::int64_t today = now_seconds() / 86400;
    std::vector<CalendarDay> days;
    auto rows = lease->query(
        "SELECT p.day, p.place, COALESCE(o.name, ''), COALESCE(o.address, ''), (SELECT d.code FROM "
        "desk_bookings b JOIN desks d ON d.id = b.desk_id WHERE b.person_id = p.person_id AND "
        "b.day = "
        "p.day ORDER BY b.part LIMIT 1) FROM week_plans p JOIN teams t ON t.id = p.team_id LEFT "
        "JOIN "
        "offices o ON o.region_id = t.region_id WHERE p.person_id = $1 AND p.day >= $2 AND p.day < "
        "$3 "
        "ORDER BY p.day",
        {person, today - 14, today + 56});
    for (auto& r : rows.rows) {
      auto place = r.text(1);
      CalendarDay d;
      d.day = r.integer(0);
      if (place == "office") {
        d.summary = "Office" + (r.is_null(4) ? std::string() : ", desk " + r.text(4));
        d.location = r.text(2) + (r.text(3).empty() ? "" : ", " + r.text(3));
      } else {
        d.summary = place == "home"    ? "Working from home"
                    : place == "field" ? "Field visits"
                                       : "Day off";
      }
      days.push_back(d);
    }
    std::vector<CalendarAppointment> appointments;
    for (auto& r :
         lease
             ->query("SELECT a.id, a.day, a.starts, a.minutes, k.name, a.place, "
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
      a.summary = "Appointment: " + r.text(4) +
                  (place == "home_visit" ? ", home visit"
                   : place == "video"    ? ", video call"
                                         : "") +
                  (r.text(6).empty() ? "" : ", request " + r.text(6));
      if (place == "office") a.location = r.text(7) + (r.text(8).empty() ? "" : ", " + r.text(8));
      appointments.push_back(std::move(a));
    }
    http::Response response;
    response.status = 200;
    response.body = icalendar("p" + std::to_string(person), days, now_seconds(), appointments);
    response.set_header("Content-Type", "text/calendar; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    return response;
  }));
}

}  // namespace ploeg::weekplan
