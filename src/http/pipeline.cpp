#include "http/pipeline.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "core/log.hpp"

namespace ploeg::http::detail {
namespace {

constexpr const char* content_security_policy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// What answers when the application has no error hook, or the hook failed.
Response plain_error(int status, const std::string& message) {
  return Response::text(std::to_string(status) + " " + reason(status) + "\n\n" + message + "\n",
                        status);
}

Response error_page(const ServerHooks& hooks, Request& req, int status,
                    const std::string& message) {
  if (!hooks.error) return plain_error(status, message);
  try {
    return hooks.error(req, status, message);
  } catch (const std::exception& e) {
    log::error("http.error_page_failed",
               {{"status", status}, {"request_id", req.request_id}, {"exception", e.what()}});
  } catch (...) {
    log::error("http.error_page_failed", {{"status", status}, {"request_id", req.request_id}});
  }
  return plain_error(status, message);
}

bool is_token(std::string_view s) {
  static constexpr std::string_view separators = "()<>@,;:\\\"/[]?={} \t";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 32 && u < 127 && separators.find(c) == std::string_view::npos;
  });
}

bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 32 && u != 127);
  });
}

// A response that cannot be written as it is (a header with a newline, an
// impossible status) becomes a 500 rather than a split or broken response.
std::optional<std::string> problem_with(const Response& res) {
  if (res.status < 200 || res.status > 599) {
    return "status " + std::to_string(res.status) + " is not a final status";
  }
  for (const auto& [name, value] : res.headers) {
    if (!is_token(name)) return "header name \"" + name + "\" is not a token";
    if (!is_field_value(value)) return "header " + name + " has a control character in its value";
  }
  return std::nullopt;
}

void set_default(Response& res, const char* name, const char* value) {
  if (!res.header(name)) res.set_header(name, value);
}

void finish(const ServerHooks& hooks, Request& req, Response& res) {
  if (hooks.after) {
    try {
      hooks.after(req, res);
    } catch (const std::exception& e) {
      log::error("http.after_hook_failed",
                 {{"request_id", req.request_id}, {"exception", e.what()}});
      res = plain_error(500, "The server failed to finish the response.");
    } catch (...) {
      log::error("http.after_hook_failed", {{"request_id", req.request_id}});
      res = plain_error(500, "The server failed to finish the response.");
    }
  }
  if (auto problem = problem_with(res)) {
    log::error("http.invalid_response", {{"request_id", req.request_id}, {"problem", *problem}});
    res = plain_error(500, "The server produced an invalid response.");
  }
  set_default(res, "Content-Security-Policy", content_security_policy);
  set_default(res, "X-Content-Type-Options", "nosniff");
  set_default(res, "Referrer-Policy", "same-origin");
  set_default(res, "X-Frame-Options", "DENY");
  res.set_header("X-Request-Id", req.request_id);
}

bool safe_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

bool parse_target(Request& req) {
  std::string_view target = req.target;
  boost::urls::result<boost::urls::url_view> url;
  if (!target.empty() && target.front() == '/') {
    url = boost::urls::parse_origin_form(target);
  } else {
    url = boost::urls::parse_absolute_uri(target);
    if (url && url->scheme_id() != boost::urls::scheme::http &&
        url->scheme_id() != boost::urls::scheme::https) {
      return false;
    }
  }
  if (!url) return false;
  auto encoded_path = url->encoded_path();
  auto path = url_decode(std::string_view(encoded_path.data(), encoded_path.size()), false);
  if (!path) return false;
  req.path = path->empty() ? "/" : std::move(*path);
  req.query.clear();
  if (url->has_query()) {
    auto query = url->encoded_query();
    req.query = parse_fields(std::string_view(query.data(), query.size()));
  }
  return true;
}

std::string request_id_for(const std::optional<std::string>& incoming) {
  if (incoming && safe_request_id(*incoming)) return *incoming;
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::uint64_t value = generator();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = digits[value & 0xF];
    value >>= 4;
  }
  return id;
}

Response process(const Router& router, const ServerHooks& hooks, Request& req) {
  Response res;
  Match match = router.match(req.method, req.path);
  if (match.kind == Match::Kind::found) {
    req.route = match.route->pattern;
    req.permission = match.route->permission;
    req.path_params = std::move(match.params);
    try {
      std::optional<Response> early;
      if (hooks.before) early = hooks.before(req);
      res = early ? std::move(*early) : match.route->handler(req);
    } catch (const HttpError& e) {
      res = error_page(hooks, req, e.status(), e.what());
    } catch (const std::exception& e) {
      log::error("http.handler_failed",
                 {{"request_id", req.request_id}, {"route", req.route}, {"exception", e.what()}});
      res = error_page(hooks, req, 500, "The server failed to answer this request.");
    } catch (...) {
      log::error("http.handler_failed", {{"request_id", req.request_id}, {"route", req.route}});
      res = error_page(hooks, req, 500, "The server failed to answer this request.");
    }
  } else if (match.kind == Match::Kind::method_not_allowed) {
    std::string allowed;
    for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
    res =
        error_page(hooks, req, 405,
                   "This address does not answer " + req.method + "; it answers " + allowed + ".");
    res.set_header("Allow", allowed);
  } else {
    res = error_page(hooks, req, 404, "There is no page at this address.");
  }
  finish(hooks, req, res);
  return res;
}

Response process_error(const Router& router, const ServerHooks& hooks, Request& req, int status,
                       const std::string& message) {
  if (req.route.empty() && !req.path.empty()) {
    Match match = router.match(req.method, req.path);
    if (match.kind == Match::Kind::found) {
      req.route = match.route->pattern;
      req.permission = match.route->permission;
      req.path_params = std::move(match.params);
    }
  }
  Response res = error_page(hooks, req, status, message);
  finish(hooks, req, res);
  return res;
}

std::string route_label(const Request& req) {
  return req.route.empty() ? "unmatched" : req.route;
}

std::string http_date(std::time_t t) {
  // Formatted by hand: strftime's %a and %b follow the locale.
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  int n = std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                        days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900,
                        tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::string http_date() {
  return http_date(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

}  // namespace ploeg::http::detail
