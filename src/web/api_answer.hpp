// The JSON API's answers, the same for every feature's /api/v1 routes: a JSON
// body about live data that nothing caches, the one error shape that
// web/static/api/openapi.json calls Error, and the reading of request bodies.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/outcome.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::web::api {

http::Response json(const boost::json::value& value, int status = 200);

// {"code", "message", "field"}: `field` names the parameter or body field at
// fault, null when none is.
boost::json::object error_object(const std::string& code, const std::string& message,
                                 const std::optional<std::string>& field = std::nullopt);
// {"error": error_object(...)}; `errors` (every problem of a 422) go in
// error.errors when given.
http::Response error(int status, const std::string& code, const std::string& message,
                     const std::optional<std::string>& field = std::nullopt,
                     const std::vector<FieldError>& errors = {});
// 422 from field errors: the first one names the field.
http::Response invalid(const std::vector<FieldError>& errors);

// The code a program branches on for a status: bad_request (400),
// not_signed_in (401), forbidden (403), not_found (404), conflict (409),
// invalid (422), too_many_requests (429), internal_error (5xx), ...
std::string code_of(int status);

// Answers whose message is the catalogue's text (web/locales) in the caller's
// language, as the pages say it: the routes of casework, team choice and the
// week speak to a person's program in that person's language.
class Answers;

// A handler of a /api/v1 route: the database, the answers in the caller's
// language, the request.
using Handler = http::Response (*)(store::Database&, const Answers&, http::Request&);
// Adds an API route for signed-in callers (each checks finer rights itself),
// under Site::guard, its Answers made once.
void add_route(http::Router& router, store::Database& db, const Site& site, const char* method,
               const char* pattern, Handler handler);

class Answers {
 public:
  explicit Answers(const Site& site) : site_(site) {}

  // The error whose message is `key` with `values`; `code` is code_of(status)
  // unless given.
  http::Response error(http::Request& request, int status, const std::string& key,
                       const std::vector<std::pair<std::string, std::string>>& values = {},
                       const std::optional<std::string>& field = std::nullopt,
                       const std::string& code = "") const;
  // A feature's refusal field by field: the first names the field and gives
  // the message, every one is in error.errors. None: the status's own text.
  http::Response errors(http::Request& request, int status,
                        const std::vector<FieldError>& errors) const;
  // A command's refusal (core/outcome.hpp) with its verdict's status: the
  // code is the first problem's catalogue key, the message its text in the
  // caller's language, every problem in error.errors (always for a 422).
  http::Response refusal(http::Request& request, const Outcome& outcome) const;

  // The body as a JSON object holding only fields of `allowed`, or the
  // answer that says what is wrong with it (415 not sent as JSON, 400 not a
  // JSON object, 422 a field it does not know).
  struct Body {
    boost::json::object object;
    std::optional<http::Response> problem;
  };
  Body object(http::Request& request, const std::vector<std::string>& allowed) const;
  // A text field of `body`: "" and not `present` when absent or null;
  // `problem` (422) when not a string.
  struct Text {
    std::string value;
    bool present = false;
    std::optional<http::Response> problem;
  };
  Text text(http::Request& request, const boost::json::object& body, const std::string& name) const;

  // ?limit=&offset= of a list: limit 1..max_limit (default_limit when
  // absent), offset 0..max_offset; `problem` (400) names the parameter.
  struct Page {
    std::int64_t limit = 0;
    std::int64_t offset = 0;
    std::optional<http::Response> problem;
  };
  Page page(http::Request& request, std::int64_t default_limit, std::int64_t max_limit) const;
  static constexpr std::int64_t max_offset = 100000;

  const Site& site() const { return site_; }

 private:
  const Site& site_;
};

}  // namespace ploeg::web::api
