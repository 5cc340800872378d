#include "weekplan/appointment_pages.hpp"

#include <set>

#include "core/clock.hpp"
#include "web/outcome.hpp"
#include "weekplan/page_support.hpp"
#include "weekplan/pages.hpp"
#include "weekplan/unmet_text.hpp"

namespace ploeg::weekplan {
namespace {

const roster::Where wheres[] = {roster::Where::office, roster::Where::home_visit,
                                roster::Where::video};

std::string member_name(const TeamWeek& t, std::int64_t person_id) {
  int m = member_index(t, person_id);
  return m < 0 ? std::string() : t.members[static_cast<std::size_t>(m)].name;
}

web::List place_options(const web::Catalogue& cat, const std::string& lang,
                        const std::string& chosen = "") {
  web::List places;
  for (auto w : wheres) {
    places.push_back(option(roster::where_name(w),
                            cat.text(lang, std::string("week_where_") + roster::where_name(w)),
                            chosen == roster::where_name(w)));
  }
  return places;
}

// The time, length and place a form asks for on `day`; or the field and the
// catalogue key of what to change (with its status).
struct SlotAsked {
  Slot slot;
  int status = 0;  // 0: fine
  FieldError refused;
};
SlotAsked slot_asked(const http::Fields& fields, std::int64_t day, const char* day_field) {
  SlotAsked out;
  auto refuse = [&](int status, const char* field, const char* key, const char* message) {
    out.status = status;
    out.refused = {field, key, message};
    return out;
  };
  out.slot.day = day;
  auto starts = clock_minutes(http::field(fields, "time").value_or(""));
  if (!starts) return refuse(422, "time", "week_appointment_bad_time", "time is not HH:MM");
  out.slot.starts = *starts;
  // Without the field, the usual hour.
  auto minutes = http::field(fields, "minutes") ? number_field(fields, "minutes", 15, 240) : 60;
  if (!minutes)
    return refuse(422, "minutes", "week_appointment_bad_minutes", "minutes not in 15..240");
  out.slot.minutes = *minutes;
  auto where = roster::where_named(http::field(fields, "where").value_or(""));
  if (!where) return refuse(400, "where", "week_bad_form", "no such place");
  out.slot.where = *where;
  if (day < today()) return refuse(422, day_field, "week_appointment_past", "the day is past");
  return out;
}

}  // namespace

web::Data appointments_data(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                            const Access& a, const web::Submitted& sent) {
  web::Data out;
  web::List rows;
  for (auto& ap : t.appointments) {
    web::Data row;
    row.set("id", std::to_string(ap.id));
    row.set("label", appointment_label(cat, lang, t, ap));
    row.set("minutes", std::to_string(ap.minutes));
    row.set("request", ap.request_reference);
    row.set("has_request", !ap.request_reference.empty());
    row.set("given", ap.person_id ? member_name(t, ap.person_id) : cat.text(lang, "week_nobody"));
    row.set("proposed", member_name(t, ap.proposed_person_id));
    row.set("has_proposed", t.has_proposal && ap.proposed_person_id != 0);
    row.set("room", ap.room);
    row.set("has_room", !ap.room.empty());
    auto give = "give-" + std::to_string(ap.id);
    auto given = sent.value(give, "person", std::to_string(ap.person_id));
    web::List options;
    options.push_back(option("0", cat.text(lang, "week_nobody"), given == "0"));
    for (std::size_t m = 0; m < t.members.size(); ++m) {
      if (!t.week.members[m].holds(ap.competence)) continue;
      auto person = std::to_string(t.members[m].person_id);
      options.push_back(option(person, t.members[m].name, person == given));
    }
    row.set("options", options);
    row.set("given_label", cat.format(lang, "week_appointment_give_label",
                                      {{"appointment", appointment_label(cat, lang, t, ap)}}));
    row.set("give_errors", sent.errors_of(give, cat, lang));
    // The move form starts from where the appointment is, or from what was sent.
    auto move = "move-" + std::to_string(ap.id);
    row.set("date", sent.value(move, "date", date_text(ap.day)));
    row.set("time", sent.value(move, "time", clock_text(ap.starts)));
    row.set("move_minutes", sent.value(move, "minutes", std::to_string(ap.minutes)));
    row.set("places",
            place_options(cat, lang, sent.value(move, "where", roster::where_name(ap.where))));
    row.set("move_open", sent.is(move));
    row.set("move_errors", sent.errors_of(move, cat, lang));
    rows.push_back(row);
  }
  out.set("rows", rows);
  out.set("any", !t.appointments.empty());
  out.set("may_plan", a.may_plan);
  // The form: the week's days, the competences the team holds, the places.
  // The form to add one, with what was sent when it came back.
  auto day = sent.value("add", "day", "");
  web::List days;
  for (int d = 0; d < 5; ++d) {
    days.push_back(
        option(std::to_string(d),
               cat.text(lang, "week_day_" + std::to_string(d)) + " " + date_text(t.monday + d),
               day == std::to_string(d)));
  }
  out.set("days", days);
  std::set<std::string> held;
  for (auto& m : t.week.members) held.insert(m.competences.begin(), m.competences.end());
  auto competence = sent.value("add", "competence", "");
  web::List competences;
  for (auto& code : held) {
    auto name = t.competence_names.find(code);
    competences.push_back(
        option(code, name == t.competence_names.end() ? code : name->second, code == competence));
  }
  out.set("competences", competences);
  out.set("places", place_options(cat, lang, sent.value("add", "where", "")));
  out.set("add_time", sent.value("add", "time", "09:00"));
  out.set("add_minutes", sent.value("add", "minutes", "60"));
  out.set("add_request", sent.value("add", "request", ""));
  out.set("add_errors", sent.errors_of("add", cat, lang));
  out.set("today", date_text(today()));
  return out;
}

namespace {

http::Response post_add(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  auto& t = *p.week;
  auto d = weekday_of(http::field(fields, "day").value_or(""));
  if (!d) return site.error(request, 400, "week_bad_form");
  auto asked = slot_asked(fields, t.monday + *d, "day");
  if (asked.status == 400) return site.error(request, 400, asked.refused.key);
  if (asked.status) return week_page(db, site, request, t.monday, {"add", fields, asked.refused});
  NewAppointment a;
  a.team_id = t.team_id;
  a.day = asked.slot.day;
  a.starts = asked.slot.starts;
  a.minutes = asked.slot.minutes;
  a.where = asked.slot.where;
  a.competence = http::field(fields, "competence").value_or("");
  a.request_reference = http::field(fields, "request").value_or("");
  const auto& actor = web::actor(request);
  auto added = db.transaction([&](store::Connection& c) {
    auto made = add_appointment(c, a, now_seconds());
    if (made)
      audit_week(c, actor, "weekplan.appointment_added", "team:" + t.team_code,
                 "appointment " + std::to_string(made.id) + ", day " + date_text(a.day) + " " +
                     clock_text(a.starts) + ", " + std::to_string(a.minutes) + " minutes, " +
                     roster::where_name(a.where) + ", competence " + a.competence);
    return made;
  });
  if (!added) return week_page(db, site, request, t.monday, web::submitted("add", fields, added));
  return redirect_to(t, "appointment_added");
}

http::Response post_give(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  auto id = id_field(fields, "appointment");
  auto person = id_field(fields, "person");
  if (!id || !person) return site.error(request, 400, "week_bad_form");
  const auto& actor = web::actor(request);
  auto given = db.transaction([&](store::Connection& c) {
    auto done = assign_appointment(c, p.week->team_id, *id, *person);
    if (done)
      audit_week(c, actor, "weekplan.appointment_given", "team:" + p.week->team_code,
                 "appointment " + std::to_string(*id) + " to " +
                     (*person ? "person:" + std::to_string(*person) : std::string("nobody")));
    return done;
  });
  if (!given) {
    return week_page(db, site, request, p.week->monday,
                     web::submitted("give-" + std::to_string(*id), fields, given));
  }
  return redirect_to(*p.week, "appointment_given");
}

// The citizen asked for another day, time or place: the appointment moves,
// within the week or to another one, and the week it moved to is shown.
http::Response post_move(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  auto id = id_field(fields, "appointment");
  if (!id) return site.error(request, 400, "week_bad_form");
  auto& t = *p.week;
  auto form = "move-" + std::to_string(*id);
  auto refuse = [&](FieldError error) {
    return week_page(db, site, request, t.monday, {form, fields, std::move(error)});
  };
  auto day = day_of_date(http::field(fields, "date").value_or(""));
  if (!day) return refuse({"date", "week_appointment_bad_date", "date is not YYYY-MM-DD"});
  if (*day - monday_of(*day) >= 5)
    return refuse({"date", "week_appointment_weekend", "the day is in the weekend"});
  auto asked = slot_asked(fields, *day, "date");
  if (asked.status == 400) return site.error(request, 400, asked.refused.key);
  if (asked.status) return refuse(asked.refused);
  const auto& actor = web::actor(request);
  auto moved = db.transaction([&](store::Connection& c) {
    auto done = move_appointment(c, t.team_id, t.office_id, *id, asked.slot);
    if (done)
      audit_week(c, actor, "weekplan.appointment_moved", "team:" + t.team_code,
                 "appointment " + std::to_string(*id) + " to day " + date_text(asked.slot.day) +
                     " " + clock_text(asked.slot.starts) + ", " +
                     std::to_string(asked.slot.minutes) + " minutes, " +
                     roster::where_name(asked.slot.where));
    return done;
  });
  if (!moved) return week_page(db, site, request, t.monday, web::submitted(form, fields, moved));
  return redirect_to(t.team_code, monday_of(*day),
                     moved.room_lost ? "appointment_moved_no_room" : "appointment_moved");
}

http::Response post_remove(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto p = posted_week(db, site, request, fields);
  if (p.refused) return *p.refused;
  auto id = id_field(fields, "appointment");
  if (!id) return site.error(request, 400, "week_bad_form");
  const auto& actor = web::actor(request);
  bool removed = db.transaction([&](store::Connection& c) {
    bool done = delete_appointment(c, p.week->team_id, *id);
    if (done)
      audit_week(c, actor, "weekplan.appointment_removed", "team:" + p.week->team_code,
                 "appointment " + std::to_string(*id));
    return done;
  });
  if (!removed) return site.error(request, 404, "week_appointment_unknown");
  return redirect_to(*p.week, "appointment_removed");
}

}  // namespace

void register_appointment_pages(http::Router& router, store::Database& db, web::Site& site) {
  auto add = [&](const char* pattern,
                 http::Response (*page)(store::Database&, web::Site&, http::Request&)) {
    router.add("POST", pattern, "signed_in", site.guard([&db, &site, page](http::Request& request) {
      return page(db, site, request);
    }));
  };
  add("/teams/{code}/week/appointments", post_add);
  add("/teams/{code}/week/appointments/give", post_give);
  add("/teams/{code}/week/appointments/move", post_move);
  add("/teams/{code}/week/appointments/remove", post_remove);
}

}  // namespace ploeg::weekplan
