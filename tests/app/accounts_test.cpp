// Accounts on both backends: validation, sign-in, sessions, password
// changes, and an audit entry for every write. The throttle has its own
// file, throttle_test.cpp.
#include <gtest/gtest.h>

#include "accounts/commands.hpp"
#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "store/backend.hpp"

namespace ploeg::accounts {
namespace {

const Actor cli = command_line_actor();
Actor from(const std::string& address) {
  Actor a;
  a.name = "anonymous";
  a.remote_address = address;
  a.request_id = "req";
  return a;
}

class AccountsTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    ASSERT_TRUE(
        create_user(*db_, {"an", "An Peeters", "coworker", "correct horse battery"}, cli).ok());
  }
  std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action})
        .rows.at(0)
        .integer(0);
  }
  SessionPolicy policy;
};

TEST_P(AccountsTest, NewUsersAreValidatedFieldByField) {
  auto refused = create_user(*db_, {"Bad Name!", "", "boss", "short"}, cli);
  EXPECT_EQ(refused.verdict, Verdict::invalid);
  std::set<std::string> fields;
  for (auto& e : refused.errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"username", "display_name", "role", "password"}));
  auto taken = create_user(*db_, {"an", "Another An", "coach", "another long password"}, cli);
  EXPECT_EQ(taken.verdict, Verdict::conflict);
  ASSERT_EQ(taken.errors.size(), 1u);
  EXPECT_EQ(taken.errors[0].key, "user_name_taken");
  EXPECT_EQ(count("users"), 1);
  EXPECT_EQ(audited("user.create"), 1);
}

TEST_P(AccountsTest, PasswordsAreStoredAsArgon2id) {
  auto hash = query("SELECT password_hash FROM users WHERE username = 'an'").rows[0].text(0);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
}

TEST_P(AccountsTest, SignInStartsASessionStoredByItsHash) {
  auto result = sign_in(*db_, "an", "correct horse battery", policy, from("10.0.0.1"));
  ASSERT_EQ(result.answer, SignIn::Answer::signed_in);
  EXPECT_GE(result.session_token.size(), 40u);
  EXPECT_EQ(count("sessions"), 1);
  auto stored = query("SELECT session_key FROM sessions").rows[0].text(0);
  EXPECT_NE(stored, result.session_token);
  auto session = find_session(*db_, result.session_token, policy);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user.username, "an");
  EXPECT_FALSE(session->csrf.empty());
  EXPECT_FALSE(find_session(*db_, result.session_token + "x", policy).has_value());
  EXPECT_EQ(audited("login"), 1);
  sign_out(*db_, *session, cli);
  EXPECT_FALSE(find_session(*db_, result.session_token, policy).has_value());
  EXPECT_EQ(audited("logout"), 1);
}

TEST_P(AccountsTest, WrongPasswordAndUnknownAccountLookTheSame) {
  auto wrong = sign_in(*db_, "an", "not the password", policy, from("10.0.0.2"));
  auto unknown = sign_in(*db_, "nobody", "not the password", policy, from("10.0.0.3"));
  EXPECT_EQ(wrong.answer, SignIn::Answer::wrong);
  EXPECT_EQ(unknown.answer, SignIn::Answer::wrong);
  EXPECT_FALSE(wrong.user.has_value());
  EXPECT_FALSE(unknown.user.has_value());
  EXPECT_EQ(audited("login.failed"), 2);
}

TEST_P(AccountsTest, SessionsExpireWhenIdleAndAtTheirEnd) {
  auto token = sign_in(*db_, "an", "correct horse battery", policy, from("10.3.0.1")).session_token;
  query("UPDATE sessions SET last_seen_at = last_seen_at - $1", {policy.idle_seconds + 1});
  EXPECT_FALSE(find_session(*db_, token, policy).has_value());
  EXPECT_EQ(count("sessions"), 0) << "an expired session is removed";
  token = sign_in(*db_, "an", "correct horse battery", policy, from("10.3.0.1")).session_token;
  query("UPDATE sessions SET expires_at = 1");
  EXPECT_FALSE(find_session(*db_, token, policy).has_value());
}

TEST_P(AccountsTest, ChangingThePasswordEndsTheOtherSessions) {
  auto first = sign_in(*db_, "an", "correct horse battery", policy, from("10.4.0.1"));
  auto second = sign_in(*db_, "an", "correct horse battery", policy, from("10.4.0.2"));
  auto session = *find_session(*db_, first.session_token, policy);

  auto refused = change_password(*db_, session, "wrong current", "short", "different", cli).outcome;
  EXPECT_EQ(refused.verdict, Verdict::invalid);
  std::set<std::string> fields;
  for (auto& e : refused.errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"current", "new", "confirm"}));

  EXPECT_TRUE(change_password(*db_, session, "correct horse battery", "a new long passphrase",
                              "a new long passphrase", cli)
                  .outcome.ok());
  EXPECT_TRUE(find_session(*db_, first.session_token, policy).has_value());
  EXPECT_FALSE(find_session(*db_, second.session_token, policy).has_value());
  EXPECT_EQ(sign_in(*db_, "an", "correct horse battery", policy, from("10.4.0.3")).answer,
            SignIn::Answer::wrong);
  EXPECT_EQ(sign_in(*db_, "an", "a new long passphrase", policy, from("10.4.0.3")).answer,
            SignIn::Answer::signed_in);
  EXPECT_EQ(audited("user.password.change"), 1);
}

TEST_P(AccountsTest, NewPasswordsAreCheckedAgainstCommonOnesAndTheNames) {
  auto common = create_user(*db_, {"bo", "Bo Claes", "coach", "Password2024!"}, cli);
  EXPECT_EQ(common.verdict, Verdict::invalid);
  EXPECT_EQ(common.first_key(), "password_common");
  auto named = create_user(*db_, {"bo.claes", "Bo Claes", "coach", "Bo.Claes.1987!"}, cli);
  EXPECT_EQ(named.first_key(), "password_has_name");
  EXPECT_EQ(set_password(*db_, "an", "Peeters-2024!", cli).first_key(), "password_has_name");
  auto token = sign_in(*db_, "an", "correct horse battery", policy, from("10.6.0.1")).session_token;
  auto session = *find_session(*db_, token, policy);
  auto changed = change_password(*db_, session, "correct horse battery", "qwertyuiop123",
                                 "qwertyuiop123", cli);
  EXPECT_EQ(changed.outcome.verdict, Verdict::invalid);
  ASSERT_EQ(changed.outcome.errors.size(), 1u);
  EXPECT_EQ(changed.outcome.errors[0].field, "new");
  EXPECT_EQ(changed.outcome.errors[0].key, "password_common");
  EXPECT_EQ(count("users"), 1);
  EXPECT_EQ(audited("user.password.set") + audited("user.password.change"), 0);
}

TEST_P(AccountsTest, OverLongNamesAreRefusedBeforeAnyWorkAndNeverStoredWhole) {
  const std::string huge(900 * 1024, 'a');
  auto before = count("audit_log");
  EXPECT_EQ(sign_in(*db_, huge, "whatever", policy, from("10.7.0.1")).answer,
            SignIn::Answer::too_long);
  EXPECT_EQ(sign_in(*db_, "an", huge, policy, from("10.7.0.1")).answer, SignIn::Answer::too_long);
  EXPECT_EQ(count("audit_log"), before) << "nothing to audit: no password was checked";
  EXPECT_EQ(count("sign_in_throttle"), 0);
  auto unknown = set_password(*db_, huge, "a long enough password", cli);
  EXPECT_EQ(unknown.verdict, Verdict::not_found);
  EXPECT_LT(unknown.errors.at(0).message.size(), 200u);
  // The longest name an account may have still reaches the log whole.
  const std::string longest(max_username_length, 'b');
  sign_in(*db_, longest, "whatever", policy, from("10.7.0.1"));
  auto subject = query("SELECT subject FROM audit_log WHERE action = 'login.failed'").rows;
  ASSERT_EQ(subject.size(), 1u);
  EXPECT_EQ(subject[0].text(0), "user:" + longest);
  auto longest_text = query("SELECT max(length(subject) + length(detail)) FROM audit_log");
  EXPECT_LT(longest_text.rows.at(0).integer(0), 200);
}

TEST_P(AccountsTest, EveryWriteLeavesAnIntactAuditChain) {
  auto token = sign_in(*db_, "an", "correct horse battery", policy, from("10.5.0.1")).session_token;
  auto session = *find_session(*db_, token, policy);
  set_language(*db_, session, "nl", cli);
  ASSERT_TRUE(set_password(*db_, "an", "set by an administrator", cli).ok());
  auto unknown = set_password(*db_, "nobody-here", "a long enough password", cli);
  EXPECT_EQ(unknown.verdict, Verdict::not_found);
  EXPECT_EQ(unknown.first_key(), "user_unknown");
  EXPECT_EQ(audited("user.language"), 1);
  EXPECT_EQ(audited("user.password.set"), 1);
  EXPECT_FALSE(find_session(*db_, token, policy).has_value()) << "a reset ends every session";
  auto result = audit::verify(*db_);
  EXPECT_FALSE(result.first_broken_id.has_value()) << result.problem;
  EXPECT_EQ(result.checked, count("audit_log"));
}

PLOEG_INSTANTIATE_BACKENDS(AccountsTest);

}  // namespace
}  // namespace ploeg::accounts
