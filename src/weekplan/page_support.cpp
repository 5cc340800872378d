#include "weekplan/page_support.hpp"

#include "audit/audit.hpp"
#include "core/clock.hpp"

namespace ploeg::weekplan {

std::optional<std::int64_t> id_field(const http::Fields& fields, const char* name) {
  auto text = http::field(fields, name).value_or("");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

std::optional<int> number_field(const http::Fields& fields, const char* name, int low, int high) {
  auto text = http::field(fields, name).value_or("");
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int n = std::stoi(text);
  if (n < low || n > high) return std::nullopt;
  return n;
}

std::optional<int> weekday_of(const std::string& value) {
  if (value.size() != 1 || value[0] < '0' || value[0] > '4') return std::nullopt;
  return value[0] - '0';
}

std::optional<std::vector<std::int64_t>> weekdays_field(const http::Fields& fields,
                                                        const std::string& name) {
  std::vector<std::int64_t> days;
  for (auto& [key, value] : fields) {
    if (key != name) continue;
    auto d = weekday_of(value);
    if (!d) return std::nullopt;
    days.push_back(*d);
  }
  return days;
}

web::Data option(const std::string& value, const std::string& text, bool selected) {
  web::Data o;
  o.set("value", value);
  o.set("text", text);
  o.set("selected", selected);
  return o;
}

Access access(const Actor& actor, std::int64_t team_id) {
  Access a;
  a.person = actor.person.id;
  a.member = actor.person.in(team_id);
  a.may_plan = a.member || actor.person.coaches(team_id) || actor.admin();
  return a;
}

Posted posted_week(store::Database& db, web::Site& site, http::Request& request,
                   const http::Fields& fields) {
  Posted p;
  auto start = day_of_date(http::field(fields, "start").value_or(""));
  if (!start) {
    p.refused = site.error(request, 400, "week_bad_form");
    return p;
  }
  const auto& actor = web::actor(request);
  auto lease = db.acquire();
  p.week = load_week(*lease, request.param("code").value_or(""), monday_of(*start),
                     web::visitor(request).lang);
  if (!p.week) {
    p.refused = site.error(request, 404, "week_unknown_team");
    return p;
  }
  p.access = access(actor, p.week->team_id);
  if (!p.access.may_plan) p.refused = site.error(request, 403, "week_not_yours");
  return p;
}

void audit_week(store::Connection& c, const Actor& actor, const std::string& action,
                const std::string& subject, const std::string& detail) {
  audit::append(c, {actor.name, action, subject, detail, actor.remote_address, actor.request_id});
}

http::Response redirect_to(const std::string& team_code, std::int64_t monday,
                           const std::string& done, const std::string& extra) {
  return http::Response::redirect("/teams/" + http::url_encode(team_code) +
                                  "/week?start=" + date_text(monday) + "&done=" + done + extra);
}

http::Response redirect_to(const TeamWeek& t, const std::string& done, const std::string& extra) {
  return redirect_to(t.team_code, t.monday, done, extra);
}

}  // namespace ploeg::weekplan
