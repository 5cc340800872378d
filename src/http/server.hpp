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

#include "http/forwarded.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace ploeg::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                         // 0: any free port (see Server::port())
  std::size_t body_limit = 1024 * 1024;              // larger bodies get 413
  std::chrono::milliseconds header_timeout{10'000};  // whole request head must arrive in this
  std::chrono::milliseconds body_timeout{30'000};    // and the body in this
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection with no request
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests may finish in this
  std::chrono::milliseconds write_timeout{30'000};   // a response must be taken in this
  std::size_t header_limit = 16 * 1024;              // larger request heads get 431
  std::size_t io_threads = 1;
  std::size_t worker_threads = 8;
  std::size_t max_connections = 10'000;  // beyond this new connections are closed at once
  // Peers whose X-Forwarded-For/-Proto are believed (see http/forwarded.hpp).
  TrustedProxies trusted_proxies;
};

// What the application plugs in. All are optional.
struct ServerHooks {
  // Runs before every matched route's handler (sessions, CSRF, permissions);
  // a returned response is sent instead of calling the handler.
  std::function<std::optional<Response>(Request&)> before;
  // Runs on every response before it is sent (cookies, language, ...).
  std::function<void(Request&, Response&)> after;
  // Renders an error page or JSON error for a status the server decided
  // (400, 404, 405, 413, 431, 500, 503, or a handler's HttpError). `message`
  // says what went wrong. hooks.after still runs on what it returns.
  std::function<Response(Request&, int status, const std::string& message)> error;
};

// Every response gets the security headers (Content-Security-Policy,
// X-Content-Type-Options, Referrer-Policy, X-Frame-Options) unless the handler
// set its own value, and X-Request-Id. Each request is logged as one JSON line
// ("request": method, route, path, status, duration_ms, request_id, remote)
// and counted in metrics().
//
// Handlers may throw HttpError(status, message) to answer with hooks.error;
// any other exception is logged and answered with hooks.error(req, 500, ...).
class Server {
 public:
  // The router is used by reference: it must outlive the server and must not
  // change after start().
  Server(ServerOptions options, const Router& router, ServerHooks hooks = {});
  Server(ServerOptions options, const Router&& router, ServerHooks hooks = {}) = delete;
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, then serves on background threads (run() need not be
  // called for the server to answer). Raises the soft RLIMIT_NOFILE to the
  // hard limit. Throws std::runtime_error saying why when it cannot listen.
  void start();
  std::uint16_t port() const;  // the bound port (after start)
  // Blocks until stop() or SIGTERM/SIGINT (when handle_signals), then stops
  // accepting, lets requests in flight finish (up to shutdown_grace) and returns.
  void run(bool handle_signals = true);
  // Thread-safe; may be called from a handler or another thread. When it
  // returns (called from outside the server's I/O threads), the listening
  // socket is closed, so new connections are refused. The rest of the
  // shutdown (waiting for requests in flight) is done by run(), or by the
  // destructor when run() is never called.
  void stop();
  Metrics& metrics();
  std::size_t open_connections() const;  // accepted and not yet closed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ploeg::http
