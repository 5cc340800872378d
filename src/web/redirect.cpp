#include "web/redirect.hpp"

#include <optional>

#include "http/message.hpp"

namespace ploeg::web {
namespace {

// What a browser could read as another host, or as something else than a
// path: checked on the target as sent and on each decoding of it.
bool looks_local(std::string_view p) {
  if (p.empty() || p[0] != '/') return false;
  if (p.find("//") != std::string_view::npos) return false;
  for (unsigned char ch : p) {
    // Browsers drop tabs and line breaks from URLs and read '\' as '/':
    // "/\tevil" and "/\evil" would both lead away.
    if (ch < 0x20 || ch == 0x7f || ch == '\\') return false;
  }
  return true;
}

}  // namespace

std::string local_path_or_home(std::string_view candidate) {
  if (candidate.size() > max_local_path || !looks_local(candidate)) return "/";
  for (unsigned char ch : candidate) {
    if (ch == ' ' || ch >= 0x80) return "/";  // a sent URL has these percent-encoded
  }
  std::string decoded(candidate);
  // Four rounds reach any nesting a browser or proxy would undo; a target
  // still changing after that is refused rather than trusted.
  for (int round = 0; round < 4; ++round) {
    auto once = http::url_decode(decoded, false);
    if (!once || !looks_local(*once)) return "/";
    if (*once == decoded) return std::string(candidate);
    decoded = std::move(*once);
  }
  return "/";
}

}  // namespace ploeg::web
