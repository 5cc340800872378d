#include "support/http_client.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ploeg::test {
namespace {

namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) out.push_back(value);
  }
  return out;
}

int connect_tcp(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    errno = EHOSTUNREACH;
    return -1;
  }
  int fd = -1;
  int saved = 0;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      saved = errno;
      continue;
    }
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    saved = errno;
    ::close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    errno = saved;
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

std::uint64_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {
  fd_ = connect_tcp(host_, port_);
  if (fd_ < 0) {
    throw std::runtime_error("cannot connect to " + host_ + ":" + std::to_string(port_) + ": " +
                             std::strerror(errno));
  }
}

HttpClient::~HttpClient() {
  close();
}

HttpClient::HttpClient(HttpClient&& other) noexcept
    : host_(std::move(other.host_)),
      port_(other.port_),
      timeout_(other.timeout_),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)) {}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
  if (this != &other) {
    close();
    host_ = std::move(other.host_);
    port_ = other.port_;
    timeout_ = other.timeout_;
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

void HttpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

void HttpClient::send(std::string_view bytes) {
  if (fd_ < 0) throw std::runtime_error("send on a closed connection");
  auto deadline = Clock::now() + timeout_;
  while (!bytes.empty()) {
    pollfd p{fd_, POLLOUT, 0};
    int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) throw std::runtime_error("send timed out");
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      throw std::runtime_error(std::string("send failed: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool HttpClient::receive(Clock::time_point deadline) {
  if (fd_ < 0) return false;
  while (true) {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) throw std::runtime_error("timed out waiting for the server");
    if (ready < 0) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    char chunk[64 * 1024];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      if (errno == ECONNRESET) return false;
      throw std::runtime_error(std::string("recv failed: ") + std::strerror(errno));
    }
    if (n == 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

HttpResponse HttpClient::read_response(bool head) {
  auto deadline = Clock::now() + timeout_;
  while (true) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.skip(head);
    parser.header_limit(1024 * 1024);
    parser.body_limit(std::uint64_t{1} << 32);
    while (!parser.is_done()) {
      boost::beast::error_code ec;
      if (!buffer_.empty()) {
        std::size_t used = parser.put(boost::asio::buffer(buffer_.data(), buffer_.size()), ec);
        buffer_.erase(0, used);
        if (ec && ec != bhttp::error::need_more) {
          throw std::runtime_error("malformed response: " + ec.message());
        }
        if (parser.is_done()) break;
        if (used > 0 && !ec) continue;
      }
      if (!receive(deadline)) {
        // Closed before a single byte (a killed server): no response at all.
        if (!parser.got_some())
          throw std::runtime_error("the server closed the connection without answering");
        parser.put_eof(ec);
        if (ec) {
          throw std::runtime_error("the server closed the connection before a complete response");
        }
        close();
      }
    }
    auto& message = parser.get();
    int status = static_cast<int>(message.result_int());
    if (status >= 100 && status < 200 && status != 101) continue;  // 100 Continue
    HttpResponse out;
    out.status = status;
    out.reason = std::string(message.reason());
    out.version = message.version();
    for (const auto& f : message) {
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    out.body = std::move(message.body());
    return out;
  }
}

std::string HttpClient::format_request(std::string_view method, std::string_view target,
                                       std::string_view body, const HeaderList& headers) const {
  bool has_host = false;
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    has_host = has_host || iequals(name, "Host");
    has_length =
        has_length || iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
  }
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!has_host) out += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (!has_length && wants_length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out.append(body);
  return out;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 std::string_view body, const HeaderList& headers) {
  send(format_request(method, target, body, headers));
  return read_response(method == "HEAD");
}

HttpResponse HttpClient::get(std::string_view target, const HeaderList& headers) {
  return request("GET", target, {}, headers);
}

HttpResponse HttpClient::post(std::string_view target, std::string_view body,
                              std::string_view content_type, const HeaderList& headers) {
  HeaderList all = headers;
  all.emplace_back("Content-Type", std::string(content_type));
  return request("POST", target, body, all);
}

bool HttpClient::wait_for_bytes(std::string_view text, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  try {
    while (buffer_.find(text) == std::string::npos) {
      if (!receive(deadline)) return buffer_.find(text) != std::string::npos;
    }
  } catch (const std::runtime_error&) {
    return false;
  }
  return true;
}

std::string HttpClient::take_received() {
  return std::exchange(buffer_, {});
}

bool HttpClient::wait_closed(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  try {
    while (receive(deadline)) buffer_.clear();
  } catch (const std::runtime_error&) {
    return false;  // timed out: still open
  }
  close();
  return true;
}

HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          std::string_view body, const HeaderList& headers,
                          const std::string& host) {
  HttpClient client(host, port);
  return client.request(method, target, body, headers);
}

}  // namespace ploeg::test
