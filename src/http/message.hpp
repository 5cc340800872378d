// Plain request and response types. src/http knows no feature: whatever a
// feature needs to carry along a request goes in Request::context.
#pragma once

#include <any>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
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
  bool secure = false;         // X-Forwarded-Proto: https from a proxy on this machine (loopback)
  std::map<std::string, std::string> path_params;  // "/people/{id}" -> {"id": "42"}
  std::string route;       // the pattern that matched ("/people/{id}"), for logs and metrics
  std::string permission;  // the matched route's permission (see Router::add)
  std::any context;        // the application's per-request state (visitor, session)

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // The fields of an application/x-www-form-urlencoded or multipart/form-data
  // body (a file part's contents as its value); empty for other types and for
  // a malformed multipart body.
  Fields form() const;
  std::optional<std::string> param(std::string_view name) const;  // path parameter
  // Anything but GET, HEAD, OPTIONS.
  bool is_state_changing() const;
  // Accept prefers application/json over text/html, or the path is under /api/.
  bool wants_json() const;
};

struct Cookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age{};  // absent: a session cookie
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
// "name=value; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax". Throws
// std::invalid_argument on a name that is not a token, a value with
// characters a cookie cannot hold (url_encode it first) or an unknown
// SameSite. SameSite=None implies Secure.
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

// Thrown by a handler to have the server answer with its error page for
// `status` (hooks.error), e.g. throw HttpError(404, "No such person").
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message);
  int status() const { return status_; }

 private:
  int status_;
};

// One part of a multipart/form-data body (RFC 7578).
struct FormPart {
  std::string name;
  std::optional<std::string> filename;  // present for a file input, even when empty
  std::string content_type;             // "" when the part did not say
  std::string body;
};
// The parts of a multipart/form-data body, given the request's Content-Type
// (its boundary parameter, quoted or not); nullopt when the type is not
// multipart/form-data or the body is malformed.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body);
// The request's parts (empty when it has none or they are malformed).
std::vector<FormPart> form_parts(const Request& request);

// Percent-decoding ('+' as space when `form` is true); nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool form);
// Parses "a=1&b=2" (query string or form body).
Fields parse_fields(std::string_view s);
std::string url_encode(std::string_view s);
std::string html_escape(std::string_view s);
// The contents of a JSON string, no quotes. '<', '>' and '&' come out as
// \u003c, \u003e, \u0026 so the JSON can sit inside an HTML page.
std::string json_escape(std::string_view s);

}  // namespace ploeg::http
