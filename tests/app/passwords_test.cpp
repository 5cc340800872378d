// What a new password is checked against: its length, the common passwords
// shipped with ploeg, and the account's own names; each refusal names what to
// change.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "accounts/passwords.hpp"
#include "core/crypto.hpp"

namespace ploeg::accounts {
namespace {

// The keys of the problems with `password` for An Peeters (user an.peeters).
std::vector<std::string> problems(const std::string& password,
                                  const std::string& username = "an.peeters",
                                  const std::string& display_name = "An Peeters") {
  std::vector<FieldError> errors;
  check_new_password(errors, "new", password, username, display_name);
  std::vector<std::string> keys;
  for (auto& e : errors) {
    EXPECT_EQ(e.field, "new");
    keys.push_back(e.key);
  }
  return keys;
}

using Keys = std::vector<std::string>;

// The demo's passwords: drawn anew each time, easy to read out, and good
// enough for the checks every account's password passes.
TEST(RandomPasswords, AreReadableDifferentAndPassTheChecks) {
  static const std::regex shape("[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto p = crypto::random_password();
    EXPECT_TRUE(std::regex_match(p, shape)) << p;
    EXPECT_EQ(problems(p, "admin", "Demo Administrator"), Keys{}) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(crypto::random_password(2, 3).size(), 7u);
}

TEST(CommonPasswords, TheShippedListIsBuiltIn) {
  // From the top of the list, and from its end.
  for (const char* p : {"123456", "password", "qwerty", "iloveyou", "azertyuiop", "wachtwoord",
                        "motdepasse", "correct horse battery staple"}) {
    EXPECT_TRUE(is_common_password(p)) << p;
  }
  EXPECT_TRUE(is_common_password("PassWord")) << "case does not matter";
  EXPECT_FALSE(is_common_password("tram lantern oyster quietly"));
}

TEST(NewPasswords, RefusalsSayWhatToFix) {
  struct Case {
    std::string password;
    Keys expected;
  } cases[] = {
      {"tram lantern oyster", {}},
      {"short", {"password_too_short"}},
      {std::string(max_password_length + 1, 'x') + "yz", {"password_too_long"}},
      {"password1234", {"password_common"}},
      {"Password2024!", {"password_common"}},
      {"!!sunshine!!2024", {"password_common"}},
      {"qwertyuiop123", {"password_common"}},
      {"passwordpassword", {"password_common"}},
      {"aaaaaaaaaaaaaaaa", {"password_common"}},
      {"abcabcabcabcabc", {"password_common"}},
      {"wachtwoord123", {"password_common"}},
      {"azerty123456", {"password_common"}},
      {"correcthorsebatterystaple", {"password_common"}},
      // The account's names, whole or in parts, in any case.
      {"an.peeters.2024", {"password_has_name"}},
      {"AN.PEETERS.2024", {"password_has_name"}},
      {"Peeters-1987!!", {"password_has_name"}},
      {"anpeeters1987", {"password_has_name"}},
      {"peeterspeeters", {"password_has_name"}},
      // A name inside a passphrase of its own is fine.
      {"peeters walks the oyster lantern", {}},
  };
  for (auto& c : cases) EXPECT_EQ(problems(c.password), c.expected) << c.password.substr(0, 40);
}

TEST(NewPasswords, DisplayNamesOutsideAsciiAreNamesToo) {
  EXPECT_EQ(problems("Émilie-Dubois-99", "edubois", "Émilie Dubois"), Keys{"password_has_name"});
  EXPECT_EQ(problems("émilie-1987!", "edubois", "Émilie Dubois"), Keys{"password_has_name"});
}

TEST(NewPasswords, ShortNamePartsAndOtherAccountsNamesDoNotCount) {
  EXPECT_EQ(problems("an oyster lantern", "an", "An Li"), Keys{});
  EXPECT_EQ(problems("peeters-1987-lantern", "bo", "Bo Claes"), Keys{});
}

}  // namespace
}  // namespace ploeg::accounts
