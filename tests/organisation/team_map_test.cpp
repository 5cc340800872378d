// The team-of-teams map's geometry: groups by region, circles sized by
// members, statuses, and cells that never overlap.
#include "organisation/team_map.hpp"

#include <gtest/gtest.h>

namespace ploeg::organisation::team_map {
namespace {

teams::TeamStatus team(std::string code, std::string region, int size, int shortfall = 0,
                       int below_min = 0, int above_max = 0) {
  teams::TeamStatus s;
  s.code = code;
  s.name = "Team " + code;
  s.kind = "regional";
  s.region_code = region;
  s.region_name = region.empty() ? "" : "Region " + region;
  s.coverage.size = size;
  s.coverage.below_min = below_min;
  s.coverage.above_max = above_max;
  s.coverage.competences.push_back({"intake", 2, 2 - shortfall, shortfall});
  return s;
}

TEST(TeamMap, StatusPutsAMissingCompetenceFirst) {
  EXPECT_EQ(status_of(team("a", "r", 14).coverage), Status::complete);
  EXPECT_EQ(status_of(team("a", "r", 14, 1).coverage), Status::lacking);
  EXPECT_EQ(status_of(team("a", "r", 10, 0, 2).coverage), Status::size);
  EXPECT_EQ(status_of(team("a", "r", 17, 0, 0, 2).coverage), Status::size);
  EXPECT_EQ(status_of(team("a", "r", 10, 1, 2).coverage), Status::lacking);
  EXPECT_STREQ(status_name(Status::complete), "complete");
  EXPECT_STREQ(status_name(Status::lacking), "lacking");
  EXPECT_STREQ(status_name(Status::size), "size");
}

TEST(TeamMap, RadiusGrowsWithMembersWithinBounds) {
  EXPECT_DOUBLE_EQ(radius(0), min_radius);
  EXPECT_DOUBLE_EQ(radius(-3), min_radius);
  EXPECT_LT(radius(12), radius(15));
  EXPECT_LE(radius(15), max_radius);
  EXPECT_DOUBLE_EQ(radius(100000), max_radius);
}

TEST(TeamMap, OneGroupPerRegionInTheGivenOrder) {
  auto groups = layout({team("a1", "a", 14), team("a2", "a", 12, 1), team("b1", "b", 15),
                        team("s1", "", 30, 0, 0, 10)},
                       3);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].region_code, "a");
  EXPECT_EQ(groups[0].region_name, "Region a");
  EXPECT_EQ(groups[0].shapes.size(), 2u);
  EXPECT_EQ(groups[0].complete, 1);
  EXPECT_EQ(groups[0].lacking, 1);
  EXPECT_EQ(groups[1].region_code, "b");
  EXPECT_EQ(groups[2].region_code, "");
  EXPECT_EQ(groups[2].size, 1);
  EXPECT_EQ(groups[2].shapes[0].status, Status::size);
  EXPECT_EQ(groups[0].shapes[1].status, Status::lacking);
  EXPECT_EQ(groups[0].shapes[0].members, 14);
  EXPECT_EQ(groups[0].width, 2 * cell_width);
  EXPECT_EQ(groups[0].height, cell_height);
}

TEST(TeamMap, CellsWrapAfterTheColumnsAndStayInsideTheGroup) {
  std::vector<teams::TeamStatus> many;
  for (int i = 0; i < 10; ++i) many.push_back(team("t" + std::to_string(i), "r", i * 5));
  auto groups = layout(many, 4);
  ASSERT_EQ(groups.size(), 1u);
  auto& g = groups[0];
  EXPECT_EQ(g.width, 4 * cell_width);
  EXPECT_EQ(g.height, 3 * cell_height);
  for (std::size_t i = 0; i < g.shapes.size(); ++i) {
    auto& s = g.shapes[i];
    double left = static_cast<double>(i % 4) * cell_width;
    double top = static_cast<double>(i / 4) * cell_height;
    // The circle, its marker and its label stay in the team's own cell.
    EXPECT_GE(s.cx - s.r, left) << i;
    EXPECT_LE(s.cx + s.r, left + cell_width) << i;
    EXPECT_GE(s.cy - s.r, top) << i;
    EXPECT_LT(s.cy + s.r, s.label_y - 8) << i;
    EXPECT_LE(s.label_y, top + cell_height) << i;
    EXPECT_LE(s.marker_x + 9, left + cell_width) << i;
    EXPECT_GE(s.marker_y - 9, top) << i;
  }
  EXPECT_TRUE(layout({}, 3).empty());
  EXPECT_EQ(layout(many, 0)[0].width, cell_width);  // at least one column
}

TEST(TeamMap, NamesSortNaturallyWithinTheirRegion) {
  EXPECT_TRUE(natural_less("Antwerpen 2", "Antwerpen 10"));
  EXPECT_FALSE(natural_less("Antwerpen 10", "Antwerpen 2"));
  EXPECT_TRUE(natural_less("Antwerpen 9", "Antwerpen 10a"));
  EXPECT_TRUE(natural_less("Gent", "Gent 1"));
  EXPECT_TRUE(natural_less("Team 007", "Team 8"));
  EXPECT_FALSE(natural_less("Same", "Same"));
  std::vector<teams::TeamStatus> statuses;
  for (const char* code : {"10", "2", "1"}) statuses.push_back(team(code, "b", 12));
  statuses.push_back(team("3", "a", 12));
  statuses.push_back(team("20", "", 12));
  statuses.push_back(team("4", "", 12));
  auto ordered = in_map_order(statuses);
  std::vector<std::string> codes;
  for (auto& s : ordered) codes.push_back(s.code);
  // The groups keep their order; names sort within each.
  EXPECT_EQ(codes, (std::vector<std::string>{"1", "2", "10", "3", "4", "20"}));
  auto groups = layout(statuses, 3);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].shapes[2].code, "10");
  EXPECT_EQ(groups[0].shapes[2].cx, 2.5 * cell_width);
}

TEST(TeamMap, LabelsAreShortenedByCharacters) {
  EXPECT_EQ(shortened("Antwerpen 1", 14), "Antwerpen 1");
  EXPECT_EQ(shortened("Community of practice", 14), "Community of…");
  EXPECT_EQ(shortened("Liège-Verviers 12", 14), "Liège-Vervier…");
  EXPECT_EQ(shortened("Élisabethville", 14), "Élisabethville");  // 14 characters, 15 bytes
  EXPECT_EQ(shortened("abc", 0), "");
}

}  // namespace
}  // namespace ploeg::organisation::team_map
