// Fuzz inputs that stand for several files: the files are separated by a line
// "=====" (the seed corpora are written that way, so they stay readable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ploeg::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// At most `parts` pieces; the last takes the rest.
inline std::vector<std::string> split(std::string_view all, std::size_t parts) {
  static constexpr std::string_view separator = "\n=====\n";
  std::vector<std::string> out;
  while (out.size() + 1 < parts) {
    auto at = all.find(separator);
    if (at == std::string_view::npos) break;
    out.emplace_back(all.substr(0, at));
    all.remove_prefix(at + separator.size());
  }
  out.emplace_back(all);
  out.resize(parts);
  return out;
}

}  // namespace ploeg::fuzz
