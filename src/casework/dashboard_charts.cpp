#include "casework/dashboard_charts.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "casework/figures.hpp"

namespace ploeg::casework::dashboard {
namespace f = figures;
using Catalogue = web::Catalogue;

const std::string none = "–";

std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}
std::string whole(std::optional<std::int64_t> n) {
  return n ? std::to_string(*n) : none;
}
std::string percent(std::optional<double> share) {
  return share ? fixed(*share * 100.0, 0) + "%" : none;
}
std::string decimal(std::optional<double> value) {
  return value ? fixed(*value, 1) : none;
}
std::optional<double> real(std::optional<std::int64_t> n) {
  return n ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
}

std::string date_text(std::int64_t day, bool month) {
  using namespace std::chrono;
  year_month_day d{sys_days{days{day}}};
  char buffer[16];
  if (month) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u", int(d.year()), unsigned(d.month()));
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()));
  }
  return buffer;
}
namespace {

std::string short_date(std::int64_t day, bool month) {
  using namespace std::chrono;
  year_month_day d{sys_days{days{day}}};
  char buffer[16];
  if (month) {
    std::snprintf(buffer, sizeof buffer, "%02u/%02d", unsigned(d.month()), int(d.year()) % 100);
  } else {
    std::snprintf(buffer, sizeof buffer, "%u/%u", unsigned(d.day()), unsigned(d.month()));
  }
  return buffer;
}

struct Line {
  std::string name;
  std::vector<std::optional<double>> values;
  int decimals = 0;
};

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

// A line chart as an inline SVG with its title, a description and the same
// numbers as a table. `fixed_range` draws satisfaction on its 1..5 scale.
// The periods along the x axis.
struct Axis {
  std::vector<std::int64_t> starts;
  bool month = false;
  std::string period_label;   // "Month", the table's first column
  bool last_partial = false;  // the last period is still running
  std::string partial_label;  // "so far"
};

web::Data chart(const std::string& id, const std::string& title, const std::string& desc,
                const Axis& axis, const std::vector<Line>& lines,
                std::optional<std::pair<double, double>> fixed_range = std::nullopt) {
  const auto& starts = axis.starts;
  const bool month = axis.month;
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
  auto n = starts.size();
  double plot_w = chart_width - left - right, plot_h = chart_height - top - bottom;
  auto x_of = [&](std::size_t i) {
    return left + (n <= 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / double(n - 1));
  };
  auto y_of = [&](double v) { return top + plot_h * (1.0 - (v - low) / (high - low)); };

  web::Data data;
  data.set("id", id);
  data.set("title", title);
  data.set("desc", desc);
  data.set("view_box", "0 0 " + fixed(chart_width, 0) + " " + fixed(chart_height, 0));
  data.set("x_left", fixed(left, 0));
  data.set("x_right", fixed(chart_width - right, 0));
  web::List grid;
  for (double v = low; v <= high + step / 2; v += step) {
    web::Data g;
    g.set("y", fixed(y_of(v), 1));
    g.set("label_y", fixed(y_of(v) + 4, 1));
    g.set("label", fixed(v, step < 1 ? 1 : 0));
    grid.push_back(g);
  }
  data.set("grid", grid);
  web::List ticks;
  std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
  for (std::size_t i = 0; i < n; i += every) {
    web::Data t;
    t.set("x", fixed(x_of(i), 1));
    t.set("y", fixed(chart_height - 10, 0));
    t.set("label", short_date(starts[i], month));
    ticks.push_back(t);
  }
  data.set("ticks", ticks);
  if (axis.last_partial && n > 0) {
    // From halfway to the period before it to the right edge.
    double from = n >= 2 ? (x_of(n - 2) + x_of(n - 1)) / 2 : left;
    double to = chart_width - right;
    web::Data partial;
    partial.set("x", fixed(from, 1));
    partial.set("y", fixed(top, 1));
    partial.set("width", fixed(to - from, 1));
    partial.set("height", fixed(plot_h, 1));
    partial.set("label_x", fixed(to - 4, 1));
    partial.set("label_y", fixed(top + 12, 1));
    partial.set("label", axis.partial_label);
    data.set("partial", partial);
  }
  web::List drawn, legend;
  int index = 0;
  for (auto& l : lines) {
    ++index;
    // A missing value breaks the line rather than bridging the gap.
    web::List segments, dots;
    std::string points;
    auto flush = [&] {
      if (points.empty()) return;
      web::Data s;
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
      web::Data dot;
      dot.set("cx", x);
      dot.set("cy", y);
      dots.push_back(dot);
    }
    flush();
    web::Data line;
    line.set("series", std::to_string(index));
    line.set("segments", segments);
    line.set("dots", n <= 31 ? dots : web::List{});
    drawn.push_back(line);
    web::Data key;
    key.set("series", std::to_string(index));
    key.set("name", l.name);
    legend.push_back(key);
  }
  data.set("lines", drawn);
  data.set("legend", legend);
  // The same numbers as a table.
  web::List heads, rows;
  for (auto& l : lines) {
    web::Data h;
    h.set("name", l.name);
    heads.push_back(h);
  }
  for (std::size_t i = 0; i < n; ++i) {
    web::Data row;
    auto label = date_text(starts[i], month);
    if (axis.last_partial && i + 1 == n) label += " (" + axis.partial_label + ")";
    row.set("label", label);
    web::List cells;
    for (auto& l : lines) {
      web::Data cell;
      auto v = i < l.values.size() ? l.values[i] : std::nullopt;
      cell.set("value", v ? fixed(*v, l.decimals) : none);
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  data.set("heads", heads);
  data.set("rows", rows);
  data.set("period_label", axis.period_label);
  return data;
}

}  // namespace

web::List trend_charts(const Catalogue& catalogue, const std::string& lang,
                       const std::vector<f::Figures>& points, bool month, std::int64_t today) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  Axis axis;
  axis.month = month;
  axis.period_label = t(month ? "figures_col_month" : "figures_col_week");
  axis.partial_label = t("figures_so_far");
  auto& starts = axis.starts;
  std::vector<std::optional<double>> received, decided, median, p90, backlog, satisfaction;
  for (auto& p : points) {
    starts.push_back(p.start_day);
    received.push_back(static_cast<double>(p.received));
    decided.push_back(static_cast<double>(p.decided));
    median.push_back(real(p.median_days));
    p90.push_back(real(p.p90_days));
    backlog.push_back(static_cast<double>(p.backlog));
    satisfaction.push_back(p.satisfaction());
  }
  if (!starts.empty()) {
    auto last = starts.back();
    auto next = month ? f::month_start(last + 31) : last + 7;
    axis.last_partial = last <= today && today < next;
  }
  web::List charts;
  charts.push_back(chart("chart-flow", t("figures_chart_flow"), t("figures_chart_flow_desc"), axis,
                         {{t("figures_received"), received}, {t("figures_decided"), decided}}));
  charts.push_back(chart("chart-throughput", t("figures_chart_throughput"),
                         t("figures_chart_throughput_desc"), axis,
                         {{t("figures_median_days"), median}, {t("figures_p90_days"), p90}}));
  charts.push_back(chart("chart-backlog", t("figures_chart_backlog"),
                         t("figures_chart_backlog_desc"), axis, {{t("figures_backlog"), backlog}}));
  charts.push_back(chart("chart-satisfaction", t("figures_chart_satisfaction"),
                         t("figures_chart_satisfaction_desc"), axis,
                         {{t("figures_satisfaction"), satisfaction, 1}}, std::pair{1.0, 5.0}));
  return charts;
}

}  // namespace ploeg::casework::dashboard
