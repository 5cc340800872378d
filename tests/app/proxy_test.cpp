// Behind a proxy: whose X-Forwarded-* headers are believed, what the logs
// hold, and who reads /metrics. The real `ploeg serve`, spoken to on 127.0.0.1.
#include <gtest/gtest.h>

#include "app/ploeg_server.hpp"

namespace ploeg::test {
namespace {

const char* password = "a long enough password";
const char* scrape_token = "scrape-token-for-the-test-1234";

class ProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(make_temp_dir("ploeg-proxy-"));
    database_ = new std::string("sqlite:" + (*dir_ / "ploeg.db").string());
    for (auto [name, role] : {std::pair{"root", "admin"}, std::pair{"an", "coworker"}}) {
      ASSERT_TRUE(run_ploeg({"user", "add", name, "--role", role, "--display-name", name,
                             "--password-stdin", "--database", *database_},
                            std::string(password) + "\n")
                      .success());
    }
    // One server behind a proxy on this machine, one reached directly.
    proxied_ = new PloegServer(*database_, {},
                               {{"PLOEG_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"},
                                {"PLOEG_METRICS_TOKEN", scrape_token}});
    direct_ = new PloegServer(*database_);
  }
  static void TearDownTestSuite() {
    delete proxied_;
    delete direct_;
    std::filesystem::remove_all(*dir_);
    delete database_;
    delete dir_;
  }
  static std::filesystem::path* dir_;
  static std::string* database_;
  static PloegServer* proxied_;
  static PloegServer* direct_;
};
std::filesystem::path* ProxyTest::dir_ = nullptr;
std::string* ProxyTest::database_ = nullptr;
PloegServer* ProxyTest::proxied_ = nullptr;
PloegServer* ProxyTest::direct_ = nullptr;

bool logged(PloegServer& server, const std::string& text) {
  return server.process().wait_for_output(text, std::chrono::seconds(5));
}

TEST_F(ProxyTest, ClientAddressComesFromTheTrustedProxysHeader) {
  // The proxy appended the client; a client-sent address before it is not believed.
  auto r = http_request(proxied_->port(), "GET", "/healthz", {},
                        {{"X-Forwarded-For", "198.51.100.66, 203.0.113.7, 10.1.2.3"},
                         {"X-Request-Id", "proxied-request-1"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(logged(*proxied_, R"("request_id":"proxied-request-1","remote":"203.0.113.7")"))
      << proxied_->process().stdout_text();
}

TEST_F(ProxyTest, HeadersFromAnyoneElseAreIgnored) {
  auto r = http_request(direct_->port(), "GET", "/", {},
                        {{"X-Forwarded-For", "203.0.113.7"},
                         {"X-Forwarded-Proto", "https"},
                         {"X-Request-Id", "direct-request-1"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(logged(*direct_, R"("request_id":"direct-request-1","remote":"127.0.0.1")"))
      << direct_->process().stdout_text();
  auto cookie = r.header("Set-Cookie").value_or("");
  EXPECT_EQ(cookie.rfind("ploeg_csrf=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
}

TEST_F(ProxyTest, CookiesAreSecureWhenTheProxySaysHttps) {
  auto secure = http_request(proxied_->port(), "GET", "/", {},
                             {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
  EXPECT_NE(secure.header("Set-Cookie").value_or("").find("; Secure"), std::string::npos);
  auto plain = http_request(proxied_->port(), "GET", "/", {},
                            {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "http"}});
  auto cookie = plain.header("Set-Cookie").value_or("");
  EXPECT_EQ(cookie.rfind("ploeg_csrf=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
}

TEST_F(ProxyTest, MetricsNeedAnAdministratorOrTheScrapeToken) {
  const std::string counted = "ploeg_http_requests_total";
  // From loopback, as every visitor behind a same-host proxy is.
  auto anonymous = http_request(proxied_->port(), "GET", "/metrics");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body.find(counted), std::string::npos);
  EXPECT_EQ(anonymous.header("WWW-Authenticate").value_or("").rfind("Bearer", 0), 0u);
  auto wrong = http_request(proxied_->port(), "GET", "/metrics", {},
                            {{"Authorization", "Bearer not-the-token"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body.find(counted), std::string::npos);
  auto scraper = http_request(proxied_->port(), "GET", "/metrics", {},
                              {{"Authorization", std::string("Bearer ") + scrape_token}});
  EXPECT_EQ(scraper.status, 200);
  EXPECT_NE(scraper.body.find(counted), std::string::npos);
  // A server without a token: the same header opens nothing.
  auto untokened =
      http_request(direct_->port(), "GET", "/metrics", {}, {{"Authorization", "Bearer "}});
  EXPECT_EQ(untokened.status, 401);

  Visitor coworker(direct_->port());
  ASSERT_TRUE(coworker.sign_in("an", password));
  auto refused = coworker.get("/metrics");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body.find(counted), std::string::npos);
  Visitor admin(direct_->port());
  ASSERT_TRUE(admin.sign_in("root", password));
  auto shown = admin.get("/metrics");
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find(counted), std::string::npos);
}

TEST_F(ProxyTest, TokensInPathsNeverReachTheLog) {
  const std::string token = "Zq8dJ2kLm0pQrS7tUvWxYz3AbCdEfGh";
  for (auto target : {"/status/" + token, "/calendar/" + token + ".ics", "/no/such/" + token}) {
    http_request(direct_->port(), "GET", target, {}, {{"X-Request-Id", "token-probe"}});
  }
  // The last one is logged once all three are.
  ASSERT_TRUE(logged(*direct_, R"("path":"/no/such/…")")) << direct_->process().stdout_text();
  auto output = direct_->process().stdout_text() + direct_->process().stderr_text();
  EXPECT_EQ(output.find(token), std::string::npos) << output;
}

}  // namespace
}  // namespace ploeg::test
