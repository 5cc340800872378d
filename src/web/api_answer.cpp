#include "web/api_answer.hpp"

#include "web/outcome.hpp"

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

// A whole number from low to high, digits only; nullopt otherwise.
std::optional<std::int64_t> whole_number(const std::string& text, std::int64_t low,
                                         std::int64_t high) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  auto n = std::stoll(text);
  if (n < low || n > high) return std::nullopt;
  return n;
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

std::string code_of(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "not_signed_in";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "invalid";
    case 429:
      return "too_many_requests";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal_error" : "bad_request";
  }
}

http::Response Answers::error(http::Request& request, int status, const std::string& key,
                              const std::vector<std::pair<std::string, std::string>>& values,
                              const std::optional<std::string>& field,
                              const std::string& code) const {
  auto message = site_.catalogue().format(visitor(request).lang, key, values);
  // A 400 about one parameter says so: bad_parameter.
  auto chosen = !code.empty()            ? code
                : status == 400 && field ? std::string("bad_parameter")
                                         : code_of(status);
  return api::error(status, chosen, message, field);
}

http::Response Answers::errors(http::Request& request, int status,
                               const std::vector<FieldError>& errors) const {
  if (errors.empty()) {
    return error(request, status, status == 409 ? "api_conflict" : "api_invalid");
  }
  const auto& lang = visitor(request).lang;
  auto said = [&](const FieldError& e) {
    auto text = site_.catalogue().format(lang, e.key, e.values);
    return text == e.key ? e.message : text;  // a key the catalogue lacks: the English
  };
  auto first =
      error_object(code_of(status), said(errors.front()),
                   errors.front().field.empty() ? std::nullopt
                                                : std::optional<std::string>(errors.front().field));
  boost::json::array all;
  for (auto& e : errors)
    all.push_back(boost::json::object{{"field", e.field}, {"message", said(e)}});
  first["errors"] = std::move(all);
  return json(boost::json::object{{"error", std::move(first)}}, status);
}

http::Response Answers::refusal(http::Request& request, const Outcome& outcome) const {
  auto status = status_of(outcome);
  if (outcome.errors.empty())
    return error(request, status, status == 409 ? "api_conflict" : "api_invalid");
  auto& first = outcome.errors.front();
  auto text = site_.catalogue().format(visitor(request).lang, first.key, first.values);
  std::optional<std::string> field;
  if (!first.field.empty() && first.field != "form") field = first.field;
  auto body = error_object(first.key, text == first.key ? first.message : text, field);
  if (status == 422 || outcome.errors.size() > 1) {
    boost::json::array all;
    for (auto& e : outcome.errors) {
      auto said = site_.catalogue().format(visitor(request).lang, e.key, e.values);
      all.push_back(
          boost::json::object{{"field", e.field}, {"message", said == e.key ? e.message : said}});
    }
    body["errors"] = std::move(all);
  }
  return json(boost::json::object{{"error", std::move(body)}}, status);
}

Answers::Body Answers::object(http::Request& request,
                              const std::vector<std::string>& allowed) const {
  Body body;
  if (media_type(request.header("Content-Type").value_or("")) != "application/json") {
    body.problem = error(request, 415, "api_not_json", {}, std::nullopt, "unsupported_media_type");
    return body;
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    body.problem = error(request, 400, "api_body_not_object", {}, std::nullopt, "invalid_json");
    return body;
  }
  body.object = std::move(parsed.as_object());
  for (auto& [key, value] : body.object) {
    std::string name(key);
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    body.problem = error(request, 422, "api_unknown_field",
                         {{"field", name}, {"fields", joined(allowed)}}, name, "unknown_field");
    return body;
  }
  return body;
}

Answers::Text Answers::text(http::Request& request, const boost::json::object& body,
                            const std::string& name) const {
  Text out;
  auto* found = body.if_contains(name);
  if (!found || found->is_null()) return out;
  if (!found->is_string()) {
    out.problem = error(request, 422, "api_not_text", {{"field", name}}, name);
    return out;
  }
  out.value = std::string(found->as_string());
  out.present = true;
  return out;
}

Answers::Page Answers::page(http::Request& request, std::int64_t default_limit,
                            std::int64_t max_limit) const {
  Page page;
  page.limit = default_limit;
  if (auto limit = http::field(request.query, "limit")) {
    auto n = whole_number(*limit, 1, max_limit);
    if (!n) {
      page.problem =
          error(request, 400, "api_bad_limit", {{"max", std::to_string(max_limit)}}, "limit");
      return page;
    }
    page.limit = *n;
  }
  if (auto offset = http::field(request.query, "offset")) {
    auto n = whole_number(*offset, 0, max_offset);
    if (!n) {
      page.problem =
          error(request, 400, "api_bad_offset", {{"max", std::to_string(max_offset)}}, "offset");
      return page;
    }
    page.offset = *n;
  }
  return page;
}

void add_route(http::Router& router, store::Database& db, const Site& site, const char* method,
               const char* pattern, Handler handler) {
  router.add(method, pattern, "signed_in",
             site.guard([&db, answers = Answers(site), handler](http::Request& request) {
               return handler(db, answers, request);
             }));
}

}  // namespace ploeg::web::api
