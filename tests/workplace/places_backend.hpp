// The fixture the workplace's store tests share (and the week's, which
// derives from it), once per backend: the whole schema and a small
// organisation whose every desk is known. One region with an office of four
// desks (two in team T1's neighbourhood, two in the open area) and one meeting
// room; a second office elsewhere with one desk. Team T1 (regional): Ann
// (intake, medical), Bart and Cas (intake). Dirk, Eva, Fien and Gus are of
// team T2, same region, no neighbourhood.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/platform.hpp"
#include "store/backend.hpp"
#include "workplace/booking.hpp"

namespace ploeg::workplace::testing {

class PlacesBackendTest : public store::testing::BackendTest {
 protected:
  static constexpr std::int64_t monday = 20'003;                         // 2024-10-07, a Monday
  static constexpr std::int64_t now = (monday - 3) * 86400 + 10 * 3600;  // the Friday before
  static constexpr std::int64_t today = monday - 3;

  void SetUp() override {
    BackendTest::SetUp();
    ASSERT_EQ((monday + 3) % 7, 0) << "the fixed day is a Monday";
    app::all_migrations().apply(*db_);
    db_->transaction([&](store::Connection& c) { build(c); });
  }

  std::int64_t insert(store::Connection& c, const std::string& sql,
                      const std::vector<store::Value>& params) {
    return c.query(sql + " RETURNING id", params).rows.at(0).integer(0);
  }

  void build(store::Connection& c) {
    auto intake = insert(c, "INSERT INTO competences (code, name) VALUES ('intake', 'Intake')", {});
    auto medical =
        insert(c, "INSERT INTO competences (code, name) VALUES ('medical', 'Medical')", {});
    auto region = insert(
        c, "INSERT INTO regions (code, name, office_address) VALUES ('R1', 'Region', 'Street 1')",
        {});
    c.query("INSERT INTO region_postcodes (postcode, region_id) VALUES ('1000', $1)", {region});
    auto team = [&](const std::string& code) {
      return insert(c,
                    "INSERT INTO teams (code, name, kind, region_id, min_size, max_size) VALUES "
                    "($1, $2, 'regional', $3, 1, 12)",
                    {code, "Team " + code, region});
    };
    team1 = team("T1");
    team2 = team("T2");
    auto person = [&](const std::string& name, std::int64_t in_team,
                      const std::vector<std::int64_t>& competences) {
      auto id = insert(c,
                       "INSERT INTO people (email, name, fte_permille, home_postcode) VALUES ($1, "
                       "$2, 1000, '1000')",
                       {name + "@example.org", name});
      c.query("INSERT INTO memberships (person_id, team_id, share_percent) VALUES ($1, $2, 100)",
              {id, in_team});
      for (auto k : competences)
        c.query(
            "INSERT INTO person_competences (person_id, competence_id, level) VALUES ($1, $2, 2)",
            {id, k});
      return id;
    };
    ann = person("ann", team1, {intake, medical});
    bart = person("bart", team1, {intake});
    cas = person("cas", team1, {intake});
    dirk = person("dirk", team2, {intake});
    eva = person("eva", team2, {intake});
    fien = person("fien", team2, {intake});
    gus = person("gus", team2, {intake});
    office = insert(c,
                    "INSERT INTO offices (code, name, region_id, address) VALUES ('O1', 'Office', "
                    "$1, 'Street 1')",
                    {region});
    auto floor = insert(
        c, "INSERT INTO floors (office_id, name, level) VALUES ($1, 'Ground floor', 0)", {office});
    auto own = insert(c, "INSERT INTO zones (floor_id, name, team_id) VALUES ($1, 'T1', $2)",
                      {floor, team1});
    auto open = insert(c, "INSERT INTO zones (floor_id, name) VALUES ($1, 'Open area')", {floor});
    for (auto [zone, code] : {std::pair{own, "T1-1"}, std::pair{own, "T1-2"},
                              std::pair{open, "G-1"}, std::pair{open, "G-2"}})
      desks[code] =
          insert(c, "INSERT INTO desks (zone_id, code) VALUES ($1, $2)", {zone, std::string(code)});
    room = insert(c, "INSERT INTO meeting_rooms (office_id, name, seats) VALUES ($1, 'Room A', 6)",
                  {office});
    elsewhere = insert(
        c, "INSERT INTO offices (code, name, address) VALUES ('O2', 'Elsewhere', 'Street 9')", {});
    auto far_floor =
        insert(c, "INSERT INTO floors (office_id, name, level) VALUES ($1, 'Ground floor', 0)",
               {elsewhere});
    auto far_zone =
        insert(c, "INSERT INTO zones (floor_id, name) VALUES ($1, 'Open area')", {far_floor});
    desks["X-1"] = insert(c, "INSERT INTO desks (zone_id, code) VALUES ($1, 'X-1')", {far_zone});
  }

  workplace::BookingResult book(std::int64_t person, std::int64_t day,
                                std::optional<std::int64_t> team = std::nullopt) {
    workplace::BookingRequest r;
    r.person_id = person;
    r.office_id = office;
    r.day = day;
    r.team_id = team;
    return db_->transaction(
        [&](store::Connection& c) { return workplace::book(c, r, today, 28, now); });
  }

  // Every row a query returns, each as "a|b|c", to compare a table before and after.
  std::vector<std::string> rows(const std::string& sql,
                                const std::vector<store::Value>& params = {}) {
    std::vector<std::string> out;
    for (auto& r : query(sql, params).rows) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i)
        line += (i ? "|" : "") + (r.is_null(i) ? std::string("NULL") : r.text(i));
      out.push_back(line);
    }
    return out;
  }

  // The desk codes a person holds on a day, one per part ("am:T1-1").
  std::vector<std::string> desks_of(std::int64_t person, std::int64_t day) {
    return rows(
        "SELECT b.part || ':' || d.code FROM desk_bookings b JOIN desks d ON d.id = b.desk_id "
        "WHERE b.person_id = $1 AND b.day = $2 ORDER BY b.part",
        {person, day});
  }

  std::int64_t team1 = 0, team2 = 0, office = 0, elsewhere = 0, room = 0;
  std::int64_t ann = 0, bart = 0, cas = 0, dirk = 0, eva = 0, fien = 0, gus = 0;
  std::map<std::string, std::int64_t> desks;
};

}  // namespace ploeg::workplace::testing
