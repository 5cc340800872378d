// The application's clock and the organisation's time zone, checked against
// the published rule of the European Union (Directive 2000/84/EC): summer
// time begins on the last Sunday of March and ends on the last Sunday of
// October, both at 01:00 UTC; Brussels is UTC+1 in winter, UTC+2 in summer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/clock.hpp"

namespace ploeg {
namespace {

// Seconds since 1970 of a UTC wall time, computed here without the library.
std::int64_t utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
  return *day_of_date(std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) + "-" +
                      (d < 10 ? "0" : "") + std::to_string(d)) *
             86400 +
         h * 3600 + mi * 60;
}

// The last Sunday of a month: the EU rule's switch day.
std::int64_t last_sunday(int y, unsigned m) {
  auto first_of_next =
      *day_of_date(std::to_string(m == 12 ? y + 1 : y) + "-" + (m % 12 + 1 < 10 ? "0" : "") +
                   std::to_string(m % 12 + 1) + "-01");
  auto day = first_of_next - 1;
  while (day_of_week(day) != 6) --day;
  return day;
}

class ClockTest : public ::testing::Test {
 protected:
  void SetUp() override { set_time_zone("Europe/Brussels"); }
  void TearDown() override {
    clock::use_real_time();
    set_time_zone("Europe/Brussels");
  }
};

TEST_F(ClockTest, NowStandsStillWhenSetAndRunsOnFromAChosenMoment) {
  clock::set_now(utc(2026, 12, 6, 9));
  EXPECT_EQ(now_seconds(), utc(2026, 12, 6, 9));
  EXPECT_EQ(today(), *day_of_date("2026-12-06"));
  clock::start_at(utc(2027, 3, 28, 0, 30));
  auto now = now_seconds();
  EXPECT_GE(now, utc(2027, 3, 28, 0, 30));
  EXPECT_LT(now, utc(2027, 3, 28, 0, 31)) << "runs on at the real pace, from the moment given";
  clock::use_real_time();
  EXPECT_GT(now_seconds(), utc(2026, 1, 1));
}

TEST_F(ClockTest, MomentsAreReadWithAnOffsetInUtcOrOnTheOrganisationsWall) {
  struct Case {
    const char* text;
    std::optional<std::int64_t> expected;
  };
  for (auto& c : std::vector<Case>{
           {"2026-12-06T10:00:00Z", utc(2026, 12, 6, 10)},
           {"2026-12-06T10:00:00+01:00", utc(2026, 12, 6, 9)},
           {"2026-12-06T10:00-05:30", utc(2026, 12, 6, 15, 30)},
           {"2026-12-06T10:00", utc(2026, 12, 6, 9)},       // Brussels winter
           {"2026-07-01T09:00", utc(2026, 7, 1, 7)},        // Brussels summer
           {"2027-03-28T02:30", utc(2027, 3, 28, 1, 30)},   // in the gap: 03:30 CEST
           {"2026-10-25T02:30", utc(2026, 10, 25, 0, 30)},  // twice that night: the first
           {"2026-12-06", std::nullopt},
           {"2026-13-06T10:00Z", std::nullopt},
           {"2026-12-06T25:00Z", std::nullopt},
           {"2026-12-06T10:00:00+1", std::nullopt},
           {"2026-12-06T10:00:00Zx", std::nullopt},
           {"", std::nullopt}}) {
    EXPECT_EQ(clock::parse_moment(c.text), c.expected) << c.text;
  }
}

TEST_F(ClockTest, TheClocksChangeOnTheLastSundaysOfMarchAndOctoberAt0100Utc) {
  for (int y : {2026, 2027, 2030}) {
    auto spring = last_sunday(y, 3) * 86400 + 3600;
    auto autumn = last_sunday(y, 10) * 86400 + 3600;
    EXPECT_EQ(utc_offset_minutes(spring - 1), 60) << y;
    EXPECT_EQ(utc_offset_minutes(spring), 120) << y;
    EXPECT_EQ(utc_offset_minutes(autumn - 1), 120) << y;
    EXPECT_EQ(utc_offset_minutes(autumn), 60) << y;
    EXPECT_EQ(zone_abbreviation(spring), "CEST");
    EXPECT_EQ(zone_abbreviation(autumn), "CET");
    auto changes = zone_changes(utc(y, 1, 1), utc(y + 1, 1, 1));
    ASSERT_EQ(changes.size(), 2u) << y;
    EXPECT_EQ(changes[0].at, spring);
    EXPECT_TRUE(changes[0].summer);
    EXPECT_EQ(changes[0].offset_before, 60);
    EXPECT_EQ(changes[0].offset_after, 120);
    EXPECT_EQ(changes[1].at, autumn);
    EXPECT_FALSE(changes[1].summer);
  }
}

TEST_F(ClockTest, DaysAndWallTimesAreTheOrganisationsAroundBothSwitches) {
  auto spring_day = last_sunday(2027, 3);
  auto autumn_day = last_sunday(2026, 10);
  // 09:00 on the wall: 08:00 UTC in winter, 07:00 UTC in summer.
  EXPECT_EQ(utc_of_local(spring_day - 1, 9 * 60), spring_day * 86400 - 86400 + 8 * 3600);
  EXPECT_EQ(utc_of_local(spring_day + 1, 9 * 60), spring_day * 86400 + 86400 + 7 * 3600);
  EXPECT_EQ(local_minute(spring_day * 86400 + 86400 + 7 * 3600),
            date_text(spring_day + 1) + " 09:00");
  // The Sunday of the switch has 23 hours, the autumn one 25.
  EXPECT_EQ(utc_of_local(spring_day + 1, 0) - utc_of_local(spring_day, 0), 23 * 3600);
  EXPECT_EQ(utc_of_local(autumn_day + 1, 0) - utc_of_local(autumn_day, 0), 25 * 3600);
  // 00:30 on the Monday is still the Sunday in UTC, but the Monday here.
  auto monday = spring_day + 1;
  auto early = utc_of_local(monday, 30);
  EXPECT_EQ(early, monday * 86400 - 90 * 60);
  EXPECT_EQ(local_day(early), monday);
  EXPECT_EQ(monday_of(local_day(early)), monday);
  EXPECT_EQ(local_date(early), date_text(monday));
  EXPECT_EQ(local_text(early, "%H:%M"), "00:30");
  // 23:30 local on the Sunday before the autumn switch is 22:30 UTC.
  EXPECT_EQ(local_day(autumn_day * 86400 + 22 * 3600 + 30 * 60), autumn_day);
  EXPECT_EQ(local_day(autumn_day * 86400 + 23 * 3600 + 30 * 60), autumn_day + 1);
}

TEST_F(ClockTest, CalendarDaysNeedNoZone) {
  auto day = *day_of_date("2026-12-06");
  EXPECT_EQ(date_text(day), "2026-12-06");
  EXPECT_EQ(date_text(day, "%Y%m%d"), "20261206");
  EXPECT_EQ(day_of_week(day), 6) << "a Sunday";
  EXPECT_EQ(date_text(monday_of(day)), "2026-11-30");
  EXPECT_EQ(monday_of(day + 1), day + 1);
  EXPECT_EQ(day_of_week(*day_of_date("1970-01-01")), 3) << "a Thursday";
  EXPECT_EQ(day_of_week(*day_of_date("1969-12-29")), 0) << "a Monday, before 1970";
  for (auto bad : {"2026-02-30", "2026-1-01", "2026/01/01", "20x6-01-01", "2026-01-01 "})
    EXPECT_EQ(day_of_date(bad), std::nullopt) << bad;
  EXPECT_EQ(utc_text(utc(2026, 12, 6, 9, 5), "%Y%m%dT%H%M%SZ"), "20261206T090500Z");
}

TEST_F(ClockTest, AnotherZoneIsUsedWhenConfiguredAndAnUnknownOneIsRefusedByName) {
  set_time_zone("America/New_York");
  EXPECT_EQ(time_zone_name(), "America/New_York");
  EXPECT_EQ(local_minute(utc(2026, 12, 6, 3)), "2026-12-05 22:00");
  try {
    set_time_zone("Europe/Atlantis");
    FAIL() << "an unknown zone is refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Europe/Atlantis"), std::string::npos) << e.what();
  }
  EXPECT_EQ(time_zone_name(), "America/New_York") << "the refused zone changed nothing";
}

// One clock: no code outside src/core reads the system's calendar clock, so
// a chosen "now" (PLOEG_NOW, clock::set_now) reaches every feature. The HTTP
// Date header and the log's timestamps are the machine's by nature; engines
// time their own work with a steady clock.
TEST(OneClock, NoFeatureReadsTheSystemClock) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(PLOEG_SOURCE_DIR) / "src";
  std::vector<std::string> readers;
  std::size_t files = 0;
  for (auto& entry : fs::recursive_directory_iterator(src)) {
    auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    ++files;
    auto relative = fs::relative(entry.path(), src).string();
    if (relative.rfind("core/", 0) == 0 || relative == "http/pipeline.cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (auto* reader : {"std::time(", "time(nullptr)", "system_clock::now", "gmtime", "localtime"})
      if (text.str().find(reader) != std::string::npos) readers.push_back(relative + ": " + reader);
  }
  EXPECT_GT(files, 100u) << "the source tree was found";
  EXPECT_TRUE(readers.empty()) << ::testing::PrintToString(readers);
}

}  // namespace
}  // namespace ploeg
