// Accounts: the people who sign in to ploeg, their sessions and roles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/field_error.hpp"

namespace ploeg::accounts {

inline const std::vector<std::string> roles = {"admin", "coach", "coworker"};
inline constexpr std::size_t min_password_length = 12;
// After this many failed sign-ins for one account or from one address ...
inline constexpr int throttle_failures = 5;
// ... sign-in is refused for this long.
inline constexpr std::int64_t throttle_seconds = 15 * 60;

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  std::string language;  // empty: no choice made
  std::int64_t created_at = 0;
};

using FieldError = ploeg::FieldError;

struct NewUser {
  std::string username;
  std::string display_name;
  std::string role;
  std::string password;
};

// Who did something and from where, for the audit log: ploeg::Actor.
using ploeg::Actor;

struct SignIn {
  // How the attempt went (not a ploeg::Outcome: a sign-in is not a command).
  enum class Answer { signed_in, wrong, throttled } answer = Answer::wrong;
  std::optional<User> user;
  std::string session_token;     // the cookie value, when signed in
  std::int64_t retry_after = 0;  // seconds, when throttled
};

struct Session {
  User user;
  std::string key;   // the stored hash of the token
  std::string csrf;  // the session's CSRF token
};

}  // namespace ploeg::accounts
