// What happens to a request between parsing and writing, without any I/O:
// target parsing, routing, hooks, handler, error pages, the headers every
// response gets. Internal to src/http.
#pragma once

#include <ctime>

#include <optional>
#include <string>

#include "http/message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace ploeg::http::detail {

// Fills req.path and req.query from req.target (origin form "/a?b", or the
// absolute form "http://host/a?b"); false when the target is not a valid one.
bool parse_target(Request& req);

// The incoming X-Request-Id when it is 1-64 characters of [A-Za-z0-9-],
// otherwise 16 random hex characters.
std::string request_id_for(const std::optional<std::string>& incoming);

// Routes and answers a parsed request (router, hooks.before, handler,
// hooks.after, security headers). Never throws.
Response process(const Router& router, const ServerHooks& hooks, Request& req);

// Answers with a status the server decided (400, 413, ...): hooks.error,
// hooks.after, security headers. Never throws.
Response process_error(const Router& router, const ServerHooks& hooks, Request& req, int status,
                       const std::string& message);

// The route label of metrics and logs: the pattern, or "unmatched".
std::string route_label(const Request& req);

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::string http_date(std::time_t t);  // RFC 9110 IMF-fixdate
std::string http_date();               // now

}  // namespace ploeg::http::detail
