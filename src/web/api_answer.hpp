// The JSON API's answers, the same for every feature's /api/v1 routes: a JSON
// body about live data that nothing caches, and the one error shape that
// web/static/api/openapi.json calls Error.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>

#include "http/message.hpp"

namespace ploeg::web::api {

http::Response json(const boost::json::value& value, int status = 200);

// {"code", "message", "field"}: `field` names the parameter or body field at
// fault, null when none is.
boost::json::object error_object(const std::string& code, const std::string& message,
                                 const std::optional<std::string>& field = std::nullopt);
// {"error": error_object(...)}
http::Response error(int status, const std::string& code, const std::string& message,
                     const std::optional<std::string>& field = std::nullopt);

}  // namespace ploeg::web::api
