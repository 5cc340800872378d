// One client connection: reads requests with their timeouts and limits,
// hands them to the worker pool and writes the answers. Internal to src/http
// (it includes Beast, which the rest of the project should not compile).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace ploeg::http::detail {

class Connection;

// What the connections share with the server.
struct ServerState {
  ServerState(ServerOptions o, const Router& r, ServerHooks h)
      : options(std::move(o)), router(r), hooks(std::move(h)) {}

  ServerOptions options;
  const Router& router;
  ServerHooks hooks;
  Metrics metrics;
  boost::asio::thread_pool* workers = nullptr;  // set by Server::start
  std::atomic<bool> stopping{false};

  // Open connections, so that a shutdown can reach the idle ones.
  std::uint64_t add(std::weak_ptr<Connection> connection);
  void remove(std::uint64_t id);
  std::vector<std::shared_ptr<Connection>> snapshot();
  std::size_t open() const { return open_.load(); }
  // Waits until no connection is open or `deadline`; true when none is.
  bool wait_until_drained(std::chrono::steady_clock::time_point deadline);

 private:
  std::mutex mutex_;
  std::condition_variable drained_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 0;
  std::atomic<std::size_t> open_{0};
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ServerState& state);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start();
  // Graceful shutdown: an idle connection closes now, a busy one after its
  // response. Thread-safe.
  void shutdown();
  // Closes the socket at once. Only when no I/O thread runs any more.
  void force_close();

 private:
  using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
  // What the log line and the metrics need once the response is written.
  struct Record {
    std::string method;
    std::string route;
    std::string path;    // with long opaque segments (tokens) masked
    std::string remote;  // the client, through trusted proxies
    std::string request_id;
    int status = 0;
    bool keep_alive = false;
    std::chrono::steady_clock::time_point started;
  };
  enum class Phase { waiting, reading, handling, writing, lingering, closed };

  void wait_for_request();
  void read_head();
  void on_head(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  void fail_request(int status, const std::string& message);
  void dispatch(Request req, int error_status, std::string error_message);
  void write(BeastResponse res, Record record, bool close_after);
  void on_written(boost::beast::error_code ec, const Record& record, bool keep_alive);
  void close_gracefully();
  void drain();
  void close_now();
  Request request_from_parser(bool with_body);

  ServerState& state_;
  boost::asio::any_io_executor executor_;  // the connection's strand
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<BeastResponse> response_;  // alive while it is written
  std::uint64_t id_ = 0;
  std::string remote_;
  bool first_ = true;     // no request read yet
  bool closing_ = false;  // shutting down: close after the current response
  Phase phase_ = Phase::waiting;
  std::chrono::steady_clock::time_point accepted_;
  std::chrono::steady_clock::time_point head_deadline_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ploeg::http::detail
