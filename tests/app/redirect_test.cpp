// web::local_path_or_home: every redirect target taken from a request stays
// on this site; anything that could lead elsewhere, or is not a plain path,
// goes to the home page.
#include <gtest/gtest.h>

#include <string>

#include "web/redirect.hpp"

namespace ploeg::web {
namespace {

struct Case {
  std::string input;
  std::string expected;
  const char* why;
};

const std::string home = "/";

TEST(LocalPathOrHome, KeepsPathsOfThisSiteAndSendsEverythingElseHome) {
  const Case cases[] = {
      {"/", "/", "the home page itself"},
      {"/teams/north", "/teams/north", "a plain path"},
      {"/teams/north?week=2026-12-07#plan", "/teams/north?week=2026-12-07#plan",
       "query and fragment"},
      {"/people/3?q=%C3%A9", "/people/3?q=%C3%A9", "an encoded UTF-8 letter"},
      {"/a%20b", "/a%20b", "an encoded space"},
      {"", home, "empty"},
      {"teams/north", home, "relative"},
      {"//evil.com", home, "scheme-relative URL"},
      {"///evil.com", home, "three slashes"},
      {"/\\evil.com", home, "backslash read as a slash"},
      {"\\\\evil.com", home, "two backslashes"},
      {"/%5Cevil", home, "encoded backslash"},
      {"/%5cevil", home, "encoded backslash, lower case"},
      {"%2F%2Fevil.com", home, "encoded scheme-relative URL"},
      {"/%2Fevil.com", home, "slash and encoded slash"},
      {"/%252F%252Fevil.com", home, "doubly encoded slashes"},
      {"/%25252F%25252Fevil.com", home, "triply encoded slashes"},
      {"https://evil.com", home, "absolute URL"},
      {"http:/evil.com", home, "scheme with one slash"},
      {"javascript:alert(1)", home, "javascript: URL"},
      {"/x\r\nSet-Cookie: a=b", home, "CR LF (header injection)"},
      {"/x%0d%0aSet-Cookie:%20a=b", home, "encoded CR LF"},
      {"/\t/evil.com", home, "a tab browsers drop"},
      {"/%09/evil.com", home, "an encoded tab"},
      {"/\n/evil.com", home, "a line feed browsers drop"},
      {std::string("/a\0b", 4), home, "a NUL byte"},
      {"/%00", home, "an encoded NUL byte"},
      {"/a\x7f", home, "DEL"},
      {" /teams", home, "leading space"},
      {"/a b", home, "a raw space"},
      {"/caf\xc3\xa9", home, "raw non-ASCII bytes"},
      {"/%zz", home, "a broken escape"},
      {"/%", home, "a lone percent sign"},
      {"/" + std::string(max_local_path - 1, 'a'), "/" + std::string(max_local_path - 1, 'a'),
       "exactly as long as allowed"},
      {"/" + std::string(max_local_path, 'a'), home, "one character too long"},
      {"/" + std::string(900 * 1024, 'a'), home, "very long"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(local_path_or_home(c.input), c.expected) << c.why << ": " << c.input.substr(0, 60);
  }
}

}  // namespace
}  // namespace ploeg::web
