// Resource limits: many idle connections, the connection cap.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "test_server.hpp"

namespace ploeg::http::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Open sockets, closed at the end of the test.
struct Sockets {
  std::vector<int> fds;
  ~Sockets() {
    for (int fd : fds) ::close(fd);
  }
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST(Limits, ThousandIdleConnectionsDoNotDelayANewRequest) {
  // Client and server share this process: 1,000 sockets on each side.
  ASSERT_GE(test::raise_fd_limit(), 2200u) << "RLIMIT_NOFILE hard limit too low for this test";
  ServerOptions options = fast_options();
  options.header_timeout = 30s;  // the idle connections must stay open during the test
  options.io_threads = 1;        // the worst case: one thread for every connection
  TestServer server(options);

  Sockets idle;
  for (int i = 0; i < 1000; ++i) {
    int fd = test::connect_tcp("127.0.0.1", server.port());
    ASSERT_GE(fd, 0) << "connection " << i << ": " << std::strerror(errno);
    idle.fds.push_back(fd);
  }
  // Every one of them has been accepted and occupies the server.
  ASSERT_TRUE(wait_until([&] { return server.server().open_connections() >= 1000; }, 10s))
      << server.server().open_connections();

  auto start = Clock::now();
  auto r = server.client().get("/hello/newcomer");
  auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello newcomer");
  EXPECT_LT(elapsed, 1s);
  EXPECT_GE(server.server().open_connections(), 1000u);
}

TEST(Limits, ConnectionsBeyondTheCapAreClosedAtOnce) {
  ServerOptions options = fast_options();
  options.header_timeout = 10s;
  options.max_connections = 2;
  TestServer server(options);
  test::HttpClient a = server.client();
  test::HttpClient b = server.client();
  EXPECT_EQ(a.get("/").status, 200);
  EXPECT_EQ(b.get("/").status, 200);
  test::HttpClient c = server.client();  // the kernel accepts; the server closes
  EXPECT_TRUE(c.wait_closed(2s));
  // Freeing a slot lets the next one in.
  a.close();
  ASSERT_TRUE(wait_until([&] { return server.server().open_connections() < 2; }, 2s));
  EXPECT_EQ(server.client().get("/").status, 200);
}

TEST(Limits, OversizedHeadGets431) {
  TestServer server;
  test::HttpClient c = server.client();
  auto r = c.get("/", {{"X-Big", std::string(20 * 1024, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(c.wait_closed(2s));
}

TEST(Limits, SmallerBodyLimitIsApplied) {
  ServerOptions options = fast_options();
  options.body_limit = 10;
  TestServer server(options);
  EXPECT_EQ(server.client().post("/echo", "0123456789", "text/plain").status, 200);
  EXPECT_EQ(server.client().post("/echo", "0123456789A", "text/plain").status, 413);
}

}  // namespace
}  // namespace ploeg::http::testing
