#include <gtest/gtest.h>

#include "test_server.hpp"

namespace ploeg::http::testing {
namespace {

using test::HttpClient;

class StaticFilesTest : public ::testing::Test {
 protected:
  TestServer server;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeETagAndCaching) {
  HttpClient c = server.client();
  auto css = c.get("/static/site.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body { color: black; }\n");
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("Cache-Control"), "public, max-age=3600");
  EXPECT_TRUE(css.has_header("Last-Modified"));
  auto etag = css.header("ETag");
  ASSERT_TRUE(etag);
  EXPECT_GE(etag->size(), 3u);
  EXPECT_EQ(etag->front(), '"');  // strong: no W/
  EXPECT_EQ(etag->back(), '"');
  EXPECT_EQ(c.get("/static/site.css").header("ETag"), etag);  // stable

  EXPECT_EQ(c.get("/static/app.js").header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(c.get("/static/logo.svg").header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(c.get("/static/hello.txt").header("Content-Type"), "text/plain; charset=utf-8");
  auto page = c.get("/static/sub/dir/page.html");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("font.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("SITE.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("archive.tar.gz"), "application/octet-stream");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
}

TEST_F(StaticFilesTest, IfNoneMatchGets304) {
  HttpClient c = server.client();
  auto etag = c.get("/static/site.css").header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  for (const std::string& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto r = c.get("/static/site.css", {{"If-None-Match", condition}});
    EXPECT_EQ(r.status, 304) << condition;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("ETag"), etag);
    EXPECT_EQ(r.header("Cache-Control"), "public, max-age=3600");
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("Referrer-Policy"), "same-origin");
    EXPECT_TRUE(r.has_header("Content-Security-Policy"));
  }
  auto changed = c.get("/static/site.css", {{"If-None-Match", "\"stale\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_FALSE(changed.body.empty());
  EXPECT_EQ(c.get("/").status, 200);  // the connection survived the bodiless 304
}

TEST_F(StaticFilesTest, ETagChangesWithTheFile) {
  HttpClient c = server.client();
  auto before = c.get("/static/hello.txt").header("ETag");
  std::ofstream(server.static_root() / "hello.txt", std::ios::binary) << "hello, changed\n";
  auto after = c.get("/static/hello.txt");
  EXPECT_EQ(after.body, "hello, changed\n");
  EXPECT_NE(after.header("ETag"), before);
  EXPECT_EQ(c.get("/static/hello.txt", {{"If-None-Match", before.value_or("")}}).status, 200);
}

TEST_F(StaticFilesTest, HeadKeepsTheLength) {
  HttpClient c = server.client();
  auto r = c.request("HEAD", "/static/hello.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Length"), "6");
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.has_header("ETag"));
}

TEST_F(StaticFilesTest, TraversalAndOddPathsAre404) {
  for (const char* target : {
           "/static/../secret.txt",
           "/static/%2e%2e/secret.txt",
           "/static/%2E%2E%2Fsecret.txt",
           "/static/..%2fsecret.txt",
           "/static/sub/../../secret.txt",
           "/static/sub/%2e%2e/%2e%2e/secret.txt",
           "/static/%252e%252e/secret.txt",
           "/static//etc/passwd",
           "/static/%2Fetc%2Fpasswd",
           "/static/hello.txt%00.css",
           "/static/%00",
           "/static/.hidden",
           "/static/./hello.txt",
           "/static/emptydir",
           "/static/emptydir/",
           "/static/sub/dir",
           "/static/hello.txt/",
           "/static/escape.txt",
           "/static/no-such-file.css",
           "/static/..%5csecret.txt",
       }) {
    HttpClient c = server.client();
    auto r = c.get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("secret\n"), std::string::npos) << target;  // the file's content
    EXPECT_EQ(r.header("X-Error-Hook"), "yes") << target;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << target;
  }
}

TEST(StaticFilesHandler, MissingRootIs404) {
  Handler h = static_files("/nonexistent/ploeg/static");
  Request r;
  r.path_params["path"] = "site.css";
  try {
    h(r);
    FAIL() << "no exception";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 404);
  }
}

}  // namespace
}  // namespace ploeg::http::testing
