// End to end: the directory of the real `ploeg serve` on a demo organisation.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"

namespace ploeg::test {
namespace {

class DirectoryServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-directory-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  Visitor signed_in() { return demo_->signed_in("coworker"); }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(DirectoryServerTest, SearchingForATagListsPeopleAndTheirPageShowsThem) {
  auto v = signed_in();
  auto r = v.get("/people?q=autism");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("people found for “autism”"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<span class=\"tag\">autisme</span>"), std::string::npos);
  std::smatch m;
  static const std::regex link(R"re(<a href="(/people/[0-9]+)">([^<]+)</a>)re");
  ASSERT_TRUE(std::regex_search(r.body, m, link)) << r.body;
  std::string href = m[1], name = m[2];

  auto person = v.get(href);
  ASSERT_EQ(person.status, 200);
  EXPECT_NE(person.body.find("<h1 id=\"person-heading\">" + name + "</h1>"), std::string::npos)
      << person.body;
  EXPECT_NE(person.body.find("autism"), std::string::npos);
  // The page's own data leaves the layout's language switch alone.
  for (const char* code : {"en", "nl", "fr"}) {
    EXPECT_NE(person.body.find("name=\"lang\" value=\"" + std::string(code) + "\""),
              std::string::npos)
        << code;
  }
}

TEST_F(DirectoryServerTest, EveryoneIsListedAPageAtATime) {
  auto v = signed_in();
  auto r = v.get("/people");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("300 people, by name."), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/people?page=2\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("href=\"/people\""), std::string::npos);  // the nav item
}

TEST_F(DirectoryServerTest, NobodyFoundIsSaidAndInputIsEscaped) {
  auto v = signed_in();
  auto r = v.get("/people?q=%3Cscript%3E%22+OR+NEAR(+%27%3B+DROP+TABLE+people");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Nobody found for"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(v.get("/people?q=autism").status, 200);
}

TEST_F(DirectoryServerTest, AGuestIsSentToSignIn) {
  auto r = http_request(demo_->port(), "GET", "/people?q=autism");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_NE(http_request(demo_->port(), "GET", "/people/1").status, 200);
}

TEST_F(DirectoryServerTest, AnUnknownPersonIsNotFound) {
  auto v = signed_in();
  EXPECT_EQ(v.get("/people/999999").status, 404);
  EXPECT_EQ(v.get("/people/abc").status, 404);
  EXPECT_EQ(v.get("/people/0").status, 404);
}

}  // namespace
}  // namespace ploeg::test
