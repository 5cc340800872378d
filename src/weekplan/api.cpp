#include "weekplan/api.hpp"

#include <cstdio>
#include <regex>

#include "core/clock.hpp"
#include "web/api_answer.hpp"
#include "weekplan/page_support.hpp"
#include "weekplan/store.hpp"
#include "weekplan/unmet_text.hpp"

namespace ploeg::weekplan {

namespace {

// The Monday of ISO week 1 of `year`: the week that holds 4 January.
std::int64_t first_monday(int year) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-01-04", year);
  return monday_of(day_of_date(text).value_or(0));
}

}  // namespace

std::optional<std::int64_t> monday_of_iso_week(const std::string& text) {
  static const std::regex shape(R"(([0-9]{4})-W([0-9]{2}))");
  std::smatch m;
  if (!std::regex_match(text, m, shape)) return std::nullopt;
  int year = std::stoi(m[1]);
  int week = std::stoi(m[2]);
  if (year < 1971 || week < 1) return std::nullopt;
  auto monday = first_monday(year) + 7 * (week - 1);
  if (monday >= first_monday(year + 1)) return std::nullopt;  // week 53 of a 52-week year
  return monday;
}

std::string iso_week_of(std::int64_t day) {
  auto thursday = monday_of(day) + 3;  // its week belongs to the year of its Thursday
  int year = std::stoi(date_text(thursday, "%Y"));
  auto week = (monday_of(day) - first_monday(year)) / 7 + 1;
  char text[16];
  std::snprintf(text, sizeof text, "%04d-W%02d", year, static_cast<int>(week));
  return text;
}

namespace {

namespace json = boost::json;
using web::api::Answers;

json::value place(const std::optional<roster::Place>& p) {
  return p ? json::value(roster::place_name(*p)) : json::value(nullptr);
}

json::array texts(const std::vector<std::string>& lines) {
  json::array out;
  for (auto& line : lines) out.emplace_back(line);
  return out;
}

json::object week_json(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                       const Access& a) {
  json::array days;
  for (std::size_t d = 0; d < 5; ++d) {
    days.push_back(json::object{{"date", date_text(t.monday + static_cast<std::int64_t>(d))},
                                {"desks", t.week.desks[d]}});
  }
  json::array members;
  for (auto& m : t.members) {
    json::array row;
    for (std::size_t d = 0; d < 5; ++d) {
      row.push_back(json::object{
          {"works", bool(m.works[d])},
          {"mine", place(m.mine[d])},
          {"proposal", place(m.proposal[d])},
          {"plan", place(m.plan[d])},
          {"desk", m.desks[d].empty() ? json::value(nullptr) : json::value(m.desks[d])}});
    }
    json::array competences;
    for (auto& c : m.competences) competences.emplace_back(c);
    members.push_back(json::object{{"id", m.person_id},
                                   {"name", m.name},
                                   {"competences", std::move(competences)},
                                   {"fte_permille", m.fte_permille},
                                   {"days", std::move(row)}});
  }
  json::array appointments;
  for (auto& ap : t.appointments) {
    auto person = [&](std::int64_t id) { return id ? json::value(id) : json::value(nullptr); };
    appointments.push_back(
        json::object{{"id", ap.id},
                     {"date", date_text(ap.day)},
                     {"starts", clock_text(ap.starts)},
                     {"minutes", ap.minutes},
                     {"competence", ap.competence},
                     {"where", roster::where_name(ap.where)},
                     {"request", ap.request_reference.empty() ? json::value(nullptr)
                                                              : json::value(ap.request_reference)},
                     {"person", person(ap.person_id)},
                     {"proposed_person", person(ap.proposed_person_id)},
                     {"room", ap.room.empty() ? json::value(nullptr) : json::value(ap.room)}});
  }
  auto unmet = unmet_now(cat, lang, t);
  return json::object{
      {"team", json::object{{"code", t.team_code}, {"name", t.team_name}}},
      {"week", iso_week_of(t.monday)},
      {"office", t.office_id ? json::value(t.office_name) : json::value(nullptr)},
      {"max_home_days", t.week.policy.max_home_days},
      {"days", std::move(days)},
      {"members", std::move(members)},
      {"appointments", std::move(appointments)},
      {"has_proposal", t.has_proposal},
      {"unmet", texts(unmet.rows)},
      {"proposal_unmet", unmet.proposal ? json::value(texts(*unmet.proposal)) : nullptr},
      {"you", json::object{{"member", a.member}, {"may_plan", a.may_plan}}}};
}

http::Response week(store::Database& db, const Answers& answers, http::Request& request) {
  std::int64_t monday = monday_of(today());
  if (auto asked = http::field(request.query, "week")) {
    auto found = monday_of_iso_week(*asked);
    if (!found) return answers.error(request, 400, "api_bad_week", {}, "week");
    monday = *found;
  }
  const auto& actor = web::actor(request);  // before a connection is held
  auto lease = db.acquire();
  // Team, office and competence names in the caller's language, as the page.
  auto t =
      load_week(*lease, request.param("code").value_or(""), monday, web::visitor(request).lang);
  if (!t) return answers.error(request, 404, "week_unknown_team", {}, "code");
  auto a = access(actor, t->team_id);
  if (!a.may_plan) return answers.error(request, 403, "week_not_yours");
  return web::api::json(week_json(answers.site().catalogue(), web::visitor(request).lang, *t, a));
}

}  // namespace

void register_api(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/teams/{code}/week", week);
}

}  // namespace ploeg::weekplan
