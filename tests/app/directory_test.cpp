// End to end: the directory of the real `ploeg serve` on a demo organisation.
#include <gtest/gtest.h>

#include <regex>

#include "app/ploeg_server.hpp"

namespace ploeg::test {
namespace {

class DirectoryServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(make_temp_dir("ploeg-directory-"));
    database_ = new std::string("sqlite:" + (*dir_ / "ploeg.db").string());
    std::string output;
    ASSERT_TRUE(
        run_ploeg({"demo", "--people", "300", "--database", *database_}, "", {}, &output).success())
        << output;
    server_ = new PloegServer(*database_);
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*dir_);
    delete database_;
    delete dir_;
  }
  Visitor signed_in() {
    Visitor v(server_->port());
    EXPECT_TRUE(v.sign_in("coworker", "demo-coworker-ploeg"));
    return v;
  }

  static std::filesystem::path* dir_;
  static std::string* database_;
  static PloegServer* server_;
};
std::filesystem::path* DirectoryServerTest::dir_ = nullptr;
std::string* DirectoryServerTest::database_ = nullptr;
PloegServer* DirectoryServerTest::server_ = nullptr;

TEST_F(DirectoryServerTest, SearchingForATagListsPeopleAndTheirPageShowsThem) {
  auto v = signed_in();
  auto r = v.get("/people?q=autism");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("people found for “autism”"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<span class=\"tag\">autism</span>"), std::string::npos);
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
  auto r = http_request(server_->port(), "GET", "/people?q=autism");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_NE(http_request(server_->port(), "GET", "/people/1").status, 200);
}

TEST_F(DirectoryServerTest, AnUnknownPersonIsNotFound) {
  auto v = signed_in();
  EXPECT_EQ(v.get("/people/999999").status, 404);
  EXPECT_EQ(v.get("/people/abc").status, 404);
  EXPECT_EQ(v.get("/people/0").status, 404);
}

}  // namespace
}  // namespace ploeg::test
