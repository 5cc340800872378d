// The SQL of accounts' administration (administration_store.hpp), and its
// table of one-time links (migration 50).
#include "accounts/administration_store.hpp"

#include <cctype>

namespace ploeg::accounts::administration::sql {
namespace {

const char* account_columns =
    "u.id, u.username, u.display_name, u.role, u.disabled, u.created_at, "
    "COALESCE(p.id, 0), COALESCE(p.name, ''), COALESCE(p.email, ''), "
    "(SELECT count(*) FROM sessions s WHERE s.user_id = u.id)";
const char* account_tables =
    " FROM users u LEFT JOIN account_people ap ON ap.user_id = u.id "
    "LEFT JOIN people p ON p.id = ap.person_id";

Account account_from(const store::Row& row) {
  Account a;
  a.id = row.integer(0);
  a.username = row.text(1);
  a.display_name = row.text(2);
  a.role = row.text(3);
  a.disabled = row.integer(4) != 0;
  a.created_at = row.integer(5);
  a.person_id = row.integer(6);
  a.person_name = row.text(7);
  a.person_email = row.text(8);
  a.sessions = row.integer(9);
  return a;
}

const char* account_search =
    " WHERE ($1 = '' OR lower(u.username) LIKE $1 ESCAPE '\\' OR lower(u.display_name) LIKE $1 "
    "ESCAPE '\\')";

const char* person_columns =
    "p.id, p.name, p.email, COALESCE((SELECT u.username FROM account_people ap JOIN users u ON "
    "u.id = ap.user_id WHERE ap.person_id = p.id), '')";

std::optional<PersonRef> person_from(const store::Result& result) {
  if (result.empty()) return std::nullopt;
  auto& row = result.rows[0];
  return PersonRef{row.integer(0), row.text(1), row.text(2), row.text(3)};
}

const char* without_account =
    " FROM people p WHERE NOT EXISTS (SELECT 1 FROM account_people ap WHERE ap.person_id = p.id) "
    "AND ($1 = '' OR lower(p.name) LIKE $1 ESCAPE '\\' OR p.email LIKE $1 ESCAPE '\\')";

}  // namespace

std::string like_pattern(const std::string& search) {
  if (search.empty()) return "";
  std::string out = "%";
  for (char ch : search) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out + "%";
}

std::vector<Account> accounts(store::Connection& c, const std::string& pattern, std::int64_t limit,
                              std::int64_t offset) {
  std::vector<Account> out;
  auto result = c.query(std::string("SELECT ") + account_columns + account_tables + account_search +
                            " ORDER BY u.username LIMIT $2 OFFSET $3",
                        {pattern, limit, offset});
  for (auto& row : result.rows) out.push_back(account_from(row));
  return out;
}

std::int64_t count_accounts(store::Connection& c, const std::string& pattern) {
  return c.query(std::string("SELECT count(*) FROM users u") + account_search, {pattern})
      .rows.at(0)
      .integer(0);
}

std::optional<Account> account(store::Connection& c, const std::string& username) {
  auto result =
      c.query(std::string("SELECT ") + account_columns + account_tables + " WHERE u.username = $1",
              {username});
  if (result.empty()) return std::nullopt;
  return account_from(result.rows[0]);
}

std::int64_t active_admins(store::Connection& c) {
  return c.query("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0")
      .rows.at(0)
      .integer(0);
}

void set_disabled(store::Connection& c, std::int64_t user_id, bool disabled) {
  c.query("UPDATE users SET disabled = $1 WHERE id = $2",
          {static_cast<std::int64_t>(disabled ? 1 : 0), user_id});
}

void set_role(store::Connection& c, std::int64_t user_id, const std::string& role) {
  c.query("UPDATE users SET role = $1 WHERE id = $2", {role, user_id});
}

bool username_taken(store::Connection& c, const std::string& username) {
  return !c.query("SELECT 1 FROM users WHERE username = $1", {username}).empty();
}

std::optional<PersonRef> person_by_email(store::Connection& c, const std::string& email) {
  return person_from(
      c.query(std::string("SELECT ") + person_columns + " FROM people p WHERE p.email = lower($1)",
              {email}));
}

std::optional<PersonRef> person_by_id(store::Connection& c, std::int64_t id) {
  return person_from(
      c.query(std::string("SELECT ") + person_columns + " FROM people p WHERE p.id = $1", {id}));
}

void unlink(store::Connection& c, std::int64_t user_id) {
  c.query("DELETE FROM account_people WHERE user_id = $1", {user_id});
}

std::int64_t sessions_of(store::Connection& c, std::int64_t user_id) {
  return c.query("SELECT count(*) FROM sessions WHERE user_id = $1", {user_id})
      .rows.at(0)
      .integer(0);
}

std::vector<Invitee> people_without_account(store::Connection& c, const std::string& pattern,
                                            std::int64_t limit, std::int64_t offset) {
  std::vector<Invitee> out;
  auto result = c.query(std::string("SELECT p.id, p.name, p.email") + without_account +
                            " ORDER BY p.name, p.id LIMIT $2 OFFSET $3",
                        {pattern, limit, offset});
  for (auto& row : result.rows) {
    out.push_back({row.integer(0), row.text(1), row.text(2), suggested_username(row.text(2))});
  }
  return out;
}

std::int64_t count_people_without_account(store::Connection& c, const std::string& pattern) {
  return c.query(std::string("SELECT count(*)") + without_account, {pattern}).rows.at(0).integer(0);
}

void insert_link(store::Connection& c, const std::string& token_hash, const Link& link,
                 const std::string& created_by, std::int64_t now) {
  store::Value user = link.user_id ? store::Value(link.user_id) : store::Value(nullptr);
  store::Value person = link.person_id ? store::Value(link.person_id) : store::Value(nullptr);
  c.query(
      "INSERT INTO account_links (token_hash, purpose, user_id, person_id, username, role, "
      "created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {token_hash, link.purpose, user, person, link.username, link.role, created_by, now,
       link.expires_at});
}

std::optional<Link> find_link(store::Connection& c, const std::string& token_hash) {
  auto result = c.query(
      "SELECT purpose, COALESCE(user_id, 0), COALESCE(person_id, 0), username, role, expires_at "
      "FROM account_links WHERE token_hash = $1",
      {token_hash});
  if (result.empty()) return std::nullopt;
  auto& row = result.rows[0];
  return Link{row.text(0), row.integer(1), row.integer(2),
              row.text(3), row.text(4),    row.integer(5)};
}

void delete_link(store::Connection& c, const std::string& token_hash) {
  c.query("DELETE FROM account_links WHERE token_hash = $1", {token_hash});
}

void delete_links_of_user(store::Connection& c, std::int64_t user_id) {
  c.query("DELETE FROM account_links WHERE user_id = $1", {user_id});
}

void delete_links_of_person(store::Connection& c, std::int64_t person_id) {
  c.query("DELETE FROM account_links WHERE person_id = $1", {person_id});
}

void delete_expired_links(store::Connection& c, std::int64_t now) {
  c.query("DELETE FROM account_links WHERE expires_at <= $1", {now});
}

}  // namespace ploeg::accounts::administration::sql

namespace ploeg::accounts::administration {

void register_migrations(store::Migrations& migrations) {
  // After the organisation's people (10) and account links (13): an
  // invitation names its person.
  const std::string script = R"(
CREATE TABLE account_links (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'invitation')),
  user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  CHECK ((purpose = 'reset' AND user_id IS NOT NULL) OR
         (purpose = 'invitation' AND person_id IS NOT NULL))
);
CREATE INDEX account_links_user ON account_links (user_id);
CREATE INDEX account_links_person ON account_links (person_id);
)";
  migrations.add(
      {50, "accounts: one-time links to reset a password or accept an invitation", script, script});
}

}  // namespace ploeg::accounts::administration
