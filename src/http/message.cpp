#include "http/message.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace ploeg::http {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 6265 cookie-name: a token (no separators, no controls, no spaces).
bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u >= 127) return false;
  static constexpr std::string_view separators = "()<>@,;:\\\"/[]?={}";
  return separators.find(c) == std::string_view::npos;
}

// RFC 6265 cookie-octet: visible ASCII except '"', ',', ';' and '\'.
bool is_cookie_octet(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

// Attribute values (Path) must not end the attribute early or break the header.
bool is_safe_attribute(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F && c != ';';
  });
}

// The q value a media range list gives `type` ("application/json"): the most
// specific matching range wins; 0 when nothing matches.
double accept_quality(std::string_view accept, std::string_view type) {
  auto slash = type.find('/');
  std::string_view major = type.substr(0, slash);
  int best_specificity = -1;
  double best_q = 0;
  while (!accept.empty()) {
    auto comma = accept.find(',');
    std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    auto semicolon = item.find(';');
    std::string_view range = trim(item.substr(0, semicolon));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      std::string_view params = item.substr(semicolon + 1);
      while (!params.empty()) {
        auto next = params.find(';');
        std::string_view param = trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
        if (param.size() > 2 && lower(param[0]) == 'q' && param[1] == '=') {
          std::string value(param.substr(2));
          try {
            q = std::stod(value);
          } catch (const std::exception&) {
            q = 0;
          }
        }
      }
    }
    int specificity = -1;
    if (iequals(range, type)) {
      specificity = 2;
    } else if (range.size() == major.size() + 2 && iequals(range.substr(0, major.size()), major) &&
               range.substr(major.size()) == "/*") {
      specificity = 1;
    } else if (range == "*/*") {
      specificity = 0;
    }
    if (specificity > best_specificity) {
      best_specificity = specificity;
      best_q = q;
    }
  }
  return best_q;
}

}  // namespace

bool HeaderLess::operator()(std::string_view a, std::string_view b) const {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char x = lower(a[i]);
    char y = lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
  }
  return a.size() < b.size();
}

std::optional<std::string> field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto [first, last] = headers.equal_range(std::string("Cookie"));
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      std::string_view pair = trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) != name) continue;
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

Fields Request::form() const {
  auto type = header("Content-Type");
  if (!type) return {};
  std::string_view media = *type;
  media = trim(media.substr(0, media.find(';')));
  if (iequals(media, "multipart/form-data")) {
    Fields fields;
    for (auto& part : form_parts(*this)) fields.emplace_back(part.name, std::move(part.body));
    return fields;
  }
  if (!iequals(media, "application/x-www-form-urlencoded")) return {};
  return parse_fields(body);
}

std::optional<std::string> Request::param(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  if (it == path_params.end()) return std::nullopt;
  return it->second;
}

bool Request::is_state_changing() const {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool Request::wants_json() const {
  if (path == "/api" || path.starts_with("/api/")) return true;
  auto accept = header("Accept");
  if (!accept) return false;
  double json = accept_quality(*accept, "application/json");
  double html = accept_quality(*accept, "text/html");
  return json > 0 && json > html;
}

std::string format_set_cookie(const Cookie& c) {
  if (c.name.empty() || !std::all_of(c.name.begin(), c.name.end(), is_token_char)) {
    throw std::invalid_argument("cookie name \"" + c.name + "\" is not a token");
  }
  if (!std::all_of(c.value.begin(), c.value.end(), is_cookie_octet)) {
    throw std::invalid_argument("cookie \"" + c.name +
                                "\" has a value with characters a cookie cannot hold; "
                                "encode it (url_encode) first");
  }
  if (!is_safe_attribute(c.path)) {
    throw std::invalid_argument("cookie \"" + c.name + "\" has an invalid path");
  }
  std::string out = c.name + "=" + c.value;
  if (!c.path.empty()) out += "; Path=" + c.path;
  if (c.max_age) {
    auto seconds = std::max<std::chrono::seconds::rep>(c.max_age->count(), 0);
    out += "; Max-Age=" + std::to_string(seconds);
    // Old clients only know Expires; a removal must work there too.
    if (seconds == 0) out += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  }
  if (c.http_only) out += "; HttpOnly";
  // Browsers reject SameSite=None without Secure.
  bool secure = c.secure || iequals(c.same_site, "None");
  if (secure) out += "; Secure";
  if (!c.same_site.empty()) {
    if (iequals(c.same_site, "Strict")) {
      out += "; SameSite=Strict";
    } else if (iequals(c.same_site, "Lax")) {
      out += "; SameSite=Lax";
    } else if (iequals(c.same_site, "None")) {
      out += "; SameSite=None";
    } else {
      throw std::invalid_argument("cookie \"" + c.name + "\" has SameSite \"" + c.same_site +
                                  "\"; use Strict, Lax or None");
    }
  }
  return out;
}

void Response::set_header(std::string name, std::string value) {
  headers.erase(name);
  headers.emplace(std::move(name), std::move(value));
}

void Response::set_cookie(const Cookie& c) {
  headers.emplace("Set-Cookie", format_set_cookie(c));
}

std::optional<std::string> Response::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

namespace {

Response with_body(std::string body, int status, const char* content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", content_type);
  return r;
}

}  // namespace

Response Response::html(std::string body, int status) {
  return with_body(std::move(body), status, "text/html; charset=utf-8");
}

Response Response::text(std::string body, int status) {
  return with_body(std::move(body), status, "text/plain; charset=utf-8");
}

Response Response::json(std::string body, int status) {
  return with_body(std::move(body), status, "application/json");
}

Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.set_header("Location", std::move(location));
  return r;
}

HttpError::HttpError(int status, const std::string& message)
    : std::runtime_error(message), status_(status) {}

namespace {

// A header's parameters after its first value: `; name=value; name="quoted"`.
// Names come out lower-cased; nullopt on a malformed list.
std::optional<std::vector<std::pair<std::string, std::string>>> header_parameters(
    std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  auto semicolon = s.find(';');
  if (semicolon == std::string_view::npos) return out;
  s.remove_prefix(semicolon + 1);
  while (true) {
    s = trim(s);
    if (s.empty()) return out;
    auto eq = s.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name;
    for (char c : trim(s.substr(0, eq))) name.push_back(lower(c));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
      return std::nullopt;
    }
    s = trim(s.substr(eq + 1));
    std::string value;
    if (!s.empty() && s.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      for (; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          value.push_back(s[++i]);
        } else if (s[i] == '"') {
          closed = true;
          break;
        } else {
          value.push_back(s[i]);
        }
      }
      if (!closed) return std::nullopt;
      s.remove_prefix(i + 1);
    } else {
      auto end = s.find(';');
      value = std::string(trim(s.substr(0, end)));
      s = end == std::string_view::npos ? std::string_view{} : s.substr(end);
    }
    out.emplace_back(std::move(name), std::move(value));
    s = trim(s);
    if (s.empty()) return out;
    if (s.front() != ';') return std::nullopt;
    s.remove_prefix(1);
  }
}

std::optional<std::string> parameter(
    const std::vector<std::pair<std::string, std::string>>& parameters, std::string_view name) {
  for (auto& [key, value] : parameters) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// RFC 2046 bchars: what a boundary may hold (1 to 70 of them, no trailing space).
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  return std::all_of(b.begin(), b.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
  });
}

// A part's headers and body; false when they are malformed or do not say
// which field the part is (Content-Disposition: form-data; name="...").
bool parse_part(std::string_view text, FormPart& part) {
  auto end = text.find("\r\n\r\n");
  if (end == std::string_view::npos) return false;
  std::string_view head = text.substr(0, end);
  part.body = std::string(text.substr(end + 4));
  bool disposition = false;
  while (!head.empty()) {
    auto eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    auto name = line.substr(0, colon);
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Disposition")) {
      auto type = trim(value.substr(0, value.find(';')));
      if (!iequals(type, "form-data")) return false;
      auto parameters = header_parameters(value);
      if (!parameters) return false;
      auto field_name = parameter(*parameters, "name");
      if (!field_name || field_name->empty()) return false;
      part.name = *field_name;
      part.filename = parameter(*parameters, "filename");
      disposition = true;
    } else if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  return disposition;
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body) {
  constexpr std::size_t max_parts = 1000;
  auto media = trim(content_type.substr(0, content_type.find(';')));
  if (!iequals(media, "multipart/form-data")) return std::nullopt;
  auto parameters = header_parameters(content_type);
  if (!parameters) return std::nullopt;
  auto boundary = parameter(*parameters, "boundary");
  if (!boundary || !valid_boundary(*boundary)) return std::nullopt;

  const std::string delimiter = "--" + *boundary;
  const std::string next = "\r\n" + delimiter;
  // The first delimiter opens the body, after an optional preamble.
  std::size_t at = 0;
  if (!body.starts_with(delimiter)) {
    at = body.find(next);
    if (at == std::string_view::npos) return std::nullopt;
    at += 2;
  }
  std::vector<FormPart> parts;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the close delimiter; an epilogue may follow
    // Transport padding, then the line break that ends the delimiter line.
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    auto end = body.find(next, at);
    if (end == std::string_view::npos) return std::nullopt;  // never closed
    FormPart part;
    if (!parse_part(body.substr(at, end - at), part)) return std::nullopt;
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) return std::nullopt;
    at = end + 2;
  }
}

std::vector<FormPart> form_parts(const Request& request) {
  auto type = request.header("Content-Type");
  if (!type) return {};
  auto parts = parse_multipart(*type, request.body);
  return parts ? std::move(*parts) : std::vector<FormPart>{};
}

std::optional<std::string> url_decode(std::string_view s, bool form) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && form) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Fields parse_fields(std::string_view s) {
  Fields out;
  while (!s.empty()) {
    auto amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view{} : s.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = url_decode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : url_decode(pair.substr(eq + 1), true);
    // A pair with a broken escape is dropped rather than guessed at.
    if (!name || !value || name->empty()) continue;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(digits[u >> 4]);
      out.push_back(digits[u & 0xF]);
    }
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string json_escape(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      // '<', '>' and '&' escaped so that JSON placed in an HTML page cannot
      // close a <script> element or start an entity.
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += "\\u00";
          out.push_back(digits[u >> 4]);
          out.push_back(digits[u & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace ploeg::http
