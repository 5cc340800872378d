// Line charts as inline SVG for the partial web/templates/partials/chart,
// each with its numbers as a table beside it (for screen readers, and for
// whoever wants the figures).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/views.hpp"

namespace ploeg::web {

// What a chart shows for a value it does not have.
extern const std::string no_value;

std::string fixed(double value, int decimals);

// The points along the x axis, evenly spaced.
struct ChartAxis {
  std::vector<std::string> ticks;  // under the axis (short: "23/11")
  std::vector<std::string> rows;   // the table's first column (long: "2026-11-23")
  std::string label;               // the table's head of that column
  bool last_partial = false;       // the last point is still running: shaded
  std::string partial_label;       // "so far"
};

struct ChartLine {
  std::string name;
  std::vector<std::optional<double>> values;  // a missing value breaks the line
  int decimals = 0;
};

// `fixed_range` pins the y axis (satisfaction on 1..5); otherwise it runs
// from 0 to a round number above the highest value.
Data line_chart(const std::string& id, const std::string& title, const std::string& desc,
                const ChartAxis& axis, const std::vector<ChartLine>& lines,
                std::optional<std::pair<double, double>> fixed_range = std::nullopt);

}  // namespace ploeg::web
