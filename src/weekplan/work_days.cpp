#include "weekplan/work_days.hpp"

#include <cmath>
#include <cstdlib>

#include "weekplan/page_support.hpp"
#include "weekplan/pages.hpp"

namespace ploeg::weekplan {

std::map<std::int64_t, std::vector<bool>> working_days(store::Connection& c, std::int64_t team_id) {
  std::map<std::int64_t, std::vector<bool>> out;
  for (auto& r :
       c.query("SELECT o.person_id, o.weekday FROM person_days_off o JOIN memberships m ON "
               "m.person_id = o.person_id WHERE m.team_id = $1",
               {team_id})
           .rows) {
    auto& days = out[r.integer(0)];
    if (days.empty()) days.assign(5, true);
    days[static_cast<std::size_t>(r.integer(1))] = false;
  }
  return out;
}

ContractHint contract_hint(const web::Catalogue& cat, const std::string& lang, int fte_permille,
                           int working_days) {
  // Tenths of a day: 50% of a five-day week is two and a half days.
  long tenths = std::lround(fte_permille * 5 / 100.0);
  auto days = std::to_string(tenths / 10);
  if (tenths % 10 != 0) days.append(lang == "en" ? "." : ",").append(std::to_string(tenths % 10));
  std::vector<std::pair<std::string, std::string>> values{
      {"percent", std::to_string((fte_permille + 5) / 10)},
      {"days", days},
      {"working", std::to_string(working_days)}};
  ContractHint hint;
  hint.differs = std::abs(working_days * 10 - tenths) > 5;
  hint.text = cat.format(lang, hint.differs ? "week_contract_differs" : "week_contract", values);
  return hint;
}

void create_demo_days_off(store::Connection& c) {
  if (!c.query("SELECT 1 FROM person_days_off LIMIT 1").empty()) return;
  // Spread over the week by person, so a team is not short on one day.
  for (auto& r : c.query("SELECT id, fte_permille FROM people WHERE fte_permille < 900").rows) {
    auto id = r.integer(0);
    std::vector<std::int64_t> off = {id % 5};
    if (r.integer(1) <= 600) off.push_back((id + 2) % 5);
    for (auto d : off)
      c.query("INSERT INTO person_days_off (person_id, weekday) VALUES ($1, $2)", {id, d});
  }
}

namespace {

// The visitor's standing days off, from the checkboxes of the week page.
http::Response post_days_off(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  if (!p.access.member) return site.error(request, 403, "week_not_yours");
  auto chosen = weekdays_field(fields, "off");
  if (!chosen) return site.error(request, 400, "week_bad_form");
  auto& off = *chosen;
  if (off.size() == 5) {
    return week_page(db, site, request, p.week->monday,
                     {"days-off", fields, {"off", "week_days_off_all", "no working day left"}});
  }
  const auto& actor = web::actor(request);
  db.transaction([&](store::Connection& c) {
    c.query("DELETE FROM person_days_off WHERE person_id = $1", {p.access.person});
    for (auto d : off)
      c.query(
          "INSERT INTO person_days_off (person_id, weekday) VALUES ($1, $2) ON CONFLICT DO "
          "NOTHING",
          {p.access.person, d});
    std::string days;
    for (auto d : off) days += (days.empty() ? "" : ",") + std::to_string(d);
    audit_week(c, actor, "weekplan.days_off", "person:" + std::to_string(p.access.person),
               "weekdays off (0 Monday .. 4 Friday): " + (days.empty() ? "none" : days) +
                   ", team " + p.week->team_code);
  });
  return redirect_to(*p.week, "days_off");
}

}  // namespace

void register_work_days_pages(http::Router& router, store::Database& db, web::Site& site) {
  router.add("POST", "/teams/{code}/week/days-off", "signed_in",
             site.guard([&db, &site](http::Request& request) {
               return post_days_off(db, site, request);
             }));
}

void register_work_days_migrations(store::Migrations& migrations) {
  migrations.add({43, "weekplan: each person's standing weekly days off (part-time)", R"(
CREATE TABLE person_days_off (
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 4),
  PRIMARY KEY (person_id, weekday)
);
)",
                  ""});
}

}  // namespace ploeg::weekplan
