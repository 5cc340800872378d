#include "casework/figures_api.hpp"

#include "casework/dashboard_charts.hpp"
#include "casework/figures.hpp"
#include "casework/figures_read.hpp"
#include "core/clock.hpp"
#include "store/names.hpp"
#include "web/api_answer.hpp"

namespace ploeg::casework {
namespace {

namespace json = boost::json;
namespace f = figures;
using web::api::Answers;

json::value number(std::optional<std::int64_t> n) {
  return n ? json::value(*n) : json::value(nullptr);
}
json::value number(std::optional<double> x) {
  return x ? json::value(*x) : json::value(nullptr);
}

json::object figures_json(const f::Figures& x) {
  return json::object{{"received", x.received},
                      {"decided", x.decided},
                      {"decided_in_target", x.decided_in_target},
                      {"share_in_target", number(x.share_in_target())},
                      {"median_days", number(x.median_days)},
                      {"p90_days", number(x.p90_days)},
                      {"moved_in", x.moved_in},
                      {"moved_out", x.moved_out},
                      {"ratings", x.ratings},
                      {"satisfaction", number(x.satisfaction())},
                      {"share_good", number(x.share_good())},
                      {"complaints", x.complaints},
                      {"complaints_per_100", number(x.complaints_per_100())},
                      {"complaints_answered", x.complaints_answered},
                      {"mean_days_to_answer", number(x.mean_days_to_answer())},
                      {"backlog", x.backlog}};
}

json::object peers_json(const f::PeerSearch& found, f::Measure measure) {
  json::array teams;
  for (auto& p : found.peers) {
    json::array contacts;
    for (auto& who : p.contacts) {
      contacts.push_back(
          json::object{{"id", who.person_id}, {"name", who.name}, {"role", who.role_name}});
    }
    teams.push_back(json::object{{"code", p.team.code},
                                 {"name", p.team.name},
                                 {"region_name", p.team.region_name},
                                 {"members", p.members},
                                 {"value", p.value},
                                 {"better_by", p.better_by},
                                 {"similarity", p.similarity},
                                 {"contacts", std::move(contacts)}});
  }
  return json::object{
      {"measure", f::measure_code(measure)},  {"higher_is_better", f::higher_is_better(measure)},
      {"own_value", number(found.own_value)}, {"members", found.members},
      {"region_type", found.region_type},     {"teams", std::move(teams)}};
}

// The page falls back on its defaults for a filter it does not know; a
// program is told what it sent wrong instead.
struct Query {
  std::string period = "week";
  int months = 3;
  f::Measure measure = f::Measure::median_days;
  std::optional<http::Response> problem;
};

Query read_query(const Answers& answers, http::Request& request) {
  Query q;
  if (auto period = http::field(request.query, "period")) {
    if (*period != "week" && *period != "month") {
      q.problem = answers.error(request, 400, "api_bad_period", {}, "period");
      return q;
    }
    q.period = *period;
  }
  if (auto range = http::field(request.query, "range")) {
    if (*range != "3" && *range != "6" && *range != "12") {
      q.problem = answers.error(request, 400, "api_bad_range", {}, "range");
      return q;
    }
    q.months = std::stoi(*range);
  }
  if (auto measure = http::field(request.query, "measure")) {
    auto named = f::measure_named(*measure);
    if (!named) {
      q.problem = answers.error(request, 400, "api_bad_measure", {}, "measure");
      return q;
    }
    q.measure = *named;
  }
  return q;
}

json::array periods_json(const std::vector<f::Figures>& points) {
  json::array periods;
  for (auto& point : points) {
    auto o = figures_json(point);
    o.emplace("start", dashboard::date_text(point.start_day, false));
    periods.push_back(std::move(o));
  }
  return periods;
}

json::object open_json(const f::Backlog& now) {
  return json::object{{"open", now.open},
                      {"median_age_days", number(now.median_age_days)},
                      {"oldest_age_days", number(now.oldest_age_days)}};
}

http::Response team_figures(store::Database& db, const Answers& answers, http::Request& request) {
  auto code = request.param("code").value_or("");
  auto q = read_query(answers, request);
  if (q.problem) return *q.problem;
  auto lease = db.acquire();
  auto& c = *lease;
  auto team = f::figures_team(c, code);
  if (!team) return answers.error(request, 404, "api_figures_team_unknown", {{"code", code}});
  auto team_id = team->id;
  // The range as the page computes it.
  std::int64_t today = ploeg::today();
  std::int64_t first_day = f::period_start(q.period, dashboard::months_before(today, q.months));
  f::Scope scope{"team", team_id};
  auto trend = f::trend(c, scope, q.period, first_day, today);
  auto now = f::open_backlog(c, scope, today);
  auto peers = f::find_peers(c, team_id, q.measure, q.period, first_day, today, today);
  // Names in the client's language (Accept-Language), as the pages show them.
  const auto& names = web::names(request, c);
  team->name = names.of(store::kinds::team, team->code, team->name);
  team->region_name = names.of(store::kinds::region, team->region_code, team->region_name);
  for (auto& p : peers.peers) {
    p.team.name = names.of(store::kinds::team, p.team.code, p.team.name);
    p.team.region_name = names.of(store::kinds::region, p.team.region_code, p.team.region_name);
    for (auto& who : p.contacts) {
      who.role_name = names.of(store::kinds::role, who.role_code, who.role_name);
    }
  }

  return web::api::json(json::object{
      {"team",
       json::object{{"code", code}, {"name", team->name}, {"region_name", team->region_name}}},
      {"period", q.period},
      {"range_months", q.months},
      {"from", dashboard::date_text(first_day, false)},
      {"to", dashboard::date_text(today, false)},
      {"total", figures_json(trend.total)},
      {"open_now", open_json(now)},
      {"periods", periods_json(trend.points)},
      {"peers", peers_json(peers, q.measure)}});
}

// The organisation's figures, or one region's, as /figures shows them: the
// page falls back to the whole organisation for a region it does not know; a
// program is told.
http::Response organisation_figures(store::Database& db, const Answers& answers,
                                    http::Request& request) {
  auto q = read_query(answers, request);
  if (q.problem) return *q.problem;
  auto lease = db.acquire();
  auto& c = *lease;
  std::optional<f::FiguresRegion> region;
  std::string region_code;
  if (auto asked = http::field(request.query, "region")) {
    region_code = *asked;
    region = f::figures_region(c, region_code);
    if (!region)
      return answers.error(request, 400, "api_bad_region", {{"region", region_code}}, "region");
  }
  std::int64_t today = ploeg::today();
  std::int64_t first_day = f::period_start(q.period, dashboard::months_before(today, q.months));
  auto shown =
      f::overview(c, region ? std::optional(region->id) : std::nullopt, q.period, first_day, today);
  // Names in the client's language: a region's teams, or the regions.
  const auto& names = web::names(request, c);
  if (region) region->name = names.of(store::kinds::region, region_code, region->name);
  json::array rows;
  for (auto& row : shown.rows) {
    rows.push_back(json::object{
        {"code", row.code},
        {"name", names.of(region ? store::kinds::team : store::kinds::region, row.code, row.name)},
        {"figures", figures_json(row.figures)},
        {"open_now", open_json(row.now)}});
  }
  return web::api::json(json::object{
      {"region", region ? json::value(json::object{{"code", region_code}, {"name", region->name}})
                        : json::value(nullptr)},
      {"period", q.period},
      {"range_months", q.months},
      {"from", dashboard::date_text(first_day, false)},
      {"to", dashboard::date_text(today, false)},
      {"total", figures_json(shown.trend.total)},
      {"open_now", open_json(shown.now)},
      {"periods", periods_json(shown.trend.points)},
      {region ? "teams" : "regions", std::move(rows)}});
}

}  // namespace

void register_figures_api(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/teams/{code}/figures", team_figures);
  web::api::add_route(router, db, site, "GET", "/api/v1/figures", organisation_figures);
}

}  // namespace ploeg::casework
