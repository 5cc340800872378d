#include <gtest/gtest.h>

#include "http/router.hpp"

namespace ploeg::http {
namespace {

Handler answer(std::string text) {
  return [text](Request&) { return Response::text(text); };
}

std::string run(const Match& m) {
  Request r;
  return m.route ? m.route->handler(r).body : "";
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router router;
  router.add("GET", "/", "public", answer("root"));
  router.add("GET", "/people", "public", answer("list"));
  router.add("GET", "/people/{id}", "public", answer("one"));
  router.add("GET", "/teams/{team}/members/{member}", "public", answer("member"));

  auto root = router.match("GET", "/");
  ASSERT_EQ(root.kind, Match::Kind::found);
  EXPECT_EQ(run(root), "root");
  EXPECT_EQ(root.route->pattern, "/");

  auto one = router.match("GET", "/people/42");
  ASSERT_EQ(one.kind, Match::Kind::found);
  EXPECT_EQ(one.route->pattern, "/people/{id}");
  EXPECT_EQ(one.params.at("id"), "42");

  auto member = router.match("GET", "/teams/t1/members/m2");
  ASSERT_EQ(member.kind, Match::Kind::found);
  EXPECT_EQ(member.params.at("team"), "t1");
  EXPECT_EQ(member.params.at("member"), "m2");

  EXPECT_EQ(router.match("GET", "/people/42/extra").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "/nobody").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "/people//").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "").kind, Match::Kind::not_found);
}

TEST(Router, TrailingSlashIsSignificant) {
  Router router;
  router.add("GET", "/people", "public", answer("list"));
  router.add("GET", "/teams/", "public", answer("teams"));
  EXPECT_EQ(router.match("GET", "/people/").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "/teams").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "/teams/").kind, Match::Kind::found);
}

TEST(Router, EmptySegmentDoesNotFillAParameter) {
  Router router;
  router.add("GET", "/people/{id}", "public", answer("one"));
  EXPECT_EQ(router.match("GET", "/people/").kind, Match::Kind::not_found);
}

TEST(Router, LiteralWinsOverParameterWhicheverCameFirst) {
  Router router;
  router.add("GET", "/people/{id}", "public", answer("one"));
  router.add("GET", "/people/new", "public", answer("new"));
  router.add("GET", "/{section}/new", "public", answer("section new"));
  EXPECT_EQ(run(router.match("GET", "/people/new")), "new");
  EXPECT_EQ(run(router.match("GET", "/people/7")), "one");
  EXPECT_EQ(run(router.match("GET", "/teams/new")), "section new");
}

TEST(Router, RestParameterTakesTheRestOfThePath) {
  Router router;
  router.add("GET", "/static/{path*}", "public", answer("static"));
  router.add("GET", "/static/special.css", "public", answer("special"));
  auto m = router.match("GET", "/static/css/site.css");
  ASSERT_EQ(m.kind, Match::Kind::found);
  EXPECT_EQ(m.params.at("path"), "css/site.css");
  EXPECT_EQ(router.match("GET", "/static/a/").params.at("path"), "a/");
  EXPECT_EQ(run(router.match("GET", "/static/special.css")), "special");
  EXPECT_EQ(router.match("GET", "/static/").kind, Match::Kind::not_found);
  EXPECT_EQ(router.match("GET", "/static").kind, Match::Kind::not_found);
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router router;
  router.add("GET", "/people/{id}", "public", answer("show"));
  router.add("POST", "/people/{id}", "edit", answer("update"));
  router.add("DELETE", "/people/new", "edit", answer("odd"));
  auto m = router.match("PUT", "/people/7");
  ASSERT_EQ(m.kind, Match::Kind::method_not_allowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "POST"}));

  // A less specific route for the right method is still found.
  auto show_new = router.match("GET", "/people/new");
  ASSERT_EQ(show_new.kind, Match::Kind::found);
  EXPECT_EQ(run(show_new), "show");
  auto put_new = router.match("PUT", "/people/new");
  EXPECT_EQ(put_new.allowed, (std::vector<std::string>{"DELETE", "GET", "HEAD", "POST"}));
}

TEST(Router, GetRoutesAnswerHead) {
  Router router;
  router.add("GET", "/page", "public", answer("get"));
  auto m = router.match("HEAD", "/page");
  ASSERT_EQ(m.kind, Match::Kind::found);
  EXPECT_EQ(run(m), "get");
  router.add("HEAD", "/page", "public", answer("head"));
  EXPECT_EQ(run(router.match("HEAD", "/page")), "head");
  router.add("POST", "/form", "public", answer("post"));
  EXPECT_EQ(router.match("HEAD", "/form").kind, Match::Kind::method_not_allowed);
}

TEST(Router, RejectsEmptyPermission) {
  Router router;
  EXPECT_THROW(router.add("GET", "/x", "", answer("x")), std::invalid_argument);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, RejectsDuplicates) {
  Router router;
  router.add("GET", "/people/{id}", "public", answer("a"));
  EXPECT_THROW(router.add("GET", "/people/{id}", "public", answer("b")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/people/{key}", "public", answer("b")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/people/{id}", "public", answer("c")));
  EXPECT_NO_THROW(router.add("GET", "/people/{id}/", "public", answer("d")));
  EXPECT_EQ(router.routes().size(), 3u);
}

TEST(Router, RejectsMalformedPatterns) {
  Router router;
  for (const char* bad :
       {"", "people", "/people//x", "/people/{", "/people/{}", "/people/{id", "/people/x{id}",
        "/people/{id}x", "/files/{rest*}/more", "/a/{1x}", "/a/{id}/{id}", "/a?b=1", "/a/{*}"}) {
    EXPECT_THROW(router.add("GET", bad, "public", answer("x")), std::invalid_argument) << bad;
  }
  EXPECT_THROW(router.add("", "/x", "public", answer("x")), std::invalid_argument);
  EXPECT_THROW(router.add("get", "/x", "public", answer("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/x", "public", Handler{}), std::invalid_argument);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, KeepsPermissionAndPattern) {
  Router router;
  router.add("POST", "/teams/{id}/join", "member", answer("join"));
  auto m = router.match("POST", "/teams/9/join");
  ASSERT_EQ(m.kind, Match::Kind::found);
  EXPECT_EQ(m.route->permission, "member");
  EXPECT_EQ(m.route->method, "POST");
  EXPECT_EQ(m.route->pattern, "/teams/{id}/join");
}

}  // namespace
}  // namespace ploeg::http
