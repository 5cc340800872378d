// Small text helpers every form needs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
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

// With the ASCII letters in lower case; other bytes (UTF-8 included) as they are.
inline std::string ascii_lower(std::string s) {
  for (auto& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
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

// Lower-case ASCII for the local part of a (made-up) e-mail address: the
// accents of Dutch and French names folded, everything but letters and '-'
// dropped: "Lefèvre-Claes" -> "lefevre-claes".
inline std::string email_local_part(std::string_view name) {
  static const std::pair<std::string_view, char> folds[] = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"à", 'a'}, {"â", 'a'},
      {"ç", 'c'}, {"ï", 'i'}, {"î", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"û", 'u'}, {"ü", 'u'}};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    auto fold = std::find_if(std::begin(folds), std::end(folds),
                             [&](auto& f) { return name.substr(i, f.first.size()) == f.first; });
    if (fold != std::end(folds)) {
      out += fold->second;
      i += fold->first.size();
      continue;
    }
    char ch = name[i++];
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if ((ch >= 'a' && ch <= 'z') || ch == '-') out += ch;
  }
  return out;
}

// Browsers send a textarea's line breaks as CR LF; the texts keep LF.
inline std::string unix_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

}  // namespace ploeg::text
