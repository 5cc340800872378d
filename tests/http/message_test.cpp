#include <gtest/gtest.h>

#include "http/message.hpp"

namespace ploeg::http {
namespace {

TEST(UrlDecode, DecodesEscapesAndPlusOnlyInForms) {
  EXPECT_EQ(url_decode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(url_decode("J%C3%A9r%C3%B4me", false), "J\xC3\xA9r\xC3\xB4me");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
  EXPECT_EQ(url_decode("a+b", true), "a b");
  EXPECT_EQ(url_decode("", false), "");
}

TEST(UrlDecode, RejectsBadEscapes) {
  EXPECT_EQ(url_decode("%", false), std::nullopt);
  EXPECT_EQ(url_decode("%4", false), std::nullopt);
  EXPECT_EQ(url_decode("abc%", true), std::nullopt);
  EXPECT_EQ(url_decode("%zz", false), std::nullopt);
  EXPECT_EQ(url_decode("%4g", false), std::nullopt);
}

TEST(UrlEncode, RoundTrips) {
  EXPECT_EQ(url_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(url_encode("safe-._~AZaz09"), "safe-._~AZaz09");
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(url_decode(url_encode(all), false), all);
}

TEST(ParseFields, KeepsOrderAndRepeats) {
  Fields f = parse_fields("a=1&b=two+words&a=3&empty=&flag&c=%26%3D");
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(f[1], (std::pair<std::string, std::string>{"b", "two words"}));
  EXPECT_EQ(f[2], (std::pair<std::string, std::string>{"a", "3"}));
  EXPECT_EQ(f[3], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(f[4], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(f[5], (std::pair<std::string, std::string>{"c", "&="}));
  EXPECT_EQ(field(f, "a"), "1");
  EXPECT_EQ(field(f, "missing"), std::nullopt);
}

TEST(ParseFields, DropsBrokenPairsAndEmptyPieces) {
  Fields f = parse_fields("&&a=%zz&b=2&=nameless&");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].first, "b");
  EXPECT_TRUE(parse_fields("").empty());
}

TEST(Headers, CompareCaseInsensitively) {
  Request r;
  r.headers.emplace("Content-Type", "text/plain");
  EXPECT_EQ(r.header("content-type"), "text/plain");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(r.header("Accept"), std::nullopt);
  Response res;
  res.set_header("X-A", "1");
  res.set_header("x-a", "2");
  EXPECT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.header("X-A"), "2");
}

TEST(Cookies, ParsesTheCookieHeader) {
  Request r;
  r.headers.emplace("Cookie", "a=1; session=abc%3D; quoted=\"v\";flag; b = 2 ");
  EXPECT_EQ(r.cookie("a"), "1");
  EXPECT_EQ(r.cookie("session"), "abc%3D");
  EXPECT_EQ(r.cookie("quoted"), "v");
  EXPECT_EQ(r.cookie("b"), "2");
  EXPECT_EQ(r.cookie("flag"), std::nullopt);
  EXPECT_EQ(r.cookie("A"), std::nullopt);  // names are case-sensitive
  EXPECT_EQ(r.cookie("missing"), std::nullopt);
}

TEST(Cookies, ReadsEveryCookieHeader) {
  Request r;
  r.headers.emplace("Cookie", "a=1");
  r.headers.emplace("cookie", "b=2");
  EXPECT_EQ(r.cookie("b"), "2");
}

TEST(Cookies, FormatsSetCookie) {
  Cookie c{.name = "session", .value = "abc123"};
  EXPECT_EQ(format_set_cookie(c), "session=abc123; Path=/; HttpOnly; SameSite=Lax");

  c.max_age = std::chrono::seconds(3600);
  c.secure = true;
  c.same_site = "Strict";
  c.path = "/app";
  EXPECT_EQ(format_set_cookie(c),
            "session=abc123; Path=/app; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");

  Cookie removal{.name = "session", .value = "", .max_age = std::chrono::seconds(0)};
  EXPECT_EQ(format_set_cookie(removal),
            "session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
            "SameSite=Lax");

  Cookie cross{.name = "x", .value = "1", .http_only = false, .same_site = "None"};
  EXPECT_EQ(format_set_cookie(cross), "x=1; Path=/; Secure; SameSite=None");
}

TEST(Cookies, RefusesWhatWouldBreakTheHeader) {
  EXPECT_THROW(format_set_cookie({.name = "a b", .value = "1"}), std::invalid_argument);
  EXPECT_THROW(format_set_cookie({.name = "", .value = "1"}), std::invalid_argument);
  EXPECT_THROW(format_set_cookie({.name = "a", .value = "1; Domain=evil"}), std::invalid_argument);
  EXPECT_THROW(format_set_cookie({.name = "a", .value = "x\r\nSet-Cookie: y=1"}),
               std::invalid_argument);
  EXPECT_THROW(format_set_cookie({.name = "a", .value = "1", .same_site = "Sometimes"}),
               std::invalid_argument);
  Response res;
  res.set_cookie({.name = "a", .value = "1"});
  res.set_cookie({.name = "b", .value = "2"});
  EXPECT_EQ(res.headers.count("set-cookie"), 2u);
}

TEST(Escaping, HtmlEscapesTheFiveCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain é"), "plain é");
}

TEST(Escaping, JsonEscapesQuotesControlsAndHtml) {
  EXPECT_EQ(json_escape("a\"b\\c\nd\te\x01"), "a\\\"b\\\\c\\nd\\te\\u0001");
  EXPECT_EQ(json_escape("</script>&"), "\\u003c/script\\u003e\\u0026");
  EXPECT_EQ(json_escape("é"), "é");
}

TEST(Request, FormOnlyForUrlEncodedBodies) {
  Request r;
  r.body = "name=Ann+Smith&team=7";
  EXPECT_TRUE(r.form().empty());
  r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
  auto f = r.form();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(field(f, "name"), "Ann Smith");
  r.headers.clear();
  r.headers.emplace("Content-Type", "multipart/form-data; boundary=x");
  EXPECT_TRUE(r.form().empty());
  r.headers.clear();
  r.headers.emplace("content-type", "Application/X-WWW-Form-Urlencoded");
  EXPECT_EQ(r.form().size(), 2u);
}

TEST(Request, WantsJson) {
  Request r;
  r.path = "/people";
  EXPECT_FALSE(r.wants_json());
  r.headers.emplace("Accept", "application/json");
  EXPECT_TRUE(r.wants_json());
  r.headers.clear();
  r.headers.emplace("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  EXPECT_FALSE(r.wants_json());
  r.headers.clear();
  r.headers.emplace("Accept", "text/html;q=0.5, application/json");
  EXPECT_TRUE(r.wants_json());
  r.headers.clear();
  r.headers.emplace("Accept", "*/*");
  EXPECT_FALSE(r.wants_json());
  r.headers.clear();
  r.path = "/api/people";
  EXPECT_TRUE(r.wants_json());
  r.path = "/apiary";
  EXPECT_FALSE(r.wants_json());
}

TEST(Request, StateChangingAndParams) {
  Request r;
  for (const char* m : {"GET", "HEAD", "OPTIONS"}) {
    r.method = m;
    EXPECT_FALSE(r.is_state_changing()) << m;
  }
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE"}) {
    r.method = m;
    EXPECT_TRUE(r.is_state_changing()) << m;
  }
  r.path_params["id"] = "42";
  EXPECT_EQ(r.param("id"), "42");
  EXPECT_EQ(r.param("other"), std::nullopt);
}

TEST(Response, Builders) {
  auto h = Response::html("<p>x</p>", 201);
  EXPECT_EQ(h.status, 201);
  EXPECT_EQ(h.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Response::json("{}").header("content-type"), "application/json");
  EXPECT_EQ(Response::text("x").header("Content-Type"), "text/plain; charset=utf-8");
  auto r = Response::redirect("/people/7");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/people/7");
  EXPECT_TRUE(r.body.empty());
  HttpError e(404, "gone");
  EXPECT_EQ(e.status(), 404);
  EXPECT_STREQ(e.what(), "gone");
}

}  // namespace
}  // namespace ploeg::http
