// An in-process server on a free port with a small router of test handlers,
// running on its own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

#include "http/metrics.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

namespace ploeg::http::testing {

using namespace std::chrono_literals;

inline ServerOptions fast_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.header_timeout = 300ms;
  o.body_timeout = 2s;
  o.idle_timeout = 5s;
  o.shutdown_grace = 5s;
  o.io_threads = 2;
  o.worker_threads = 4;
  return o;
}

// Files for the static route, and one beside the root that must stay unreachable.
inline std::filesystem::path make_static_tree() {
  auto base = test::make_temp_dir("ploeg-static-");
  auto root = base / "static";
  std::filesystem::create_directories(root / "sub" / "dir");
  std::filesystem::create_directories(root / "emptydir");
  auto write = [](const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  };
  write(root / "site.css", "body { color: black; }\n");
  write(root / "app.js", "console.log('hi');\n");
  write(root / "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
  write(root / "hello.txt", "hello\n");
  write(root / ".hidden", "hidden\n");
  write(root / "sub" / "dir" / "page.html", "<p>page</p>\n");
  write(base / "secret.txt", "secret\n");
  std::filesystem::create_symlink(base / "secret.txt", root / "escape.txt");
  return root;
}

class TestServer {
 public:
  explicit TestServer(ServerOptions options = fast_options(), bool with_error_hook = true,
                      bool handle_signals = false)
      : static_root_(make_static_tree()) {
    router_.add("GET", "/", "public", [](Request&) { return Response::text("home"); });
    router_.add("GET", "/hello/{name}", "public",
                [](Request& r) { return Response::text("hello " + *r.param("name")); });
    router_.add("GET", "/query", "public", [](Request& r) {
      return Response::text(field(r.query, "q").value_or("-") + "|" + r.path + "|" +
                            (r.secure ? "secure" : "plain") + "|" + r.remote_address);
    });
    router_.add("POST", "/echo", "public", [](Request& r) {
      auto res = Response::text(r.body);
      res.set_header("X-Body-Size", std::to_string(r.body.size()));
      return res;
    });
    router_.add("POST", "/form", "public",
                [](Request& r) { return Response::text(field(r.form(), "name").value_or("-")); });
    router_.add("GET", "/people/{id}", "public",
                [](Request& r) { return Response::text("person " + *r.param("id")); });
    router_.add("POST", "/people/{id}", "edit", [](Request&) { return Response::redirect("/"); });
    router_.add("GET", "/boom", "public",
                [](Request&) -> Response { throw std::runtime_error("kaboom"); });
    router_.add("GET", "/gone", "public",
                [](Request&) -> Response { throw HttpError(410, "It left."); });
    router_.add("GET", "/secret", "admin", [this](Request&) {
      secret_handler_ran_ = true;
      return Response::text("the secret");
    });
    router_.add("GET", "/slow", "public", [](Request&) {
      std::this_thread::sleep_for(300ms);
      return Response::text("slow");
    });
    router_.add("GET", "/csp", "public", [](Request&) {
      auto r = Response::html("<p>x</p>");
      r.set_header("Content-Security-Policy", "default-src 'none'");
      r.set_header("Content-Length", "999");  // the server's to set
      return r;
    });
    router_.add("GET", "/bad-header", "public", [](Request&) {
      auto r = Response::text("x");
      r.set_header("X-Injected", "a\r\nSet-Cookie: evil=1");
      return r;
    });
    router_.add("GET", "/stop", "public", [this](Request&) {
      server_->stop();
      return Response::text("stopping");
    });
    router_.add("GET", "/metrics", "metrics",
                [this](Request&) { return metrics_response(server_->metrics()); });
    router_.add("GET", "/static/{path*}", "public", static_files(static_root_));

    ServerHooks hooks;
    hooks.before = [](Request& r) -> std::optional<Response> {
      if (r.permission == "admin") return Response::text("forbidden", 403);
      return std::nullopt;
    };
    hooks.after = [](Request&, Response& res) { res.set_header("X-After", "yes"); };
    if (with_error_hook) {
      hooks.error = [](Request& r, int status, const std::string& message) {
        auto res =
            Response::html("<h1>Error " + std::to_string(status) + "</h1><p>" +
                               html_escape(message) + "</p><p>" + html_escape(r.path) + "</p>",
                           status);
        res.set_header("X-Error-Hook", "yes");
        return res;
      };
    }
    server_ = std::make_unique<Server>(options, router_, hooks);
    server_->start();
    thread_ = std::thread([this, handle_signals] {
      server_->run(handle_signals);
      run_returned_ = true;
    });
  }

  ~TestServer() {
    shutdown();
    std::error_code ec;
    std::filesystem::remove_all(static_root_.parent_path(), ec);
  }

  // stop() and wait for run() to return.
  void shutdown() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  std::uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  test::HttpClient client() { return test::HttpClient("127.0.0.1", port()); }
  const std::filesystem::path& static_root() const { return static_root_; }
  bool secret_handler_ran() const { return secret_handler_ran_; }
  bool run_returned() const { return run_returned_; }
  std::thread& run_thread() { return thread_; }

 private:
  std::filesystem::path static_root_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<bool> secret_handler_ran_{false};
  std::atomic<bool> run_returned_{false};
};

}  // namespace ploeg::http::testing
