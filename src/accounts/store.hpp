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

// Failed sign-ins under a key ("account:NAME", "address:IP") since `since`,
// newest first (their times).
std::vector<std::int64_t> failures_since(store::Connection& c, const std::string& key,
                                         std::int64_t since);
void record_failure(store::Connection& c, const std::string& key, std::int64_t at);
void clear_failures(store::Connection& c, const std::string& key);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::accounts::sql
