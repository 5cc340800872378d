// Sign-in end to end (issue 18): redirect targets stay on the site, the
// throttle answers 429 with Retry-After and words in the visitor's language,
// the password change is throttled too, and over-long fields are refused
// before anything is done with them.
#include <gtest/gtest.h>

#include "accounts/model.hpp"
#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

const char* password = "a long enough password";

class SignInServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(make_temp_dir("ploeg-signin-"));
    database_ = new std::string("sqlite:" + (*dir_ / "ploeg.db").string());
    // One account per test: every failure here counts against 127.0.0.1.
    for (const char* name : {"redirected", "slowed", "locked", "changer", "longname", "language"}) {
      ASSERT_TRUE(
          run_ploeg({"user", "add", name, "--role", "coworker", "--display-name",
                     std::string("Test ") + name, "--password-stdin", "--database", *database_},
                    std::string(password) + "\n")
              .success());
    }
    server_ = new PloegServer(*database_);
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*dir_);
    delete database_;
    delete dir_;
  }
  std::uint16_t port() { return server_->port(); }
  static std::int64_t scalar(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto db = store::Database::open(*database_);
    return db->acquire()->query(sql, params).rows.at(0).integer(0);
  }

  static std::filesystem::path* dir_;
  static std::string* database_;
  static PloegServer* server_;
};
std::filesystem::path* SignInServerTest::dir_ = nullptr;
std::string* SignInServerTest::database_ = nullptr;
PloegServer* SignInServerTest::server_ = nullptr;

TEST_F(SignInServerTest, SignInGoesOnlyToPathsOfThisSite) {
  const std::pair<std::string, std::string> cases[] = {
      {"/account/password", "/account/password"},
      {"//evil.example", "/"},
      {"/\\evil.example", "/"},
      {"%2F%2Fevil.example", "/"},
      {"/%2F/evil.example", "/"},
      {"https://evil.example/", "/"},
      {"javascript:alert(1)", "/"},
      {"/x\r\nSet-Cookie: a=b", "/"},
      {"", "/"},
      {"/" + std::string(3000, 'a'), "/"},
  };
  for (auto& [next, expected] : cases) {
    Visitor v(port());
    v.get("/login");
    auto r = v.post("/login", {{"username", "redirected"}, {"password", password}, {"next", next}});
    ASSERT_EQ(r.status, 303) << next;
    EXPECT_EQ(r.header("Location").value_or(""), expected) << next.substr(0, 40);
  }
  // The sign-in page's own form carries only a safe target onwards.
  Visitor v(port());
  auto page = v.get("/login?next=%2F%2Fevil.example");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(R"(name="next" value="/")"), std::string::npos);
  EXPECT_EQ(page.body.find(R"(name="next" value="//)"), std::string::npos);
  auto kept = v.get("/login?next=%2Fteams%2Fnorth");
  EXPECT_NE(kept.body.find(R"(name="next" value="/teams/north")"), std::string::npos);
}

TEST_F(SignInServerTest, TheLanguageChoiceGoesBackOnlyToThisSite) {
  const std::pair<std::string, std::string> cases[] = {
      {"/teams/north", "/teams/north"}, {"//evil.example", "/"},   {"https://evil.example", "/"},
      {"/%5Cevil.example", "/"},        {"/\t/evil.example", "/"},
  };
  for (auto& [back, expected] : cases) {
    Visitor v(port());
    v.get("/login");
    auto r = v.post("/language", {{"lang", "fr"}, {"back", back}});
    ASSERT_EQ(r.status, 303) << back;
    EXPECT_EQ(r.header("Location").value_or(""), expected) << back;
  }
}

TEST_F(SignInServerTest, FailuresSlowDownThenRefuseWithRetryAfterInTheVisitorsLanguage) {
  Visitor v(port());
  v.get("/login");
  v.post("/language", {{"lang", "nl"}, {"back", "/login"}});
  for (int i = 0; i < 3; ++i) {
    auto wrong = v.post("/login", {{"username", "slowed"}, {"password", "wrong guess"}});
    EXPECT_EQ(wrong.status, 401);
  }
  auto refused = v.post("/login", {{"username", "slowed"}, {"password", password}});
  EXPECT_EQ(refused.status, 429);
  auto retry = std::stoi(refused.header("Retry-After").value_or("0"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 5);
  EXPECT_NE(refused.body.find("Te veel mislukte pogingen na elkaar"), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("Wacht " + std::to_string(retry) + " seconden"), std::string::npos);
  EXPECT_EQ(refused.header("Set-Cookie").value_or("").find("ploeg_session"), std::string::npos);
}

TEST_F(SignInServerTest, ALockedOutAddressIsToldHowManyMinutes) {
  // As five failures in a row would leave it (waiting them out takes 35 s).
  auto db = store::Database::open(*database_);
  db->acquire()->query(
      "INSERT INTO sign_in_throttle (account, address, attempts, last_at, not_before) "
      "VALUES ('locked', '127.0.0.1', 5, $1, $2)",
      {now_seconds(), now_seconds() + 900});
  Visitor v(port());
  v.get("/login");
  auto refused = v.post("/login", {{"username", "locked"}, {"password", password}});
  EXPECT_EQ(refused.status, 429);
  auto retry = std::stoi(refused.header("Retry-After").value_or("0"));
  EXPECT_GT(retry, 800);
  EXPECT_LE(retry, 900);
  EXPECT_NE(refused.body.find("15 more minutes"), std::string::npos) << refused.body;
  // In French too, with its own words.
  v.post("/language", {{"lang", "fr"}, {"back", "/login"}});
  auto fr = v.post("/login", {{"username", "locked"}, {"password", password}});
  EXPECT_EQ(fr.status, 429);
  EXPECT_NE(fr.body.find("pendant encore 15 minutes"), std::string::npos) << fr.body;
}

TEST_F(SignInServerTest, ThePasswordChangeIsThrottledToo) {
  Visitor v(port());
  ASSERT_TRUE(v.sign_in("changer", password));
  auto change = [&](const std::string& current) {
    v.get("/account/password");
    return v.post("/account/password", {{"current_password", current},
                                        {"new_password", "a brand new passphrase"},
                                        {"confirm_password", "a brand new passphrase"}});
  };
  for (int i = 0; i < 3; ++i) {
    auto wrong = change("not the current one");
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find("The current password is not correct."), std::string::npos);
  }
  auto refused = change(password);
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.header("Retry-After").value_or("").empty());
  EXPECT_NE(refused.body.find("Too many wrong current passwords in a row."), std::string::npos)
      << refused.body;
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'user.password.change'"), 0);
}

TEST_F(SignInServerTest, OverLongFieldsAreRefusedEarlyAndNotWrittenAnywhere) {
  auto audited = scalar("SELECT count(*) FROM audit_log");
  const std::string huge(900 * 1024, 'x');
  Visitor v(port());
  v.get("/login");
  auto r = v.post("/login", {{"username", huge}, {"password", "whatever"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("The user name or password is too long."), std::string::npos);
  EXPECT_EQ(r.body.find("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), std::string::npos)
      << "not shown again";
  auto long_password = v.post("/login", {{"username", "longname"}, {"password", huge}});
  EXPECT_EQ(long_password.status, 400);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log"), audited);
  EXPECT_EQ(scalar("SELECT count(*) FROM sign_in_throttle WHERE account = 'longname'"), 0);
  // Nothing long reached the server's log either.
  EXPECT_EQ(server_->process().stderr_text().find(std::string(1000, 'x')), std::string::npos);
  EXPECT_EQ(server_->process().stdout_text().find(std::string(1000, 'x')), std::string::npos);

  // The password form caps every field the same way.
  ASSERT_TRUE(v.sign_in("longname", password));
  v.get("/account/password");
  const std::string too_long(accounts::max_password_length + 1, 'x');
  auto changed = v.post(
      "/account/password",
      {{"current_password", password}, {"new_password", too_long}, {"confirm_password", too_long}});
  EXPECT_EQ(changed.status, 422);
  EXPECT_NE(changed.body.find("Use at most 1024 characters."), std::string::npos);
  EXPECT_EQ(changed.body.find("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), std::string::npos);
}

}  // namespace
}  // namespace ploeg::test
