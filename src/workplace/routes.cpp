#include "workplace/routes.hpp"

#include <boost/json.hpp>

#include <chrono>

#include "core/clock.hpp"
#include "store/names.hpp"
#include "web/api_answer.hpp"
#include "workplace/booking.hpp"

namespace ploeg::workplace {
namespace {

namespace json = boost::json;

using web::api::error;
using web::api::error_object;

struct Who {
  std::int64_t person = 0;
  std::optional<std::int64_t> team;
};

// The person the request is for, if the visitor (`me`: web::person, asked
// before a connection is held) may book for them.
std::optional<http::Response> resolve(store::Connection& c, http::Request& request,
                                      const web::Person& me, const json::object& body, Who& who) {
  auto& v = web::visitor(request);
  std::optional<std::int64_t> own;
  if (!me.nobody()) own = me.id;
  if (auto* p = body.if_contains("person")) {
    if (!p->is_int64()) return error(422, "invalid", "person is a person's number", "person");
    who.person = p->as_int64();
    if (who.person != own.value_or(0) && v.role != "admin" && v.role != "coach")
      return error(403, "forbidden", "You may book a desk for yourself only.", "person");
    if (c.query("SELECT 1 FROM people WHERE id = $1", {who.person}).empty())
      return error(404, "not_found", "There is no such person.", "person");
  } else if (own) {
    who.person = *own;
  } else {
    return error(422, "invalid",
                 "Your account is not linked to a person: say for whom (\"person\").", "person");
  }
  auto team = c.query(
      "SELECT m.team_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id = $1 "
      "ORDER BY m.share_percent DESC, t.code LIMIT 1",
      {who.person});
  if (!team.empty()) who.team = team.rows[0].integer(0);
  return std::nullopt;
}

// The offices, each named in the client's language (Accept-Language).
http::Response offices(store::Database& db, http::Request& request) {
  json::array list;
  for (auto& r : db.acquire()
                     ->query("SELECT o.code, " +
                                 store::names::sql(store::kinds::office, "o.code", "o.name", "$1") +
                                 ", o.address, (SELECT COUNT(*) FROM desks d JOIN zones z ON z.id "
                                 "= d.zone_id JOIN floors f ON f.id = z.floor_id WHERE f.office_id "
                                 "= o.id) FROM offices o ORDER BY o.code",
                             {web::visitor(request).lang})
                     .rows)
    list.push_back(json::object{
        {"code", r.text(0)}, {"name", r.text(1)}, {"address", r.text(2)}, {"desks", r.integer(3)}});
  return web::api::json(json::object{{"offices", list}});
}

std::optional<http::Response> read_body(http::Request& request, json::object& out) {
  boost::system::error_code ec;
  auto value = json::parse(request.body, ec);
  if (ec || !value.is_object())
    return error(400, "invalid_json", "The body must be a JSON object.");
  out = value.as_object();
  for (auto& [key, v] : out) {
    if (key != "office" && key != "day" && key != "part" && key != "desk" && key != "person")
      return error(
          422, "unknown_field",
          "Unknown field \"" + std::string(key) + "\" (known: office, day, part, desk, person).",
          std::string(key));
  }
  return std::nullopt;
}

http::Response post_booking(store::Database& db, http::Request& request) {
  json::object body;
  if (auto bad = read_body(request, body)) return *bad;
  auto text = [&](const char* key) -> std::string {
    auto* v = body.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
  };
  BookingRequest r;
  auto day = day_of_date(text("day"));
  if (!day) return error(422, "invalid", "day must be a date, YYYY-MM-DD.", "day");
  r.day = *day;
  auto part = part_named(text("part").empty() ? "day" : text("part"));
  if (!part)
    return error(422, "invalid", "part must be \"morning\", \"afternoon\" or \"day\".", "part");
  r.part = *part;
  std::string office_code = text("office");
  {
    const auto& me = web::person(request);
    auto lease = db.acquire();
    Who who;
    if (auto refused = resolve(*lease, request, me, body, who)) return *refused;
    r.person_id = who.person;
    r.team_id = who.team;
    auto office = lease->query("SELECT id, name FROM offices WHERE code = $1", {office_code});
    if (office.empty())
      return error(422, "invalid", "There is no office \"" + office_code + "\".", "office");
    r.office_id = office.rows[0].integer(0);
    if (auto desk = text("desk"); !desk.empty()) {
      auto found = lease->query("SELECT id FROM desks WHERE code = $1", {desk});
      if (found.empty()) return error(422, "invalid", "There is no desk \"" + desk + "\".", "desk");
      r.desk_id = found.rows[0].integer(0);
    }
  }
  std::int64_t today = ploeg::today();
  int horizon_days = 0;
  auto result = db.transaction([&](store::Connection& c) {
    horizon_days = booking_horizon(c);  // the organisation's policy
    return book(c, r, today, horizon_days, now_seconds());
  });
  auto desk_json = [&](const Booked& b) {
    return json::object{{"desk", b.desk_code},
                        {"zone", b.zone_name},
                        {"floor", b.floor_name},
                        {"neighbourhood", b.in_neighbourhood}};
  };
  switch (result.outcome) {
    case Outcome::booked: {
      auto o = desk_json(*result.desk);
      o["day"] = date_text(r.day);
      o["part"] = part_name(r.part);
      return web::api::json(o, 201);
    }
    case Outcome::already: {
      auto o = desk_json(*result.desk);
      o["day"] = date_text(r.day);
      o["already"] = true;
      return web::api::json(o, 200);
    }
    case Outcome::waiting:
      return web::api::json(
          json::object{{"error", error_object("full",
                                              "Every desk of " + office_code + " is booked on " +
                                                  date_text(r.day) + "; you are number " +
                                                  std::to_string(result.waiting_position) +
                                                  " on its waiting list.",
                                              std::nullopt)},
                       {"waiting_position", result.waiting_position}},
          409);
    case Outcome::refused:
      break;
  }
  if (result.reason == "outside_horizon")
    return error(422, "outside_horizon",
                 "Desks can be booked from " + date_text(today) + " to " +
                     date_text(today + horizon_days) + "; " + date_text(r.day) +
                     " is outside that.",
                 "day");
  if (result.reason == "desk_elsewhere")
    return error(422, "desk_elsewhere", "That desk is not in office " + office_code + ".", "desk");
  if (result.reason == "desk_taken")
    return error(409, "desk_taken",
                 "That desk is booked then; ask without \"desk\" for another one.", "desk");
  return error(422, "invalid", "The booking cannot be made.");
}

http::Response delete_booking(store::Database& db, http::Request& request) {
  auto office_code = http::field(request.query, "office").value_or("");
  auto day = day_of_date(http::field(request.query, "day").value_or(""));
  if (!day) return error(422, "invalid", "day must be a date, YYYY-MM-DD.", "day");
  Who who;
  std::int64_t office_id = 0;
  {
    const auto& me = web::person(request);
    auto lease = db.acquire();
    json::object body;
    if (auto p = http::field(request.query, "person")) {
      try {
        body["person"] = std::stoll(*p);
      } catch (const std::exception&) {
        return error(422, "invalid", "person is a person's number", "person");
      }
    }
    if (auto refused = resolve(*lease, request, me, body, who)) return *refused;
    auto office = lease->query("SELECT id FROM offices WHERE code = $1", {office_code});
    if (office.empty())
      return error(422, "invalid", "There is no office \"" + office_code + "\".", "office");
    office_id = office.rows[0].integer(0);
  }
  auto promoted = db.transaction(
      [&](store::Connection& c) { return release(c, who.person, office_id, *day, now_seconds()); });
  json::array given;
  for (auto p : promoted) given.push_back(p);
  return web::api::json(json::object{{"released", true}, {"given_to", given}});
}

}  // namespace

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  auto add = [&](const char* method, const char* pattern, http::Handler handler) {
    router.add(method, pattern, "signed_in", site.guard(std::move(handler)));
  };
  add("GET", "/api/v1/offices", [&db](http::Request& r) { return offices(db, r); });
  add("POST", "/api/v1/desk-bookings", [&db](http::Request& r) { return post_booking(db, r); });
  add("DELETE", "/api/v1/desk-bookings", [&db](http::Request& r) { return delete_booking(db, r); });
}

}  // namespace ploeg::workplace
