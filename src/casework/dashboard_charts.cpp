#include "casework/dashboard_charts.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "casework/figures.hpp"
#include "web/charts.hpp"

namespace ploeg::casework::dashboard {
namespace f = figures;
using Catalogue = web::Catalogue;

const std::string none = web::no_value;

std::string fixed(double value, int decimals) {
  return web::fixed(value, decimals);
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

std::int64_t months_before(std::int64_t day, int months) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  auto earlier = year_month{date.year(), date.month()} - std::chrono::months{months};
  auto last = year_month_day_last{earlier.year(), month_day_last{earlier.month()}};
  auto d = std::min(date.day(), last.day());
  return sys_days{earlier.year() / earlier.month() / d}.time_since_epoch().count();
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

// The periods along the x axis, short under it and in full in the table.
web::ChartAxis period_axis(const Catalogue& catalogue, const std::string& lang,
                           const std::vector<f::Figures>& points, bool month, std::int64_t today) {
  web::ChartAxis axis;
  axis.label = catalogue.text(lang, month ? "figures_col_month" : "figures_col_week");
  axis.partial_label = catalogue.text(lang, "figures_so_far");
  for (auto& p : points) {
    axis.ticks.push_back(short_date(p.start_day, month));
    axis.rows.push_back(date_text(p.start_day, month));
  }
  if (!points.empty()) {
    auto last = points.back().start_day;
    auto next = month ? f::month_start(last + 31) : last + 7;
    axis.last_partial = last <= today && today < next;
  }
  return axis;
}

}  // namespace

web::List trend_charts(const Catalogue& catalogue, const std::string& lang,
                       const std::vector<f::Figures>& points, bool month, std::int64_t today) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  auto axis = period_axis(catalogue, lang, points, month, today);
  std::vector<std::optional<double>> received, decided, median, p90, backlog, satisfaction;
  for (auto& p : points) {
    received.push_back(static_cast<double>(p.received));
    decided.push_back(static_cast<double>(p.decided));
    median.push_back(real(p.median_days));
    p90.push_back(real(p.p90_days));
    backlog.push_back(static_cast<double>(p.backlog));
    satisfaction.push_back(p.satisfaction());
  }
  using web::line_chart;
  web::List charts;
  charts.push_back(
      line_chart("chart-flow", t("figures_chart_flow"), t("figures_chart_flow_desc"), axis,
                 {{t("figures_received"), received}, {t("figures_decided"), decided}}));
  charts.push_back(line_chart("chart-throughput", t("figures_chart_throughput"),
                              t("figures_chart_throughput_desc"), axis,
                              {{t("figures_median_days"), median}, {t("figures_p90_days"), p90}}));
  charts.push_back(line_chart("chart-backlog", t("figures_chart_backlog"),
                              t("figures_chart_backlog_desc"), axis,
                              {{t("figures_backlog"), backlog}}));
  charts.push_back(line_chart("chart-satisfaction", t("figures_chart_satisfaction"),
                              t("figures_chart_satisfaction_desc"), axis,
                              {{t("figures_satisfaction"), satisfaction, 1}}, std::pair{1.0, 5.0}));
  return charts;
}

}  // namespace ploeg::casework::dashboard
