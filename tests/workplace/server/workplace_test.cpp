// Desk booking end to end on the real `ploeg serve`: a co-worker books a
// desk in the team's neighbourhood, the limits are explained, a desk given
// back goes to the first on the waiting list; and under load, 1,000
// concurrent requests for 100 desks give exactly 100 bookings and 900
// "full" answers with a waiting-list place — on SQLite with one server, on
// PostgreSQL with two, one of them killed halfway, losing no confirmed booking.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <ctime>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "support/pg_cluster.hpp"

namespace ploeg::test {
namespace {

// A day from today as the server sees it (the suite and the server read one clock).
std::string date_in(int days) {
  return date_text(today() + days);
}

// An office "load" with 100 desks, and 1,000 people to book them.
void add_load_office(const std::string& database) {
  auto db = store::Database::open(database);
  db->transaction([](store::Connection& c) {
    auto postcode = c.query("SELECT postcode FROM region_postcodes LIMIT 1").rows.at(0).text(0);
    auto office =
        c.query("INSERT INTO offices (code, name) VALUES ('load', 'Load office') RETURNING id");
    auto floor =
        c.query("INSERT INTO floors (office_id, name, level) VALUES ($1, 'Ground', 0) RETURNING id",
                {office.rows.at(0).integer(0)});
    auto zone = c.query("INSERT INTO zones (floor_id, name) VALUES ($1, 'Open') RETURNING id",
                        {floor.rows.at(0).integer(0)});
    for (int k = 1; k <= 100; ++k)
      c.query("INSERT INTO desks (zone_id, code) VALUES ($1, $2)",
              {zone.rows.at(0).integer(0), "L-" + std::to_string(k)});
    for (int k = 1; k <= 1000; ++k)
      c.query(
          "INSERT INTO people (email, name, fte_permille, home_postcode) VALUES ($1, $2, 1000, $3)",
          {"load-" + std::to_string(k) + "@example.org", "Load " + std::to_string(k), postcode});
  });
}

std::vector<std::int64_t> load_people(const std::string& database) {
  auto db = store::Database::open(database);
  std::vector<std::int64_t> ids;
  for (auto& r :
       db->acquire()->query("SELECT id FROM people WHERE email LIKE 'load-%' ORDER BY id").rows)
    ids.push_back(r.integer(0));
  return ids;
}

// The headers of a JSON call with the visitor's session and CSRF token.
HeaderList api_headers(Visitor& v) {
  auto session = v.get("/api/v1/session");
  std::smatch m;
  std::regex token(R"re("csrf":"([^"]+)")re");
  EXPECT_TRUE(std::regex_search(session.body, m, token)) << session.body;
  std::string cookie;
  for (auto& [name, value] : v.cookies())
    cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
  return {{"Cookie", cookie},
          {"X-CSRF-Token", m.empty() ? "" : std::string(m[1])},
          {"Content-Type", "application/json"}};
}

struct Burst {
  std::atomic<int> booked{0}, full{0}, other{0}, failed{0};
  std::mutex lock;
  std::set<std::int64_t> confirmed;  // persons whose 201 arrived
  std::set<std::string> desks;       // desks named in the 201s
  std::vector<std::string> odd;
};

// 1,000 requests, one a person, from 40 threads over the given ports.
void fire(Burst& burst, const std::vector<std::uint16_t>& ports, const HeaderList& headers,
          const std::vector<std::int64_t>& people, const std::string& day,
          const std::function<void(int)>& after_each = {}) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&] {
      for (int i; (i = next++) < static_cast<int>(people.size());) {
        auto port = ports[static_cast<std::size_t>(i) % ports.size()];
        std::string body = "{\"office\":\"load\",\"day\":\"" + day +
                           "\",\"part\":\"day\",\"person\":" +
                           std::to_string(people[static_cast<std::size_t>(i)]) + "}";
        try {
          auto r = http_request(port, "POST", "/api/v1/desk-bookings", body, headers);
          if (r.status == 201) {
            ++burst.booked;
            std::smatch m;
            std::regex desk(R"re("desk":"([^"]+)")re");
            std::lock_guard<std::mutex> hold(burst.lock);
            burst.confirmed.insert(people[static_cast<std::size_t>(i)]);
            if (std::regex_search(r.body, m, desk)) burst.desks.insert(m[1]);
          } else if (r.status == 409 && r.body.find("\"code\":\"full\"") != std::string::npos &&
                     r.body.find("\"waiting_position\":") != std::string::npos) {
            ++burst.full;
          } else {
            ++burst.other;
            std::lock_guard<std::mutex> hold(burst.lock);
            if (burst.odd.size() < 5) burst.odd.push_back(std::to_string(r.status) + " " + r.body);
          }
        } catch (const std::exception&) {
          ++burst.failed;  // the server went away mid-request
        }
        if (after_each) after_each(i);
      }
    });
  }
  for (auto& th : threads) th.join();
}

// The database after a burst: no desk booked twice for a part of the day,
// every confirmed booking there.
void check_database(const std::string& database, const Burst& burst, const std::string& day) {
  auto db = store::Database::open(database);
  auto lease = db->acquire();
  auto rows = lease->query(
      "SELECT COUNT(*), COUNT(DISTINCT d.id), COUNT(DISTINCT b.person_id) FROM desk_bookings b "
      "JOIN desks d "
      "ON d.id = b.desk_id WHERE d.code LIKE 'L-%'");
  EXPECT_LE(rows.rows[0].integer(1), 100);
  EXPECT_EQ(rows.rows[0].integer(0), 2 * rows.rows[0].integer(2))
      << "a day booking holds both parts";
  EXPECT_EQ(rows.rows[0].integer(0), 2 * rows.rows[0].integer(1)) << "no desk for two people";
  for (auto person : burst.confirmed) {
    auto found = lease->query("SELECT COUNT(*) FROM desk_bookings WHERE person_id = $1", {person});
    EXPECT_EQ(found.rows[0].integer(0), 2) << "confirmed booking of person " << person << " lost";
  }
  (void)day;
}

TEST(WorkplaceBooking, ACoWorkerBooksInTheNeighbourhoodAndTheLimitsAreExplained) {
  DemoServer demo("ploeg-workplace-", add_load_office);
  auto v = demo.signed_in("coworker");
  auto headers = api_headers(v);
  auto db = store::Database::open(demo.database());
  auto lease = db->acquire();
  auto office = lease->query(
      "SELECT o.code FROM account_people a JOIN users u ON u.id = a.user_id JOIN memberships m ON "
      "m.person_id = a.person_id JOIN teams t ON t.id = m.team_id JOIN offices o ON o.region_id = "
      "t.region_id WHERE u.username = 'coworker' LIMIT 1");
  ASSERT_FALSE(office.empty());
  auto code = office.rows[0].text(0);
  std::string day = date_in(3);
  auto first = http_request(demo.port(), "POST", "/api/v1/desk-bookings",
                            "{\"office\":\"" + code + "\",\"day\":\"" + day + "\"}", headers);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_NE(first.body.find("\"neighbourhood\":true"), std::string::npos) << first.body;
  auto again = http_request(demo.port(), "POST", "/api/v1/desk-bookings",
                            "{\"office\":\"" + code + "\",\"day\":\"" + day + "\"}", headers);
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("\"already\":true"), std::string::npos);

  auto far = http_request(demo.port(), "POST", "/api/v1/desk-bookings",
                          "{\"office\":\"" + code + "\",\"day\":\"" + date_in(60) + "\"}", headers);
  EXPECT_EQ(far.status, 422);
  EXPECT_NE(far.body.find("is outside that"), std::string::npos) << far.body;
  EXPECT_NE(far.body.find(R"("code":"desk_outside_horizon")"), std::string::npos) << far.body;
  EXPECT_NE(far.body.find(R"("field":"day")"), std::string::npos) << far.body;
  auto elsewhere = http_request(
      demo.port(), "POST", "/api/v1/desk-bookings",
      "{\"office\":\"" + code + "\",\"day\":\"" + date_in(4) + "\",\"desk\":\"L-1\"}", headers);
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_NE(elsewhere.body.find("That desk is in another office"), std::string::npos)
      << elsewhere.body;
  EXPECT_NE(elsewhere.body.find(R"("field":"desk")"), std::string::npos) << elsewhere.body;
  auto unknown =
      http_request(demo.port(), "POST", "/api/v1/desk-bookings",
                   "{\"office\":\"" + code + "\",\"day\":\"" + day + "\",\"room\":\"A\"}", headers);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(
      unknown.body.find(
          R"({"error":{"code":"unknown_field","message":"There is no field room here; the fields are: office, day, part, desk, person.")"),
      std::string::npos)
      << unknown.body;
  EXPECT_NE(unknown.body.find(R"("field":"room")"), std::string::npos) << unknown.body;
  auto someone = load_people(demo.database()).front();
  auto for_other = http_request(
      demo.port(), "POST", "/api/v1/desk-bookings",
      "{\"office\":\"load\",\"day\":\"" + day + "\",\"person\":" + std::to_string(someone) + "}",
      headers);
  EXPECT_EQ(for_other.status, 403) << "a co-worker books for themselves";
  EXPECT_NE(for_other.body.find(
                "You may book a desk for yourself only, or for someone in a team you coach."),
            std::string::npos)
      << for_other.body;
  EXPECT_NE(for_other.body.find(R"("field":"person")"), std::string::npos) << for_other.body;
  auto no_csrf = http_request(demo.port(), "POST", "/api/v1/desk-bookings",
                              "{\"office\":\"" + code + "\",\"day\":\"" + day + "\"}",
                              {headers[0], headers[2]});
  EXPECT_EQ(no_csrf.status, 403);
}

TEST(WorkplaceBooking, ADeskGivenBackGoesToTheFirstWaiting) {
  DemoServer demo("ploeg-workplace-", [](const std::string& database) {
    add_load_office(database);
    auto db = store::Database::open(database);
    db->acquire()->query("DELETE FROM desks WHERE code LIKE 'L-%' AND code <> 'L-1'");
  });
  auto admin = demo.signed_in("admin");
  auto headers = api_headers(admin);
  auto people = load_people(demo.database());
  std::string day = date_in(2);
  auto book = [&](std::int64_t person) {
    return http_request(
        demo.port(), "POST", "/api/v1/desk-bookings",
        "{\"office\":\"load\",\"day\":\"" + day + "\",\"person\":" + std::to_string(person) + "}",
        headers);
  };
  EXPECT_EQ(book(people[0]).status, 201);
  auto second = book(people[1]);
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("you are number 1 on its waiting list"), std::string::npos)
      << second.body;
  EXPECT_NE(second.body.find(R"("code":"full")"), std::string::npos) << second.body;
  EXPECT_NE(second.body.find(R"("field":null)"), std::string::npos) << second.body;
  EXPECT_NE(second.body.find(R"("waiting_position":1)"), std::string::npos) << second.body;
  auto third = book(people[2]);
  EXPECT_NE(third.body.find("\"waiting_position\":2"), std::string::npos) << third.body;
  auto released = http_request(
      demo.port(), "DELETE",
      "/api/v1/desk-bookings?office=load&day=" + day + "&person=" + std::to_string(people[0]), "",
      headers);
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_NE(released.body.find("\"given_to\":[" + std::to_string(people[1]) + "]"),
            std::string::npos)
      << released.body;
  auto db = store::Database::open(demo.database());
  auto holder = db->acquire()->query(
      "SELECT DISTINCT b.person_id FROM desk_bookings b JOIN desks d ON d.id = b.desk_id WHERE "
      "d.code = 'L-1'");
  ASSERT_EQ(holder.rows.size(), 1u);
  EXPECT_EQ(holder.rows[0].integer(0), people[1]);
  EXPECT_NE(book(people[2]).body.find("\"waiting_position\":1"), std::string::npos) << "moved up";
}

TEST(WorkplaceLoad, AThousandRequestsForAHundredDesksOnSqlite) {
  DemoServer demo("ploeg-workplace-load-", add_load_office);
  auto admin = demo.signed_in("admin");
  auto headers = api_headers(admin);
  auto people = load_people(demo.database());
  ASSERT_EQ(people.size(), 1000u);
  Burst burst;
  std::string day = date_in(1);
  fire(burst, {demo.port()}, headers, people, day);
  EXPECT_EQ(burst.booked, 100);
  EXPECT_EQ(burst.full, 900);
  EXPECT_EQ(burst.other, 0) << (burst.odd.empty() ? "" : burst.odd.front());
  EXPECT_EQ(burst.failed, 0);
  EXPECT_EQ(burst.desks.size(), 100u) << "each booked desk named once";
  check_database(demo.database(), burst, day);
}

TEST(WorkplaceLoad, TwoServersOnPostgresqlAndOneKilledHalfway) {
  PgCluster cluster;
  auto logins = run_demo({"--people", "300", "--no-history", "--database", cluster.url()});
  ASSERT_EQ(logins.count("admin"), 1u);
  add_load_office(cluster.url());
  auto people = load_people(cluster.url());
  std::string day = date_in(1);
  {
    PloegServer first(cluster.url());
    PloegServer second(cluster.url());
    Visitor admin(first.port());
    ASSERT_TRUE(admin.sign_in("admin", logins["admin"]));
    auto headers = api_headers(admin);  // sessions live in the database: good on both servers
    Burst burst;
    // The second server is killed while the desks are still being booked.
    std::atomic<bool> killed{false};
    fire(burst, {first.port(), second.port()}, headers, people, day, [&](int i) {
      if (i >= 60 && !killed.exchange(true)) second.process().signal(SIGKILL);
    });
    EXPECT_TRUE(killed);
    EXPECT_GT(burst.failed, 0) << "requests to the killed server failed";
    EXPECT_LE(burst.booked, 100);
    EXPECT_GE(burst.booked, 90) << "the first server booked the rest";
    EXPECT_EQ(burst.booked + burst.full + burst.failed, 1000);
    EXPECT_EQ(burst.other, 0) << (burst.odd.empty() ? "" : burst.odd.front());
    auto db = store::Database::open(cluster.url());
    auto desks = db->acquire()->query(
        "SELECT COUNT(DISTINCT b.desk_id) FROM desk_bookings b JOIN desks d ON d.id = b.desk_id "
        "WHERE d.code LIKE 'L-%'");
    EXPECT_EQ(desks.rows[0].integer(0), 100) << "every desk taken once";
    check_database(cluster.url(), burst, day);
  }
}

}  // namespace
}  // namespace ploeg::test
