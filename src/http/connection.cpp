#include "http/connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cctype>
#include <cmath>

#include "core/log.hpp"
#include "http/pipeline.hpp"

namespace ploeg::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After a response that closes the connection, what the client still sends
// is read and dropped for this long, so that it gets to read the response
// instead of a connection reset (a 413 answered before the body was read).
constexpr std::chrono::seconds linger_time{1};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A request the client got wrong, as opposed to a connection that went away.
bool is_parse_error(const beast::error_code& ec) {
  static const auto& category = bhttp::make_error_code(bhttp::error::bad_target).category();
  return ec.category() == category && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message;
}

// Status links and calendar feeds carry their secret in the path: a segment
// as long as a token is masked, so logs never hold one (the route pattern
// says which page it was).
std::string path_for_log(std::string_view path) {
  constexpr std::size_t token_length = 16;
  std::string out;
  while (!path.empty()) {
    auto slash = path.find('/', 1);
    auto segment = path.substr(0, slash);
    out += segment.size() > token_length ? std::string_view("/…") : segment;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out.size() > 200 ? out.substr(0, 200) + "…" : out;
}

// Headers the server owns; a handler's values for them are ignored.
bool server_owned(std::string_view name) {
  for (std::string_view owned :
       {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Server"}) {
    if (iequals(name, owned)) return true;
  }
  return false;
}

bhttp::response<bhttp::string_body> to_beast(Response&& r, bool head, unsigned version) {
  bhttp::response<bhttp::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(r.status));
  for (auto& [name, value] : r.headers) {
    if (!server_owned(name)) out.insert(name, value);
  }
  out.set(bhttp::field::server, "ploeg");
  out.set(bhttp::field::date, http_date());
  if (r.status != 204 && r.status != 304) {
    // HEAD keeps the length the GET would have, without the body.
    out.content_length(r.body.size());
    if (!head) out.body() = std::move(r.body);
  }
  return out;
}

}  // namespace

std::uint64_t ServerState::add(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  auto id = ++next_id_;
  connections_.emplace(id, std::move(connection));
  ++open_;
  return id;
}

void ServerState::remove(std::uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
    --open_;
  }
  drained_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerState::snapshot() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mutex_);
  for (auto& [id, weak] : connections_) {
    if (auto c = weak.lock()) out.push_back(std::move(c));
  }
  return out;
}

bool ServerState::wait_until_drained(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return drained_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

Connection::Connection(tcp::socket socket, ServerState& state)
    : state_(state),
      executor_(socket.get_executor()),
      stream_(std::move(socket)),
      accepted_(Clock::now()) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    auto address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    remote_ = address.to_string();
  }
  stream_.socket().set_option(tcp::no_delay(true), ec);
}

Connection::~Connection() {
  if (id_ != 0) state_.remove(id_);
}

void Connection::start() {
  id_ = state_.add(weak_from_this());
  asio::dispatch(executor_, [self = shared_from_this()] { self->wait_for_request(); });
}

void Connection::shutdown() {
  asio::post(executor_, [self = shared_from_this()] {
    self->closing_ = true;
    if (self->phase_ == Phase::waiting) self->close_now();
  });
}

void Connection::force_close() {
  beast::error_code ec;
  stream_.socket().close(ec);
}

// Between requests: wait for the first byte of the next one. A new connection
// has header_timeout from its accept for its whole first head; a kept-alive
// one may stay quiet for idle_timeout, then has header_timeout for the head.
void Connection::wait_for_request() {
  phase_ = Phase::waiting;
  if (closing_ || state_.stopping) {
    close_now();
    return;
  }
  const auto& options = state_.options;
  if (buffer_.size() > 0) {  // a pipelined request has begun already
    head_deadline_ =
        first_ ? accepted_ + options.header_timeout : Clock::now() + options.header_timeout;
    read_head();
    return;
  }
  if (first_) {
    head_deadline_ = accepted_ + options.header_timeout;
    stream_.expires_at(head_deadline_);
  } else {
    stream_.expires_after(options.idle_timeout);
  }
  stream_.async_read_some(
      buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        self->buffer_.commit(n);
        if (ec) {
          self->close_now();
          return;
        }
        if (!self->first_)
          self->head_deadline_ = Clock::now() + self->state_.options.header_timeout;
        self->read_head();
      });
}

void Connection::read_head() {
  phase_ = Phase::reading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(state_.options.header_limit));
  parser_->body_limit(state_.options.body_limit);
  stream_.expires_at(head_deadline_);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
}

void Connection::on_head(beast::error_code ec) {
  started_ = Clock::now();
  first_ = false;
  if (ec == bhttp::error::body_limit) {
    // Answered from the head alone: the body is never read.
    fail_request(413, "The request body is larger than the limit of " +
                          std::to_string(state_.options.body_limit) + " bytes.");
    return;
  }
  if (ec == bhttp::error::header_limit) {
    fail_request(431, "The request head is larger than the limit of " +
                          std::to_string(state_.options.header_limit) + " bytes.");
    return;
  }
  if (is_parse_error(ec)) {
    fail_request(400, "The request could not be read as HTTP/1.1: " + ec.message() + ".");
    return;
  }
  if (ec) {  // timeout, the client went away, shutdown
    close_now();
    return;
  }
  auto& head = parser_->get();
  if (head.count(bhttp::field::transfer_encoding) > 0 && !parser_->chunked()) {
    // Its body could not be delimited: reading on would take the body for
    // the next request.
    fail_request(400, "A request body must be sent with Content-Length or chunked.");
    return;
  }
  if (parser_->is_done()) {
    dispatch(request_from_parser(true), 0, {});
    return;
  }
  if (head.version() >= 11 && iequals(trim(head[bhttp::field::expect]), "100-continue")) {
    static const std::string continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
    phase_ = Phase::writing;
    stream_.expires_after(state_.options.body_timeout);
    asio::async_write(stream_, asio::buffer(continue_line),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->close_now();
                          return;
                        }
                        self->read_body();
                      });
    return;
  }
  read_body();
}

void Connection::read_body() {
  phase_ = Phase::reading;
  stream_.expires_after(state_.options.body_timeout);
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void Connection::on_body(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) {
    fail_request(413, "The request body is larger than the limit of " +
                          std::to_string(state_.options.body_limit) + " bytes.");
    return;
  }
  if (is_parse_error(ec)) {
    fail_request(400, "The request body could not be read: " + ec.message() + ".");
    return;
  }
  if (ec) {
    close_now();
    return;
  }
  dispatch(request_from_parser(true), 0, {});
}

Request Connection::request_from_parser(bool with_body) {
  Request req;
  auto& message = parser_->get();
  req.method = std::string(message.method_string());
  req.target = std::string(message.target());
  for (const auto& f : message) {
    req.headers.emplace(std::string(f.name_string()), std::string(f.value()));
  }
  if (with_body) req.body = std::move(message.body());
  req.request_id = request_id_for(req.header("X-Request-Id"));
  auto origin = origin_of(state_.options.trusted_proxies, remote_, req.headers);
  req.remote_address = std::move(origin.client_address);
  req.secure = origin.secure;
  return req;
}

void Connection::fail_request(int status, const std::string& message) {
  dispatch(request_from_parser(false), status, message);
}

void Connection::dispatch(Request req, int error_status, std::string error_message) {
  phase_ = Phase::handling;
  stream_.expires_never();
  // HTTP/1.1 says a request names its host exactly once (RFC 9112 3.2); a
  // missing or doubled one is how request smuggling and cache poisoning start.
  if (error_status == 0 && req.headers.count("Host") != 1) {
    error_status = 400;
    error_message = "A request must name its host in exactly one Host header.";
  }
  bool close_after = error_status != 0;
  Record record;
  record.method = req.method;
  record.remote = req.remote_address;
  record.request_id = req.request_id;
  record.keep_alive = !close_after && parser_->keep_alive();
  record.started = started_;
  unsigned version = parser_->get().version();
  if (version != 10 && version != 11) version = 11;
  parser_.reset();

  asio::post(*state_.workers, [self = shared_from_this(), req = std::move(req), error_status,
                               error_message = std::move(error_message), record = std::move(record),
                               close_after, version]() mutable {
    try {
      const auto& router = self->state_.router;
      const auto& hooks = self->state_.hooks;
      bool target_ok = parse_target(req);
      Response res;
      if (error_status != 0) {
        res = process_error(router, hooks, req, error_status, error_message);
      } else if (!target_ok) {
        res = process_error(router, hooks, req, 400, "The request target is not a valid path.");
      } else {
        res = process(router, hooks, req);
      }
      record.route = route_label(req);
      record.path = path_for_log(req.path);
      record.status = res.status;
      auto out = to_beast(std::move(res), req.method == "HEAD", version);
      asio::post(self->executor_,
                 [self, out = std::move(out), record = std::move(record), close_after]() mutable {
                   self->write(std::move(out), std::move(record), close_after);
                 });
    } catch (const std::exception& e) {
      log::error("http.response_failed",
                 {{"request_id", record.request_id}, {"exception", e.what()}});
      asio::post(self->executor_, [self] { self->close_now(); });
    }
  });
}

void Connection::write(BeastResponse res, Record record, bool close_after) {
  phase_ = Phase::writing;
  bool keep_alive = record.keep_alive && !close_after && !closing_ && !state_.stopping;
  res.keep_alive(keep_alive);
  response_ = std::move(res);
  stream_.expires_after(state_.options.write_timeout);
  bhttp::async_write(
      stream_, *response_,
      [self = shared_from_this(), record = std::move(record), keep_alive](
          beast::error_code ec, std::size_t) { self->on_written(ec, record, keep_alive); });
}

void Connection::on_written(beast::error_code ec, const Record& record, bool keep_alive) {
  std::chrono::duration<double> elapsed = Clock::now() - record.started;
  response_.reset();
  state_.metrics.observe(record.method, record.route, record.status, elapsed);
  boost::json::object fields{
      {"method", record.method},
      {"route", record.route},
      {"path", record.path},
      {"status", record.status},
      {"duration_us", static_cast<std::int64_t>(std::llround(elapsed.count() * 1e6))},
      {"request_id", record.request_id},
      {"remote", record.remote}};
  if (ec) fields["write_error"] = ec.message();
  log::info("request", std::move(fields));
  if (ec) {
    close_now();
  } else if (!keep_alive) {
    close_gracefully();
  } else {
    wait_for_request();
  }
}

void Connection::close_gracefully() {
  phase_ = Phase::lingering;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    close_now();
    return;
  }
  stream_.expires_after(linger_time);
  drain();
}

void Connection::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(16 * 1024),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) {
                              self->close_now();
                              return;
                            }
                            self->drain();
                          });
}

void Connection::close_now() {
  if (phase_ == Phase::closed) return;
  phase_ = Phase::closed;
  stream_.close();
}

}  // namespace ploeg::http::detail
