// The HTTP request as the server reads it: Beast's parser with the server's
// limits, then what the pipeline does with the head (target, query, cookies,
// request id) and the body (form fields, multipart parts), then routing and
// the error page path with a router like a feature's.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <string>

#include "fuzz/split.hpp"
#include "http/message.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace bhttp = boost::beast::http;
using namespace ploeg;

namespace {

const http::Router& router() {
  static const http::Router r = [] {
    http::Router out;
    auto echo = [](http::Request& req) {
      std::string body = req.path;
      for (const auto& [k, v] : req.path_params) body += k + "=" + v + ";";
      for (const auto& [k, v] : req.form()) body += http::html_escape(k) + http::url_encode(v);
      return http::Response::text(body);
    };
    out.add("GET", "/people/{id}", "public", echo);
    out.add("POST", "/people/{id}/edit", "public", echo);
    out.add("GET", "/static/{path*}", "public", echo);
    out.add("POST", "/import", "public", [](http::Request& req) {
      std::string body;
      for (const auto& part : http::form_parts(req)) body += part.name + part.content_type;
      return http::Response::json("\"" + http::json_escape(body) + "\"");
    });
    return out;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::ServerOptions limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
  boost::beast::error_code ec;
  parser.eager(true);
  std::size_t used = parser.put(boost::asio::buffer(data, size), ec);
  (void)used;
  if (!parser.is_header_done()) return 0;

  auto& message = parser.get();
  http::Request req;
  req.method = std::string(message.method_string());
  req.target = std::string(message.target());
  for (const auto& f : message)
    req.headers.emplace(std::string(f.name_string()), std::string(f.value()));
  if (parser.is_done()) req.body = message.body();
  req.remote_address = "127.0.0.1";
  req.request_id = http::detail::request_id_for(req.header("X-Request-Id"));
  (void)req.cookie("ploeg_session");
  (void)req.wants_json();
  (void)req.is_state_changing();

  http::ServerHooks hooks;
  if (http::detail::parse_target(req)) {
    (void)http::detail::process(router(), hooks, req);
  } else {
    (void)http::detail::process_error(router(), hooks, req, 400, "bad target");
  }
  (void)http::detail::route_label(req);
  return 0;
}
