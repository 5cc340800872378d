// The accounts feature's SQL; every function runs on the caller's connection
// (inside the caller's transaction when it has one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::accounts::sql {

struct UserWithHash {
  User user;
  std::string password_hash;
};

std::optional<UserWithHash> find_user(store::Connection& c, const std::string& username);
std::optional<UserWithHash> find_user(store::Connection& c, std::int64_t id);
std::vector<User> list_users(store::Connection& c);
std::int64_t insert_user(store::Connection& c, const NewUser& user, const std::string& hash);
void update_password(store::Connection& c, std::int64_t user_id, const std::string& hash);
void update_language(store::Connection& c, std::int64_t user_id, const std::string& language);

void insert_session(store::Connection& c, const std::string& key, std::int64_t user_id,
                    const std::string& csrf, std::int64_t expires_at,
                    const std::string& remote_address);
struct StoredSession {
  Session session;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
};
std::optional<StoredSession> find_session(store::Connection& c, const std::string& key);
void touch_session(store::Connection& c, const std::string& key, std::int64_t now);
void delete_session(store::Connection& c, const std::string& key);
void delete_sessions_of(store::Connection& c, std::int64_t user_id, const std::string& except_key);
void delete_expired_sessions(store::Connection& c, std::int64_t now);

// The sign-in throttle's count for one user name tried from one address
// (account "" holds the address's own count over every account).
struct Throttle {
  std::int64_t attempts = 0;    // counted attempts in a row, not yet cleared
  std::int64_t last_at = 0;     // the latest of them
  std::int64_t not_before = 0;  // no attempt is checked before this moment
};
// The row for (account, address), made when missing and locked until the
// caller's transaction ends (SQLite holds its write lock from BEGIN IMMEDIATE;
// PostgreSQL locks the row), so a check and its count happen as one.
Throttle lock_throttle(store::Connection& c, const std::string& account,
                       const std::string& address);
void save_throttle(store::Connection& c, const std::string& account, const std::string& address,
                   const Throttle& t);
void delete_throttle(store::Connection& c, const std::string& account, const std::string& address);
// Rows whose last attempt is before `before` and that refuse nobody any more.
void delete_stale_throttles(store::Connection& c, std::int64_t before);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::accounts::sql
