// Small text helpers every form needs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace ploeg::text {

// Without leading and trailing spaces, tabs and line breaks.
inline std::string trimmed(const std::string& s) {
  auto space = [](unsigned char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
  auto begin = std::find_if_not(s.begin(), s.end(), space);
  auto end = std::find_if_not(s.rbegin(), s.rend(), space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

// The length in characters, not bytes: UTF-8 continuation bytes do not count.
inline std::size_t characters(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

// The lines of a text joined by '\n', exactly: "" has none, "a\n" has "a" and "".
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', start)) {
    out.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  out.push_back(text.substr(start));
  return out;
}

}  // namespace ploeg::text
