#include "casework/dashboard_pages.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>

#include "casework/figures.hpp"
#include "casework/figures_read.hpp"
#include "http/message.hpp"

namespace ploeg::casework {
namespace {

namespace f = figures;
using Catalogue = web::Catalogue;

// What the filters ask for; anything not understood falls back to these.
struct Filters {
  std::string region;  // a region's code; empty: the whole organisation
  std::optional<std::int64_t> region_id;
  std::string region_name;
  std::string period = "week";
  int months = 3;
  std::string sort = "name";
  bool descending = false;
  f::Measure measure = f::Measure::median_days;
  std::int64_t today = 0;
  std::int64_t first_day = 0;
};

std::int64_t months_before(std::int64_t day, int months) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  auto earlier = year_month{date.year(), date.month()} - std::chrono::months{months};
  auto last = year_month_day_last{earlier.year(), month_day_last{earlier.month()}};
  auto d = std::min(date.day(), last.day());
  return sys_days{earlier.year() / earlier.month() / d}.time_since_epoch().count();
}

Filters read_filters(http::Request& request, store::Connection& c) {
  Filters filters;
  auto value = [&](const char* name) { return http::field(request.query, name).value_or(""); };
  if (auto period = value("period"); period == "month") filters.period = period;
  if (auto range = value("range"); range == "6" || range == "12") filters.months = std::stoi(range);
  auto region = value("region");
  if (!region.empty() && region.size() <= 100) {
    auto found = c.query("SELECT id, name FROM regions WHERE code = $1", {region});
    if (!found.empty()) {
      filters.region = region;
      filters.region_id = found.rows[0].integer(0);
      filters.region_name = found.rows[0].text(1);
    }
  }
  auto sort = value("sort");
  if (!sort.empty() && sort[0] == '-') {
    filters.descending = true;
    sort.erase(0, 1);
  }
  if (!sort.empty()) filters.sort = sort;  // checked against the columns later
  if (auto m = f::measure_named(value("measure"))) filters.measure = *m;
  filters.today = f::day_of(std::time(nullptr));
  filters.first_day = f::period_start(filters.period, months_before(filters.today, filters.months));
  return filters;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string q;
  for (auto& [name, value] : fields) {
    if (value.empty()) continue;
    q += q.empty() ? "?" : "&";
    q += http::url_encode(name) + "=" + http::url_encode(value);
  }
  return q;
}

// ---------- numbers in words ----------

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

// ---------- charts ----------

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
web::Data chart(const std::string& id, const std::string& title, const std::string& desc,
                const std::vector<std::int64_t>& starts, bool month, const std::vector<Line>& lines,
                const std::string& period_label,
                std::optional<std::pair<double, double>> fixed_range = std::nullopt) {
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
    row.set("label", date_text(starts[i], month));
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
  data.set("period_label", period_label);
  return data;
}

web::List trend_charts(const Catalogue& catalogue, const std::string& lang,
                       const std::vector<f::Figures>& points, bool month) {
  auto t = [&](const char* key) { return catalogue.text(lang, key); };
  std::vector<std::int64_t> starts;
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
  auto period_label = t(month ? "figures_col_month" : "figures_col_week");
  web::List charts;
  charts.push_back(
      chart("chart-flow", t("figures_chart_flow"), t("figures_chart_flow_desc"), starts, month,
            {{t("figures_received"), received}, {t("figures_decided"), decided}}, period_label));
  charts.push_back(chart(
      "chart-throughput", t("figures_chart_throughput"), t("figures_chart_throughput_desc"), starts,
      month, {{t("figures_median_days"), median}, {t("figures_p90_days"), p90}}, period_label));
  charts.push_back(chart("chart-backlog", t("figures_chart_backlog"),
                         t("figures_chart_backlog_desc"), starts, month,
                         {{t("figures_backlog"), backlog}}, period_label));
  charts.push_back(chart("chart-satisfaction", t("figures_chart_satisfaction"),
                         t("figures_chart_satisfaction_desc"), starts, month,
                         {{t("figures_satisfaction"), satisfaction, 1}}, period_label,
                         std::pair{1.0, 5.0}));
  return charts;
}

// The range's figures at a glance.
web::List key_figures(const Catalogue& catalogue, const std::string& lang, const f::Figures& sum,
                      const f::Backlog& now) {
  web::List list;
  auto add = [&](const char* key, const std::string& value) {
    web::Data d;
    d.set("label", catalogue.text(lang, key));
    d.set("value", value);
    list.push_back(d);
  };
  add("figures_received", std::to_string(sum.received));
  add("figures_decided", std::to_string(sum.decided));
  add("figures_median_days", whole(sum.median_days));
  add("figures_p90_days", whole(sum.p90_days));
  add("figures_in_target", percent(sum.share_in_target()));
  add("figures_open_now", std::to_string(now.open));
  add("figures_median_age", whole(now.median_age_days));
  add("figures_oldest", whole(now.oldest_age_days));
  add("figures_satisfaction", decimal(sum.satisfaction()));
  add("figures_share_good", percent(sum.share_good()));
  add("figures_complaints", decimal(sum.complaints_per_100()));
  return list;
}

// ---------- every team side by side ----------

struct Column {
  const char* code;
  const char* label_key;
  std::function<std::optional<double>(const f::TeamFigures&)> number;  // empty: by text
};

const std::vector<Column>& columns() {
  static const std::vector<Column> all = {
      {"name", "figures_col_team", {}},
      {"region", "figures_col_region", {}},
      {"received", "figures_received",
       [](const f::TeamFigures& t) { return double(t.figures.received); }},
      {"decided", "figures_decided",
       [](const f::TeamFigures& t) { return double(t.figures.decided); }},
      {"median", "figures_median_days",
       [](const f::TeamFigures& t) { return real(t.figures.median_days); }},
      {"p90", "figures_p90_days", [](const f::TeamFigures& t) { return real(t.figures.p90_days); }},
      {"in_target", "figures_in_target",
       [](const f::TeamFigures& t) { return t.figures.share_in_target(); }},
      {"open", "figures_open_now", [](const f::TeamFigures& t) { return double(t.now.open); }},
      {"oldest", "figures_oldest",
       [](const f::TeamFigures& t) { return real(t.now.oldest_age_days); }},
      {"satisfaction", "figures_satisfaction",
       [](const f::TeamFigures& t) { return t.figures.satisfaction(); }},
      {"complaints", "figures_complaints",
       [](const f::TeamFigures& t) { return t.figures.complaints_per_100(); }},
  };
  return all;
}

void sort_teams(std::vector<f::TeamFigures>& teams, const Column& column, bool descending) {
  std::stable_sort(teams.begin(), teams.end(), [&](const auto& a, const auto& b) {
    if (!column.number) {
      auto x = std::string(column.code) == "region" ? a.region_name : a.name;
      auto y = std::string(column.code) == "region" ? b.region_name : b.name;
      return descending ? y < x : x < y;
    }
    auto x = column.number(a), y = column.number(b);
    if (!x || !y) return x.has_value() && !y.has_value();  // the unknown last
    return descending ? *y < *x : *x < *y;
  });
}

web::Data team_table(const Catalogue& catalogue, const std::string& lang,
                     std::vector<f::TeamFigures> teams, const Filters& filters) {
  const Column* chosen = &columns().front();
  for (auto& c : columns()) {
    if (filters.sort == c.code) chosen = &c;
  }
  bool descending = filters.descending && chosen->code == filters.sort;
  sort_teams(teams, *chosen, descending);
  bool regions = !filters.region_id;
  web::List heads;
  for (auto& c : columns()) {
    // Rows of regions need no region column, and their first one names the region.
    if (regions && std::string(c.code) == "region") continue;
    bool current = &c == chosen;
    // A second click on the sorted column turns the order round.
    std::string sort = (current && !descending ? "-" : "") + std::string(c.code);
    web::Data h;
    h.set("label",
          catalogue.text(
              lang, regions && std::string(c.code) == "name" ? "figures_col_region" : c.label_key));
    h.set("href", "/figures" +
                      query_string({{"region", filters.region},
                                    {"period", filters.period},
                                    {"range", std::to_string(filters.months)},
                                    {"sort", sort}}) +
                      "#teams-caption");
    h.set("num", static_cast<bool>(c.number));
    h.set("aria_sort", current ? (descending ? "descending" : "ascending") : "none");
    h.set("arrow", current ? (descending ? "▼" : "▲") : "");
    heads.push_back(h);
  }
  web::List rows;
  std::string suffix =
      query_string({{"period", filters.period}, {"range", std::to_string(filters.months)}});
  for (auto& t : teams) {
    web::Data row;
    row.set("name", t.name);
    // Without a region chosen the rows are regions, leading to their teams.
    row.set("href", filters.region_id
                        ? "/figures/teams/" + http::url_encode(t.code) + suffix
                        : "/figures" + query_string({{"region", t.code},
                                                     {"period", filters.period},
                                                     {"range", std::to_string(filters.months)}}));
    row.set("region", t.region_name);
    row.set("received", std::to_string(t.figures.received));
    row.set("decided", std::to_string(t.figures.decided));
    row.set("median", whole(t.figures.median_days));
    row.set("p90", whole(t.figures.p90_days));
    row.set("in_target", percent(t.figures.share_in_target()));
    row.set("open", std::to_string(t.now.open));
    row.set("oldest", whole(t.now.oldest_age_days));
    row.set("satisfaction", decimal(t.figures.satisfaction()));
    row.set("complaints", decimal(t.figures.complaints_per_100()));
    rows.push_back(row);
  }
  web::Data data;
  data.set("heads", heads);
  data.set("rows", rows);
  data.set("show_region", !regions);
  data.set("count", catalogue.format(lang, regions ? "figures_region_count" : "figures_team_count",
                                     {{"count", std::to_string(teams.size())}}));
  data.set("heading",
           catalogue.text(lang, regions ? "figures_regions_heading" : "figures_teams_heading"));
  data.set("hint", catalogue.text(lang, regions ? "figures_regions_hint" : "figures_teams_hint"));
  data.set("caption",
           catalogue.text(lang, regions ? "figures_regions_caption" : "figures_teams_caption"));
  return data;
}

// ---------- the filters both pages share ----------

void add_filters(web::Data& data, const Catalogue& catalogue, const std::string& lang,
                 const Filters& filters) {
  web::List periods, ranges;
  for (auto p : {"week", "month"}) {
    web::Data o;
    o.set("value", p);
    o.set("name", catalogue.text(lang, std::string("figures_period_") + p));
    o.set("selected", filters.period == p);
    periods.push_back(o);
  }
  for (int m : {3, 6, 12}) {
    web::Data o;
    o.set("value", std::to_string(m));
    o.set("name", catalogue.format(lang, "figures_range_months", {{"count", std::to_string(m)}}));
    o.set("selected", filters.months == m);
    ranges.push_back(o);
  }
  data.set("periods", periods);
  data.set("ranges", ranges);
  data.set("period", filters.period);
  data.set("range", std::to_string(filters.months));
  data.set("sort", (filters.descending ? "-" : "") + filters.sort);
  data.set("range_text", catalogue.format(lang, "figures_range_text",
                                          {{"from", date_text(filters.first_day, false)},
                                           {"to", date_text(filters.today, false)}}));
}

http::Response organisation_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  bool month = false;
  web::Data data;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    auto filters = read_filters(request, c);
    month = filters.period == "month";
    f::Scope scope{filters.region_id ? "region" : "org", filters.region_id.value_or(0)};
    auto trend = f::trend(c, scope, filters.period, filters.first_day, filters.today);
    auto now = f::open_backlog(c, scope, filters.today);
    auto teams = filters.region_id
                     ? f::side_by_side(c, filters.region_id, filters.period, filters.first_day,
                                       filters.today, filters.today)
                     : f::regions_side_by_side(c, filters.period, filters.first_day, filters.today,
                                               filters.today);
    web::List regions;
    for (auto& r : c.query("SELECT code, name FROM regions ORDER BY name").rows) {
      web::Data o;
      o.set("value", r.text(0));
      o.set("name", r.text(1));
      o.set("selected", r.text(0) == filters.region);
      regions.push_back(o);
    }
    data.set("regions", regions);
    data.set("all_regions", filters.region.empty());
    data.set("scope_name", filters.region_id ? filters.region_name : site.organisation_name());
    add_filters(data, catalogue, lang, filters);
    data.set("key_figures", key_figures(catalogue, lang, trend.total, now));
    data.set("charts", trend_charts(catalogue, lang, trend.points, month));
    data.set("teams", team_table(catalogue, lang, std::move(teams), filters));
  }
  data.set("organisation", true);
  data.set("action", "/figures");
  return site.page(request, "casework/dashboard", "title_figures", data);
}

web::Data peer_box(store::Connection& c, const Catalogue& catalogue, const std::string& lang,
                   std::int64_t team_id, const Filters& filters) {
  auto found = f::find_peers(c, team_id, filters.measure, filters.period, filters.first_day,
                             filters.today, filters.today);
  bool percent_measure = filters.measure == f::Measure::share_in_target;
  int decimals = filters.measure == f::Measure::median_days ? 0 : 1;
  auto show = [&](double v) { return percent_measure ? percent(v) : fixed(v, decimals); };
  web::Data box;
  web::List measures;
  for (auto m : {f::Measure::median_days, f::Measure::share_in_target, f::Measure::satisfaction,
                 f::Measure::complaints_per_100}) {
    web::Data o;
    o.set("value", f::measure_code(m));
    o.set("name", catalogue.text(lang, "figures_measure_" + f::measure_code(m)));
    o.set("selected", m == filters.measure);
    measures.push_back(o);
  }
  box.set("measures", measures);
  box.set("measure_name",
          catalogue.text(lang, "figures_measure_" + f::measure_code(filters.measure)));
  box.set("own_value", found.own_value ? show(*found.own_value) : none);
  box.set("context",
          catalogue.format(
              lang, "figures_peers_context",
              {{"members", std::to_string(found.members)},
               {"region_type", catalogue.text(lang, "figures_region_" + found.region_type)}}));
  box.set("no_value", !found.own_value);
  web::List peers;
  std::string suffix = query_string({{"period", filters.period},
                                     {"range", std::to_string(filters.months)},
                                     {"measure", f::measure_code(filters.measure)}});
  for (auto& p : found.peers) {
    web::Data row;
    row.set("name", p.team.name);
    row.set("href", "/figures/teams/" + http::url_encode(p.team.code) + suffix);
    row.set("region", p.team.region_name);
    row.set("members", std::to_string(p.members));
    row.set("value", show(p.value));
    row.set("better_by", show(p.better_by));
    row.set("similarity", percent(p.similarity));
    web::List contacts;
    for (auto& who : p.contacts) {
      web::Data person;
      person.set("href", "/people/" + std::to_string(who.person_id));
      person.set("name", who.name);
      person.set("role", who.role_name);
      contacts.push_back(person);
    }
    row.set("contacts", contacts);
    row.set("no_contact", contacts.empty());
    peers.push_back(row);
  }
  box.set("has_peers", !peers.empty());
  box.set("peers", peers);
  box.set("no_peers", found.own_value && peers.empty());
  return box;
}

http::Response team_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto code = request.param("code").value_or("");
  web::Data data;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    // Only regional teams handle requests and so have figures.
    auto team = c.query(
        "SELECT t.id, t.name, COALESCE(r.name, '') FROM teams t LEFT JOIN regions r ON r.id = "
        "t.region_id WHERE t.code = $1 AND t.kind = 'regional'",
        {code});
    if (team.empty()) return site.error(request, 404, "figures_team_unknown");
    auto team_id = team.rows[0].integer(0);
    auto filters = read_filters(request, c);
    bool month = filters.period == "month";
    f::Scope scope{"team", team_id};
    auto trend = f::trend(c, scope, filters.period, filters.first_day, filters.today);
    auto now = f::open_backlog(c, scope, filters.today);
    data.set("team_name", team.rows[0].text(1));
    data.set("region_name", team.rows[0].text(2));
    data.set("team_href", "/teams/" + http::url_encode(code));
    add_filters(data, catalogue, lang, filters);
    data.set("key_figures", key_figures(catalogue, lang, trend.total, now));
    data.set("charts", trend_charts(catalogue, lang, trend.points, month));
    data.set("peer_box", peer_box(c, catalogue, lang, team_id, filters));
    data.set("measure", f::measure_code(filters.measure));
    data.set("scope_name", team.rows[0].text(1));
    data.set("action", "/figures/teams/" + http::url_encode(code));
  }
  data.set("team", true);
  return site.page(request, "casework/dashboard", "title_figures_team", data);
}

}  // namespace

void register_dashboard_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/figures", "nav_figures", "signed_in"});
  // The permission every signed-in co-worker has, as the organisation's pages.
  router.add("GET", "/figures", "signed_in", site.guard([&db, &site](http::Request& request) {
    return organisation_page(db, site, request);
  }));
  router.add(
      "GET", "/figures/teams/{code}", "signed_in",
      site.guard([&db, &site](http::Request& request) { return team_page(db, site, request); }));
}

}  // namespace ploeg::casework
