// Plain request and response types. src/http knows no feature: whatever a
// feature needs to carry along a request goes in Request::context.
#pragma once

#include <any>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ploeg::http {

// Header names compare case-insensitively.
struct HeaderLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::multimap<std::string, std::string, HeaderLess>;
// Decoded query-string or form fields, in order, repeats kept.
using Fields = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> field(const Fields& fields, std::string_view name);

struct Request {
  std::string method;  // "GET", "POST", ... (upper case)
  std::string target;  // as sent: "/people?q=x"
  std::string path;    // decoded path: "/people"
  Fields query;        // decoded query string
  Headers headers;
  std::string body;
  std::string remote_address;  // peer IP, without port
  std::string request_id;      // echoed as X-Request-Id, logged
  bool secure = false;         // served over TLS (or behind a proxy that says so)
  std::map<std::string, std::string> path_params;  // "/people/{id}" -> {"id": "42"}
  std::string route;  // the pattern that matched ("/people/{id}"), for logs and metrics
  std::string permission;  // the matched route's permission (see Router::add)
  std::any context;        // the application's per-request state (visitor, session)

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // application/x-www-form-urlencoded body, decoded; empty for other types.
  Fields form() const;
  std::optional<std::string> param(std::string_view name) const;  // path parameter
  bool is_state_changing() const;  // anything but GET, HEAD, OPTIONS
  bool wants_json() const;         // Accept prefers application/json, or path under /api/
};

struct Cookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // absent: a session cookie
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
std::string format_set_cookie(const Cookie& c);

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  void set_header(std::string name, std::string value);  // replaces
  void set_cookie(const Cookie& c);                      // adds a Set-Cookie
  std::optional<std::string> header(std::string_view name) const;

  static Response html(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  // 303 See Other: what a form post answers so a reload does not resend it.
  static Response redirect(std::string location, int status = 303);
};

// Percent-decoding ('+' as space when `form` is true); nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool form);
// Parses "a=1&b=2" (query string or form body).
Fields parse_fields(std::string_view s);
std::string url_encode(std::string_view s);
std::string html_escape(std::string_view s);
std::string json_escape(std::string_view s);  // the contents of a JSON string, no quotes

}  // namespace ploeg::http
