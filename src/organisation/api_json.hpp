// Inside the organisation API: the JSON it answers (built with Boost.JSON),
// its errors, and the reading of request bodies. Only api*.cpp include this.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/field_error.hpp"
#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/teams.hpp"

namespace ploeg::organisation::api {

// A JSON answer; API answers are about live data, so nothing caches them.
http::Response json(const boost::json::value& value, int status = 200);

// {"error": {"code", "message", "field"}}; `errors` (all of a 422's) go in
// error.errors when given.
http::Response error(int status, const std::string& code, const std::string& message,
                     const std::optional<std::string>& field = std::nullopt,
                     const std::vector<FieldError>& errors = {});
// 422 from an edit's field errors: the first one names the field.
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

boost::json::value person_json(const directory::PersonPage& person, boost::json::array teams,
                               boost::json::array roles, boost::json::array competences);
boost::json::object hit_json(const directory::Hit& hit);
boost::json::object coverage_json(const Coverage& coverage);
boost::json::object team_role_json(const teams::TeamRole& role);
boost::json::value team_json(const teams::TeamDetail& detail, bool may_edit);
boost::json::object team_status_json(const teams::TeamStatus& status, int min_size, int max_size);
boost::json::object role_json(const teams::RoleOverview& role);

}  // namespace ploeg::organisation::api
