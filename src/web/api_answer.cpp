#include "web/api_answer.hpp"

namespace ploeg::web::api {

http::Response json(const boost::json::value& value, int status) {
  auto response = http::Response::json(boost::json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

boost::json::object error_object(const std::string& code, const std::string& message,
                                 const std::optional<std::string>& field) {
  return boost::json::object{
      {"code", code},
      {"message", message},
      {"field", field ? boost::json::value(*field) : boost::json::value(nullptr)}};
}

http::Response error(int status, const std::string& code, const std::string& message,
                     const std::optional<std::string>& field) {
  return json(boost::json::object{{"error", error_object(code, message, field)}}, status);
}

}  // namespace ploeg::web::api
