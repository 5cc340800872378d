#include "workplace/api.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"
#include "web/api_answer.hpp"
#include "workplace/booking.hpp"
#include "workplace/places.hpp"

namespace ploeg::workplace {
namespace {

namespace json = boost::json;

using web::api::Answers;
using web::api::error_object;

struct Who {
  std::int64_t person = 0;
  std::optional<std::int64_t> team;
};

// The teams the person is a member of: whom a coach may book for.
std::vector<std::int64_t> teams_of(store::Connection& c, std::int64_t person) {
  std::vector<std::int64_t> out;
  for (auto& r : c.query("SELECT team_id FROM memberships WHERE person_id = $1", {person}).rows)
    out.push_back(r.integer(0));
  return out;
}

// Whom the actor may book a desk for, or give one back for: themselves; the
// members of a team they coach (the actor's coached teams, core/actor.hpp);
// administrators anyone. `teams`: the person's teams (teams_of).
bool may_book_for(const Actor& actor, std::int64_t person, const std::vector<std::int64_t>& teams) {
  if (actor.admin() || (!actor.person.nobody() && person == actor.person.id)) return true;
  return std::any_of(teams.begin(), teams.end(),
                     [&](std::int64_t team) { return actor.person.coaches(team); });
}

// The audit entry of a change to a person's desk, in the caller's transaction:
// who, for whom (their person id), the day, the office and the desk.
void audit_desk(store::Connection& c, const Actor& actor, const std::string& action,
                std::int64_t person, std::int64_t day, const std::string& office,
                const std::string& detail) {
  audit::append(
      c, {actor.name, action, "person:" + std::to_string(person),
          "day " + date_text(day) + ", office " + office + (detail.empty() ? "" : ", " + detail),
          actor.remote_address, actor.request_id});
}

// Who got a desk given back: "given to person:12, person:40"; "" nobody.
std::string given_to(const std::vector<std::int64_t>& promoted) {
  std::string out;
  for (auto p : promoted)
    out += (out.empty() ? "given to person:" : ", person:") + std::to_string(p);
  return out;
}

// The person the request is for, if the actor (web::actor, asked before a
// connection is held) may book for them.
std::optional<http::Response> resolve(store::Connection& c, const Answers& answers,
                                      http::Request& request, const Actor& actor,
                                      const json::object& body, Who& who) {
  if (auto* p = body.if_contains("person")) {
    if (!p->is_int64()) return answers.error(request, 422, "api_desk_person_number", {}, "person");
    who.person = p->as_int64();
    // Refused before saying whether the person exists: no one learns who does.
    if (!may_book_for(actor, who.person, teams_of(c, who.person)))
      return answers.error(request, 403, "api_desk_for_yourself", {}, "person");
    if (!organisation::sql::person_exists(c, who.person))
      return answers.error(request, 404, "api_desk_no_person", {}, "person");
  } else if (!actor.person.nobody()) {
    who.person = actor.person.id;
  } else {
    return answers.error(request, 422, "api_desk_not_linked", {}, "person");
  }
  who.team = organisation::sql::main_team(c, who.person);
  return std::nullopt;
}

// The offices, each named in the client's language (Accept-Language).
http::Response list_offices(store::Database& db, const Answers&, http::Request& request) {
  json::array list;
  auto lease = db.acquire();
  const auto& names = web::names(request, *lease);
  for (auto& o : offices(*lease)) {
    o.name = names.of(store::kinds::office, o.code, o.name);
    list.push_back(json::object{
        {"code", o.code}, {"name", o.name}, {"address", o.address}, {"desks", o.desks}});
  }
  return web::api::json(json::object{{"offices", list}});
}

http::Response post_booking(store::Database& db, const Answers& answers, http::Request& request) {
  auto read = answers.object(request, {"office", "day", "part", "desk", "person"});
  if (read.problem) return *read.problem;
  auto& body = read.object;
  auto text = [&](const char* key) -> std::string {
    auto* v = body.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
  };
  BookingRequest r;
  auto day = day_of_date(text("day"));
  if (!day) return answers.error(request, 422, "api_desk_bad_day", {}, "day");
  r.day = *day;
  auto part = part_named(text("part").empty() ? "day" : text("part"));
  if (!part) return answers.error(request, 422, "api_desk_bad_part", {}, "part");
  r.part = *part;
  std::string office_code = text("office");
  {
    const auto& actor = web::actor(request);
    auto lease = db.acquire();
    Who who;
    if (auto refused = resolve(*lease, answers, request, actor, body, who)) return *refused;
    r.person_id = who.person;
    r.team_id = who.team;
    auto office = office_id(*lease, office_code);
    if (!office)
      return answers.error(request, 422, "api_desk_no_office", {{"office", office_code}}, "office");
    r.office_id = *office;
    if (auto desk = text("desk"); !desk.empty()) {
      auto found = desk_id(*lease, desk);
      if (!found) return answers.error(request, 422, "api_desk_no_desk", {{"desk", desk}}, "desk");
      r.desk_id = *found;
    }
  }
  const auto& actor = web::actor(request);
  auto result = db.transaction([&](store::Connection& c) {
    auto booked = book(c, r, ploeg::today(), booking_horizon(c), now_seconds());
    if (booked.placement == Placement::booked)
      audit_desk(c, actor, "workplace.desk_booked", r.person_id, r.day, office_code,
                 "desk " + booked.desk->desk_code + ", " + part_name(r.part));
    else if (booked.placement == Placement::waiting)
      audit_desk(c, actor, "workplace.desk_waiting", r.person_id, r.day, office_code,
                 std::string(part_name(r.part)) + ", waiting position " +
                     std::to_string(booked.waiting_position));
    return booked;
  });
  if (!result.ok()) return answers.refusal(request, result);
  auto desk_json = [&](const Booked& b) {
    return json::object{{"id", booking_id(r.person_id, r.day)},
                        {"desk", b.desk_code},
                        {"zone", b.zone_name},
                        {"floor", b.floor_name},
                        {"neighbourhood", b.in_neighbourhood},
                        {"day", date_text(r.day)}};
  };
  if (result.placement != Placement::waiting) {
    auto o = desk_json(*result.desk);
    if (result.placement == Placement::already)
      o["already"] = true;
    else
      o["part"] = part_name(r.part);
    return web::api::json(o, result.placement == Placement::already ? 200 : 201);
  }
  auto message =
      answers.site().catalogue().format(web::visitor(request).lang, "api_desk_full",
                                        {{"office", office_code},
                                         {"day", date_text(r.day)},
                                         {"position", std::to_string(result.waiting_position)}});
  return web::api::json(json::object{{"error", error_object("full", message, std::nullopt)},
                                     {"waiting_position", result.waiting_position}},
                        409);
}

http::Response delete_booking(store::Database& db, const Answers& answers, http::Request& request) {
  auto office_code = http::field(request.query, "office").value_or("");
  auto day = day_of_date(http::field(request.query, "day").value_or(""));
  if (!day) return answers.error(request, 422, "api_desk_bad_day", {}, "day");
  Who who;
  std::int64_t office = 0;
  {
    const auto& actor = web::actor(request);
    auto lease = db.acquire();
    json::object body;
    if (auto p = http::field(request.query, "person")) {
      try {
        body["person"] = std::stoll(*p);
      } catch (const std::exception&) {
        return answers.error(request, 422, "api_desk_person_number", {}, "person");
      }
    }
    if (auto refused = resolve(*lease, answers, request, actor, body, who)) return *refused;
    auto found = office_id(*lease, office_code);
    if (!found)
      return answers.error(request, 422, "api_desk_no_office", {{"office", office_code}}, "office");
    office = *found;
  }
  const auto& actor = web::actor(request);
  auto promoted = db.transaction([&](store::Connection& c) {
    auto given = release(c, who.person, office, *day, now_seconds());
    audit_desk(c, actor, "workplace.desk_released", who.person, *day, office_code, given_to(given));
    return given;
  });
  json::array given;
  for (auto p : promoted) given.push_back(p);
  return web::api::json(json::object{{"released", true}, {"given_to", given}});
}

// DELETE /api/v1/desk-bookings/{id}: gives back the desk the POST answered
// with (both parts of the day); the first one waiting gets it. Whose it is
// decides who may, as for booking.
http::Response delete_booking_by_id(store::Database& db, const Answers& answers,
                                    http::Request& request) {
  auto id = request.param("id").value_or("");
  auto key = booking_key(id);
  if (!key) return answers.error(request, 404, "api_booking_unknown", {{"id", id}}, "id");
  const auto& actor = web::actor(request);
  if (!may_book_for(actor, key->person_id, teams_of(*db.acquire(), key->person_id)))
    return answers.error(request, 403, "api_booking_not_yours", {}, "id");
  std::optional<std::vector<std::int64_t>> promoted;
  db.transaction([&](store::Connection& c) {
    auto office = office_booked(c, key->person_id, key->day);
    if (!office) return false;
    promoted = release(c, key->person_id, *office, key->day, now_seconds());
    auto code = c.query("SELECT code FROM offices WHERE id = $1", {*office});
    audit_desk(c, actor, "workplace.desk_released", key->person_id, key->day,
               code.empty() ? "" : code.rows[0].text(0), given_to(*promoted));
    return true;
  });
  if (!promoted) return answers.error(request, 404, "api_booking_unknown", {{"id", id}}, "id");
  json::array given;
  for (auto p : *promoted) given.push_back(p);
  return web::api::json(json::object{{"released", true}, {"given_to", given}});
}

}  // namespace

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/offices", list_offices);
  web::api::add_route(router, db, site, "POST", "/api/v1/desk-bookings", post_booking);
  web::api::add_route(router, db, site, "DELETE", "/api/v1/desk-bookings", delete_booking);
  web::api::add_route(router, db, site, "DELETE", "/api/v1/desk-bookings/{id}",
                      delete_booking_by_id);
}

}  // namespace ploeg::workplace
