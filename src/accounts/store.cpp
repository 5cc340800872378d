#include "accounts/store.hpp"

#include "core/clock.hpp"

namespace ploeg::accounts::sql {
namespace {

const char* user_columns = "id, username, display_name, role, language, created_at, password_hash";

UserWithHash user_from(const store::Row& row) {
  return {{row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.integer(5)},
          row.text(6)};
}

std::optional<UserWithHash> first_user(const store::Result& result) {
  if (result.empty()) return std::nullopt;
  return user_from(result.rows[0]);
}

}  // namespace

std::optional<UserWithHash> find_user(store::Connection& c, const std::string& username) {
  return first_user(c.query(
      std::string("SELECT ") + user_columns + " FROM users WHERE username = $1 AND disabled = 0",
      {username}));
}

std::optional<UserWithHash> find_user(store::Connection& c, std::int64_t id) {
  return first_user(c.query(
      std::string("SELECT ") + user_columns + " FROM users WHERE id = $1 AND disabled = 0", {id}));
}

std::vector<User> list_users(store::Connection& c) {
  std::vector<User> users;
  for (auto& row :
       c.query(std::string("SELECT ") + user_columns + " FROM users ORDER BY username").rows) {
    users.push_back(user_from(row).user);
  }
  return users;
}

std::int64_t insert_user(store::Connection& c, const NewUser& user, const std::string& hash) {
  auto now = now_seconds();
  auto result = c.query(
      "INSERT INTO users (username, display_name, role, password_hash, language, created_at, "
      "password_changed_at, disabled) VALUES ($1, $2, $3, $4, '', $5, $5, 0) RETURNING id",
      {user.username, user.display_name, user.role, hash, now});
  return result.rows.at(0).integer(0);
}

void update_password(store::Connection& c, std::int64_t user_id, const std::string& hash) {
  c.query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
          {hash, now_seconds(), user_id});
}

void update_language(store::Connection& c, std::int64_t user_id, const std::string& language) {
  c.query("UPDATE users SET language = $1 WHERE id = $2", {language, user_id});
}

void insert_session(store::Connection& c, const std::string& key, std::int64_t user_id,
                    const std::string& csrf, std::int64_t expires_at,
                    const std::string& remote_address) {
  auto now = now_seconds();
  c.query(
      "INSERT INTO sessions (session_key, user_id, csrf_token, created_at, last_seen_at, "
      "expires_at, "
      "remote_address) VALUES ($1, $2, $3, $4, $4, $5, $6)",
      {key, user_id, csrf, now, expires_at, remote_address});
}

std::optional<StoredSession> find_session(store::Connection& c, const std::string& key) {
  auto result = c.query(
      "SELECT u.id, u.username, u.display_name, u.role, u.language, u.created_at, "
      "s.csrf_token, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = "
      "s.user_id WHERE s.session_key = $1 AND u.disabled = 0",
      {key});
  if (result.empty()) return std::nullopt;
  auto& row = result.rows[0];
  StoredSession s;
  s.session.user = {row.integer(0), row.text(1), row.text(2),
                    row.text(3),    row.text(4), row.integer(5)};
  s.session.key = key;
  s.session.csrf = row.text(6);
  s.last_seen_at = row.integer(7);
  s.expires_at = row.integer(8);
  return s;
}

void touch_session(store::Connection& c, const std::string& key, std::int64_t now) {
  c.query("UPDATE sessions SET last_seen_at = $1 WHERE session_key = $2", {now, key});
}

void delete_session(store::Connection& c, const std::string& key) {
  c.query("DELETE FROM sessions WHERE session_key = $1", {key});
}

void delete_sessions_of(store::Connection& c, std::int64_t user_id, const std::string& except_key) {
  c.query("DELETE FROM sessions WHERE user_id = $1 AND session_key <> $2", {user_id, except_key});
}

void delete_expired_sessions(store::Connection& c, std::int64_t now) {
  c.query("DELETE FROM sessions WHERE expires_at <= $1", {now});
}

Throttle lock_throttle(store::Connection& c, const std::string& account,
                       const std::string& address) {
  c.query(
      "INSERT INTO sign_in_throttle (account, address, attempts, last_at, not_before) "
      "VALUES ($1, $2, 0, 0, 0) ON CONFLICT (account, address) DO NOTHING",
      {account, address});
  std::string select =
      "SELECT attempts, last_at, not_before FROM sign_in_throttle WHERE account = $1 AND "
      "address = $2";
  if (c.dialect() == store::Dialect::postgresql) select += " FOR UPDATE";
  auto row = c.query(select, {account, address}).rows.at(0);
  return {row.integer(0), row.integer(1), row.integer(2)};
}

void save_throttle(store::Connection& c, const std::string& account, const std::string& address,
                   const Throttle& t) {
  c.query(
      "UPDATE sign_in_throttle SET attempts = $3, last_at = $4, not_before = $5 "
      "WHERE account = $1 AND address = $2",
      {account, address, t.attempts, t.last_at, t.not_before});
}

void delete_throttle(store::Connection& c, const std::string& account, const std::string& address) {
  c.query("DELETE FROM sign_in_throttle WHERE account = $1 AND address = $2", {account, address});
}

void delete_stale_throttles(store::Connection& c, std::int64_t before) {
  c.query("DELETE FROM sign_in_throttle WHERE last_at < $1 AND not_before < $1", {before});
}

void register_migrations(store::Migrations& migrations) {
  const std::string tables = R"(
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'coworker')),
  password_hash TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
  session_key TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote_address TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE TABLE login_failures (
  id {{id}},
  throttle_key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);
)";
  migrations.add(store::with_ids(3, "accounts: users, sessions, sign-in throttling", tables));
  // One row per user name and address, counted and checked in one locked
  // read and write; the old table counted per account alone (anyone could
  // lock anyone out) and checked before counting (parallel guesses slipped
  // through).
  migrations.add({5, "accounts: sign-in throttle per account and address", R"(
DROP TABLE login_failures;
CREATE TABLE sign_in_throttle (
  account TEXT NOT NULL,
  address TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  not_before BIGINT NOT NULL,
  PRIMARY KEY (account, address)
);
CREATE INDEX sign_in_throttle_last ON sign_in_throttle (last_at);
)",
                  ""});
}

}  // namespace ploeg::accounts::sql
