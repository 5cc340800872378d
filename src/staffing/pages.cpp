#include "staffing/pages.hpp"

#include <charconv>
#include <cmath>

#include "core/clock.hpp"
#include "core/field_error.hpp"
#include "staffing/plan.hpp"
#include "staffing/views.hpp"
#include "store/names.hpp"
#include "web/charts.hpp"

namespace ploeg::staffing {
namespace {

std::optional<Scope> read_scope(store::Connection& c, const http::Request& request,
                                const std::string& language) {
  return find_scope(c, http::field(request.query, "team").value_or(""),
                    http::field(request.query, "region").value_or(""), language);
}

// A number typed in the form, within [low, high]; an error naming the field otherwise.
std::optional<double> number_field(const http::Request& request, const std::string& name,
                                   double low, double high, PageInput& input) {
  auto text = http::field(request.query, name);
  if (!text || text->empty()) return std::nullopt;
  input.typed[name] = text->substr(0, 40);
  auto& errors = input.errors;
  std::string s = *text;
  for (auto& ch : s) {
    if (ch == ',') ch = '.';  // 1,5 as people write it in nl and fr
  }
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || !(value >= low && value <= high)) {
    errors.push_back({name,
                      "staffing_error_range",
                      "",
                      {{"value", *text},
                       {"low", web::fixed(low, low < 1 ? 2 : 0)},
                       {"high", web::fixed(high, 0)}}});
    return std::nullopt;
  }
  return value;
}

}  // namespace

Assumptions read_assumptions(const http::Request& request, const Flow& flow, PageInput& input) {
  auto a = default_assumptions(flow);
  if (auto v = number_field(request, "target_percent", 50, 99, input))
    a.target_percent = static_cast<int>(std::lround(*v));
  if (auto v = number_field(request, "target_days", 1, 730, input))
    a.target_days = static_cast<int>(std::lround(*v));
  if (auto v = number_field(request, "availability", 10, 100, input)) a.availability = *v / 100;
  for (auto& code : flow.competences) {
    if (auto v = number_field(request, "hours_" + code, 0.05, 200, input)) a.hours[code] = *v;
  }
  return a;
}

namespace {

http::Response staffing_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  PageInput input;
  std::optional<Scope> scope;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    scope = read_scope(c, request, lang);
    input.choices = scope_choices(c, lang);
    if (!scope) return site.error(request, 404, "staffing_unknown_scope");
    if (!scope->kind.empty()) {
      input.scope_kind = scope->kind;
      input.scope_code = scope->code;
      input.flow = read_flow(c, scope->team_ids, scope->name, now_seconds(), lang);
    }
  }
  int status = 200;
  if (input.flow) {
    input.assumptions = read_assumptions(request, *input.flow, input);
    if (!input.errors.empty()) {
      status = 422;
    } else if (!input.flow->types.empty()) {
      input.answer = answer(*input.flow, input.assumptions);
    }
  }
  auto data = page_data(site.catalogue(), lang, input);
  return site.page(request, "staffing/plan", "title_staffing", data, status);
}

}  // namespace

void register_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/staffing", "nav_staffing", "signed_in"});
  // Every signed-in co-worker: the figures of every team are open to all.
  router.add("GET", "/staffing", "signed_in", site.guard([&db, &site](http::Request& request) {
    return staffing_page(db, site, request);
  }));
}

}  // namespace ploeg::staffing
