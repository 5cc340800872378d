// The command line's part of trust: the demo stays out of real
// organisations, and the audit log's key and anchor work end to end.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

TEST(DemoCommand, RefusesADatabaseItDidNotMake) {
  auto dir = make_temp_dir("ploeg-demo-refuse-");
  auto database = "sqlite:" + (dir / "real.db").string();
  ASSERT_TRUE(run_ploeg({"user", "add", "chief", "--role", "admin", "--display-name", "Chief",
                         "--password-stdin", "--database", database},
                        "a long enough password\n")
                  .success());
  std::string output;
  auto status = run_ploeg({"demo", "--people", "60", "--no-history", "--database", database}, "",
                          {}, &output);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 1);
  EXPECT_NE(output.find("holds accounts the demo did not make"), std::string::npos) << output;
  EXPECT_NE(output.find("ploeg demo --database sqlite:"), std::string::npos) << output;
  // Nothing was added: no demo accounts.
  std::string users;
  ASSERT_TRUE(run_ploeg({"user", "list", "--database", database}, "", {}, &users).success());
  EXPECT_NE(users.find("chief"), std::string::npos);
  EXPECT_EQ(users.find("coworker"), std::string::npos) << users;
  std::filesystem::remove_all(dir);
}

// Each demo database has passwords of its own, printed once: the fixed ones
// anybody could read in the source ("demo-admin-ploeg") sign in nowhere.
TEST(DemoCommand, EachDatabaseHasItsOwnPasswordsPrintedOnce) {
  auto dir = make_temp_dir("ploeg-demo-passwords-");
  auto first = "sqlite:" + (dir / "first.db").string();
  auto second = "sqlite:" + (dir / "second.db").string();
  auto logins = run_demo({"--people", "60", "--no-history", "--database", first});
  auto others = run_demo({"--people", "60", "--no-history", "--database", second});
  static const std::regex shape("[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}");
  for (const char* who : {"admin", "coach", "coworker"}) {
    ASSERT_EQ(logins.count(who), 1u) << who;
    ASSERT_EQ(others.count(who), 1u) << who;
    EXPECT_TRUE(std::regex_match(logins[who], shape)) << logins[who];
    EXPECT_NE(logins[who], others[who]) << who;
  }
  EXPECT_NE(logins["admin"], logins["coach"]);
  // Stored as a hash only.
  {
    auto db = store::Database::open(first);
    auto rows = db->acquire()->query("SELECT password_hash FROM users WHERE username = 'admin'");
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.rows[0].text(0).find(logins["admin"]), std::string::npos);
  }
  // Again on its own database: the accounts are there, their passwords are
  // not printed again, and it says how to set a new one.
  std::string again;
  ASSERT_TRUE(
      run_ploeg({"demo", "--people", "60", "--no-history", "--database", first}, "", {}, &again)
          .success())
      << again;
  EXPECT_TRUE(demo_logins(again).empty()) << again;
  EXPECT_NE(again.find("  admin:\tadmin"), std::string::npos) << again;
  EXPECT_EQ(again.find(logins["admin"]), std::string::npos) << again;
  EXPECT_NE(again.find("printed once"), std::string::npos) << again;
  EXPECT_NE(again.find("ploeg user passwd <user name> --database " + first), std::string::npos)
      << again;
  std::string listed;
  ASSERT_TRUE(run_ploeg({"demo", "--logins-only", "--database", first}, "", {}, &listed).success())
      << listed;
  EXPECT_TRUE(demo_logins(listed).empty()) << listed;
  EXPECT_NE(listed.find("  coworker:\tcoworker"), std::string::npos) << listed;

  {
    PloegServer server(first);
    Visitor admin(server.port());
    EXPECT_TRUE(admin.sign_in("admin", logins["admin"]));
    auto accounts = admin.get("/admin/accounts");
    EXPECT_EQ(accounts.status, 200);
    EXPECT_NE(accounts.body.find("coworker"), std::string::npos);
    // The other database's password and the old fixed one are wrong here.
    for (const std::string& wrong : {others["admin"], std::string("demo-admin-ploeg")}) {
      Visitor v(server.port());
      v.get("/login");
      auto r = v.post("/login", {{"username", "admin"}, {"password", wrong}});
      EXPECT_EQ(r.status, 401) << wrong;
      EXPECT_FALSE(r.header("Location").has_value());
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(AuditCommand, AKeyedLogAnchorsAndVerifies) {
  auto dir = make_temp_dir("ploeg-audit-cli-");
  auto database = "sqlite:" + (dir / "ploeg.db").string();
  auto key = (dir / "audit.key").string();
  std::string output;
  ASSERT_TRUE(run_ploeg({"audit", "new-key", "--out", key}, "", {}, &output).success()) << output;
  // Never replaced: the entries it sealed would become uncheckable.
  EXPECT_FALSE(run_ploeg({"audit", "new-key", "--out", key}).success());
  std::vector<std::pair<std::string, std::string>> keyed = {{"PLOEG_AUDIT_KEY_FILE", key}};
  for (const char* name : {"ann", "bert"}) {
    ASSERT_TRUE(run_ploeg({"user", "add", name, "--role", "coworker", "--display-name", name,
                           "--password-stdin", "--database", database},
                          "a long enough password\n", keyed)
                    .success());
  }
  std::string anchor;
  ASSERT_TRUE(run_ploeg({"audit", "anchor", "--database", database}, "", keyed, &anchor).success());
  while (!anchor.empty() && anchor.back() == '\n') anchor.pop_back();
  EXPECT_EQ(anchor.substr(0, 2), "2:") << anchor;
  output.clear();
  ASSERT_TRUE(
      run_ploeg({"audit", "verify", "--anchor", anchor, "--database", database}, "", keyed, &output)
          .success())
      << output;
  EXPECT_NE(output.find("2 entries verified, 2 of them sealed with the key"), std::string::npos)
      << output;
  // Without the key the sealed entries cannot be checked, and it says so.
  output.clear();
  auto unkeyed = run_ploeg({"audit", "verify", "--database", database}, "", {}, &output);
  EXPECT_EQ(unkeyed.code, 1);
  EXPECT_NE(output.find("give that key"), std::string::npos) << output;
  // A malformed anchor is refused with what it should look like.
  output.clear();
  auto bad = run_ploeg({"audit", "verify", "--anchor", "2:abc", "--database", database}, "", keyed,
                       &output);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(output.find("ID:HASH"), std::string::npos) << output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ploeg::test
