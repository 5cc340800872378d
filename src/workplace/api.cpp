#include "workplace/api.hpp"

#include <boost/json.hpp>

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

// Whom the actor may book a desk for, or give one back for: themselves;
// coaches and administrators anyone.
bool may_book_for(const Actor& actor, std::int64_t person) {
  return (!actor.person.nobody() && person == actor.person.id) || actor.admin() || actor.coach();
}

// The person the request is for, if the actor (web::actor, asked before a
// connection is held) may book for them.
std::optional<http::Response> resolve(store::Connection& c, const Answers& answers,
                                      http::Request& request, const Actor& actor,
                                      const json::object& body, Who& who) {
  if (auto* p = body.if_contains("person")) {
    if (!p->is_int64()) return answers.error(request, 422, "api_desk_person_number", {}, "person");
    who.person = p->as_int64();
    if (!may_book_for(actor, who.person))
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
  auto result = db.transaction([&](store::Connection& c) {
    return book(c, r, ploeg::today(), booking_horizon(c), now_seconds());
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
  auto promoted = db.transaction(
      [&](store::Connection& c) { return release(c, who.person, office, *day, now_seconds()); });
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
  if (!may_book_for(actor, key->person_id))
    return answers.error(request, 403, "api_booking_not_yours", {}, "id");
  std::optional<std::vector<std::int64_t>> promoted;
  db.transaction([&](store::Connection& c) {
    auto office = office_booked(c, key->person_id, key->day);
    if (!office) return false;
    promoted = release(c, key->person_id, *office, key->day, now_seconds());
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
