// The sign-in throttle on both backends: failures slow one account down for
// the address they came from, then lock it out there only; the count and its
// check are one, so parallel guesses are checked no more than allowed; the
// password change is throttled the same way.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "accounts/commands.hpp"
#include "app/platform.hpp"
#include "core/clock.hpp"
#include "store/backend.hpp"

namespace ploeg::accounts {
namespace {

const Actor cli = command_line_actor();
const std::string right = "correct horse battery";
constexpr std::int64_t start = 1796000000;  // a fixed moment: waits are exact

Actor from(const std::string& address) {
  Actor a;
  a.name = "anonymous";
  a.remote_address = address;
  a.request_id = "req";
  return a;
}

class ThrottleTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    clock::set_now(start);
    app::all_migrations().apply(*db_);
    ASSERT_TRUE(create_user(*db_, {"admin", "An Peeters", "admin", right}, cli).ok());
  }
  void TearDown() override {
    clock::use_real_time();
    BackendTest::TearDown();
  }
  void later(std::int64_t seconds) {
    now_ += seconds;
    clock::set_now(now_);
  }
  SignIn attempt(const std::string& password, const std::string& address,
                 const std::string& username = "admin") {
    return sign_in(*db_, username, password, policy_, from(address));
  }
  std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action})
        .rows.at(0)
        .integer(0);
  }
  std::int64_t now_ = start;
  SessionPolicy policy_;
};

using Answer = SignIn::Answer;

TEST_P(ThrottleTest, FailuresSlowThatAddressDownThenLockItOut) {
  const std::string stranger = "198.51.100.7";
  // Two typing mistakes cost nothing.
  EXPECT_EQ(attempt("guess 1", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt("guess 2", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt("guess 3", stranger).answer, Answer::wrong);
  // Then each next attempt waits longer: 5 s, 30 s, then 15 minutes.
  auto waiting = attempt(right, stranger);
  EXPECT_EQ(waiting.answer, Answer::throttled);
  EXPECT_EQ(waiting.retry_after, 5);
  later(5);
  EXPECT_EQ(attempt("guess 4", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt(right, stranger).retry_after, 30);
  later(30);
  EXPECT_EQ(attempt("guess 5", stranger).answer, Answer::wrong);
  auto locked = attempt(right, stranger);
  EXPECT_EQ(locked.answer, Answer::throttled);
  EXPECT_EQ(locked.retry_after, throttle_seconds);
  EXPECT_FALSE(locked.user.has_value());
  EXPECT_TRUE(locked.session_token.empty());
  later(throttle_seconds - 1);
  EXPECT_EQ(attempt(right, stranger).retry_after, 1);
  // After the lock, each further failure locks again at once.
  later(1);
  EXPECT_EQ(attempt("guess 6", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt(right, stranger).retry_after, throttle_seconds);
  EXPECT_EQ(audited("login.failed"), 6);
  EXPECT_EQ(audited("login.refused"), 5);
  EXPECT_EQ(count("sessions"), 0);
  // Once the lock is over, the right password works and starts afresh.
  later(throttle_seconds);
  EXPECT_EQ(attempt(right, stranger).answer, Answer::signed_in);
  EXPECT_EQ(attempt("typo", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt("typo", stranger).answer, Answer::wrong);
  EXPECT_EQ(attempt(right, stranger).answer, Answer::signed_in);
}

TEST_P(ThrottleTest, StrangersCannotLockTheAdministratorOut) {
  // As fast as the throttle lets them.
  for (int i = 0; i < throttle_failures; ++i) {
    auto guess = attempt("guess", "203.0.113.9");
    if (guess.answer == Answer::throttled) {
      later(guess.retry_after);
      --i;
    }
  }
  ASSERT_EQ(attempt(right, "203.0.113.9").retry_after, throttle_seconds);
  // The administrator, from their own address, is not affected.
  auto own = attempt(right, "10.0.0.1");
  EXPECT_EQ(own.answer, Answer::signed_in);
  ASSERT_TRUE(own.user.has_value());
  EXPECT_EQ(own.user->username, "admin");
  // Nor by guesses from many addresses at once: none of them has failed here.
  for (int i = 0; i < 5; ++i) attempt("guess", "192.0.2." + std::to_string(i));
  EXPECT_EQ(attempt(right, "10.0.0.1").answer, Answer::signed_in);
}

TEST_P(ThrottleTest, QuietPairsAreForgotten) {
  attempt("guess", "10.0.0.3", "someone");
  attempt("guess 1", "10.0.0.2");
  attempt("guess 2", "10.0.0.2");
  attempt("guess 3", "10.0.0.2");
  later(5 + throttle_seconds);
  // Counted from one again: no wait after the next two.
  EXPECT_EQ(attempt("guess 4", "10.0.0.2").answer, Answer::wrong);
  EXPECT_EQ(attempt("guess 5", "10.0.0.2").answer, Answer::wrong);
  EXPECT_EQ(attempt(right, "10.0.0.2").answer, Answer::signed_in);
  EXPECT_EQ(count("sign_in_throttle WHERE account = 'admin'"), 0);
  // A sign-in also removes the rows nobody is refused by any more.
  EXPECT_EQ(count("sign_in_throttle WHERE account = 'someone'"), 0);
}

TEST_P(ThrottleTest, OneAddressTryingManyAccountsIsStopped) {
  ASSERT_TRUE(create_user(*db_, {"bo", "Bo Claes", "coach", "another long password"}, cli).ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(attempt("guess", "10.2.0.1", "user" + std::to_string(i)).answer, Answer::wrong);
  }
  auto counted = "sign_in_throttle WHERE account = '' AND address = '10.2.0.1' AND attempts = ";
  EXPECT_EQ(count(counted + std::string("3")), 1);
  // As if it had gone on (each guess costs a real password check).
  query("UPDATE sign_in_throttle SET attempts = $1 WHERE account = ''", {address_failures - 1});
  EXPECT_EQ(attempt("guess", "10.2.0.1", "user-last").answer, Answer::wrong);
  auto refused = attempt("another long password", "10.2.0.1", "bo");
  EXPECT_EQ(refused.answer, Answer::throttled);
  EXPECT_EQ(refused.retry_after, throttle_seconds);
  EXPECT_EQ(attempt("another long password", "10.2.0.2", "bo").answer, Answer::signed_in);
  // The window ends throttle_seconds after its first failure.
  later(throttle_seconds);
  EXPECT_EQ(attempt("another long password", "10.2.0.1", "bo").answer, Answer::signed_in);
}

TEST_P(ThrottleTest, SuccessfulSignInsDoNotCountAgainstAnAddress) {
  // An office behind one address: many people sign in, none is refused.
  attempt("typo", "10.3.0.1");
  query("UPDATE sign_in_throttle SET attempts = $1 WHERE account = ''", {address_failures - 1});
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(attempt(right, "10.3.0.1").answer, Answer::signed_in) << i;
  }
  EXPECT_EQ(count("sign_in_throttle WHERE account = '' AND attempts = " +
                  std::to_string(address_failures - 1)),
            1);
}

// 40 guesses at once from one address: each is counted before its password
// is checked, in one transaction with the check, so at most the throttle's
// allowance is ever checked (the old code checked 12 of 40).
TEST_P(ThrottleTest, ParallelGuessesAreCheckedNoMoreThanAllowed) {
  auto shared = open({.max_connections = 16});
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      auto result =
          sign_in(*shared, "admin", "guess " + std::to_string(i), policy_, from("198.51.100.40"));
      if (result.answer == Answer::wrong) {
        ++wrong;
      } else if (result.answer == Answer::throttled) {
        ++throttled;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(wrong.load(), 1);
  EXPECT_LE(wrong.load(), throttle_failures);
  EXPECT_EQ(wrong.load() + throttled.load(), 40);
  EXPECT_EQ(audited("login.failed"), wrong.load());
  auto counted = query(
      "SELECT attempts FROM sign_in_throttle WHERE account = 'admin' AND address = "
      "'198.51.100.40'");
  EXPECT_EQ(counted.rows.at(0).integer(0), wrong.load());
}

TEST_P(ThrottleTest, ThePasswordChangeIsThrottledLikeSignIn) {
  auto token = attempt(right, "10.4.0.1").session_token;
  auto session = *find_session(*db_, token, policy_);
  auto change = [&](const std::string& current) {
    return change_password(*db_, session, current, "a brand new passphrase",
                           "a brand new passphrase", from("10.4.0.1"));
  };
  for (int i = 0; i < 3; ++i) {
    auto wrong = change("guess " + std::to_string(i));
    EXPECT_EQ(wrong.outcome.first_key(), "password_current_wrong");
    EXPECT_EQ(wrong.retry_after, 0);
  }
  auto waiting = change(right);
  EXPECT_EQ(waiting.retry_after, 5);
  EXPECT_EQ(waiting.outcome.first_key(), "password_throttled");
  EXPECT_FALSE(waiting.outcome.ok());
  EXPECT_EQ(audited("user.password.refused"), 1);
  // It shares its count with signing in from that address.
  EXPECT_EQ(attempt(right, "10.4.0.1").answer, Answer::throttled);
  later(5);
  EXPECT_TRUE(change(right).outcome.ok());
  EXPECT_EQ(audited("user.password.change"), 1);
  EXPECT_EQ(count("sign_in_throttle WHERE account = 'admin'"), 0);
}

PLOEG_INSTANTIATE_BACKENDS(ThrottleTest);

}  // namespace
}  // namespace ploeg::accounts
