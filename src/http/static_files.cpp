#include "http/static_files.hpp"

#include "http/pipeline.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace ploeg::http {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void not_found() {
  throw HttpError(404, "There is no such file.");
}

// A relative path of plain names: no "..", ".", empty or hidden segment, no
// absolute path, no NUL or backslash.
bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  for (char c : rel) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '\\') return false;
  }
  while (true) {
    auto slash = rel.find('/');
    std::string_view segment = rel.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return false;
    if (slash == std::string_view::npos) return true;
    rel.remove_prefix(slash + 1);
  }
}

// `inner` is `outer` or below it (both canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// If-None-Match uses the weak comparison: W/"x" matches "x".
bool none_match(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view tag = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

std::string hex(unsigned long long v) {
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%llx", v);
  return std::string(buffer, static_cast<std::size_t>(n));
}

}  // namespace

std::string content_type_for(std::string_view filename) {
  auto dot = filename.rfind('.');
  std::string ext;
  if (dot != std::string_view::npos) {
    for (char c : filename.substr(dot + 1)) {
      ext.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  static const std::pair<const char*, const char*> types[] = {
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"txt", "text/plain; charset=utf-8"},
      {"html", "text/html; charset=utf-8"},
      {"pdf", "application/pdf"},
      {"xml", "application/xml"},
  };
  for (const auto& [e, type] : types) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

Handler static_files(fs::path root) {
  return [root = std::move(root)](Request& req) -> Response {
    std::optional<std::string> rel = req.param("path");
    if (!rel && req.path_params.size() == 1) rel = req.path_params.begin()->second;
    if (!rel || !safe_relative(*rel)) not_found();

    std::error_code ec;
    fs::path canonical_root = fs::canonical(root, ec);
    if (ec) not_found();
    fs::path file = fs::canonical(canonical_root / fs::path(*rel), ec);
    if (ec || !is_within(file, canonical_root)) not_found();

    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) not_found();

    auto mtime_ns = static_cast<unsigned long long>(info.st_mtim.tv_sec) * 1'000'000'000ULL +
                    static_cast<unsigned long long>(info.st_mtim.tv_nsec);
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "x" + string&&.
    std::string etag = "\"";
    etag += hex(static_cast<unsigned long long>(info.st_size));
    etag += '-';
    etag += hex(mtime_ns);
    etag += '-';
    etag += hex(static_cast<unsigned long long>(info.st_ino));
    etag += '"';

    Response res;
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_header("Last-Modified", detail::http_date(info.st_mtim.tv_sec));
    if (auto match = req.header("If-None-Match"); match && none_match(*match, etag)) {
      res.status = 304;
      return res;
    }

    std::ifstream in(file, std::ios::binary);
    if (!in) not_found();
    std::string body;
    body.resize(static_cast<std::size_t>(info.st_size));
    if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) {
      throw std::runtime_error("cannot read " + file.string());
    }
    res.body = std::move(body);
    res.set_header("Content-Type", content_type_for(file.filename().string()));
    return res;
  };
}

}  // namespace ploeg::http
