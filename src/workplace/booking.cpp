#include "workplace/booking.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "organisation/demo_generator.hpp"
#include "store/names.hpp"

#include "core/clock.hpp"

namespace ploeg::workplace {
namespace {

// The rows a booking takes: a day booking holds the morning and the afternoon.
std::vector<std::string> parts_of(Part p) {
  if (p == Part::morning) return {"am"};
  if (p == Part::afternoon) return {"pm"};
  return {"am", "pm"};
}

std::optional<Booked> existing(store::Connection& c, std::int64_t person, std::int64_t office,
                               std::int64_t day) {
  auto r = c.query(
      "SELECT d.id, d.code, z.name, f.name, COALESCE(z.team_id, 0) FROM desk_bookings b JOIN desks "
      "d "
      "ON d.id = b.desk_id JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = z.floor_id "
      "WHERE b.person_id = $1 AND b.day = $2 AND f.office_id = $3 ORDER BY b.part LIMIT 1",
      {person, day, office});
  if (r.empty()) return std::nullopt;
  return Booked{r.rows[0].integer(0), r.rows[0].text(1), r.rows[0].text(2), r.rows[0].text(3),
                false};
}

// Takes every part on the desk, or none: ON CONFLICT DO NOTHING lets a
// booking another transaction made first win without aborting this one.
bool take(store::Connection& c, std::int64_t desk, const BookingRequest& r, std::int64_t now) {
  std::vector<std::string> taken;
  for (auto& part : parts_of(r.part)) {
    auto inserted = c.query(
        "INSERT INTO desk_bookings (desk_id, day, part, person_id, booked_at) VALUES ($1, $2, $3, "
        "$4, $5) ON CONFLICT DO NOTHING RETURNING desk_id",
        {desk, r.day, part, r.person_id, now});
    if (inserted.empty()) {
      for (auto& t : taken)
        c.query("DELETE FROM desk_bookings WHERE desk_id = $1 AND day = $2 AND part = $3",
                {desk, r.day, t});
      return false;
    }
    taken.push_back(part);
  }
  return true;
}

// The desks the person holds in the office that day (one, or two half days).
std::vector<std::int64_t> desks_held(store::Connection& c, std::int64_t person, std::int64_t office,
                                     std::int64_t day) {
  std::vector<std::int64_t> out;
  for (auto& r : c.query("SELECT DISTINCT b.desk_id FROM desk_bookings b JOIN desks d ON d.id = "
                         "b.desk_id JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
                         "z.floor_id WHERE b.person_id = $1 AND b.day = $2 AND f.office_id = $3",
                         {person, day, office})
                     .rows)
    out.push_back(r.integer(0));
  return out;
}

// The first waiting whose part fits a freed desk gets it.
std::vector<std::int64_t> promote_waiting(store::Connection& c, std::int64_t office,
                                          std::int64_t day, const std::vector<std::int64_t>& desks,
                                          std::int64_t now) {
  std::vector<std::int64_t> promoted;
  auto waiting = c.query(
      "SELECT id, person_id, part, team_id FROM desk_waiting WHERE office_id = $1 AND day = $2 "
      "ORDER BY id",
      {office, day});
  for (auto desk : desks) {
    for (auto& w : waiting.rows) {
      BookingRequest next;
      next.person_id = w.integer(1);
      next.office_id = office;
      next.day = day;
      next.part = part_named(w.text(2)).value_or(Part::day);
      if (std::find(promoted.begin(), promoted.end(), next.person_id) != promoted.end()) continue;
      if (!take(c, desk, next, now)) continue;
      c.query("DELETE FROM desk_waiting WHERE id = $1", {w.integer(0)});
      promoted.push_back(next.person_id);
      break;
    }
  }
  return promoted;
}

Outcome desk_elsewhere() {
  return Outcome::refused(Verdict::invalid,
                          {"desk", "week_desk_elsewhere", "That desk is in another office."});
}

Outcome desk_taken() {
  return Outcome::refused(Verdict::conflict,
                          {"desk", "week_desk_taken",
                           "That desk is booked then; ask without \"desk\" for another one."});
}

}  // namespace

int waiting_position(store::Connection& c, std::int64_t office, std::int64_t day,
                     std::int64_t person) {
  auto r = c.query(
      "SELECT COUNT(*) FROM desk_waiting w WHERE w.office_id = $1 AND w.day = $2 AND w.id <= "
      "(SELECT id FROM desk_waiting WHERE office_id = $1 AND day = $2 AND person_id = $3)",
      {office, day, person});
  return r.empty() ? 0 : static_cast<int>(r.rows[0].integer(0));
}

const char* part_name(Part p) {
  return p == Part::morning ? "morning" : p == Part::afternoon ? "afternoon" : "day";
}

std::optional<Part> part_named(const std::string& name) {
  for (auto p : {Part::morning, Part::afternoon, Part::day}) {
    if (name == part_name(p)) return p;
  }
  return std::nullopt;
}

Policy policy(store::Connection& c) {
  Policy p;
  auto row =
      c.query("SELECT max_home_days, booking_horizon_days FROM workplace_policy WHERE id = 1");
  if (!row.empty()) {
    p.max_home_days = static_cast<int>(row.rows[0].integer(0));
    p.booking_horizon_days = static_cast<int>(row.rows[0].integer(1));
  }
  return p;
}

void save_policy(store::Connection& c, const Policy& p) {
  c.query("UPDATE workplace_policy SET max_home_days = $1, booking_horizon_days = $2 WHERE id = 1",
          {std::int64_t{p.max_home_days}, std::int64_t{p.booking_horizon_days}});
}

std::optional<std::int64_t> office_booked(store::Connection& c, std::int64_t person,
                                          std::int64_t day) {
  auto r = c.query(
      "SELECT f.office_id FROM desk_bookings b JOIN desks d ON d.id = b.desk_id JOIN zones z ON "
      "z.id = d.zone_id JOIN floors f ON f.id = z.floor_id WHERE b.person_id = $1 AND b.day = $2 "
      "ORDER BY b.part LIMIT 1",
      {person, day});
  if (r.empty()) return std::nullopt;
  return r.rows[0].integer(0);
}

std::string booking_id(std::int64_t person, std::int64_t day) {
  return date_text(day) + "." + std::to_string(person);
}

std::optional<BookingKey> booking_key(const std::string& id) {
  auto dot = id.rfind('.');
  if (dot == std::string::npos || id.size() > 40) return std::nullopt;
  auto day = day_of_date(id.substr(0, dot));
  auto person = id.substr(dot + 1);
  if (!day || person.empty() || person.size() > 15 ||
      !std::all_of(person.begin(), person.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  return BookingKey{std::stoll(person), *day};
}

int booking_horizon(store::Connection& c) {
  return policy(c).booking_horizon_days;
}

BookingResult book(store::Connection& c, const BookingRequest& r, std::int64_t today,
                   int horizon_days, std::int64_t now) {
  BookingResult out;
  auto refuse = [&](Outcome why) {
    static_cast<Outcome&>(out) = std::move(why);
    return out;
  };
  if (r.day < today || r.day > today + horizon_days) {
    auto from = date_text(today), to = date_text(today + horizon_days), day = date_text(r.day);
    return refuse(Outcome::refused(Verdict::invalid, {"day",
                                                      "desk_outside_horizon",
                                                      "Desks can be booked from " + from + " to " +
                                                          to + "; " + day + " is outside that.",
                                                      {{"from", from}, {"to", to}, {"day", day}}}));
  }
  if (c.query("SELECT 1 FROM offices WHERE id = $1", {r.office_id}).empty())
    return refuse(Outcome::refused(Verdict::not_found,
                                   {"office", "week_unknown_office", "There is no such office."}));
  if (auto had = existing(c, r.person_id, r.office_id, r.day)) {
    out.placement = Placement::already;
    out.desk = had;
    return out;
  }
  // The team's own floor: "nearest" is the fewest floors away from it.
  std::int64_t team = r.team_id.value_or(0);
  auto own = c.query(
      "SELECT COALESCE(MIN(f.level), 0) FROM zones z JOIN floors f ON f.id = z.floor_id WHERE "
      "z.team_id = $1 AND f.office_id = $2",
      {team, r.office_id});
  std::int64_t own_level = own.empty() ? 0 : own.rows[0].integer(0);
  std::string parts = r.part == Part::morning     ? "('am')"
                      : r.part == Part::afternoon ? "('pm')"
                                                  : "('am', 'pm')";
  auto candidates = c.query(
      "SELECT d.id, d.code, z.name, f.name, CASE WHEN z.team_id = $2 THEN 0 WHEN z.team_id IS "
      "NULL THEN 1 ELSE 2 END AS rank, f.level FROM desks d JOIN zones z ON z.id = d.zone_id "
      "JOIN floors f ON f.id = z.floor_id WHERE f.office_id = $1 AND ($4 = 0 OR d.id = $4) "
      "AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE b.desk_id = d.id AND b.day = $3 "
      "AND b.part IN " +
          parts + ") ORDER BY rank, ABS(f.level - $5), d.code",
      {r.office_id, team, r.day, r.desk_id.value_or(0), own_level});
  if (r.desk_id && candidates.empty()) {
    auto where = c.query(
        "SELECT f.office_id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id "
        "= z.floor_id WHERE d.id = $1",
        {*r.desk_id});
    if (where.empty() || where.rows[0].integer(0) != r.office_id) return refuse(desk_elsewhere());
  }
  for (auto& row : candidates.rows) {
    if (!take(c, row.integer(0), r, now)) continue;
    out.placement = Placement::booked;
    out.desk = Booked{row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4) == 0};
    c.query("DELETE FROM desk_waiting WHERE office_id = $1 AND day = $2 AND person_id = $3",
            {r.office_id, r.day, r.person_id});
    return out;
  }
  if (r.desk_id) return refuse(desk_taken());
  // Full: a place on the waiting list (kept when asked again).
  c.query(
      "INSERT INTO desk_waiting (office_id, day, part, person_id, team_id, requested_at) VALUES "
      "($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
      {r.office_id, r.day, std::string(part_name(r.part)), r.person_id,
       r.team_id ? store::Value(*r.team_id) : store::Value(nullptr), now});
  out.placement = Placement::waiting;
  out.waiting_position = waiting_position(c, r.office_id, r.day, r.person_id);
  return out;
}

std::vector<std::int64_t> release(store::Connection& c, std::int64_t person, std::int64_t office,
                                  std::int64_t day, std::int64_t now) {
  c.query("DELETE FROM desk_waiting WHERE office_id = $1 AND day = $2 AND person_id = $3",
          {office, day, person});
  auto freed = desks_held(c, person, office, day);
  if (freed.empty()) return {};
  c.query(
      "DELETE FROM desk_bookings WHERE person_id = $1 AND day = $2 AND desk_id IN (SELECT d.id "
      "FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = z.floor_id WHERE "
      "f.office_id = $3)",
      {person, day, office});
  return promote_waiting(c, office, day, freed, now);
}

Outcome move_to_desk(store::Connection& c, std::int64_t person, std::int64_t office,
                     std::int64_t day, std::int64_t desk, std::int64_t now) {
  auto where = c.query(
      "SELECT f.office_id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
      "z.floor_id WHERE d.id = $1",
      {desk});
  if (where.empty() || where.rows[0].integer(0) != office) return desk_elsewhere();
  auto freed = desks_held(c, person, office, day);
  freed.erase(std::remove(freed.begin(), freed.end(), desk), freed.end());
  auto had = c.query(
      "DELETE FROM desk_bookings WHERE person_id = $1 AND day = $2 RETURNING desk_id, part, "
      "booked_at",
      {person, day});
  BookingRequest r;
  r.person_id = person;
  r.office_id = office;
  r.day = day;
  if (!take(c, desk, r, now)) {
    // Someone else holds the desk: the old booking comes back as it was. No
    // one can have taken its rows since the DELETE (this transaction holds
    // them until it ends), so the caller's transaction goes on unharmed.
    for (auto& h : had.rows)
      c.query(
          "INSERT INTO desk_bookings (desk_id, day, part, person_id, booked_at) VALUES ($1, $2, "
          "$3, $4, $5)",
          {h.integer(0), day, h.text(1), person, h.integer(2)});
    return desk_taken();
  }
  c.query("DELETE FROM desk_waiting WHERE office_id = $1 AND day = $2 AND person_id = $3",
          {office, day, person});
  promote_waiting(c, office, day, freed, now);
  return {};
}

std::vector<FreeDesk> free_desks(store::Connection& c, std::int64_t office, std::int64_t day,
                                 std::int64_t team) {
  std::vector<FreeDesk> out;
  for (auto& r :
       c.query("SELECT d.id, d.code, z.name, d.features, CASE WHEN z.team_id = $3 THEN 1 "
               "ELSE 0 END, COALESCE(zt.code, '') FROM desks d JOIN zones z ON z.id = d.zone_id "
               "JOIN floors f ON f.id = z.floor_id LEFT JOIN teams zt ON zt.id = z.team_id WHERE "
               "f.office_id = $1 AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE b.desk_id = "
               "d.id AND b.day = $2) ORDER BY 5 DESC, f.level, d.code",
               {office, day, team})
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4) == 1, r.text(5)});
  return out;
}

namespace {

// The words of a demo office's floors, rooms and open areas in the language
// of its region: Dutch in Flanders, French in Wallonia, both in Brussels.
struct PlaceWords {
  std::string floors[2], rooms[2], open_areas[2];
};

PlaceWords place_words(const std::string& region) {
  static const PlaceWords dutch{{"Gelijkvloers", "Eerste verdieping"},
                                {"Zaal A", "Zaal B"},
                                {"Open ruimte, gelijkvloers", "Open ruimte, eerste verdieping"}};
  static const PlaceWords french{
      {"Rez-de-chaussée", "Premier étage"},
      {"Salle A", "Salle B"},
      {"Espace ouvert, rez-de-chaussée", "Espace ouvert, premier étage"}};
  auto languages = organisation::demo_region_languages(region);
  if (languages.size() != 1) {  // both, or a region the demo does not have
    PlaceWords both;
    for (int i = 0; i < 2; ++i) {
      both.floors[i] = dutch.floors[i] + " / " + french.floors[i];
      both.rooms[i] = dutch.rooms[i] + " / " + french.rooms[i];
      both.open_areas[i] = dutch.open_areas[i] + " / " + french.open_areas[i];
    }
    return both;
  }
  return languages[0] == "nl" ? dutch : french;
}

// A demo office is named after its region, in each language.
std::map<std::string, std::string> demo_office_names(std::map<std::string, std::string> region,
                                                     const std::string& fallback) {
  for (auto* language : {"nl", "fr", "en"}) {
    if (region[language].empty()) region[language] = fallback;
  }
  auto& fr = region["fr"];
  bool vowel = !fr.empty() && std::string("AEIOUH").find(fr[0]) != std::string::npos;
  return {{"nl", "Kantoor " + region["nl"]},
          {"fr", (vowel ? "Bureau d’" : "Bureau de ") + fr},
          {"en", region["en"] + " office"}};
}

}  // namespace

void create_demo_places(store::Connection& c) {
  if (!c.query("SELECT 1 FROM offices LIMIT 1").empty()) return;
  store::names::put(c, store::kinds::desk_feature, "adjustable",
                    {{"nl", "in hoogte verstelbaar"},
                     {"fr", "réglable en hauteur"},
                     {"en", "height-adjustable"}});
  store::names::put(c, store::kinds::desk_feature, "second_screen",
                    {{"nl", "tweede scherm"}, {"fr", "second écran"}, {"en", "second screen"}});
  auto regions = c.query("SELECT id, code, name, office_address FROM regions ORDER BY code");
  for (auto& region : regions.rows) {
    auto office = c.query(
        "INSERT INTO offices (code, name, region_id, address) VALUES ($1, $2, $3, $4) RETURNING id",
        {region.text(1), region.text(2) + " office", region.integer(0), region.text(3)});
    auto office_id = office.rows.at(0).integer(0);
    store::names::put(c, store::kinds::office, region.text(1),
                      demo_office_names(store::names::of(c, store::kinds::region, region.text(1)),
                                        region.text(2)));
    auto words = place_words(region.text(1));
    std::vector<std::int64_t> floors;
    for (int level : {0, 1}) {
      auto f =
          c.query("INSERT INTO floors (office_id, name, level) VALUES ($1, $2, $3) RETURNING id",
                  {office_id, words.floors[level], std::int64_t{level}});
      floors.push_back(f.rows.at(0).integer(0));
    }
    c.query("INSERT INTO meeting_rooms (office_id, name, seats) VALUES ($1, $2, 6), ($1, $3, 4)",
            {office_id, words.rooms[0], words.rooms[1]});
    auto teams = c.query(
        "SELECT t.id, t.code, t.name, (SELECT COUNT(*) FROM memberships m WHERE m.team_id = t.id) "
        "FROM "
        "teams t WHERE t.region_id = $1 AND t.kind = 'regional' ORDER BY t.code",
        {region.integer(0)});
    int n = 0;
    auto add_desks = [&](std::int64_t zone, const std::string& prefix, int count) {
      for (int k = 1; k <= count; ++k) {
        std::string features = k % 3 == 0 ? "adjustable" : k % 2 == 0 ? "second_screen" : "";
        c.query("INSERT INTO desks (zone_id, code, features) VALUES ($1, $2, $3)",
                {zone, prefix + "-" + std::to_string(k), features});
      }
    };
    for (auto& team : teams.rows) {
      auto floor = floors[static_cast<std::size_t>(n++ % 2)];
      auto zone =
          c.query("INSERT INTO zones (floor_id, name, team_id) VALUES ($1, $2, $3) RETURNING id",
                  {floor, team.text(2), team.integer(0)});
      int desks = static_cast<int>(std::ceil(0.6 * static_cast<double>(team.integer(3))));
      add_desks(zone.rows.at(0).integer(0), team.text(1), std::max(desks, 2));
    }
    for (std::size_t f = 0; f < floors.size(); ++f) {
      auto zone = c.query("INSERT INTO zones (floor_id, name) VALUES ($1, $2) RETURNING id",
                          {floors[f], words.open_areas[f]});
      add_desks(zone.rows.at(0).integer(0), region.text(1) + (f == 0 ? "-g" : "-1"), 4);
    }
  }
}

void register_migrations(store::Migrations& migrations) {
  // One desk, one day, one part: the unique key is what keeps two servers
  // from booking it twice. A person holds one desk a part of a day.
  migrations.add(
      store::with_ids(40, "workplace: offices, desks, rooms, bookings, waiting lists", R"(
CREATE TABLE offices (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region_id BIGINT REFERENCES regions (id) ON DELETE SET NULL,
  address TEXT NOT NULL DEFAULT ''
);
CREATE TABLE floors (
  id {{id}},
  office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  level INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE zones (
  id {{id}},
  floor_id BIGINT NOT NULL REFERENCES floors (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL
);
CREATE INDEX zones_team ON zones (team_id);
CREATE TABLE desks (
  id {{id}},
  zone_id BIGINT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,
  features TEXT NOT NULL DEFAULT ''
);
CREATE TABLE meeting_rooms (
  id {{id}},
  office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 1)
);
CREATE TABLE desk_bookings (
  desk_id BIGINT NOT NULL REFERENCES desks (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  part TEXT NOT NULL CHECK (part IN ('am', 'pm')),
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  booked_at BIGINT NOT NULL,
  PRIMARY KEY (desk_id, day, part),
  UNIQUE (person_id, day, part)
);
CREATE TABLE desk_waiting (
  id {{id}},
  office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  part TEXT NOT NULL CHECK (part IN ('morning', 'afternoon', 'day')),
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  requested_at BIGINT NOT NULL,
  UNIQUE (office_id, day, person_id)
);
)"));
}

}  // namespace ploeg::workplace
