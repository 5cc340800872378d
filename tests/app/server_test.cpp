// End to end: the real `ploeg serve` on SQLite, spoken to over HTTP on
// 127.0.0.1 as a browser would.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "app/ploeg_server.hpp"

namespace ploeg::test {
namespace {

const char* password = "a long enough password";
// Who may read /metrics is proxy_test.cpp's matter; here a scraper reads it.
const char* metrics_token = "a-scrape-token-for-server-tests";

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(make_temp_dir("ploeg-server-"));
    database_ = new std::string("sqlite:" + (*dir_ / "ploeg.db").string());
    ASSERT_TRUE(run_ploeg({"user", "add", "an", "--role", "coworker", "--display-name",
                           "An Peeters", "--password-stdin", "--database", *database_},
                          std::string(password) + "\n")
                    .success());
    for (const char* name : {"cas", "dirk"}) {
      ASSERT_TRUE(run_ploeg({"user", "add", name, "--role", "coach", "--display-name", name,
                             "--password-stdin", "--database", *database_},
                            std::string(password) + "\n")
                      .success());
    }
    server_ = new PloegServer(*database_, {}, {{"PLOEG_METRICS_TOKEN", metrics_token}});
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*dir_);
    delete database_;
    delete dir_;
  }
  std::uint16_t port() { return server_->port(); }

  static std::filesystem::path* dir_;
  static std::string* database_;
  static PloegServer* server_;
};
std::filesystem::path* ServerTest::dir_ = nullptr;
std::string* ServerTest::database_ = nullptr;
PloegServer* ServerTest::server_ = nullptr;

TEST_F(ServerTest, ProbesAndMetricsAnswer) {
  auto health = http_request(port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  auto ready = http_request(port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "ready\n");
  auto metrics = http_request(port(), "GET", "/metrics", {},
                              {{"Authorization", std::string("Bearer ") + metrics_token}});
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("ploeg_http_requests_total{method=\"GET\",route=\"/healthz\""),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("ploeg_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(ServerTest, EveryPageHasSecurityHeadersAndACsrfCookie) {
  auto home = http_request(port(), "GET", "/");
  EXPECT_EQ(home.status, 200);
  auto csp = home.header("Content-Security-Policy").value_or("");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(home.header("X-Content-Type-Options").value_or(""), "nosniff");
  // Pages are nobody's to cache; static files are.
  EXPECT_EQ(home.header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(http_request(port(), "GET", "/static/favicon.svg").header("Cache-Control").value_or(""),
            "public, max-age=3600");
  EXPECT_TRUE(home.header("Referrer-Policy").has_value());
  auto cookie = home.header("Set-Cookie").value_or("");
  EXPECT_EQ(cookie.rfind("ploeg_csrf=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  auto icon = http_request(port(), "GET", "/favicon.ico");
  EXPECT_EQ(icon.status, 301);
  EXPECT_EQ(icon.header("Location").value_or(""), "/static/favicon.svg");
  auto missing = http_request(port(), "GET", "/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<html"), std::string::npos);
  EXPECT_TRUE(missing.header("Content-Security-Policy").has_value());
}

TEST_F(ServerTest, StateChangingRequestsWithoutTheRightCsrfTokenAreRefused) {
  Visitor v(port());
  v.get("/login");
  ASSERT_FALSE(v.csrf().empty());
  auto none = v.post("/login", {{"username", "an"}, {"password", password}}, "");
  EXPECT_EQ(none.status, 403);
  EXPECT_NE(none.body.find("did not come from this site"), std::string::npos);
  auto wrong = v.post("/login", {{"username", "an"}, {"password", password}}, std::string(43, 'x'));
  EXPECT_EQ(wrong.status, 403);
  // A token without the cookie it belongs to is no good either.
  Visitor stranger(port());
  auto forged = stranger.post("/login", {{"username", "an"}, {"password", password}}, v.csrf());
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(v.cookies().count("ploeg_session"));
  auto language = v.post("/language", {{"lang", "nl"}}, "");
  EXPECT_EQ(language.status, 403);
}

TEST_F(ServerTest, SignInSessionAndSignOut) {
  Visitor v(port());
  v.get("/login");
  auto bad = v.post("/login", {{"username", "an"}, {"password", "not it at all"}});
  EXPECT_EQ(bad.status, 401);
  auto unknown = v.post("/login", {{"username", "nobody"}, {"password", "not it at all"}});
  EXPECT_EQ(unknown.status, 401);
  std::string message = "The user name or password is not correct.";
  EXPECT_NE(bad.body.find(message), std::string::npos);
  EXPECT_NE(unknown.body.find(message), std::string::npos);

  auto ok = v.post("/login", {{"username", " AN "}, {"password", password}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(ok.header("Location").value_or(""), "/");
  std::string session_cookie;
  for (auto& c : ok.headers_named("Set-Cookie")) {
    if (c.rfind("ploeg_session=", 0) == 0) session_cookie = c;
  }
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(session_cookie.find("Secure"), std::string::npos) << "plain HTTP: not Secure";

  auto home = v.get("/");
  EXPECT_NE(home.body.find("An Peeters"), std::string::npos);
  EXPECT_EQ(v.get("/account/password").status, 200);
  auto missing = v.get("/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("An Peeters"), std::string::npos) << "errors know who is signed in";

  auto out = v.post("/logout", {});
  EXPECT_EQ(out.status, 303);
  auto after = v.get("/account/password");
  EXPECT_EQ(after.status, 303);
}

TEST_F(ServerTest, ASignedOutTokenIsDeadOnTheServerToo) {
  Visitor v(port());
  ASSERT_TRUE(v.sign_in("an", password));
  std::string token = v.cookies().at("ploeg_session");
  v.post("/logout", {});
  Visitor replay(port());
  replay.cookies()["ploeg_session"] = token;
  EXPECT_EQ(replay.get("/account/password").status, 303);
}

TEST_F(ServerTest, PagesThatNeedASignInSendAnonymousVisitorsToIt) {
  auto page = http_request(port(), "GET", "/account/password");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("Location").value_or(""), "/login?next=%2Faccount%2Fpassword");
  auto api = http_request(port(), "GET", "/account/password", "", {{"Accept", "application/json"}});
  EXPECT_EQ(api.status, 403);
  EXPECT_NE(api.body.find("\"error\""), std::string::npos);
}

TEST_F(ServerTest, BadRequestsGetClearAnswers) {
  auto wrong_method = http_request(port(), "DELETE", "/");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_NE(wrong_method.header("Allow").value_or("").find("GET"), std::string::npos);

  std::string big(1024 * 1024 + 1, 'a');
  auto too_big = http_request(port(), "POST", "/login", big,
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(too_big.status, 413);

  HttpClient raw("127.0.0.1", port());
  raw.send("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(raw.read_response().status, 400);

  // The server is still there.
  EXPECT_EQ(http_request(port(), "GET", "/healthz").status, 200);
}

TEST_F(ServerTest, LanguageFromTheBrowserAndFromTheVisitorsChoice) {
  auto french = http_request(port(), "GET", "/login", "", {{"Accept-Language", "fr-BE,fr;q=0.9"}});
  EXPECT_NE(french.body.find("<html lang=\"fr\""), std::string::npos);
  Visitor v(port());
  v.get("/login", {{"Accept-Language", "fr"}});
  auto chosen = v.post("/language", {{"lang", "nl"}, {"back", "/login"}});
  EXPECT_EQ(chosen.status, 303);
  EXPECT_EQ(chosen.header("Location").value_or(""), "/login");
  auto dutch = v.get("/login", {{"Accept-Language", "fr"}});
  EXPECT_NE(dutch.body.find("<html lang=\"nl\""), std::string::npos);
  // An unknown language, or a way back off this site, is refused or ignored.
  EXPECT_EQ(v.post("/language", {{"lang", "xx"}}).status, 400);
  auto away = v.post("/language", {{"lang", "fr"}, {"back", "//evil.example/"}});
  EXPECT_EQ(away.header("Location").value_or(""), "/");
}

TEST_F(ServerTest, PasswordChangeExplainsEachFieldAndWorks) {
  Visitor v(port());
  ASSERT_TRUE(v.sign_in("cas", password));
  v.get("/account/password");
  auto bad = v.post(
      "/account/password",
      {{"current_password", "wrong"}, {"new_password", "short"}, {"confirm_password", "other"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("aria-invalid=\"true\""), std::string::npos);
  auto good = v.post("/account/password", {{"current_password", password},
                                           {"new_password", "a brand new passphrase"},
                                           {"confirm_password", "a brand new passphrase"}});
  EXPECT_EQ(good.status, 303);
  Visitor again(port());
  EXPECT_FALSE(again.sign_in("cas", password));
  EXPECT_TRUE(again.sign_in("cas", "a brand new passphrase"));
}

TEST_F(ServerTest, TheAuditLogRecordsSignInsAndVerifies) {
  Visitor v(port());
  ASSERT_TRUE(v.sign_in("dirk", password));
  std::string output;
  auto status = run_ploeg({"audit", "verify", "--database", *database_}, "", {}, &output);
  EXPECT_TRUE(status.success()) << output;
  EXPECT_NE(output.find("intact"), std::string::npos) << output;
}

// The sign-in throttle end to end: signin_server_test.cpp.

// A separate server for the ones that end it.
TEST(ServerLifecycle, SigtermStopsCleanly) {
  auto dir = make_temp_dir("ploeg-stop-");
  PloegServer server("sqlite:" + (dir / "ploeg.db").string());
  ASSERT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);
  server.process().signal(SIGTERM);
  auto status = server.process().wait_for(std::chrono::seconds(15));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->success()) << server.process().describe();
  EXPECT_NE(server.process().stderr_text().find("\"event\":\"stopped\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

// A server started with an unknown zone or a malformed PLOEG_NOW stops at
// once and says which setting to fix.
TEST(CommandLine, AnUnknownTimeZoneOrABadClockStopsTheProgramSayingWhy) {
  auto dir = make_temp_dir("ploeg-zone-");
  std::string out;
  auto bad_zone = run_ploeg({"user", "list", "--database", "sqlite:" + (dir / "z.db").string()}, "",
                            {{"PLOEG_TIME_ZONE", "Europe/Atlantis"}}, &out);
  EXPECT_EQ(bad_zone.code, 1);
  EXPECT_NE(out.find("unknown time zone \"Europe/Atlantis\""), std::string::npos) << out;
  auto bad_now = run_ploeg({"user", "list", "--database", "sqlite:" + (dir / "z.db").string()}, "",
                           {{"PLOEG_NOW", "next tuesday"}}, &out);
  EXPECT_EQ(bad_now.code, 1);
  EXPECT_NE(out.find("PLOEG_NOW \"next tuesday\""), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

TEST(CommandLine, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  auto dir = make_temp_dir("ploeg-config-");
  auto file_db = dir / "file.db", env_db = dir / "env.db", flag_db = dir / "flag.db";
  auto config = dir / "ploeg.toml";
  std::ofstream(config) << "database = \"sqlite:" << file_db.string() << "\"\n";

  EXPECT_TRUE(run_ploeg({"migrate", "--config", config.string()}).success());
  EXPECT_TRUE(std::filesystem::exists(file_db));

  EXPECT_TRUE(run_ploeg({"migrate", "--config", config.string()}, "",
                        {{"PLOEG_DATABASE", "sqlite:" + env_db.string()}})
                  .success());
  EXPECT_TRUE(std::filesystem::exists(env_db));

  EXPECT_TRUE(run_ploeg({"migrate", "--config", config.string(), "--database",
                         "sqlite:" + flag_db.string()},
                        "", {{"PLOEG_DATABASE", "sqlite:" + env_db.string()}})
                  .success());
  EXPECT_TRUE(std::filesystem::exists(flag_db));
  std::filesystem::remove_all(dir);
}

TEST(CommandLine, ErrorsSayWhatToFix) {
  std::string output;
  EXPECT_FALSE(run_ploeg({"migrate", "--database", "mysql://x"}, "", {}, &output).success());
  EXPECT_NE(output.find("sqlite:"), std::string::npos) << output;
  auto dir = make_temp_dir("ploeg-cli-");
  auto db = "sqlite:" + (dir / "p.db").string();
  EXPECT_FALSE(run_ploeg({"user", "add", "an", "--role", "boss", "--display-name", "An",
                          "--password-stdin", "--database", db},
                         "short\n", {}, &output)
                   .success());
  EXPECT_NE(output.find("role"), std::string::npos) << output;
  EXPECT_NE(output.find("12 characters"), std::string::npos) << output;
  EXPECT_TRUE(run_ploeg({"--version"}, "", {}, &output).success());
  EXPECT_NE(output.find("ploeg 0."), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ploeg::test
