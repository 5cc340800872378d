// The HTTP/1.1 server (Boost.Beast over Asio). I/O runs on a few threads;
// handlers run on a separate worker pool, so a slow database call never stops
// the server reading and writing other connections.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace ploeg::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  std::size_t body_limit = 1024 * 1024;                 // larger bodies get 413
  std::chrono::milliseconds header_timeout{10'000};     // whole request head must arrive in this
  std::chrono::milliseconds body_timeout{30'000};       // and the body in this
  std::chrono::milliseconds idle_timeout{60'000};       // keep-alive connection with no request
  std::chrono::milliseconds shutdown_grace{10'000};     // in-flight requests may finish in this
  std::size_t io_threads = 1;
  std::size_t worker_threads = 8;
  std::size_t max_connections = 10'000;  // beyond this new connections are closed at once
};

// What the application plugs in. All are optional.
struct ServerHooks {
  // Runs before every matched route's handler (sessions, CSRF, permissions);
  // a returned response is sent instead of calling the handler.
  std::function<std::optional<Response>(Request&)> before;
  // Runs on every response before it is sent (cookies, language, ...).
  std::function<void(Request&, Response&)> after;
  // Renders an error page or JSON error for a status the server decided
  // (400, 404, 405, 413, 500, 503). `message` says what went wrong.
  std::function<Response(Request&, int status, const std::string& message)> error;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, ServerHooks hooks = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error saying why when it cannot.
  void start();
  std::uint16_t port() const;  // the bound port (after start)
  // Blocks until stop() or SIGTERM/SIGINT (when handle_signals), then stops
  // accepting, lets requests in flight finish (up to shutdown_grace) and returns.
  void run(bool handle_signals = true);
  void stop();  // thread-safe; may be called from a handler or another thread
  Metrics& metrics();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ploeg::http
