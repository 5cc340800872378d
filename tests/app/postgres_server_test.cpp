// ploeg serve on PostgreSQL: two servers share one database (and so their
// sessions), and a database outage gives 503s, not a crash, until it is back.
#include <gtest/gtest.h>

#include <thread>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "support/pg_cluster.hpp"

namespace ploeg::test {
namespace {

const char* password = "a long enough password";

TEST(PostgresServer, TwoServersShareSessionsAndSurviveADatabaseOutage) {
  PgCluster cluster;
  ASSERT_TRUE(run_ploeg({"user", "add", "an", "--role", "admin", "--display-name", "An Peeters",
                         "--password-stdin", "--database", cluster.url()},
                        std::string(password) + "\n")
                  .success());
  PloegServer first(cluster.url());
  PloegServer second(cluster.url());

  // Signed in on one server, known on the other: sessions live in the database.
  Visitor v(first.port());
  ASSERT_TRUE(v.sign_in("an", password));
  Visitor elsewhere(second.port());
  elsewhere.cookies() = v.cookies();
  auto page = elsewhere.get("/account/password");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("An Peeters"), std::string::npos);

  cluster.pause();
  auto ready = http_request(first.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(http_request(first.port(), "GET", "/healthz").status, 200) << "the process lives on";
  auto signed_in_page = v.get("/");
  EXPECT_EQ(signed_in_page.status, 503);
  EXPECT_NE(signed_in_page.body.find("<html"), std::string::npos) << "an error page, in style";
  auto sign_in = Visitor(first.port());
  sign_in.get("/login");
  EXPECT_EQ(sign_in.post("/login", {{"username", "an"}, {"password", password}}).status, 503);

  cluster.resume();
  bool back = false;
  for (int i = 0; i < 50 && !back; ++i) {
    back = http_request(first.port(), "GET", "/readyz").status == 200;
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(back) << "ready again once the database is back";
  auto again = v.get("/");
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("An Peeters"), std::string::npos);
  EXPECT_EQ(http_request(second.port(), "GET", "/readyz").status, 200);
}

// The organisation's names in the visitor's language on PostgreSQL: every
// page that picks them in SQL (names::sql) or per request (web::names).
TEST(PostgresServer, TheDemosNamesShowInDutchAndFrench) {
  PgCluster cluster;
  auto logins = run_demo({"--people", "60", "--no-history", "--database", cluster.url()});
  ASSERT_EQ(logins.count("admin"), 1u);
  PloegServer server(cluster.url());
  auto has = [](const HttpResponse& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  };
  Visitor citizen(server.port());
  auto form = citizen.get("/request", {{"Accept-Language", "nl"}});
  EXPECT_TRUE(has(form, "Parkeerkaart")) << form.body;
  EXPECT_FALSE(has(form, "Parking card"));

  Visitor v(server.port());
  ASSERT_TRUE(v.sign_in("admin", logins["admin"]));
  ASSERT_EQ(v.post("/language", {{"lang", "fr"}}).status, 303);
  // The first regional team and its region's French name.
  auto db = store::Database::open(cluster.url());
  auto row = db->acquire()
                 ->query(
                     "SELECT t.code, r.code, n.name FROM teams t JOIN regions r ON r.id = "
                     "t.region_id JOIN names n ON n.kind = 'region' AND n.code = r.code AND "
                     "n.language = 'fr' WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1")
                 .rows.at(0);
  auto code = row.text(0), region = row.text(1), region_fr = row.text(2);
  auto team = v.get("/teams/" + code);
  ASSERT_EQ(team.status, 200) << team.body;
  EXPECT_TRUE(has(team, "Travail social"));
  EXPECT_TRUE(has(team, region_fr));
  EXPECT_FALSE(has(team, "Social work"));
  for (auto path :
       {std::string("/teams"), std::string("/roles"), std::string("/figures"),
        "/staffing?region=" + region, std::string("/rounds"), std::string("/people?q=travail"),
        std::string("/admin/names?kind=step"), std::string("/api/v1/competences")}) {
    auto page = v.get(path);
    EXPECT_EQ(page.status, 200) << path << page.body;
    EXPECT_FALSE(has(page, "Social work")) << path;
  }
  EXPECT_TRUE(has(v.get("/people?q=travail"), "Travail social"));
  EXPECT_TRUE(has(settled(v, "/staffing?region=" + region), region_fr));
}

}  // namespace
}  // namespace ploeg::test
