// The calendar feed's text follows RFC 5545: CRLF line ends, lines folded at
// 75 octets without splitting a UTF-8 character, TEXT escaped, all-day
// events from one day to the next, a UID that stays the same for a day.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "weekplan/calendar.hpp"

namespace ploeg::weekplan {
namespace {

TEST(WeekCalendar, EventsAreAllDayEscapedAndFolded) {
  std::int64_t day = 20425;  // 2025-12-03
  std::string location(40, 'x');
  location += ", Rue de l’Étuve; 1000 Bruxelles-Brussel — kantoor à côté du Manneken Pis";
  auto text = icalendar("p7", {{day, "Office, desk br-01-3", location}}, 1764806400);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(text.find("\r\nUID:p7-20251203@ploeg\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\nDTSTART;VALUE=DATE:20251203\r\nDTEND;VALUE=DATE:20251204\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("\r\nSUMMARY:Office\\, desk br-01-3\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 15), "END:VCALENDAR\r\n");
  // Every line at most 75 octets; a continuation starts with a space; no bare LF.
  std::size_t start = 0;
  bool folded = false;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    auto line = text.substr(start, end - start);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    if (!line.empty() && line[0] == ' ') {
      folded = true;
      // Not inside a UTF-8 character: a continuation never starts with 10xxxxxx.
      ASSERT_GT(line.size(), 1u);
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80) << line;
    }
    start = end + 2;
  }
  EXPECT_TRUE(folded) << "the long LOCATION was folded";
  // Unfolded, the location is whole again.
  std::string unfolded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += text[i];
  }
  EXPECT_NE(unfolded.find("Manneken Pis"), std::string::npos);
  EXPECT_NE(unfolded.find("\\, Rue de"), std::string::npos) << "a comma is escaped";
  EXPECT_NE(unfolded.find("\\; 1000"), std::string::npos) << "a semicolon is escaped";
  EXPECT_NE(unfolded.find("Rue de l’Étuve"), std::string::npos);
}

// An appointment at 09:00 is at 09:00 in Brussels in summer and in winter:
// DTSTART names the zone (TZID) and the feed defines it in a VTIMEZONE whose
// changes follow the EU rule (last Sundays of March and October, 01:00 UTC:
// 02:00 CET -> 03:00 CEST, 03:00 CEST -> 02:00 CET).
TEST(WeekCalendar, AppointmentsAreAtTheirHourInTheOrganisationsZone) {
  set_time_zone("Europe/Brussels");
  auto summer = *day_of_date("2027-06-14"), winter = *day_of_date("2027-01-11");
  auto text =
      icalendar("p7", {}, 1764806400,
                {{1, winter, 9 * 60, 30, "Intake", ""}, {2, summer, 9 * 60, 45, "Medical", ""}});
  EXPECT_NE(text.find("\r\nDTSTART;TZID=Europe/Brussels:20270111T090000\r\n"
                      "DTEND;TZID=Europe/Brussels:20270111T093000\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\r\nDTSTART;TZID=Europe/Brussels:20270614T090000\r\n"), std::string::npos);
  auto zone = text.substr(text.find("BEGIN:VTIMEZONE"));
  zone = zone.substr(0, zone.find("END:VTIMEZONE"));
  ASSERT_FALSE(zone.empty()) << text;
  EXPECT_LT(text.find("END:VTIMEZONE"), text.find("BEGIN:VEVENT")) << "defined before it is used";
  EXPECT_NE(zone.find("TZID:Europe/Brussels\r\n"), std::string::npos);
  EXPECT_NE(zone.find("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"),
            std::string::npos)
      << zone;
  EXPECT_NE(zone.find("BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\n"
                      "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"),
            std::string::npos)
      << zone;
  EXPECT_EQ(text.find("DTSTART:2027011"), std::string::npos) << "no floating time is left";
  // Without timed events there is nothing to define.
  EXPECT_EQ(icalendar("p7", {{winter, "Home", ""}}, 1764806400).find("VTIMEZONE"),
            std::string::npos);
}

}  // namespace
}  // namespace ploeg::weekplan
