// A small blocking HTTP/1.1 client for tests: well-formed requests over one
// kept-alive connection, or raw bytes (half a header, a malformed request)
// followed by reading what the server answers. Responses are parsed with
// Boost.Beast; every wait has a timeout, so a test fails instead of hanging.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ploeg::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::string reason{};
  unsigned version = 11;  // 10 or 11
  HeaderList headers{};   // in the order received
  std::string body{};

  // The first header of that name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
  // Every header of that name (Set-Cookie).
  std::vector<std::string> headers_named(std::string_view name) const;
  bool has_header(std::string_view name) const { return header(name).has_value(); }
};

class HttpClient {
 public:
  // Connects to host:port; throws std::runtime_error saying why when it cannot.
  // `timeout` bounds every later send and read.
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(HttpClient&& other) noexcept;
  HttpClient& operator=(HttpClient&& other) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends bytes as they are.
  void send(std::string_view bytes);
  // Reads one response; interim 1xx responses (100 Continue) are skipped.
  // `head`: the response to a HEAD request (no body follows). Throws
  // std::runtime_error on a timeout, a malformed response, or a connection
  // closed before the response was complete.
  HttpResponse read_response(bool head = false);

  // Sends a request (Host and, when there is a body or the method is
  // POST/PUT/PATCH, Content-Length are added unless given) and reads its response.
  HttpResponse request(std::string_view method, std::string_view target, std::string_view body = {},
                       const HeaderList& headers = {});
  HttpResponse get(std::string_view target, const HeaderList& headers = {});
  HttpResponse post(std::string_view target, std::string_view body,
                    std::string_view content_type = "application/x-www-form-urlencoded",
                    const HeaderList& headers = {});

  // The bytes of such a request, for sending in pieces.
  std::string format_request(std::string_view method, std::string_view target,
                             std::string_view body = {}, const HeaderList& headers = {}) const;

  // Waits until the bytes received so far contain `text` (true) or `timeout`
  // passes; they stay for read_response (an interim 100 Continue, say).
  bool wait_for_bytes(std::string_view text, std::chrono::milliseconds timeout);
  // The bytes received but not yet read as a response, removed.
  std::string take_received();

  // Reads and drops whatever the server sends until it closes the connection
  // (true) or `timeout` passes (false).
  bool wait_closed(std::chrono::milliseconds timeout);
  bool is_open() const { return fd_ >= 0; }
  void close();
  int fd() const { return fd_; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  // Appends what arrives within the timeout to buffer_; false at end of stream.
  bool receive(std::chrono::steady_clock::time_point deadline);

  std::string host_;
  std::uint16_t port_ = 0;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buffer_;  // received, not yet parsed
};

// A request on a fresh connection.
HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          std::string_view body = {}, const HeaderList& headers = {},
                          const std::string& host = "127.0.0.1");

// A connected TCP socket (blocking), or -1 with errno set. The caller closes it.
int connect_tcp(const std::string& host, std::uint16_t port);

// Raises this process's soft RLIMIT_NOFILE to the hard limit (tests that
// open many sockets) and returns the new soft limit.
std::uint64_t raise_fd_limit();

}  // namespace ploeg::test
