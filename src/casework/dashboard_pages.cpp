#include "casework/dashboard_pages.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>

#include "casework/dashboard_charts.hpp"
#include "casework/dashboard_csv.hpp"
#include "casework/figures.hpp"
#include "casework/figures_read.hpp"
#include "core/clock.hpp"
#include "http/message.hpp"
#include "store/names.hpp"

namespace ploeg::casework {
namespace {

namespace f = figures;
using Catalogue = web::Catalogue;
using namespace dashboard;

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

Filters read_filters(http::Request& request, store::Connection& c) {
  Filters filters;
  auto value = [&](const char* name) { return http::field(request.query, name).value_or(""); };
  if (auto period = value("period"); period == "month") filters.period = period;
  if (auto range = value("range"); range == "6" || range == "12") filters.months = std::stoi(range);
  auto region = value("region");
  if (auto found = f::figures_region(c, region)) {
    filters.region = region;
    filters.region_id = found->id;
    filters.region_name = web::names(request, c).of(store::kinds::region, region, found->name);
  }
  auto sort = value("sort");
  if (!sort.empty() && sort[0] == '-') {
    filters.descending = true;
    sort.erase(0, 1);
  }
  if (!sort.empty()) filters.sort = sort;  // checked against the columns later
  if (auto m = f::measure_named(value("measure"))) filters.measure = *m;
  filters.today = today();
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

// ---------- the tables as CSV: the page's own address, its filters, and
// ?format=csv&table=CODE ----------

bool wants_csv(const http::Request& request) {
  return http::field(request.query, "format").value_or("") == "csv";
}

std::string table_asked(const http::Request& request) {
  return http::field(request.query, "table").value_or("");
}

// A table's link: the page with the same filters, as CSV.
std::string csv_href(const std::string& path,
                     std::vector<std::pair<std::string, std::string>> filters,
                     const std::string& table) {
  filters.emplace_back("format", "csv");
  filters.emplace_back("table", table);
  return path + query_string(filters);
}

std::vector<std::pair<std::string, std::string>> organisation_query(const Filters& filters) {
  return {{"region", filters.region},
          {"period", filters.period},
          {"range", std::to_string(filters.months)},
          {"sort", (filters.descending ? "-" : "") + filters.sort}};
}

std::vector<std::pair<std::string, std::string>> team_query(const Filters& filters) {
  return {{"period", filters.period},
          {"range", std::to_string(filters.months)},
          {"measure", f::measure_code(filters.measure)}};
}

// The key figures' and the four charts' tables, which both pages have.
std::optional<CsvTable> common_table(const Catalogue& catalogue, const std::string& lang,
                                     const std::string& code, const f::Trend& trend,
                                     const f::Backlog& now, bool month) {
  if (code == "key") return key_table(catalogue, lang, trend.total, now);
  return trend_table(catalogue, lang, code, trend.points, month);
}

// Each chart's data and the key figures get their CSV link.
void add_csv_links(web::Data& data, web::List& charts, const Catalogue& catalogue,
                   const std::string& lang, const std::string& path,
                   const std::vector<std::pair<std::string, std::string>>& query) {
  data.set("key_csv_href", csv_href(path, query, "key"));
  data.set("key_csv_label", catalogue.text(lang, "figures_key_caption"));
  const char* codes[] = {"flow", "throughput", "backlog", "satisfaction"};
  for (std::size_t i = 0; i < charts.size() && i < 4; ++i) {
    charts[i].set("csv_href", csv_href(path, query, codes[i]));
  }
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
  add("figures_complaints_answered", std::to_string(sum.complaints_answered));
  add("figures_days_to_answer", decimal(sum.mean_days_to_answer()));
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

// A team's (or, as the rows of the whole organisation, a region's) names in
// the visitor's language.
void translate(f::TeamFigures& t, const store::Names& names, bool team) {
  t.region_name = names.of(store::kinds::region, t.region_code, t.region_name);
  t.name = team ? names.of(store::kinds::team, t.code, t.name) : t.region_name;
}

void translate(std::vector<f::TeamFigures>& rows, const store::Names& names, bool teams) {
  for (auto& t : rows) translate(t, names, teams);
}

// Sorts as the filters ask; the column sorted on.
const Column& sort_as_asked(std::vector<f::TeamFigures>& teams, const Filters& filters,
                            bool& descending) {
  const Column* chosen = &columns().front();
  for (auto& c : columns()) {
    if (filters.sort == c.code) chosen = &c;
  }
  descending = filters.descending && chosen->code == filters.sort;
  sort_teams(teams, *chosen, descending);
  return *chosen;
}

web::Data team_table(const Catalogue& catalogue, const std::string& lang,
                     std::vector<f::TeamFigures> teams, const Filters& filters) {
  bool descending = false;
  const Column* chosen = &sort_as_asked(teams, filters, descending);
  bool regions = !filters.region_id;
  web::List heads;
  for (auto& c : columns()) {
    // Rows of regions need no region column, and their first one names the region.
    if (regions && std::string(c.code) == "region") continue;
    bool current = &c == chosen;
    // A second click on the sorted column turns the order round.
    // In steps: GCC 12 warns falsely (-Wrestrict) on "text" + a temporary string.
    std::string sort = current && !descending ? "-" : "";
    sort += c.code;
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
                                     {}, static_cast<long long>(teams.size())));
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

// A file's name: what it holds and the day, in letters, digits and dashes.
std::string file_name(const std::vector<std::string>& parts, std::int64_t today) {
  std::string name = "figures";
  for (auto& part : parts) {
    name += '-';
    for (char ch : part) {
      bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '-';
      name += plain ? ch : '_';
    }
  }
  return name + "-" + date_text(today, false) + ".csv";
}

http::Response organisation_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  bool month = false;
  web::Data data;
  std::optional<CsvTable> file;
  std::string table = table_asked(request), scope, name;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    auto filters = read_filters(request, c);
    month = filters.period == "month";
    auto shown =
        f::overview(c, filters.region_id, filters.period, filters.first_day, filters.today);
    translate(shown.rows, web::names(request, c), filters.region_id.has_value());
    if (wants_csv(request)) {
      if (table == "teams") {
        bool descending = false;
        sort_as_asked(shown.rows, filters, descending);
        file = teams_table(catalogue, lang, shown.rows, !filters.region_id);
      } else {
        file = common_table(catalogue, lang, table, shown.trend, shown.now, month);
      }
      if (!file) return site.error(request, 404, "figures_table_unknown");
      scope = filters.region_id ? "region:" + filters.region : "organisation";
      name = file_name({filters.region_id ? filters.region : "organisation", table, filters.period},
                       filters.today);
    } else {
      web::List regions;
      for (auto& r : c.query("SELECT r.code, " +
                                 store::names::sql(store::kinds::region, "r.code", "r.name", "$1") +
                                 " FROM regions r ORDER BY 2",
                             {lang})
                         .rows) {
        web::Data o;
        o.set("value", r.text(0));
        o.set("name", r.text(1));
        o.set("selected", r.text(0) == filters.region);
        regions.push_back(o);
      }
      data.set("regions", regions);
      data.set("all_regions", filters.region.empty());
      data.set("scope_name",
               filters.region_id ? filters.region_name : site.organisation_name(lang));
      add_filters(data, catalogue, lang, filters);
      data.set("key_figures", key_figures(catalogue, lang, shown.trend.total, shown.now));
      auto charts = trend_charts(catalogue, lang, shown.trend.points, month, filters.today);
      add_csv_links(data, charts, catalogue, lang, "/figures", organisation_query(filters));
      data.set("charts", charts);
      auto teams = team_table(catalogue, lang, std::move(shown.rows), filters);
      teams.set("csv_href", csv_href("/figures", organisation_query(filters), "teams"));
      data.set("teams", teams);
    }
  }
  if (file) return csv_file(db, request, *file, scope, table, name);
  data.set("organisation", true);
  data.set("action", "/figures");
  return site.page(request, "casework/dashboard", "title_figures", data);
}

// The peers of a team on a figure, named in the visitor's language.
f::PeerSearch translated_peers(store::Connection& c, const store::Names& names,
                               std::int64_t team_id, const Filters& filters) {
  auto found = f::find_peers(c, team_id, filters.measure, filters.period, filters.first_day,
                             filters.today, filters.today);
  for (auto& p : found.peers) {
    translate(p.team, names, true);
    for (auto& who : p.contacts) {
      who.role_name = names.of(store::kinds::role, who.role_code, who.role_name);
    }
  }
  return found;
}

web::Data peer_box(store::Connection& c, const Catalogue& catalogue, const std::string& lang,
                   const store::Names& names, std::int64_t team_id, const Filters& filters) {
  auto found = translated_peers(c, names, team_id, filters);
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
               {"region_type", catalogue.text(lang, "figures_region_" + found.region_type)}},
              found.members));
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
  std::optional<CsvTable> file;
  std::string table = table_asked(request), name;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    auto team = f::figures_team(c, code);
    if (!team) return site.error(request, 404, "figures_team_unknown");
    const auto& names = web::names(request, c);
    team->name = names.of(store::kinds::team, team->code, team->name);
    team->region_name = names.of(store::kinds::region, team->region_code, team->region_name);
    auto team_id = team->id;
    auto filters = read_filters(request, c);
    bool month = filters.period == "month";
    f::Scope scope{"team", team_id};
    auto trend = f::trend(c, scope, filters.period, filters.first_day, filters.today);
    auto now = f::open_backlog(c, scope, filters.today);
    auto path = "/figures/teams/" + http::url_encode(code);
    if (wants_csv(request)) {
      if (table == "peers") {
        file = peers_table(catalogue, lang, translated_peers(c, names, team_id, filters),
                           filters.measure);
      } else {
        file = common_table(catalogue, lang, table, trend, now, month);
      }
      if (!file) return site.error(request, 404, "figures_table_unknown");
      name = file_name({code, table, filters.period}, filters.today);
    } else {
      data.set("team_name", team->name);
      data.set("region_name", team->region_name);
      data.set("team_href", "/teams/" + http::url_encode(code));
      add_filters(data, catalogue, lang, filters);
      data.set("key_figures", key_figures(catalogue, lang, trend.total, now));
      auto charts = trend_charts(catalogue, lang, trend.points, month, filters.today);
      add_csv_links(data, charts, catalogue, lang, path, team_query(filters));
      data.set("charts", charts);
      auto peers = peer_box(c, catalogue, lang, names, team_id, filters);
      peers.set("csv_href", csv_href(path, team_query(filters), "peers"));
      data.set("peer_box", peers);
      data.set("measure", f::measure_code(filters.measure));
      data.set("scope_name", team->name);
      data.set("action", path);
    }
  }
  if (file) return csv_file(db, request, *file, "team:" + code, table, name);
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
