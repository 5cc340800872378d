// Every change to accounts: validate, write in one transaction, audit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"

namespace ploeg::accounts {

struct SessionPolicy {
  std::int64_t idle_seconds = 120 * 60;
  std::int64_t max_seconds = 12 * 3600;
};

// Created; invalid (errors field by field); conflict: the username is taken.
Outcome create_user(store::Database& db, const NewUser& user, const Actor& actor);
// Sets a password without knowing the old one (administrators, command
// line); invalid, or not_found for an unknown username.
Outcome set_password(store::Database& db, const std::string& username, const std::string& password,
                     const Actor& actor);
// A signed-in user changes their own password; their other sessions end.
// Invalid, errors field by field, when the current one is wrong or the new
// one unfit. Guessing the current one is throttled like signing in: then a
// conflict (password_throttled) with the seconds to wait in retry_after.
struct PasswordChange {
  Outcome outcome;
  std::int64_t retry_after = 0;
};
PasswordChange change_password(store::Database& db, const Session& session,
                               const std::string& current, const std::string& next,
                               const std::string& confirm, const Actor& actor);
std::vector<User> list_users(store::Database& db);

// Checks the password and starts a session. Throttled per account and
// address (model.hpp): failures slow that pair down, then lock it out for
// throttle_seconds; the same account from another address is not affected.
// The count and its check are one transaction, so parallel guesses are
// checked no more often than the throttle allows.
SignIn sign_in(store::Database& db, const std::string& username, const std::string& password,
               const SessionPolicy& policy, const Actor& actor);
// The live session for a cookie value, extending its idle time; nullopt when
// unknown or expired (an expired one is removed).
std::optional<Session> find_session(store::Database& db, const std::string& token,
                                    const SessionPolicy& policy);
void sign_out(store::Database& db, const Session& session, const Actor& actor);
void set_language(store::Database& db, const Session& session, const std::string& language,
                  const Actor& actor);

// The key a session is stored under: the SHA-256 of the cookie's token.
std::string session_key(const std::string& token);

}  // namespace ploeg::accounts
