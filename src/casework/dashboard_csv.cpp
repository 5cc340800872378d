#include "casework/dashboard_csv.hpp"

#include <cmath>
#include <cstdio>

#include "audit/audit.hpp"
#include "casework/dashboard_charts.hpp"
#include "core/csv.hpp"
#include "web/site.hpp"

namespace ploeg::casework::dashboard {
namespace f = figures;

std::string CsvTable::text() const {
  std::string out = csv::spreadsheet_row(head);
  for (auto& r : rows) out += csv::spreadsheet_row(r);
  return out;
}

std::string csv_number(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", *value);
  std::string text = buffer;
  // "3.50" -> "3.5", "12.00" -> "12"; the C locale's dot whatever the language.
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

std::string csv_whole(std::optional<std::int64_t> value) {
  return value ? std::to_string(*value) : "";
}

std::string csv_percent(std::optional<double> share) {
  return share ? csv_number(*share * 100.0) : "";
}

std::string percent_heading(const web::Catalogue& catalogue, const std::string& lang,
                            const std::string& key) {
  return catalogue.format(lang, "figures_csv_percent", {{"name", catalogue.text(lang, key)}});
}

CsvTable key_table(const web::Catalogue& catalogue, const std::string& lang, const f::Figures& sum,
                   const f::Backlog& now) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  CsvTable table;
  table.head = {t("figures_csv_figure"), t("figures_csv_value")};
  auto add = [&](std::string label, std::string value) {
    table.rows.push_back({std::move(label), std::move(value)});
  };
  add(t("figures_received"), std::to_string(sum.received));
  add(t("figures_decided"), std::to_string(sum.decided));
  add(t("figures_median_days"), csv_whole(sum.median_days));
  add(t("figures_p90_days"), csv_whole(sum.p90_days));
  add(percent_heading(catalogue, lang, "figures_in_target"), csv_percent(sum.share_in_target()));
  add(t("figures_open_now"), std::to_string(now.open));
  add(t("figures_median_age"), csv_whole(now.median_age_days));
  add(t("figures_oldest"), csv_whole(now.oldest_age_days));
  add(t("figures_satisfaction"), csv_number(sum.satisfaction()));
  add(percent_heading(catalogue, lang, "figures_share_good"), csv_percent(sum.share_good()));
  add(t("figures_complaints"), csv_number(sum.complaints_per_100()));
  add(t("figures_complaints_answered"), std::to_string(sum.complaints_answered));
  add(t("figures_days_to_answer"), csv_number(sum.mean_days_to_answer()));
  return table;
}

std::optional<CsvTable> trend_table(const web::Catalogue& catalogue, const std::string& lang,
                                    const std::string& code, const std::vector<f::Figures>& points,
                                    bool month) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  using Cell = std::string (*)(const f::Figures&);
  std::vector<std::pair<std::string, Cell>> columns;
  if (code == "flow") {
    columns = {
        {t("figures_received"), [](const f::Figures& p) { return std::to_string(p.received); }},
        {t("figures_decided"), [](const f::Figures& p) { return std::to_string(p.decided); }}};
  } else if (code == "throughput") {
    columns = {
        {t("figures_median_days"), [](const f::Figures& p) { return csv_whole(p.median_days); }},
        {t("figures_p90_days"), [](const f::Figures& p) { return csv_whole(p.p90_days); }}};
  } else if (code == "backlog") {
    columns = {
        {t("figures_backlog"), [](const f::Figures& p) { return std::to_string(p.backlog); }}};
  } else if (code == "satisfaction") {
    columns = {{t("figures_satisfaction"),
                [](const f::Figures& p) { return csv_number(p.satisfaction()); }}};
  } else {
    return std::nullopt;
  }
  CsvTable table;
  table.head.push_back(t(month ? "figures_col_month" : "figures_col_week"));
  for (auto& [name, cell] : columns) table.head.push_back(name);
  for (auto& p : points) {
    std::vector<std::string> row{date_text(p.start_day, month)};
    for (auto& [name, cell] : columns) row.push_back(cell(p));
    table.rows.push_back(std::move(row));
  }
  return table;
}

CsvTable teams_table(const web::Catalogue& catalogue, const std::string& lang,
                     const std::vector<f::TeamFigures>& rows, bool regions) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  CsvTable table;
  table.head = {t(regions ? "figures_col_region" : "figures_col_team")};
  if (!regions) table.head.push_back(t("figures_col_region"));
  for (auto key :
       {"figures_received", "figures_decided", "figures_median_days", "figures_p90_days"}) {
    table.head.push_back(t(key));
  }
  table.head.push_back(percent_heading(catalogue, lang, "figures_in_target"));
  for (auto key :
       {"figures_open_now", "figures_oldest", "figures_satisfaction", "figures_complaints"}) {
    table.head.push_back(t(key));
  }
  for (auto& r : rows) {
    std::vector<std::string> row{r.name};
    if (!regions) row.push_back(r.region_name);
    row.push_back(std::to_string(r.figures.received));
    row.push_back(std::to_string(r.figures.decided));
    row.push_back(csv_whole(r.figures.median_days));
    row.push_back(csv_whole(r.figures.p90_days));
    row.push_back(csv_percent(r.figures.share_in_target()));
    row.push_back(std::to_string(r.now.open));
    row.push_back(csv_whole(r.now.oldest_age_days));
    row.push_back(csv_number(r.figures.satisfaction()));
    row.push_back(csv_number(r.figures.complaints_per_100()));
    table.rows.push_back(std::move(row));
  }
  return table;
}

CsvTable peers_table(const web::Catalogue& catalogue, const std::string& lang,
                     const f::PeerSearch& found, f::Measure measure) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  bool share = measure == f::Measure::share_in_target;
  auto measure_key = "figures_measure_" + f::measure_code(measure);
  auto value = [&](double v) { return share ? csv_percent(v) : csv_number(v); };
  CsvTable table;
  table.head = {
      t("figures_col_team"),
      t("figures_col_region"),
      t("figures_col_members"),
      share ? percent_heading(catalogue, lang, measure_key) : catalogue.text(lang, measure_key),
      share ? percent_heading(catalogue, lang, "figures_col_better_by")
            : t("figures_col_better_by"),
      percent_heading(catalogue, lang, "figures_col_similarity"),
      t("figures_col_contact")};
  for (auto& p : found.peers) {
    std::string contacts;
    for (auto& who : p.contacts) {
      contacts += (contacts.empty() ? "" : "; ") + who.name + " (" + who.role_name + ")";
    }
    table.rows.push_back({p.team.name, p.team.region_name, std::to_string(p.members),
                          value(p.value), value(p.better_by), csv_percent(p.similarity), contacts});
  }
  return table;
}

http::Response csv_file(store::Database& db, http::Request& request, const CsvTable& table,
                        const std::string& scope, const std::string& code,
                        const std::string& file) {
  const auto& actor = web::actor(request);
  db.transaction([&](store::Connection& c) {
    audit::append(c, {actor.name, "figures.export", scope,
                      "table " + code + ", rows: " + std::to_string(table.rows.size()),
                      actor.remote_address, actor.request_id});
    return true;
  });
  http::Response r;
  r.body = table.text();
  r.set_header("Content-Type", "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"" + file + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace ploeg::casework::dashboard
