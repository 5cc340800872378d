#include "weekplan/pages.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "engines/roster/planner.hpp"
#include "jobs/pages.hpp"
#include "weekplan/appointment_pages.hpp"
#include "weekplan/calendar.hpp"
#include "weekplan/desk_pages.hpp"
#include "weekplan/page_support.hpp"
#include "weekplan/rules_pages.hpp"
#include "weekplan/store.hpp"
#include "weekplan/unmet_text.hpp"
#include "weekplan/work_days.hpp"

namespace ploeg::weekplan {
namespace {

using roster::Place;

std::int64_t week_asked(http::Request& request) {
  auto start = day_of_date(http::field(request.query, "start").value_or(""));
  return monday_of(start.value_or(today()));
}

const Place choices[] = {Place::office, Place::home, Place::field, Place::off};

// A member's row from a form's day_0 .. day_4 fields; nullopt when a value is
// not a place ("" leaves the day not filled in).
std::optional<std::vector<std::optional<Place>>> row_of(const http::Fields& fields) {
  std::vector<std::optional<Place>> row;
  for (int d = 0; d < 5; ++d) {
    auto value = http::field(fields, "day_" + std::to_string(d)).value_or("");
    if (value.empty()) {
      row.push_back(std::nullopt);
      continue;
    }
    auto p = roster::place_named(value);
    if (!p) return std::nullopt;
    row.push_back(p);
  }
  return row;
}

web::Data grid(const web::Site& site, const std::string& lang, const TeamWeek& t, const Access& a,
               const std::vector<DeskChoice>& own_desks, const web::Submitted& sent) {
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
    row.set("mine_errors", own ? sent.errors_of("mine", cat, lang) : web::Data(false));
    web::List cells;
    for (std::size_t d = 0; d < 5; ++d) {
      web::Data cell;
      cell.set("field", "day_" + std::to_string(d));
      cell.set("day", std::to_string(d));
      cell.set("label", member.name + ", " + cat.text(lang, "week_day_" + std::to_string(d)));
      cell.set("mine", place_text(member.mine[d]));
      cell.set("proposal", place_text(member.proposal[d]));
      cell.set("plan", place_text(member.plan[d]));
      cell.set("desk", member.desks[d]);
      cell.set("has_desk", !member.desks[d].empty());
      cell.set("changed", t.has_proposal && member.proposal[d] != member.mine[d] && member.mine[d]);
      cell.set("works", bool(member.works[d]));
      web::List options;
      options.push_back(option("", cat.text(lang, "week_place_none"), !member.mine[d]));
      for (Place p : choices) {
        options.push_back(option(roster::place_name(p), place_text(p), member.mine[d] == p));
      }
      cell.set("options", options);
      web::List given;
      for (auto& ap : t.appointments) {
        if (ap.person_id == member.person_id && ap.day == t.monday + static_cast<std::int64_t>(d))
          given.push_back(web::Data("text", clock_text(ap.starts) + " " +
                                                cat.text(lang, std::string("week_where_") +
                                                                   roster::where_name(ap.where))));
      }
      cell.set("appointments", given);
      if (own) desk_cell(cat, lang, own_desks[d], cell);
      cell.set("desk_errors",
               own ? sent.errors_of("desk-" + std::to_string(d), cat, lang) : web::Data(false));
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  data.set("rows", rows);
  return data;
}

// Where the alert of a page whose form came back takes the visitor.
std::string anchor_of(const web::Submitted& sent) {
  if (sent.form == "mine") return "week-caption";
  if (sent.form == "add") return "appointment-add-heading";
  if (sent.form == "days-off") return "days-off-heading";
  if (sent.form == "calendar") return "calendar-heading";
  auto dash = sent.form.find('-');
  auto kind = sent.form.substr(0, dash), which = sent.form.substr(dash + 1);
  if (kind == "move") return "mv-date-" + which;
  if (kind == "give") return "give-" + which;
  if (kind == "desk") return "desk-" + which;
  return "week-heading";
}

// The address of a calendar link: the configured public address, or the
// one the visitor asked by.
std::string feed_url_of(web::Site& site, http::Request& request, const std::string& token) {
  auto base = site.public_url();
  if (base.empty()) base = "http://" + request.header("Host").value_or("127.0.0.1");
  return base + "/calendar/" + token + ".ics";
}

// The calendar box: the visitor's own link (never another person's), or why
// it is gone; and the form to make one or, confirmed, to replace it.
void calendar_data(web::Site& site, http::Request& request, const std::optional<CalendarLink>& link,
                   const web::Submitted& sent, web::Data& data) {
  const auto& lang = web::visitor(request).lang;
  bool works = link && !link->ended;
  data.set("has_feed", works && !link->token.empty());
  if (works && !link->token.empty()) data.set("feed_url", feed_url_of(site, request, link->token));
  data.set("feed_hidden", works && link->token.empty());
  data.set("feed_ended", link && link->ended);
  data.set("feed_replace", works);  // replacing ends a working link: asked to confirm
  data.set("calendar_errors", sent.errors_of("calendar", site.catalogue(), lang));
}

// The team's proposal job for this week, while it runs (whoever started it),
// and how it ended when the page was opened from it (?job=ID).
void proposal_job_data(const web::Catalogue& cat, const std::string& lang, store::Connection& c,
                       const TeamWeek& t, http::Request& request, web::Data& data) {
  auto job = jobs::latest(c, proposal_job, "team:" + t.team_code);
  auto opened_from = web::positive_number(http::field(request.query, "job"));
  if (!job || job->about != date_text(t.monday)) return;
  if (!job->active() && opened_from != job->id) return;
  if (!job->active() && job->status == "done") {  // the proposal shows itself
    data.set("done_text", cat.text(lang, "week_done_proposed"));
    return;
  }
  auto shown = jobs::shown(cat, lang, *job);
  data.set("job", jobs::data_of(shown, "/teams/" + http::url_encode(t.team_code) +
                                           "/week?start=" + date_text(t.monday) +
                                           "&job=" + std::to_string(job->id)));
  data.set("proposing", shown.active);  // one proposal at a time: the button waits
}

}  // namespace

http::Response week_page(store::Database& db, web::Site& site, http::Request& request,
                         std::int64_t monday, const web::Submitted& sent) {
  const auto& lang = web::visitor(request).lang;
  auto& cat = site.catalogue();
  auto code = request.param("code").value_or("");
  web::Data data;
  {
    const auto& actor = web::actor(request);  // before a connection is held
    auto lease = db.acquire();
    auto t = load_week(*lease, code, monday, web::visitor(request).lang);
    if (!t) return site.error(request, 404, "week_unknown_team");
    auto a = access(actor, t->team_id);
    if (!a.may_plan) return site.error(request, 403, "week_not_yours");
    int own = member_index(*t, a.person);
    // The row as sent stays in the form, and the rules box speaks of it.
    if (auto row = row_of(sent.values); own >= 0 && sent.is("mine") && row) {
      auto& me = t->members[static_cast<std::size_t>(own)];
      for (std::size_t d = 0; d < 5; ++d) me.mine[d] = me.works[d] ? (*row)[d] : std::nullopt;
    }
    data = grid(site, lang, *t, a,
                desk_choices(*lease, *t, a.person, today(), web::names(request, *lease)), sent);
    auto unmet = unmet_now(cat, lang, *t);
    data.set("unmet", web::texts(unmet.rows));
    data.set("all_met", unmet.rows.empty());
    if (unmet.proposal) {
      data.set("proposal_unmet", web::texts(*unmet.proposal));
      data.set("proposal_leaves", !unmet.proposal->empty());
    }
    data.set("appointments", appointments_data(cat, lang, *t, a, sent));
    data.set("team_name", t->team_name);
    data.set("team_code", t->team_code);
    data.set("office_name", t->office_name);
    data.set("week_text", cat.format(lang, "week_of", {{"date", date_text(monday)}}));
    data.set("start", date_text(monday));
    data.set("previous", date_text(monday - 7));
    data.set("next", date_text(monday + 7));
    data.set("member", a.member);
    data.set("has_proposal", t->has_proposal);
    data.set("action", "/teams/" + http::url_encode(t->team_code) + "/week");
    data.set("max_home", std::to_string(t->week.policy.max_home_days));
    data.set("has_person", a.person != 0);
    if (own >= 0) {
      auto& me = t->members[static_cast<std::size_t>(own)];
      web::List days_off;
      int working = 0;
      auto sent_off = sent.all("days-off", "off");
      for (int d = 0; d < 5; ++d) {
        bool works = me.works[static_cast<std::size_t>(d)];
        working += works ? 1 : 0;
        bool off = sent.is("days-off") ? std::find(sent_off.begin(), sent_off.end(),
                                                   std::to_string(d)) != sent_off.end()
                                       : !works;
        days_off.push_back(
            option(std::to_string(d), cat.text(lang, "week_day_" + std::to_string(d)), off));
      }
      data.set("days_off", days_off);
      data.set("days_off_errors", sent.errors_of("days-off", cat, lang));
      auto contract = contract_hint(cat, lang, me.fte_permille, working);
      data.set("contract_text", contract.text);
      data.set("contract_differs", contract.differs);
    }
    data.set("is_admin", web::actor(request).admin());  // the policy is theirs to change
    proposal_job_data(site.catalogue(), lang, *lease, *t, request, data);
    if (a.person) calendar_data(site, request, calendar_link(*lease, a.person), sent, data);
  }
  data.set("refused", sent.alert(anchor_of(sent), cat, lang));
  if (auto done = http::field(request.query, "done")) {
    for (auto* known : {"saved", "proposed", "propose_busy", "accepted", "appointment_added",
                        "appointment_given", "appointment_removed", "appointment_moved",
                        "appointment_moved_no_room", "desk_taken", "days_off", "calendar_made"}) {
      if (*done == known) data.set("done_text", cat.text(lang, std::string("week_done_") + known));
    }
  }
  if (auto missing = http::field(request.query, "no_desk"); missing && !missing->empty())
    data.set("no_desk_text", cat.format(lang, "week_no_desk", {{"who", *missing}}));
  // How many appointments found no room: a count, which picks the sentence's form.
  if (auto rooms = http::field(request.query, "no_room");
      rooms && !rooms->empty() && rooms->size() < 6 &&
      std::all_of(rooms->begin(), rooms->end(), [](char c) { return c >= '0' && c <= '9'; }))
    data.set("no_room_text", cat.format(lang, "week_no_room", {}, std::stoll(*rooms)));
  return site.page(request, "weekplan/week", "title_week", data, sent.page_status());
}

namespace {

http::Response get_week(store::Database& db, web::Site& site, http::Request& request) {
  return week_page(db, site, request, week_asked(request));
}

// The rules as they would stand with the visitor's row as in the form, not
// yet saved: the week page asks this while a member fills in their row.
http::Response get_check(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& actor = web::actor(request);  // before a connection is held
  auto lease = db.acquire();
  auto t = load_week(*lease, request.param("code").value_or(""), week_asked(request), lang);
  if (!t) return site.error(request, 404, "week_unknown_team");
  auto a = access(actor, t->team_id);
  if (!a.may_plan) return site.error(request, 403, "week_not_yours");
  auto row = row_of(request.query);
  if (!row) return site.error(request, 400, "week_bad_form");
  int own = member_index(*t, a.person);
  if (own >= 0) {
    auto& m = t->members[static_cast<std::size_t>(own)];
    m.mine = *row;
  }
  auto rows = rows_as_plan(*t);
  auto unmet =
      unmet_texts(site.catalogue(), lang, *t, rows, roster::evaluate(t->week, rows), Checked::rows);
  boost::json::array lines;
  for (auto& u : unmet) lines.emplace_back(u);
  auto response = http::Response::json(
      boost::json::serialize(boost::json::object{{"all_met", unmet.empty()}, {"unmet", lines}}));
  response.set_header("Cache-Control", "no-store");
  return response;
}

// A new private calendar link for the visitor; the week page shows it from
// then on (POST, then a redirect: a reload never makes another). Replacing a
// working link ends it, so the form must say so ("replace").
http::Response post_calendar(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  if (!p.access.person) return site.error(request, 403, "week_not_yours");
  const auto& actor = web::actor(request);
  bool confirmed = http::field(fields, "replace").value_or("") == "yes";
  bool unconfirmed = false;
  db.transaction([&](store::Connection& c) {
    auto had = calendar_link(c, p.access.person);
    bool replaces = had && !had->ended;
    if (replaces && !confirmed) {
      unconfirmed = true;
      return;
    }
    new_calendar_token(c, p.access.person, now_seconds());  // the token is never logged
    audit_week(c, actor, "weekplan.calendar_link", "person:" + std::to_string(p.access.person),
               replaces ? "replaced; the old link ended"
               : had    ? "made; the old link had ended with a new password"
                        : "made");
  });
  if (unconfirmed) {
    return week_page(db, site, request, p.week->monday,
                     {"calendar", fields,
                      FieldError{"replace", "week_calendar_confirm",
                                 "tick the box to end the current link and make a new one"}});
  }
  return redirect_to(*p.week, "calendar_made");
}

http::Response post_mine(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  if (!p.access.member) return site.error(request, 403, "week_not_yours");
  // All the row or nothing: every day is read before any is saved.
  auto row = row_of(fields);
  if (!row) return site.error(request, 400, "week_bad_form");
  int own = member_index(*p.week, p.access.person);
  auto& works = p.week->members[static_cast<std::size_t>(own)].works;
  for (std::size_t d = 0; d < 5; ++d) {
    if (!works[d]) (*row)[d] = std::nullopt;  // not a working day of theirs: nothing to choose
  }
  int home = 0;
  for (auto& place : *row) home += place == Place::home;
  if (int allowed = p.week->week.policy.max_home_days; home > allowed) {
    return week_page(db, site, request, p.week->monday,
                     {"mine", fields,
                      FieldError{"row",
                                 "week_too_many_home_days",
                                 "more home days than the policy allows",
                                 {{"max", std::to_string(allowed)}}}});
  }
  auto& t = *p.week;
  db.transaction([&](store::Connection& c) {
    for (int d = 0; d < 5; ++d)
      save_mine(c, t.team_id, p.access.person, t.monday + d, (*row)[static_cast<std::size_t>(d)]);
  });
  return redirect_to(t, "saved");
}

// The proposal is long work (the planner's CBC): a job on the job pool
// (jobs/jobs.hpp), one per team at a time. The page follows it and shows the
// proposal when it is stored; a cancelled one stores nothing.
http::Response post_propose(store::Database& db, web::Site& site, jobs::Runner& runner,
                            http::Request& request) {
  auto p = posted_week(db, site, request, http::parse_fields(request.body));
  if (p.refused) return *p.refused;
  const auto& actor = web::actor(request);
  auto started = runner.start(
      actor, proposal_job, "team:" + p.week->team_code, date_text(p.week->monday),
      std::chrono::seconds(60), [week = *p.week, actor](jobs::Context& context) -> jobs::Finish {
        context.progress(0.1, "proposing the week");
        roster::ProposeOptions options;
        options.seconds = std::min(1.0, context.seconds_left() / 2);
        auto plan = roster::propose(week.week, options);
        jobs::Finish done;
        done.store = [week, actor, plan](store::Connection& c) {
          save_proposal(c, week, plan, now_seconds());
          audit_week(c, actor, "weekplan.proposed", "team:" + week.team_code,
                     "week of " + date_text(week.monday));
        };
        return done;
      });
  return redirect_to(*p.week, started.busy ? "propose_busy" : "proposing",
                     "&job=" + std::to_string(started.job.id));
}

http::Response post_accept(store::Database& db, web::Site& site, http::Request& request) {
  auto p = posted_week(db, site, request, http::parse_fields(request.body));
  if (p.refused) return *p.refused;
  if (!p.week->has_proposal) return site.error(request, 409, "week_no_proposal");
  // One transaction: the plan, the appointments and the desks, or none of them.
  const auto& actor = web::actor(request);
  auto accepted = db.transaction([&](store::Connection& c) {
    auto done = accept(c, *p.week, now_seconds());
    // After the desks: the audit log's lock is taken last (audit::append).
    auto& t = *p.week;
    audit_week(c, actor, "weekplan.accepted", "team:" + t.team_code,
               "week of " + date_text(t.monday) + ", " + std::to_string(done.without_desk.size()) +
                   " without a desk, " + std::to_string(done.without_room.size()) +
                   " appointments without a room");
    auto office = c.query("SELECT code FROM offices WHERE id = $1", {t.office_id});
    auto office_code = office.empty() ? "" : office.rows[0].text(0);
    for (auto& d : done.desks) {
      std::string given;
      for (auto g : d.given_to) given += ", given to person:" + std::to_string(g);
      audit_week(c, actor, d.desk.empty() ? "workplace.desk_released" : "workplace.desk_booked",
                 "person:" + std::to_string(d.person_id),
                 "day " + date_text(d.day) + ", office " + office_code +
                     (d.desk.empty() ? "" : ", desk " + d.desk) + ", team " + t.team_code +
                     ", week accepted" + given);
    }
    return done;
  });
  std::string extra, who;
  for (auto& w : accepted.without_desk) who += (who.empty() ? "" : ", ") + w;
  if (!who.empty()) extra += "&no_desk=" + http::url_encode(who);
  if (!accepted.without_room.empty())
    extra += "&no_room=" + std::to_string(accepted.without_room.size());
  return redirect_to(*p.week, "accepted", extra);
}

}  // namespace

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    jobs::Runner& runner) {
  // Who follows a team's proposal: whoever may plan its week.
  runner.define_kind(
      proposal_job, [](store::Connection& c, const Actor& actor, const std::string& scope) {
        auto team = c.query("SELECT id FROM teams WHERE 'team:' || code = $1", {scope});
        return !team.empty() && access(actor, team.rows[0].integer(0)).may_plan;
      });
  auto add = [&](const char* method, const char* pattern,
                 http::Response (*page)(store::Database&, web::Site&, http::Request&)) {
    router.add(method, pattern, "signed_in", site.guard([&db, &site, page](http::Request& request) {
      return page(db, site, request);
    }));
  };
  add("GET", "/teams/{code}/week", get_week);
  add("GET", "/teams/{code}/week/check", get_check);
  add("POST", "/teams/{code}/week/calendar", post_calendar);
  add("POST", "/teams/{code}/week/mine", post_mine);
  router.add("POST", "/teams/{code}/week/propose", "signed_in",
             site.guard([&db, &site, &runner](http::Request& request) {
               return post_propose(db, site, runner, request);
             }));
  add("POST", "/teams/{code}/week/accept", post_accept);
  register_appointment_pages(router, db, site);
  register_desk_pages(router, db, site);
  register_rules_pages(router, db, site);
  register_work_days_pages(router, db, site);
  register_calendar(router, db, site);
}

}  // namespace ploeg::weekplan
