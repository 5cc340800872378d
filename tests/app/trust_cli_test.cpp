// The command line's part of trust: the demo stays out of real
// organisations, and the audit log's key and anchor work end to end.
#include <gtest/gtest.h>

#include <fstream>

#include "app/ploeg_server.hpp"

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
