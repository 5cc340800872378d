// ploeg serve on PostgreSQL: two servers share one database (and so their
// sessions), and a database outage gives 503s, not a crash, until it is back.
#include <gtest/gtest.h>

#include <thread>

#include "app/ploeg_server.hpp"
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

}  // namespace
}  // namespace ploeg::test
