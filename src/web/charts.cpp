#include "web/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace ploeg::web {

const std::string no_value = "–";

std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

namespace {

constexpr double chart_width = 640, chart_height = 240;
constexpr double left = 56, right = 16, top = 14, bottom = 30;

// A round step for about four grid lines up to `max`.
double nice_step(double max, bool whole_numbers) {
  double rough = std::max(max, 1e-9) / 4.0;
  double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= rough) break;
  }
  return whole_numbers ? std::max(1.0, std::ceil(step)) : step;
}

}  // namespace

Data line_chart(const std::string& id, const std::string& title, const std::string& desc,
                const ChartAxis& axis, const std::vector<ChartLine>& lines,
                std::optional<std::pair<double, double>> fixed_range) {
  double low = 0, high = 0;
  bool whole_numbers = true;
  for (auto& l : lines) {
    if (l.decimals > 0) whole_numbers = false;
    for (auto& v : l.values) {
      if (v) high = std::max(high, *v);
    }
  }
  double step;
  if (fixed_range) {
    std::tie(low, high) = *fixed_range;
    step = 1;
  } else {
    step = nice_step(high, whole_numbers);
    high = step * std::max(1.0, std::ceil(high / step));
  }
  auto n = axis.ticks.size();
  double plot_w = chart_width - left - right, plot_h = chart_height - top - bottom;
  auto x_of = [&](std::size_t i) {
    return left + (n <= 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / double(n - 1));
  };
  auto y_of = [&](double v) { return top + plot_h * (1.0 - (v - low) / (high - low)); };

  Data data;
  data.set("id", id);
  data.set("title", title);
  data.set("desc", desc);
  data.set("view_box", "0 0 " + fixed(chart_width, 0) + " " + fixed(chart_height, 0));
  data.set("x_left", fixed(left, 0));
  data.set("x_right", fixed(chart_width - right, 0));
  List grid;
  for (double v = low; v <= high + step / 2; v += step) {
    Data g;
    g.set("y", fixed(y_of(v), 1));
    g.set("label_y", fixed(y_of(v) + 4, 1));
    g.set("label", fixed(v, step < 1 ? 1 : 0));
    grid.push_back(g);
  }
  data.set("grid", grid);
  List ticks;
  std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
  for (std::size_t i = 0; i < n; i += every) {
    Data t;
    t.set("x", fixed(x_of(i), 1));
    t.set("y", fixed(chart_height - 10, 0));
    t.set("label", axis.ticks[i]);
    ticks.push_back(t);
  }
  data.set("ticks", ticks);
  if (axis.last_partial && n > 0) {
    // From halfway to the point before it to the right edge.
    double from = n >= 2 ? (x_of(n - 2) + x_of(n - 1)) / 2 : left;
    double to = chart_width - right;
    Data partial;
    partial.set("x", fixed(from, 1));
    partial.set("y", fixed(top, 1));
    partial.set("width", fixed(to - from, 1));
    partial.set("height", fixed(plot_h, 1));
    partial.set("label_x", fixed(to - 4, 1));
    partial.set("label_y", fixed(top + 12, 1));
    partial.set("label", axis.partial_label);
    data.set("partial", partial);
  }
  List drawn, legend;
  int index = 0;
  for (auto& l : lines) {
    ++index;
    List segments, dots;
    std::string points;
    auto flush = [&] {
      if (points.empty()) return;
      Data s;
      s.set("points", points);
      segments.push_back(s);
      points.clear();
    };
    for (std::size_t i = 0; i < n && i < l.values.size(); ++i) {
      if (!l.values[i]) {
        flush();
        continue;
      }
      auto x = fixed(x_of(i), 1), y = fixed(y_of(*l.values[i]), 1);
      points += (points.empty() ? "" : " ") + x + "," + y;
      Data dot;
      dot.set("cx", x);
      dot.set("cy", y);
      dots.push_back(dot);
    }
    flush();
    Data line;
    line.set("series", std::to_string(index));
    line.set("segments", segments);
    line.set("dots", n <= 31 ? dots : List{});
    drawn.push_back(line);
    Data key;
    key.set("series", std::to_string(index));
    key.set("name", l.name);
    legend.push_back(key);
  }
  data.set("lines", drawn);
  data.set("legend", legend);
  // The same numbers as a table.
  List heads, rows;
  for (auto& l : lines) {
    Data h;
    h.set("name", l.name);
    heads.push_back(h);
  }
  for (std::size_t i = 0; i < n; ++i) {
    Data row;
    auto label = i < axis.rows.size() ? axis.rows[i] : axis.ticks[i];
    if (axis.last_partial && i + 1 == n) label += " (" + axis.partial_label + ")";
    row.set("label", label);
    List cells;
    for (auto& l : lines) {
      Data cell;
      auto v = i < l.values.size() ? l.values[i] : std::nullopt;
      cell.set("value", v ? fixed(*v, l.decimals) : no_value);
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  data.set("heads", heads);
  data.set("rows", rows);
  data.set("period_label", axis.label);
  return data;
}

}  // namespace ploeg::web
