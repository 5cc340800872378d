#include "weekplan/pages.hpp"

#include <chrono>
#include <cstdio>

#include "core/clock.hpp"
#include "engines/roster/planner.hpp"
#include "organisation/editing.hpp"
#include "weekplan/calendar.hpp"
#include "weekplan/store.hpp"

namespace ploeg::weekplan {
namespace {

using roster::Place;

std::string date_text(std::int64_t day) {
  return utc_date(day * 86400);
}

std::int64_t week_asked(http::Request& request) {
  auto start = day_of_date(http::field(request.query, "start").value_or(""));
  return monday_of(start.value_or(now_seconds() / 86400));
}

struct Access {
  std::int64_t person = 0;  // the visitor's person, 0 none
  bool member = false, may_plan = false;
};

Access access(store::Connection& c, http::Request& request, std::int64_t team_id) {
  auto& v = web::visitor(request);
  Access a;
  if (v.user_id) {
    a.person = organisation::editing::person_of_account(c, *v.user_id).value_or(0);
  }
  a.member = a.person && !c.query("SELECT 1 FROM memberships WHERE team_id = $1 AND person_id = $2",
                                  {team_id, a.person})
                              .empty();
  bool coach =
      a.person &&
      !c.query("SELECT 1 FROM teams WHERE id = $1 AND coach_id = $2", {team_id, a.person}).empty();
  a.may_plan = a.member || coach || v.role == "admin";
  return a;
}

const Place choices[] = {Place::office, Place::home, Place::field, Place::off};

// What the rows leave unmet, in the visitor's language.
web::List unmet_texts(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                      const roster::Score& score) {
  auto day = [&](int d) { return cat.text(lang, "week_day_" + std::to_string(d)); };
  auto place = [&](Place p) {
    return cat.text(lang, std::string("week_place_") + roster::place_name(p));
  };
  auto competence = [&](const std::string& code) {
    auto found = t.competence_names.find(code);
    return found == t.competence_names.end() ? code : found->second;
  };
  auto name = [&](int m) { return t.members[static_cast<std::size_t>(m)].name; };
  // "at home", "in the office", "on field visits": where someone works, in a sentence.
  auto where = [&](Place p) {
    return cat.text(lang, std::string("week_at_") + roster::place_name(p));
  };
  std::vector<std::string> lines;
  for (auto& u : score.unmet) {
    if (u.kind == "rule") {
      std::string others;
      for (auto& h : u.holders) {
        auto key = "week_holder_" + h.reason;
        others += (others.empty() ? "" : ", ") + cat.format(lang, key,
                                                            {{"name", name(h.member)},
                                                             {"place", place(h.place)},
                                                             {"where", where(h.place)}});
      }
      lines.push_back(cat.format(
          lang, "week_unmet_rule",
          {{"day", day(u.day)},
           {"asked", std::to_string(u.asked)},
           {"present", std::to_string(u.present)},
           {"competence", competence(u.competence)},
           {"place", where(u.place)},
           {"others", others.empty() ? cat.text(lang, "week_nobody_else")
                                     : cat.format(lang, "week_others", {{"list", others}})}}));
    } else if (u.kind == "team_office_day") {
      lines.push_back(cat.format(
          lang, "week_unmet_team_day",
          {{"day", day(u.day)},
           {"name", name(u.member)},
           {"why", cat.format(lang, "week_why_" + u.reason,
                              {{"place", place(u.place)}, {"where", where(u.place)}})}}));
    } else {
      lines.push_back(cat.format(
          lang, "week_unmet_appointment",
          {{"day", day(u.day)}, {"id", u.appointment}, {"competence", competence(u.competence)}}));
    }
  }
  // Of the hard limits, the rows can only break the desks: too many want the office.
  for (int d = 0; d < 5; ++d) {
    int office = 0;
    for (auto& m : t.members)
      office += m.mine[static_cast<std::size_t>(d)].value_or(Place::office) == Place::office;
    if (office > t.week.desks[static_cast<std::size_t>(d)])
      lines.push_back(
          cat.format(lang, "week_unmet_desks",
                     {{"day", day(d)},
                      {"count", std::to_string(office)},
                      {"desks", std::to_string(t.week.desks[static_cast<std::size_t>(d)])}}));
  }
  return web::texts(lines);
}

web::Data grid(const web::Site& site, const std::string& lang, const TeamWeek& t, const Access& a,
               const roster::Score& mine_score) {
  auto& cat = site.catalogue();
  web::Data data;
  web::List days;
  for (int d = 0; d < 5; ++d) {
    web::Data day;
    day.set("name", cat.text(lang, "week_day_" + std::to_string(d)));
    day.set("date", date_text(t.monday + d));
    day.set("desks", std::to_string(t.week.desks[static_cast<std::size_t>(d)]));
    days.push_back(day);
  }
  data.set("days", days);
  auto place_text = [&](std::optional<Place> p) {
    return p ? cat.text(lang, std::string("week_place_") + roster::place_name(*p))
             : std::string("–");
  };
  web::List rows;
  for (std::size_t m = 0; m < t.members.size(); ++m) {
    auto& member = t.members[m];
    web::Data row;
    row.set("name", member.name);
    bool own = a.person == member.person_id;
    row.set("own", own);
    web::List cells;
    for (std::size_t d = 0; d < 5; ++d) {
      web::Data cell;
      cell.set("field", "day_" + std::to_string(d));
      cell.set("label", member.name + ", " + cat.text(lang, "week_day_" + std::to_string(d)));
      cell.set("mine", place_text(member.mine[d]));
      cell.set("proposal", place_text(member.proposal[d]));
      cell.set("plan", place_text(member.plan[d]));
      cell.set("desk", member.desks[d]);
      cell.set("has_desk", !member.desks[d].empty());
      cell.set("changed", t.has_proposal && member.proposal[d] != member.mine[d] && member.mine[d]);
      web::List options;
      web::Data none;
      none.set("value", "");
      none.set("text", cat.text(lang, "week_place_none"));
      none.set("selected", !member.mine[d]);
      options.push_back(none);
      for (Place p : choices) {
        web::Data o;
        o.set("value", roster::place_name(p));
        o.set("text", place_text(p));
        o.set("selected", member.mine[d] == p);
        options.push_back(o);
      }
      cell.set("options", options);
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  data.set("rows", rows);
  data.set("unmet", unmet_texts(cat, lang, t, mine_score));
  data.set("all_met", mine_score.unmet.empty() && mine_score.hard.empty());
  return data;
}

// The members' own rows as a plan: what is not filled in yet counts as office.
roster::Assignment rows_as_plan(const TeamWeek& t) {
  roster::Assignment a;
  for (auto& m : t.members) {
    std::vector<Place> row;
    for (auto& p : m.mine) row.push_back(p.value_or(Place::office));
    a.place.push_back(row);
  }
  a.appointment_member.assign(t.week.appointments.size(), -1);
  return a;
}

http::Response week_page(store::Database& db, web::Site& site, http::Request& request,
                         std::int64_t monday, const std::string& feed_url) {
  const auto& lang = web::visitor(request).lang;
  auto code = request.param("code").value_or("");
  web::Data data;
  {
    auto lease = db.acquire();
    auto t = load_week(*lease, code, monday);
    if (!t) return site.error(request, 404, "week_unknown_team");
    auto a = access(*lease, request, t->team_id);
    if (!a.may_plan) return site.error(request, 403, "week_not_yours");
    auto checked = roster::evaluate(t->week, rows_as_plan(*t));
    data = grid(site, lang, *t, a, checked);
    data.set("team_name", t->team_name);
    data.set("team_code", t->team_code);
    data.set("office_name", t->office_name);
    data.set("week_text", site.catalogue().format(lang, "week_of", {{"date", date_text(monday)}}));
    data.set("start", date_text(monday));
    data.set("previous", date_text(monday - 7));
    data.set("next", date_text(monday + 7));
    data.set("member", a.member);
    data.set("has_proposal", t->has_proposal);
    data.set("action", "/teams/" + http::url_encode(t->team_code) + "/week");
    data.set("max_home", std::to_string(t->week.policy.max_home_days));
    data.set("has_person", a.person != 0);
  }
  data.set("feed_url", feed_url);
  data.set("has_feed", !feed_url.empty());
  if (auto done = http::field(request.query, "done")) {
    if (*done == "saved" || *done == "proposed" || *done == "accepted")
      data.set("done_text", site.catalogue().text(lang, "week_done_" + *done));
  }
  if (auto missing = http::field(request.query, "no_desk"); missing && !missing->empty())
    data.set("no_desk_text", site.catalogue().format(lang, "week_no_desk", {{"who", *missing}}));
  return site.page(request, "weekplan/week", "title_week", data);
}

http::Response get_week(store::Database& db, web::Site& site, http::Request& request) {
  return week_page(db, site, request, week_asked(request), "");
}

// A new private calendar link for the visitor, shown once on the week page.
http::Response post_calendar(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto start = day_of_date(http::field(fields, "start").value_or(""));
  if (!start) return site.error(request, 400, "week_bad_form");
  std::string token;
  {
    auto lease = db.acquire();
    auto t = load_week(*lease, request.param("code").value_or(""), monday_of(*start));
    if (!t) return site.error(request, 404, "week_unknown_team");
    auto a = access(*lease, request, t->team_id);
    if (!a.may_plan || !a.person) return site.error(request, 403, "week_not_yours");
    token = new_calendar_token(*lease, a.person, now_seconds());
  }
  auto host = request.header("Host").value_or("127.0.0.1");
  return week_page(db, site, request, monday_of(*start),
                   "http://" + host + "/calendar/" + token + ".ics");
}

http::Response redirect_to(const TeamWeek& t, const std::string& done,
                           const std::string& extra = "") {
  return http::Response::redirect("/teams/" + http::url_encode(t.team_code) +
                                  "/week?start=" + date_text(t.monday) + "&done=" + done + extra);
}

http::Response post_mine(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto start = day_of_date(http::field(fields, "start").value_or(""));
  if (!start) return site.error(request, 400, "week_bad_form");
  auto code = request.param("code").value_or("");
  std::optional<TeamWeek> t;
  {
    auto lease = db.acquire();
    t = load_week(*lease, code, monday_of(*start));
    if (!t) return site.error(request, 404, "week_unknown_team");
    auto a = access(*lease, request, t->team_id);
    if (!a.member) return site.error(request, 403, "week_not_yours");
    // All the row or nothing: every day is read before any is saved.
    std::vector<std::optional<Place>> row;
    for (int d = 0; d < 5; ++d) {
      auto value = http::field(fields, "day_" + std::to_string(d)).value_or("");
      if (value.empty()) {
        row.push_back(std::nullopt);
        continue;
      }
      auto p = roster::place_named(value);
      if (!p) return site.error(request, 400, "week_bad_form");
      row.push_back(p);
    }
    int home = 0;
    for (auto& p : row) home += p == Place::home;
    if (home > t->week.policy.max_home_days)
      return site.error(request, 422, "week_too_many_home_days");
    auto person = a.person;
    db.transaction([&](store::Connection& c) {
      for (int d = 0; d < 5; ++d)
        save_mine(c, t->team_id, person, t->monday + d, row[static_cast<std::size_t>(d)]);
    });
  }
  return redirect_to(*t, "saved");
}

// The week a form posts to ("start"), for a visitor who may plan it; or the
// error page that says why not.
struct Posted {
  std::optional<TeamWeek> week;
  std::optional<http::Response> refused;
};
Posted posted_week(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto start = day_of_date(http::field(fields, "start").value_or(""));
  if (!start) return {std::nullopt, site.error(request, 400, "week_bad_form")};
  auto lease = db.acquire();
  auto t = load_week(*lease, request.param("code").value_or(""), monday_of(*start));
  if (!t) return {std::nullopt, site.error(request, 404, "week_unknown_team")};
  if (!access(*lease, request, t->team_id).may_plan)
    return {std::nullopt, site.error(request, 403, "week_not_yours")};
  return {std::move(t), std::nullopt};
}

http::Response post_propose(store::Database& db, web::Site& site, http::Request& request) {
  auto p = posted_week(db, site, request);
  if (p.refused) return *p.refused;
  auto plan = roster::propose(p.week->week);
  db.transaction([&](store::Connection& c) { save_proposal(c, *p.week, plan, now_seconds()); });
  return redirect_to(*p.week, "proposed");
}

http::Response post_accept(store::Database& db, web::Site& site, http::Request& request) {
  auto p = posted_week(db, site, request);
  if (p.refused) return *p.refused;
  if (!p.week->has_proposal) return site.error(request, 409, "week_no_proposal");
  auto without = accept(db, *p.week, now_seconds());
  std::string who;
  for (auto& w : without) who += (who.empty() ? "" : ", ") + w;
  return redirect_to(*p.week, "accepted", who.empty() ? "" : "&no_desk=" + http::url_encode(who));
}

}  // namespace

void register_pages(http::Router& router, store::Database& db, web::Site& site) {
  auto add = [&](const char* method, const char* pattern,
                 http::Response (*page)(store::Database&, web::Site&, http::Request&)) {
    router.add(method, pattern, "signed_in", site.guard([&db, &site, page](http::Request& request) {
      return page(db, site, request);
    }));
  };
  add("GET", "/teams/{code}/week", get_week);
  add("POST", "/teams/{code}/week/calendar", post_calendar);
  add("POST", "/teams/{code}/week/mine", post_mine);
  add("POST", "/teams/{code}/week/propose", post_propose);
  add("POST", "/teams/{code}/week/accept", post_accept);
  register_calendar(router, db, site);
}

}  // namespace ploeg::weekplan
