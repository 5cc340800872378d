// The JSON API's answers, the same for every feature's /api/v1 routes: a JSON
// body about live data that nothing caches, the one error shape that
// web/static/api/openapi.json calls Error, and the reading of request bodies.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/field_error.hpp"
#include "http/message.hpp"

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

// A request body that is a JSON object, or the error response that says why
// it is not (415 not JSON, 400 unparsable or not an object, 422 a field
// outside `allowed`).
struct Body {
  boost::json::object object;
  std::optional<http::Response> problem;
};
Body read_object(const http::Request& request, const std::vector<std::string>& allowed);

// A field of `object` that must be a string when present: nullopt when
// absent; `problem` set (422 naming the field) when it has another type.
struct Text {
  std::optional<std::string> value;
  std::optional<http::Response> problem;
};
Text text_field(const boost::json::object& object, const std::string& name);

}  // namespace ploeg::web::api
