#include "weekplan/desk_pages.hpp"

#include "core/clock.hpp"
#include "store/names.hpp"
#include "web/outcome.hpp"
#include "weekplan/page_support.hpp"
#include "weekplan/pages.hpp"

namespace ploeg::weekplan {

std::vector<DeskChoice> desk_choices(store::Connection& c, const TeamWeek& t,
                                     std::int64_t person_id, std::int64_t today,
                                     const store::Names& names) {
  std::vector<DeskChoice> out(5);
  int m = member_index(t, person_id);
  if (m < 0 || !t.office_id) return out;
  auto& member = t.members[static_cast<std::size_t>(m)];
  for (std::size_t d = 0; d < 5; ++d) {
    std::int64_t day = t.monday + static_cast<std::int64_t>(d);
    if (member.plan[d] != roster::Place::office || day < today) continue;
    out[d].may_choose = true;
    out[d].waiting = workplace::waiting_position(c, t.office_id, day, person_id);
    out[d].free = workplace::free_desks(c, t.office_id, day, t.team_id);
    // A desk's neighbourhood (a team's) and features ("adjustable second_screen")
    // as the visitor reads them.
    for (auto& f : out[d].free) {
      if (!f.zone_team.empty()) f.zone = names.of(store::kinds::team, f.zone_team, f.zone);
      std::string named, code;
      for (std::size_t i = 0; i <= f.features.size(); ++i) {
        char ch = i < f.features.size() ? f.features[i] : ' ';
        if (ch != ' ' && ch != ',') {
          code += ch;
          continue;
        }
        if (code.empty()) continue;
        if (!named.empty()) named += ", ";
        named += names.of(store::kinds::desk_feature, code, code);
        code.clear();
      }
      f.features = named;
    }
  }
  return out;
}

void desk_cell(const web::Catalogue& cat, const std::string& lang, const DeskChoice& choice,
               web::Data& cell) {
  cell.set("desk_choice", choice.may_choose);
  if (!choice.may_choose) return;
  if (choice.waiting)
    cell.set("waiting_text",
             cat.format(lang, "week_desk_waiting", {{"position", std::to_string(choice.waiting)}}));
  web::List options;
  for (auto& f : choice.free) {
    std::string text = f.code + " · " + f.zone;
    if (!f.features.empty()) text += " · " + f.features;
    options.push_back(option(std::to_string(f.id), text));
  }
  cell.set("has_free_desks", !choice.free.empty());
  cell.set("desk_options", options);
}

namespace {

// The visitor moves to a desk they picked for an office day of their plan.
http::Response post_desk(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  auto& t = *p.week;
  int m = member_index(t, p.access.person);
  if (m < 0) return site.error(request, 403, "week_not_yours");
  auto d = weekday_of(http::field(fields, "day").value_or(""));
  auto desk = id_field(fields, "desk");
  if (!d || !desk) return site.error(request, 400, "week_bad_form");
  auto index = static_cast<std::size_t>(*d);
  std::int64_t day = t.monday + static_cast<std::int64_t>(index);
  // The week again, the problem next to the day's desk (or, when the day has
  // no desk to choose, at the top).
  auto refuse = [&](const char* field, const std::string& key, int status) {
    return week_page(db, site, request, t.monday,
                     {"desk-" + std::to_string(index),
                      fields,
                      {field, key, site.catalogue().text("en", key)},
                      status});
  };
  if (t.members[static_cast<std::size_t>(m)].plan[index] != roster::Place::office)
    return refuse("form", "week_desk_not_office", 422);
  std::int64_t today = ploeg::today();
  int horizon = workplace::booking_horizon(*db.acquire());
  if (day < today) return refuse("form", "week_desk_outside_horizon", 422);
  if (day > today + horizon) return refuse("desk", "week_desk_outside_horizon", 422);
  const auto& actor = web::actor(request);
  auto refused = db.transaction([&](store::Connection& c) {
    auto moved =
        workplace::move_to_desk(c, p.access.person, t.office_id, day, *desk, now_seconds());
    if (moved) {
      auto code = c.query(
          "SELECT d.code, o.code FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON "
          "f.id = z.floor_id JOIN offices o ON o.id = f.office_id WHERE d.id = $1",
          {*desk});
      audit_week(c, actor, "workplace.desk_moved", "person:" + std::to_string(p.access.person),
                 "day " + date_text(day) + ", office " + code.rows.at(0).text(1) + ", desk " +
                     code.rows.at(0).text(0) + ", team " + t.team_code);
    }
    return moved;
  });
  if (!refused) return refuse("desk", refused.first_key(), web::status_of(refused));
  return redirect_to(t, "desk_taken");
}

}  // namespace

void register_desk_pages(http::Router& router, store::Database& db, web::Site& site) {
  router.add(
      "POST", "/teams/{code}/week/desk", "signed_in",
      site.guard([&db, &site](http::Request& request) { return post_desk(db, site, request); }));
}

}  // namespace ploeg::weekplan
