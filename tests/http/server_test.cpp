#include <gtest/gtest.h>

#include <regex>

#include "test_server.hpp"

namespace ploeg::http::testing {
namespace {

using test::HttpClient;
using test::HttpResponse;

constexpr const char* expected_csp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void expect_security_headers(const HttpResponse& r) {
  EXPECT_EQ(r.header("Content-Security-Policy"), expected_csp);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_TRUE(r.has_header("X-Request-Id"));
  EXPECT_EQ(r.header("Server"), "ploeg");
  EXPECT_TRUE(r.has_header("Date"));
}

class ServerTest : public ::testing::Test {
 protected:
  TestServer server;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  HttpClient c = server.client();
  int fd = c.fd();
  auto first = c.get("/");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "home");
  EXPECT_EQ(first.header("Content-Length"), "4");
  EXPECT_NE(first.header("Connection"), "close");
  auto second = c.get("/hello/ann");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "hello ann");
  EXPECT_TRUE(c.is_open());
  EXPECT_EQ(c.fd(), fd);
  EXPECT_EQ(server.server().open_connections(), 1u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpClient c = server.client();
  c.send(c.format_request("GET", "/hello/a") + c.format_request("GET", "/hello/b"));
  EXPECT_EQ(c.read_response().body, "hello a");
  EXPECT_EQ(c.read_response().body, "hello b");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  HttpClient c = server.client();
  auto r = c.get("/", {{"Connection", "close"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(c.wait_closed(2s));
}

TEST_F(ServerTest, Http10ClosesUnlessKeptAlive) {
  HttpClient c = server.client();
  c.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.version, 10u);
  EXPECT_TRUE(c.wait_closed(2s));
}

TEST_F(ServerTest, MalformedRequestGets400AndTheConnectionCloses) {
  HttpClient c = server.client();
  c.send("THIS IS NOT HTTP\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  expect_security_headers(r);
  EXPECT_TRUE(c.wait_closed(2s));
  // The server carries on.
  EXPECT_EQ(server.client().get("/").status, 200);
}

TEST_F(ServerTest, BadHeadersGet400) {
  for (const char* raw : {
           "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
           "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
           "GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
           "GET / HTTP/9.9\r\n\r\n",
           "GET /a b HTTP/1.1\r\n\r\n",
           "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           // Ambiguous framing (request smuggling)
           "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: "
           "chunked\r\n\r\n0\r\n\r\n",
           "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
           "5\r\n\r\n0\r\n\r\n",
           "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nGET / "
           "HTTP/1.1\r\n\r\n",
       }) {
    HttpClient c = server.client();
    c.send(raw);
    auto r = c.read_response();
    EXPECT_EQ(r.status, 400) << raw;
  }
}

TEST_F(ServerTest, InvalidEscapeInTheTargetGets400) {
  HttpClient c = server.client();
  auto r = c.get("/hello/%zz");
  EXPECT_EQ(r.status, 400);
}

TEST_F(ServerTest, UnknownRouteGets404FromTheErrorHook) {
  HttpClient c = server.client();
  auto r = c.get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  EXPECT_EQ(r.header("X-After"), "yes");
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Error 404"), std::string::npos);
  EXPECT_NE(r.body.find("/no/such/page"), std::string::npos);
  expect_security_headers(r);
  // A 404 keeps the connection.
  EXPECT_EQ(c.get("/").status, 200);
}

TEST(ServerWithoutHooks, AnswersErrorsInPlainText) {
  TestServer server(fast_options(), /*with_error_hook=*/false);
  auto r = server.client().get("/missing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_NE(r.body.find("404"), std::string::npos);
  expect_security_headers(r);
}

TEST_F(ServerTest, WrongMethodGets405WithAllow) {
  HttpClient c = server.client();
  auto r = c.request("DELETE", "/people/7");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  auto put = c.request("PUT", "/echo", "x");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.header("Allow"), "POST");
}

TEST_F(ServerTest, BodyOverTheLimitGets413WithoutBeingRead) {
  HttpClient c = server.client();
  // Only the head is sent: the answer must not wait for the body.
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  expect_security_headers(r);
  EXPECT_TRUE(c.wait_closed(3s));
}

TEST_F(ServerTest, BodyOverTheLimitSentAnywayStillGets413) {
  HttpClient c = server.client();
  std::string body(1024 * 1024 + 1, 'x');
  c.send(c.format_request("POST", "/echo", body));
  auto r = c.read_response();
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitGets413) {
  HttpClient c = server.client();
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk(64 * 1024, 'y');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  HttpResponse r;
  try {
    for (int i = 0; i < 17; ++i) c.send(size_line + chunk + "\r\n");
  } catch (const std::exception&) {
    // The server may close before the last chunk; the answer is still there.
  }
  r = c.read_response();
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, BodyOfExactlyTheLimitIsAccepted) {
  HttpClient c = server.client();
  std::string body(1024 * 1024, 'z');
  auto r = c.post("/echo", body, "application/octet-stream");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Body-Size"), "1048576");
  EXPECT_EQ(r.body.size(), body.size());
  EXPECT_EQ(c.get("/").status, 200);  // still kept alive
}

TEST_F(ServerTest, ExpectContinueIsAnswered) {
  HttpClient c = server.client();
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  // The interim response comes before the body is sent.
  EXPECT_TRUE(c.wait_for_bytes("HTTP/1.1 100 Continue\r\n\r\n", 2s));
  c.send("hello");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
}

TEST_F(ServerTest, SecurityHeadersOnEveryKindOfResponse) {
  HttpClient c = server.client();
  auto ok = c.get("/");
  EXPECT_EQ(ok.status, 200);
  expect_security_headers(ok);
  auto missing = c.get("/nothing-here");
  EXPECT_EQ(missing.status, 404);
  expect_security_headers(missing);
  auto file = c.get("/static/site.css");
  EXPECT_EQ(file.status, 200);
  expect_security_headers(file);
  auto failed = c.get("/boom");
  EXPECT_EQ(failed.status, 500);
  expect_security_headers(failed);
}

TEST_F(ServerTest, HandlerMayReplaceTheCspButNotContentLength) {
  auto r = server.client().get("/csp");
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.header("Content-Length"), "8");
  EXPECT_EQ(r.body, "<p>x</p>");
}

TEST_F(ServerTest, HeaderInjectionBecomes500) {
  auto r = server.client().get("/bad-header");
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(r.has_header("Set-Cookie"));
  EXPECT_FALSE(r.has_header("X-Injected"));
}

TEST_F(ServerTest, HeadAnswersWithoutABody) {
  HttpClient c = server.client();
  auto head = c.request("HEAD", "/hello/bob");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length"), "9");  // "hello bob"
  EXPECT_TRUE(head.body.empty());
  expect_security_headers(head);
  // Nothing stray follows on the connection.
  auto next = c.get("/hello/carl");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "hello carl");
}

TEST_F(ServerTest, HandlerExceptionGets500AndTheServerGoesOn) {
  HttpClient c = server.client();
  auto r = c.get("/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  EXPECT_EQ(r.body.find("kaboom"), std::string::npos);  // internals stay in the log
  auto next = c.get("/hello/after");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "hello after");
}

TEST_F(ServerTest, HttpErrorFromAHandlerUsesTheErrorHook) {
  auto r = server.client().get("/gone");
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.header("X-Error-Hook"), "yes");
  EXPECT_NE(r.body.find("It left."), std::string::npos);
}

TEST_F(ServerTest, BeforeHookCanShortCircuit) {
  auto r = server.client().get("/secret");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "forbidden");
  EXPECT_EQ(r.header("X-After"), "yes");
  expect_security_headers(r);
  EXPECT_FALSE(server.secret_handler_ran());
}

TEST_F(ServerTest, PathAndQueryAreDecoded) {
  auto r = server.client().get("/hello/J%C3%A9r%C3%B4me");
  EXPECT_EQ(r.body, "hello J\xC3\xA9r\xC3\xB4me");
  auto q = server.client().get("/query?q=a+b%26c&x=1");
  EXPECT_EQ(q.body, "a b&c|/query|plain|127.0.0.1");
}

TEST_F(ServerTest, ForwardedHeadersAreIgnoredWithoutTrustedProxies) {
  auto r = server.client().get(
      "/query", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(r.body, "-|/query|plain|127.0.0.1");
}

TEST(ServerBehindProxyTest, ForwardedHeadersAreBelievedFromATrustedProxy) {
  auto options = fast_options();
  options.trusted_proxies = TrustedProxies::parse("127.0.0.1");
  TestServer proxied(options);
  auto r = proxied.client().get(
      "/query", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}});
  EXPECT_EQ(r.body, "-|/query|secure|203.0.113.7");
}

TEST_F(ServerTest, ARequestNamesItsHostExactlyOnce) {
  for (const char* raw : {"GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.0\r\n\r\n",
                          "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    HttpClient c = server.client();
    c.send(raw);
    auto r = c.read_response();
    EXPECT_EQ(r.status, 400) << raw;
    EXPECT_EQ(r.header("X-Error-Hook"), "yes") << raw;
    EXPECT_TRUE(c.wait_closed(2s)) << raw;
  }
  HttpClient c = server.client();
  c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 200);
}

TEST_F(ServerTest, FormBodiesAreDecoded) {
  auto r = server.client().post("/form", "name=Ann+Smith&x=1");
  EXPECT_EQ(r.body, "Ann Smith");
  auto other = server.client().post("/form", "name=Ann", "text/plain");
  EXPECT_EQ(other.body, "-");
}

TEST_F(ServerTest, RequestIdIsKeptWhenSafeAndMadeOtherwise) {
  HttpClient c = server.client();
  EXPECT_EQ(c.get("/", {{"X-Request-Id", "abc-123"}}).header("X-Request-Id"), "abc-123");
  auto unsafe = c.get("/", {{"X-Request-Id", "<script>"}}).header("X-Request-Id");
  ASSERT_TRUE(unsafe);
  EXPECT_TRUE(std::regex_match(*unsafe, std::regex("[0-9a-f]{16}"))) << *unsafe;
  auto a = c.get("/").header("X-Request-Id");
  auto b = c.get("/").header("X-Request-Id");
  EXPECT_NE(a, b);
}

TEST_F(ServerTest, MetricsCountRequestsByRoute) {
  HttpClient c = server.client();
  EXPECT_EQ(c.get("/hello/one").status, 200);
  EXPECT_EQ(c.get("/hello/two").status, 200);
  EXPECT_EQ(c.get("/not/here").status, 404);
  auto r = c.get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = r.body;
  EXPECT_NE(
      text.find(
          "ploeg_http_requests_total{method=\"GET\",route=\"/hello/{name}\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("ploeg_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("ploeg_http_request_duration_seconds_bucket{method=\"GET\",route=\"/hello/"
                      "{name}\",status=\"200\",le=\"+Inf\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("/hello/one"), std::string::npos);  // never the raw path
  EXPECT_EQ(text.find("/not/here"), std::string::npos);
}

TEST_F(ServerTest, HalfAHeaderIsCutOffAfterTheHeaderTimeout) {
  HttpClient c = server.client();
  auto start = std::chrono::steady_clock::now();
  c.send("GET / HTTP/1.1\r\nHo");
  EXPECT_TRUE(c.wait_closed(3s));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 2s);
}

TEST_F(ServerTest, TrickledHeaderIsCutOffToo) {
  // Bytes that keep arriving do not extend the deadline of the head.
  HttpClient c = server.client();
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  try {
    for (int i = 0; i < 40 && !closed; ++i) {
      c.send("X");
      std::this_thread::sleep_for(50ms);
    }
  } catch (const std::exception&) {
    closed = true;  // the server reset the connection
  }
  if (!closed) closed = c.wait_closed(2s);
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
}

TEST_F(ServerTest, SilentNewConnectionIsClosedAfterTheHeaderTimeout) {
  HttpClient c = server.client();
  EXPECT_TRUE(c.wait_closed(2s));
}

TEST_F(ServerTest, IdleKeepAliveConnectionGetsTheIdleTimeoutNotTheHeaderTimeout) {
  HttpClient c = server.client();
  EXPECT_EQ(c.get("/").status, 200);
  std::this_thread::sleep_for(600ms);  // twice the header timeout
  EXPECT_EQ(c.get("/hello/later").status, 200);
}

TEST_F(ServerTest, SlowBodyIsCutOffAfterTheBodyTimeout) {
  HttpClient c = server.client();
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed(4s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1500ms);
}

}  // namespace
}  // namespace ploeg::http::testing
