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
// Longer passwords are refused before anything else is done with them.
inline constexpr std::size_t max_password_length = 1024;
// A user name is at most this long; a longer one is refused on sight.
inline constexpr std::size_t max_username_length = 64;
// Without the account's names in it, a new password keeps at least this many
// characters: "an.peeters.2024" is refused, a passphrase with a name in it not.
inline constexpr std::size_t min_length_without_names = 8;

// Guessing passwords is slowed down for one account from one address (the
// pair): after 2 failures each attempt waits a little longer, and after this
// many failures in a row ...
inline constexpr int throttle_failures = 5;
// ... the pair is refused this long, again after each further failure. Only
// that address is kept out: the right password from elsewhere still works.
inline constexpr std::int64_t throttle_seconds = 15 * 60;
// One address failing this often within throttle_seconds, whichever accounts
// it tries, is refused throttle_seconds (password spraying). Set high: a whole
// office may share one address.
inline constexpr int address_failures = 50;

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
  // too_long: the name or password is longer than any account's can be.
  enum class Answer { signed_in, wrong, throttled, too_long } answer = Answer::wrong;
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
