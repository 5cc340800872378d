// Form bodies: application/x-www-form-urlencoded (and query strings) and
// multipart/form-data. The input's first line is the Content-Type, the rest
// the body.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz/split.hpp"
#include "http/message.hpp"

using namespace ploeg;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto all = fuzz::text(data, size);
  auto eol = all.find('\n');
  std::string_view content_type = eol == std::string_view::npos ? all : all.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? std::string_view{} : all.substr(eol + 1);

  for (const auto& [name, value] : http::parse_fields(body)) {
    // What url_encode writes, parse_fields reads back.
    auto again = http::parse_fields(http::url_encode(name) + "=" + http::url_encode(value));
    if (again.size() != 1 || again[0].first != name || again[0].second != value) std::abort();
  }
  (void)http::url_decode(body, true);
  (void)http::url_decode(body, false);
  (void)http::html_escape(body);
  (void)http::json_escape(body);

  if (auto parts = http::parse_multipart(content_type, body)) {
    for (const auto& part : *parts) {
      if (part.body.size() > body.size()) std::abort();
    }
  }

  http::Request req;
  req.method = "POST";
  req.headers.emplace("Content-Type", std::string(content_type));
  req.body = std::string(body);
  (void)req.form();
  (void)http::form_parts(req);
  return 0;
}
