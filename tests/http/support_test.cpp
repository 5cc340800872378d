// The test support helpers that other suites build on: child processes,
// free ports, the raw client.
#include <gtest/gtest.h>
#include <signal.h>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "test_server.hpp"

namespace ploeg::test {
namespace {

using namespace std::chrono_literals;

TEST(Process, CapturesOutputEnvironmentAndExitCode) {
  Process p("/bin/sh", {.args = {"-c", "echo out; echo err >&2; echo \"$PLOEG_X\"; exit 3"},
                        .env = {{"PLOEG_X", "value"}}});
  auto status = p.wait_for(10s);
  ASSERT_TRUE(status) << p.describe();
  EXPECT_TRUE(status->exited);
  EXPECT_EQ(status->code, 3);
  EXPECT_FALSE(status->success());
  EXPECT_EQ(p.stdout_text(), "out\nvalue\n");
  EXPECT_EQ(p.stderr_text(), "err\n");
  EXPECT_EQ(status->describe(), "exit code 3");
}

TEST(Process, StdinWorkingDirectoryAndUnsetVariables) {
  auto dir = make_temp_dir();
  setenv("PLOEG_TEST_UNSET_ME", "present", 1);
  Process p("sh", {.args = {"-c", "cat; pwd; echo \"[${PLOEG_TEST_UNSET_ME-}]\""},
                   .unset_env = {"PLOEG_TEST_UNSET_ME"},
                   .cwd = dir,
                   .stdin_text = "typed\n"});
  auto status = p.wait_for(10s);
  ASSERT_TRUE(status && status->success()) << p.describe();
  EXPECT_EQ(p.stdout_text(), "typed\n" + std::filesystem::canonical(dir).string() + "\n[]\n");
  unsetenv("PLOEG_TEST_UNSET_ME");
  std::filesystem::remove_all(dir);
}

TEST(Process, SignalsAndTimeouts) {
  Process p("sleep", {.args = {"30"}});
  EXPECT_TRUE(p.running());
  EXPECT_FALSE(p.wait_for(100ms));
  p.signal(SIGTERM);
  auto status = p.wait_for(10s);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->exited);
  EXPECT_EQ(status->signal, SIGTERM);
  EXPECT_FALSE(p.running());
}

TEST(Process, WaitsForOutputAndTerminates) {
  Process p("/bin/sh", {.args = {"-c", "sleep 0.1; echo ready >&2; exec sleep 30"}});
  EXPECT_TRUE(p.wait_for_output("ready", 10s)) << p.describe();
  auto status = p.terminate(5s);
  EXPECT_EQ(status.signal, SIGTERM);
}

TEST(Process, MissingProgramThrows) {
  EXPECT_THROW(Process("/nonexistent/ploeg-no-such-program"), std::runtime_error);
}

TEST(Ports, FreePortIsFreeUntilSomeoneListens) {
  std::uint16_t port = free_port();
  EXPECT_GT(port, 0);
  EXPECT_FALSE(wait_for_port(port, 100ms));
  http::ServerOptions options = http::testing::fast_options();
  options.port = port;
  http::Router router;
  router.add("GET", "/", "public", [](http::Request&) { return http::Response::text("up"); });
  http::Server server(options, router);
  server.start();
  EXPECT_EQ(server.port(), port);
  EXPECT_TRUE(wait_for_port(port, 5s));
  EXPECT_EQ(http_request(port, "GET", "/").body, "up");
}

TEST(HttpClientTest, ConnectFailureSaysWhy) {
  std::uint16_t port = free_port();
  try {
    HttpClient c("127.0.0.1", port);
    FAIL() << "connected to a port nobody listens on";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(port)), std::string::npos);
  }
}

TEST(HttpClientTest, ReadTimesOutWhenNoResponseComes) {
  http::testing::TestServer server;
  HttpClient c = server.client();
  c.set_timeout(300ms);
  c.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");  // body never sent
  EXPECT_THROW(c.read_response(), std::runtime_error);
}

}  // namespace
}  // namespace ploeg::test
