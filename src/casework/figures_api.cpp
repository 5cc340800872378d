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
using web::api::error;

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

Query read_query(const http::Request& request) {
  Query q;
  if (auto period = http::field(request.query, "period")) {
    if (*period != "week" && *period != "month") {
      q.problem = error(400, "bad_parameter", "period must be week or month.", "period");
      return q;
    }
    q.period = *period;
  }
  if (auto range = http::field(request.query, "range")) {
    if (*range != "3" && *range != "6" && *range != "12") {
      q.problem = error(400, "bad_parameter", "range must be 3, 6 or 12 (months).", "range");
      return q;
    }
    q.months = std::stoi(*range);
  }
  if (auto measure = http::field(request.query, "measure")) {
    auto named = f::measure_named(*measure);
    if (!named) {
      q.problem = error(400, "bad_parameter",
                        "measure must be median_days, share_in_target, satisfaction or "
                        "complaints_per_100.",
                        "measure");
      return q;
    }
    q.measure = *named;
  }
  return q;
}

http::Response team_figures(store::Database& db, http::Request& request) {
  auto code = request.param("code").value_or("");
  auto q = read_query(request);
  if (q.problem) return *q.problem;
  auto lease = db.acquire();
  auto& c = *lease;
  auto team = f::figures_team(c, code);
  if (!team) {
    return error(404, "not_found",
                 "There is no regional team with code " + code +
                     "; only regional teams handle requests and have figures (GET /api/v1/teams "
                     "lists the teams and their kind).");
  }
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

  json::array periods;
  for (auto& point : trend.points) {
    auto o = figures_json(point);
    o.emplace("start", dashboard::date_text(point.start_day, false));
    periods.push_back(std::move(o));
  }
  return web::api::json(json::object{
      {"team",
       json::object{{"code", code}, {"name", team->name}, {"region_name", team->region_name}}},
      {"period", q.period},
      {"range_months", q.months},
      {"from", dashboard::date_text(first_day, false)},
      {"to", dashboard::date_text(today, false)},
      {"total", figures_json(trend.total)},
      {"open_now", json::object{{"open", now.open},
                                {"median_age_days", number(now.median_age_days)},
                                {"oldest_age_days", number(now.oldest_age_days)}}},
      {"periods", std::move(periods)},
      {"peers", peers_json(peers, q.measure)}});
}

}  // namespace

void register_figures_api(http::Router& router, store::Database& db, web::Site& site) {
  router.add("GET", "/api/v1/teams/{code}/figures", "signed_in",
             site.guard([&db](http::Request& request) { return team_figures(db, request); }));
}

}  // namespace ploeg::casework
