// Graceful shutdown: requests in flight finish, idle connections close, new
// ones are refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "test_server.hpp"

namespace ploeg::http::testing {
namespace {

using Clock = std::chrono::steady_clock;
using test::HttpClient;

// True when nothing accepts connections on the port any more.
bool refused(std::uint16_t port) {
  int fd = test::connect_tcp("127.0.0.1", port);
  if (fd >= 0) {
    ::close(fd);
    return false;
  }
  return errno == ECONNREFUSED;
}

TEST(Shutdown, RequestInFlightFinishesAndNewConnectionsAreRefused) {
  TestServer server;
  auto port = server.port();
  HttpClient idle = server.client();
  ASSERT_EQ(idle.get("/").status, 200);

  HttpClient busy = server.client();
  busy.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
  std::this_thread::sleep_for(100ms);  // the server is reading the body now

  std::thread stopper([&] { server.server().stop(); });
  stopper.join();

  EXPECT_TRUE(refused(port));
  EXPECT_TRUE(idle.wait_closed(2s));  // an idle keep-alive connection is closed
  EXPECT_FALSE(server.run_returned());

  busy.send("67890");
  auto r = busy.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "1234567890");
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(busy.wait_closed(2s));

  server.run_thread().join();  // run() returns once the last connection is gone
  EXPECT_TRUE(server.run_returned());
  EXPECT_TRUE(refused(port));
}

TEST(Shutdown, SlowHandlerFinishesItsResponse) {
  TestServer server;
  HttpClient c = server.client();
  c.send(c.format_request("GET", "/slow"));
  std::this_thread::sleep_for(100ms);  // the handler is running
  auto start = Clock::now();
  server.server().stop();
  EXPECT_LT(Clock::now() - start, 1s);  // stop() itself does not wait for requests
  auto r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slow");
  server.run_thread().join();
}

TEST(Shutdown, StopFromAHandlerWorks) {
  TestServer server;
  HttpClient c = server.client();
  auto r = c.get("/stop");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  server.run_thread().join();
  EXPECT_TRUE(server.run_returned());
}

TEST(Shutdown, IdleServerStopsAtOnce) {
  TestServer server;
  HttpClient c = server.client();
  ASSERT_EQ(c.get("/").status, 200);
  auto start = Clock::now();
  server.server().stop();
  server.run_thread().join();
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_TRUE(c.wait_closed(1s));
}

TEST(Shutdown, GraceBoundsTheWaitForAStuckRequest) {
  ServerOptions options = fast_options();
  options.body_timeout = 30s;
  options.shutdown_grace = 500ms;
  TestServer server(options);
  HttpClient c = server.client();
  c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n123");
  std::this_thread::sleep_for(100ms);
  auto start = Clock::now();
  server.server().stop();
  server.run_thread().join();
  auto waited = Clock::now() - start;
  EXPECT_GE(waited, 400ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(c.wait_closed(1s));
}

TEST(Shutdown, SigtermStopsRun) {
  // A no-op handler first, so that a SIGTERM sent before the server watches
  // for it cannot end the test process; the loop sends it until run() returns.
  struct sigaction quiet {};
  struct sigaction previous {};
  quiet.sa_handler = [](int) {};
  sigemptyset(&quiet.sa_mask);
  ASSERT_EQ(sigaction(SIGTERM, &quiet, &previous), 0);
  {
    TestServer server(fast_options(), true, /*handle_signals=*/true);
    HttpClient c = server.client();
    ASSERT_EQ(c.get("/").status, 200);
    for (int i = 0; i < 50 && !server.run_returned(); ++i) {
      ::kill(::getpid(), SIGTERM);
      std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(server.run_returned());
    EXPECT_TRUE(refused(server.port()));
  }
  sigaction(SIGTERM, &previous, nullptr);
}

TEST(Shutdown, DestructorWithoutRunStopsCleanly) {
  Router router;
  router.add("GET", "/", "public", [](Request&) { return Response::text("x"); });
  std::uint16_t port = 0;
  {
    Server server(fast_options(), router);
    server.start();
    port = server.port();
    EXPECT_EQ(test::http_request(port, "GET", "/").body, "x");
  }
  EXPECT_TRUE(refused(port));
}

TEST(Shutdown, StartReportsWhyItCannotListen) {
  Router router;
  Server first(fast_options(), router);
  first.start();
  ServerOptions same = fast_options();
  same.port = first.port();
  Server second(same, router);
  try {
    second.start();
    FAIL() << "a second server on the same port started";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos)
        << e.what();
  }
  ServerOptions nowhere = fast_options();
  nowhere.host = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  Server third(nowhere, router);
  EXPECT_THROW(third.start(), std::runtime_error);
}

}  // namespace
}  // namespace ploeg::http::testing
