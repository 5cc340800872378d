// The week's limits (issue 18): just over is refused on reading, naming the
// field and the limit, before anything else is read; just at passes them.
#include <gtest/gtest.h>

#include "engines/roster/json_io.hpp"

namespace ploeg::roster {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (auto& l : lines) all += l + "\n";
  return all;
}

// A week of `days` days, `members` members, `rules` rules and `appointments`.
std::string week(std::size_t days, std::size_t members, std::size_t rules,
                 std::size_t appointments) {
  std::string out = "{\"days\": [";
  for (std::size_t d = 0; d < days; ++d) out += (d ? ", \"d" : "\"d") + std::to_string(d) + "\"";
  out += "], \"members\": [";
  for (std::size_t m = 0; m < members; ++m)
    out += std::string(m ? ", " : "") + "{\"id\": \"m" + std::to_string(m) +
           "\", \"name\": \"M\", \"competences\": [\"intake\"]}";
  out += "], \"rules\": [";
  for (std::size_t r = 0; r < rules; ++r)
    out += std::string(r ? ", " : "") + "{\"competence\": \"intake\", \"min\": 1}";
  out += "], \"appointments\": [";
  for (std::size_t a = 0; a < appointments; ++a)
    out += std::string(a ? ", " : "") + "{\"id\": \"a" + std::to_string(a) +
           "\", \"day\": \"d0\", \"part\": \"morning\", \"competence\": \"intake\"}";
  return out + "]}";
}

bool over_a_limit(const std::vector<std::string>& errors) {
  return joined(errors).find(" are allowed") != std::string::npos;
}

TEST(RosterLimits, EachCountJustOverItsLimitIsRefusedAndJustAtPasses) {
  auto at = read_week(week(limits::days, limits::members, limits::rules, limits::appointments),
                      "week.json");
  EXPECT_FALSE(over_a_limit(at.errors)) << joined(at.errors);

  auto days = read_week(week(limits::days + 1, 3, 1, 1), "week.json").errors;
  ASSERT_EQ(days.size(), 1u) << joined(days);
  EXPECT_EQ(days[0],
            "week.json: days: has 15 entries; at most 14 are allowed: plan a smaller week or team");

  auto members = read_week(week(5, limits::members + 1, 1, 1), "week.json").errors;
  ASSERT_EQ(members.size(), 1u) << joined(members);
  EXPECT_EQ(members[0],
            "week.json: members: has 101 entries; at most 100 are allowed: plan a "
            "smaller week or team");

  auto rules = read_week(week(5, 3, limits::rules + 1, 1), "week.json").errors;
  ASSERT_EQ(rules.size(), 1u) << joined(rules);
  EXPECT_EQ(rules[0],
            "week.json: rules: has 1001 entries; at most 1000 are allowed: plan a "
            "smaller week or team");

  auto appointments = read_week(week(5, 3, 1, limits::appointments + 1), "week.json").errors;
  ASSERT_EQ(appointments.size(), 1u) << joined(appointments);
  EXPECT_EQ(appointments[0],
            "week.json: appointments: has 2001 entries; at most 2000 are "
            "allowed: plan a smaller week or team");
}

TEST(RosterLimits, OutOfMemorySaysWhatWasPlannedAndWhatToReduce) {
  auto file = read_week(week(5, 3, 1, 2), "week.json");
  EXPECT_EQ(out_of_memory_message(file.week),
            "out of memory while planning 3 members over 5 days with 2 appointments; plan a "
            "smaller week or team");
}

}  // namespace
}  // namespace ploeg::roster
