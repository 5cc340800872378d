// The figures' CSV cells as a spreadsheet reads them, whatever the page's
// language: plain numbers with a dot, percentages without a sign, nothing
// for an unknown figure; a trend table has a row per period and its cells
// are neutralised against formulas.
#include <gtest/gtest.h>

#include <filesystem>

#include "casework/dashboard_csv.hpp"
#include "core/csv.hpp"
#include "web/catalogue.hpp"

namespace ploeg::casework::dashboard {
namespace {

TEST(DashboardCsv, NumbersArePlainWithADot) {
  const std::vector<std::pair<std::optional<double>, std::string>> cases = {
      {3.5, "3.5"},  {12.0, "12"},           {4.333333, "4.33"}, {0.0, "0"},
      {-0.001, "0"}, {1234567.0, "1234567"}, {std::nullopt, ""},
  };
  for (auto& [value, text] : cases) EXPECT_EQ(csv_number(value), text);
  EXPECT_EQ(csv_whole(std::int64_t{17}), "17");
  EXPECT_EQ(csv_whole(std::nullopt), "");
  EXPECT_EQ(csv_percent(0.8333), "83.33");
  EXPECT_EQ(csv_percent(1.0), "100");
  EXPECT_EQ(csv_percent(std::nullopt), "");
}

TEST(DashboardCsv, ACellThatLooksLikeAFormulaIsText) {
  CsvTable table;
  table.head = {"Team", "Received"};
  table.rows = {{"=HYPERLINK(\"x\")", "3"}, {"+1", "-2"}};
  auto read = csv::read(table.text());
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1].fields[0], "'=HYPERLINK(\"x\")");
  EXPECT_EQ(read.records[2].fields[0], "'+1");
}

TEST(DashboardCsv, ATrendTableHasARowPerPeriodAndUnknownTablesNone) {
  auto catalogue =
      web::Catalogue::load(std::filesystem::path(PLOEG_SOURCE_DIR) / "web" / "locales");
  std::vector<figures::Figures> points(2);
  points[0].start_day = 20794;  // 2026-12-07, a Monday
  points[0].received = 4;
  points[0].decided = 3;
  points[1].start_day = 20801;
  points[1].received = 1;
  auto flow = trend_table(catalogue, "nl", "flow", points, false);
  ASSERT_TRUE(flow.has_value());
  EXPECT_EQ(flow->head, (std::vector<std::string>{"Week van", "Ontvangen", "Beslist"}));
  ASSERT_EQ(flow->rows.size(), 2u);
  EXPECT_EQ(flow->rows[0], (std::vector<std::string>{"2026-12-07", "4", "3"}));
  auto throughput = trend_table(catalogue, "en", "throughput", points, true);
  ASSERT_TRUE(throughput.has_value());
  EXPECT_EQ(throughput->rows[0], (std::vector<std::string>{"2026-12", "", ""}));
  EXPECT_FALSE(trend_table(catalogue, "en", "teams", points, false).has_value());
}

}  // namespace
}  // namespace ploeg::casework::dashboard
