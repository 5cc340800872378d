#include "web/api_answer.hpp"

#include <algorithm>
#include <cctype>

namespace ploeg::web::api {
namespace {

// "application/json; charset=utf-8" -> "application/json".
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(
      std::remove_if(type.begin(), type.end(), [](unsigned char ch) { return std::isspace(ch); }),
      type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  return type;
}

std::string joined(const std::vector<std::string>& names) {
  std::string all;
  for (auto& name : names) all += (all.empty() ? "" : ", ") + name;
  return all;
}

}  // namespace

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
                     const std::optional<std::string>& field,
                     const std::vector<FieldError>& errors) {
  auto body = error_object(code, message, field);
  if (!errors.empty()) {
    boost::json::array all;
    for (auto& e : errors)
      all.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(all);
  }
  return json(boost::json::object{{"error", std::move(body)}}, status);
}

http::Response invalid(const std::vector<FieldError>& errors) {
  if (errors.empty()) return error(422, "invalid", "The request was not valid.");
  return error(422, "invalid", errors.front().message, errors.front().field, errors);
}

Body read_object(const http::Request& request, const std::vector<std::string>& allowed) {
  Body body;
  if (media_type(request.header("Content-Type").value_or("")) != "application/json") {
    body.problem = error(415, "unsupported_media_type",
                         "Send the body as JSON with the header Content-Type: application/json.");
    return body;
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(request.body, ec);
  if (ec) {
    body.problem = error(400, "invalid_json",
                         "The body is not valid JSON (" + ec.message() + "); send a JSON object.");
    return body;
  }
  if (!parsed.is_object()) {
    body.problem = error(400, "invalid_json",
                         "The body must be a JSON object, like {\"" +
                             (allowed.empty() ? "" : allowed.front()) + "\": ...}.");
    return body;
  }
  body.object = std::move(parsed.as_object());
  for (auto& [key, value] : body.object) {
    std::string name(key);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      body.problem = error(
          422, "unknown_field",
          "There is no field " + name + " here; the fields are " + joined(allowed) + ".", name);
      return body;
    }
  }
  return body;
}

Text text_field(const boost::json::object& object, const std::string& name) {
  Text text;
  auto found = object.find(name);
  if (found == object.end()) return text;
  if (!found->value().is_string()) {
    text.problem = error(422, "invalid", name + " must be a string.", name);
    return text;
  }
  text.value = std::string(found->value().as_string());
  return text;
}

}  // namespace ploeg::web::api
