#include "weekplan/store.hpp"

#include <algorithm>
#include <map>

#include "organisation/store.hpp"
#include "store/names.hpp"
#include "weekplan/rules.hpp"
#include "weekplan/work_days.hpp"
#include "workplace/booking.hpp"

namespace ploeg::weekplan {
namespace {

using roster::Place;
constexpr int days_in_week = 5;  // Monday to Friday
const char* day_names[] = {"mon", "tue", "wed", "thu", "fri"};

std::optional<Place> place_of(const std::string& text) {
  return roster::place_named(text);
}

}  // namespace

std::optional<TeamWeek> load_week(store::Connection& c, const std::string& team_code,
                                  std::int64_t monday, const std::string& language) {
  using store::names::sql;
  auto team = c.query("SELECT t.id, t.code, " + sql(store::kinds::team, "t.code", "t.name", "$2") +
                          ", COALESCE(t.region_id, 0) FROM teams t WHERE t.code = $1 AND t.kind = "
                          "'regional'",
                      {team_code, language});
  if (team.empty()) return std::nullopt;
  TeamWeek t;
  t.team_id = team.rows[0].integer(0);
  t.team_code = team.rows[0].text(1);
  t.team_name = team.rows[0].text(2);
  t.monday = monday;
  auto office = c.query("SELECT o.id, " + sql(store::kinds::office, "o.code", "o.name", "$2") +
                            " FROM offices o WHERE o.region_id = $1 ORDER BY o.id LIMIT 1",
                        {team.rows[0].integer(3), language});
  if (!office.empty()) {
    t.office_id = office.rows[0].integer(0);
    t.office_name = office.rows[0].text(1);
  }
  std::int64_t end = monday + days_in_week;
  auto& w = t.week;
  w.days.assign(std::begin(day_names), std::end(day_names));
  w.policy.max_home_days = workplace::policy(c).max_home_days;
  w.policy.team_office_days = office_days(c, t.team_id);

  t.competence_names = organisation::sql::competence_names(c, language);
  std::map<std::int64_t, std::size_t> index;
  for (auto& r : c.query("SELECT p.id, p.name, p.fte_permille FROM memberships m JOIN people p ON "
                         "p.id = m.person_id WHERE m.team_id = $1 ORDER BY p.name, p.id",
                         {t.team_id})
                     .rows) {
    MemberRow m;
    m.person_id = r.integer(0);
    m.name = r.text(1);
    m.fte_permille = static_cast<int>(r.integer(2));
    m.mine.assign(days_in_week, std::nullopt);
    m.proposal = m.plan = m.mine;
    m.desks.assign(days_in_week, "");
    m.works.assign(days_in_week, true);
    index[m.person_id] = t.members.size();
    t.members.push_back(std::move(m));
  }
  for (auto& r :
       c.query("SELECT pc.person_id, k.code FROM person_competences pc JOIN competences k ON "
               "k.id = pc.competence_id JOIN memberships m ON m.person_id = pc.person_id "
               "WHERE m.team_id = $1 ORDER BY k.code",
               {t.team_id})
           .rows)
    t.members[index.at(r.integer(0))].competences.push_back(r.text(1));
  for (auto& [person, works] : working_days(c, t.team_id)) {
    if (auto found = index.find(person); found != index.end())
      t.members[found->second].works = works;
  }
  auto rows_of = [&](const char* table, auto&& put) {
    for (auto& r : c.query(std::string("SELECT person_id, day, place FROM ") + table +
                               " WHERE team_id = $1 AND day >= $2 AND day < $3",
                           {t.team_id, monday, end})
                       .rows) {
      auto found = index.find(r.integer(0));
      if (found == index.end()) continue;  // no longer a member
      put(t.members[found->second], static_cast<std::size_t>(r.integer(1) - monday),
          place_of(r.text(2)));
    }
  };
  rows_of("week_entries", [](MemberRow& m, std::size_t d, auto p) { m.mine[d] = p; });
  rows_of("week_proposals", [&](MemberRow& m, std::size_t d, auto p) {
    m.proposal[d] = p;
    t.has_proposal = true;
  });
  rows_of("week_plans", [](MemberRow& m, std::size_t d, auto p) { m.plan[d] = p; });
  if (t.office_id) {
    for (auto& r :
         c.query("SELECT b.person_id, b.day, d.code FROM desk_bookings b JOIN desks d ON d.id = "
                 "b.desk_id JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
                 "z.floor_id WHERE f.office_id = $1 AND b.day >= $2 AND b.day < $3 AND "
                 "b.part = 'am'",
                 {t.office_id, monday, end})
             .rows) {
      auto found = index.find(r.integer(0));
      if (found != index.end())
        t.members[found->second].desks[static_cast<std::size_t>(r.integer(1) - monday)] = r.text(2);
    }
  }
  // Fairness: the share of each member's wishes the accepted plans granted over the eight weeks
  // before.
  std::map<std::int64_t, std::pair<int, int>> history;  // person -> (granted, asked)
  for (auto& r :
       c.query("SELECT e.person_id, COUNT(*), SUM(CASE WHEN p.place = e.place THEN 1 ELSE 0 END) "
               "FROM week_entries e JOIN week_plans p ON p.team_id = e.team_id AND "
               "p.person_id = e.person_id AND p.day = e.day WHERE e.team_id = $1 AND e.day "
               ">= $2 AND e.day < $3 AND e.place <> 'off' GROUP BY e.person_id",
               {t.team_id, monday - 56, monday})
           .rows)
    history[r.integer(0)] = {static_cast<int>(r.integer(2)), static_cast<int>(r.integer(1))};

  for (auto& m : t.members) {
    roster::Member member;
    member.id = std::to_string(m.person_id);
    member.name = m.name;
    member.competences = m.competences;
    member.works = m.works;
    member.fixed.assign(days_in_week, std::nullopt);
    member.wishes.assign(days_in_week, std::nullopt);
    for (std::size_t d = 0; d < days_in_week; ++d) {
      if (!m.works[d]) continue;  // a day off of their schedule: whatever was entered before
      if (m.mine[d] == Place::off)
        member.fixed[d] = Place::off;  // leave is entered, not wished
      else
        member.wishes[d] = m.mine[d];
    }
    if (auto h = history.find(m.person_id); h != history.end() && h->second.second > 0)
      member.past_granted = static_cast<double>(h->second.first) / h->second.second;
    w.members.push_back(std::move(member));
  }
  for (auto& r :
       c.query("SELECT k.code, r.place, r.minimum, r.weekday FROM team_rules r JOIN competences "
               "k ON k.id = r.competence_id WHERE r.team_id = $1 ORDER BY r.id",
               {t.team_id})
           .rows)
    w.rules.push_back({r.is_null(3) ? -1 : static_cast<int>(r.integer(3)), r.text(0),
                       place_of(r.text(1)).value_or(Place::office),
                       static_cast<int>(r.integer(2))});
  t.appointments = load_appointments(c, t.team_id, monday);
  for (auto& a : t.appointments) {
    roster::Appointment ap;
    ap.id = std::to_string(a.id);
    ap.day = static_cast<int>(a.day - monday);
    ap.part = a.part();
    ap.competence = a.competence;
    ap.where = a.where;
    w.appointments.push_back(std::move(ap));
  }
  // Desks: the office's, less those booked by people of other teams.
  w.desks.assign(days_in_week, 0);
  w.rooms.assign(days_in_week, 0);
  if (t.office_id) {
    auto total = c.query(
        "SELECT COUNT(*) FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON "
        "f.id = z.floor_id WHERE f.office_id = $1",
        {t.office_id});
    auto rooms = c.query("SELECT COUNT(*) FROM meeting_rooms WHERE office_id = $1", {t.office_id});
    w.desks.assign(days_in_week, static_cast<int>(total.rows[0].integer(0)));
    w.rooms.assign(days_in_week, static_cast<int>(rooms.rows[0].integer(0)));
    for (auto& r :
         c.query("SELECT b.day, COUNT(DISTINCT b.desk_id) FROM desk_bookings b JOIN desks d ON "
                 "d.id = b.desk_id JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
                 "z.floor_id WHERE f.office_id = $1 AND b.day >= $2 AND b.day < $3 AND "
                 "b.person_id NOT IN (SELECT person_id FROM memberships WHERE team_id = $4) "
                 "GROUP BY b.day",
                 {t.office_id, monday, end, t.team_id})
             .rows)
      w.desks[static_cast<std::size_t>(r.integer(0) - monday)] -= static_cast<int>(r.integer(1));
    // Meeting rooms: less those other teams' appointments hold in the busier part of the day.
    for (auto& r :
         c.query("SELECT b.day, MAX(n) FROM (SELECT rb.day, rb.part, COUNT(*) AS n FROM "
                 "room_bookings rb JOIN meeting_rooms mr ON mr.id = rb.room_id JOIN "
                 "week_appointments a ON a.id = rb.appointment_id WHERE mr.office_id = $1 "
                 "AND rb.day >= $2 AND rb.day < $3 AND a.team_id <> $4 GROUP BY rb.day, "
                 "rb.part) b GROUP BY b.day",
                 {t.office_id, monday, end, t.team_id})
             .rows)
      w.rooms[static_cast<std::size_t>(r.integer(0) - monday)] -= static_cast<int>(r.integer(1));
  }
  return t;
}

void save_mine(store::Connection& c, std::int64_t team_id, std::int64_t person_id, std::int64_t day,
               std::optional<roster::Place> place) {
  c.query("DELETE FROM week_entries WHERE team_id = $1 AND person_id = $2 AND day = $3",
          {team_id, person_id, day});
  if (place)
    c.query("INSERT INTO week_entries (team_id, person_id, day, place) VALUES ($1, $2, $3, $4)",
            {team_id, person_id, day, std::string(roster::place_name(*place))});
}

void save_proposal(store::Connection& c, const TeamWeek& t, const roster::Plan& plan,
                   std::int64_t now) {
  c.query("DELETE FROM week_proposals WHERE team_id = $1 AND day >= $2 AND day < $3",
          {t.team_id, t.monday, t.monday + days_in_week});
  for (std::size_t m = 0; m < t.members.size(); ++m) {
    for (std::size_t d = 0; d < days_in_week; ++d)
      c.query(
          "INSERT INTO week_proposals (team_id, person_id, day, place, proposed_at) VALUES ($1, "
          "$2, "
          "$3, $4, $5)",
          {t.team_id, t.members[m].person_id, t.monday + static_cast<std::int64_t>(d),
           std::string(roster::place_name(plan.assignment.place[m][d])), now});
  }
  for (std::size_t k = 0; k < t.appointments.size(); ++k) {
    int m = plan.assignment.appointment_member[k];
    std::vector<store::Value> params{nullptr, t.appointments[k].id};
    if (m >= 0) params[0] = t.members[static_cast<std::size_t>(m)].person_id;
    c.query("UPDATE week_appointments SET proposed_person_id = $1 WHERE id = $2", params);
  }
}

int member_index(const TeamWeek& t, std::int64_t person_id) {
  for (std::size_t m = 0; m < t.members.size(); ++m) {
    if (t.members[m].person_id == person_id) return static_cast<int>(m);
  }
  return -1;
}

Accepted accept(store::Connection& c, const TeamWeek& t, std::int64_t now) {
  std::int64_t end = t.monday + days_in_week;
  c.query("DELETE FROM week_plans WHERE team_id = $1 AND day >= $2 AND day < $3",
          {t.team_id, t.monday, end});
  c.query(
      "INSERT INTO week_plans (team_id, person_id, day, place) SELECT team_id, person_id, day, "
      "place FROM week_proposals WHERE team_id = $1 AND day >= $2 AND day < $3",
      {t.team_id, t.monday, end});
  Accepted out;
  out.without_room = accept_appointments(c, t.team_id, t.office_id, t.monday);
  if (!t.office_id) return out;
  // Desks follow the plan as just written (the page's copy of the proposal
  // may be older), for the members in the order the week shows them.
  std::int64_t today = local_day(now);
  auto plan = c.query(
      "SELECT w.person_id, w.day, w.place, p.name FROM week_plans w JOIN people p ON p.id = "
      "w.person_id JOIN memberships m ON m.person_id = w.person_id AND m.team_id = w.team_id "
      "WHERE w.team_id = $1 AND w.day >= $2 AND w.day < $3 ORDER BY p.name, p.id, w.day",
      {t.team_id, std::max(t.monday, today), end});
  for (auto& row : plan.rows) {
    std::int64_t person = row.integer(0), day = row.integer(1);
    if (place_of(row.text(2)) != Place::office) {
      // The plan no longer has them in: their desk goes back.
      bool had = workplace::office_booked(c, person, day) == t.office_id;
      auto given = workplace::release(c, person, t.office_id, day, now);
      if (had) out.desks.push_back({person, day, "", given});
      continue;
    }
    workplace::BookingRequest r;
    r.person_id = person;
    r.office_id = t.office_id;
    r.day = day;
    r.team_id = t.team_id;
    auto booked = workplace::book(c, r, today, 366, now);
    if (booked.placement == workplace::Placement::booked)
      out.desks.push_back({person, day, booked.desk->desk_code, {}});
    if (!booked.ok() || booked.placement == workplace::Placement::waiting)
      out.without_desk.push_back(row.text(3) + " (" + day_names[day - t.monday] + ")");
  }
  return out;
}

void create_demo_rules(store::Connection& c) {
  if (!c.query("SELECT 1 FROM team_rules LIMIT 1").empty()) return;
  auto intake = c.query("SELECT id FROM competences WHERE code = 'intake'");
  auto medical = c.query("SELECT id FROM competences WHERE code = 'medical'");
  for (auto& team : c.query("SELECT id FROM teams WHERE kind = 'regional'").rows) {
    auto id = team.integer(0);
    if (!intake.empty())
      c.query(
          "INSERT INTO team_rules (team_id, competence_id, place, minimum) VALUES ($1, $2, "
          "'office', 1)",
          {id, intake.rows[0].integer(0)});
    if (!medical.empty()) {
      for (std::int64_t weekday : {1, 3})
        c.query(
            "INSERT INTO team_rules (team_id, competence_id, place, minimum, weekday) VALUES ($1, "
            "$2, "
            "'office', 1, $3)",
            {id, medical.rows[0].integer(0), weekday});
    }
    c.query("INSERT INTO team_office_days (team_id, weekday) VALUES ($1, 2)", {id});
  }
}

void register_migrations(store::Migrations& migrations) {
  register_appointment_migrations(migrations);
  register_work_days_migrations(migrations);
  // The calendar token itself, so that its owner's page can show the link
  // again ('' for links made before), and the last password change the link
  // was made after: a later one ends it (calendar.cpp says why both).
  migrations.add({44, "weekplan: calendar links shown again, ended by a new password", R"(
ALTER TABLE calendar_tokens ADD COLUMN token TEXT NOT NULL DEFAULT '';
ALTER TABLE calendar_tokens ADD COLUMN password_seen BIGINT NOT NULL DEFAULT 0;
UPDATE calendar_tokens SET password_seen = COALESCE((SELECT u.password_changed_at FROM
  account_people a JOIN users u ON u.id = a.user_id WHERE a.person_id = calendar_tokens.person_id
  AND u.password_changed_at < calendar_tokens.created_at), -1);
)",
                  ""});
  // workplace_policy is workplace's table (its SQL is workplace::policy); it
  // was made here before that was so, and a merged migration stays as it was.
  migrations.add(
      store::with_ids(41, "weekplan: policy, team rules, members' rows, proposals, plans", R"(
CREATE TABLE workplace_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  max_home_days INTEGER NOT NULL DEFAULT 3 CHECK (max_home_days BETWEEN 0 AND 5),
  booking_horizon_days INTEGER NOT NULL DEFAULT 28 CHECK (booking_horizon_days BETWEEN 1 AND 366)
);
INSERT INTO workplace_policy (id) VALUES (1);
CREATE TABLE team_office_days (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 4),
  PRIMARY KEY (team_id, weekday)
);
CREATE TABLE team_rules (
  id {{id}},
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE CASCADE,
  place TEXT NOT NULL CHECK (place IN ('home', 'office', 'field')),
  minimum INTEGER NOT NULL CHECK (minimum >= 1),
  weekday INTEGER CHECK (weekday BETWEEN 0 AND 4)
);
CREATE INDEX team_rules_team ON team_rules (team_id);
CREATE TABLE week_entries (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  place TEXT NOT NULL CHECK (place IN ('home', 'office', 'field', 'off')),
  PRIMARY KEY (team_id, person_id, day)
);
CREATE TABLE week_proposals (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  place TEXT NOT NULL CHECK (place IN ('home', 'office', 'field', 'off')),
  proposed_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, person_id, day)
);
CREATE TABLE calendar_tokens (
  person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE TABLE week_plans (
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  place TEXT NOT NULL CHECK (place IN ('home', 'office', 'field', 'off')),
  PRIMARY KEY (team_id, person_id, day)
);
)"));
}

}  // namespace ploeg::weekplan
