#include "accounts/commands.hpp"

#include <algorithm>

#include "accounts/passwords.hpp"
#include "accounts/store.hpp"
#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ploeg::accounts {
namespace {

audit::Event event(const Actor& actor, std::string action, std::string subject,
                   std::string detail = "") {
  return {actor.name,        std::move(action),    std::move(subject),
          std::move(detail), actor.remote_address, actor.request_id};
}

void check_password(std::vector<FieldError>& errors, const std::string& field,
                    const std::string& password) {
  if (password.size() < min_password_length) {
    errors.push_back({field,
                      "password_too_short",
                      "use at least " + std::to_string(min_password_length) + " characters",
                      {{"min", std::to_string(min_password_length)}}});
  }
}

bool valid_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
           ch == '_';
  });
}

}  // namespace

std::string session_key(const std::string& token) {
  return crypto::sha256_hex(token);
}

Outcome create_user(store::Database& db, const NewUser& user, const Actor& actor) {
  std::vector<FieldError> errors;
  if (!valid_username(user.username)) {
    errors.push_back({"username", "user_name_invalid",
                      "use 2 to 64 characters: lower-case letters, digits, '.', '-' or '_'"});
  }
  if (user.display_name.empty() || user.display_name.size() > 200) {
    errors.push_back({"display_name", "user_display_name_invalid",
                      "give a display name of 1 to 200 characters"});
  }
  if (std::find(roles.begin(), roles.end(), user.role) == roles.end()) {
    errors.push_back({"role", "user_role_invalid", "the role must be admin, coach or coworker"});
  }
  check_password(errors, "password", user.password);
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  std::string hash = hash_password(user.password);
  return db.transaction([&](store::Connection& c) -> Outcome {
    if (sql::find_user(c, user.username)) {
      return Outcome::refused(
          Verdict::conflict,
          {"username", "user_name_taken", "a user named " + user.username + " exists already"});
    }
    sql::insert_user(c, user, hash);
    audit::append(c, event(actor, "user.create", "user:" + user.username, "role " + user.role));
    return {};
  });
}

Outcome set_password(store::Database& db, const std::string& username, const std::string& password,
                     const Actor& actor) {
  std::vector<FieldError> errors;
  check_password(errors, "password", password);
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  std::string hash = hash_password(password);
  return db.transaction([&](store::Connection& c) -> Outcome {
    auto found = sql::find_user(c, username);
    if (!found) {
      return Outcome::refused(Verdict::not_found,
                              {"username", "user_unknown", "there is no user named " + username});
    }
    sql::update_password(c, found->user.id, hash);
    sql::delete_sessions_of(c, found->user.id, "");
    audit::append(c, event(actor, "user.password.set", "user:" + username));
    return {};
  });
}

Outcome change_password(store::Database& db, const Session& session, const std::string& current,
                        const std::string& next, const std::string& confirm, const Actor& actor) {
  std::vector<FieldError> errors;
  std::optional<sql::UserWithHash> found;
  {
    auto lease = db.acquire();
    found = sql::find_user(*lease, session.user.id);
  }
  if (!found || !verify_password(found->password_hash, current)) {
    errors.push_back({"current", "password_current_wrong", "the current password is not correct"});
  }
  check_password(errors, "new", next);
  if (next != confirm) {
    errors.push_back({"confirm", "password_mismatch", "the two new passwords are not the same"});
  } else if (errors.empty() && next == current) {
    errors.push_back({"new", "password_same", "choose a password different from the current one"});
  }
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  std::string hash = hash_password(next);
  db.transaction([&](store::Connection& c) {
    sql::update_password(c, session.user.id, hash);
    // Anyone else who knew the old password is signed out everywhere else.
    sql::delete_sessions_of(c, session.user.id, session.key);
    audit::append(c, event(actor, "user.password.change", "user:" + session.user.username));
  });
  return {};
}

std::vector<User> list_users(store::Database& db) {
  auto lease = db.acquire();
  return sql::list_users(*lease);
}

SignIn sign_in(store::Database& db, const std::string& username, const std::string& password,
               const SessionPolicy& policy, const Actor& actor) {
  const std::string account_key = "account:" + username;
  const std::string address_key = "address:" + actor.remote_address;
  const std::int64_t now = now_seconds();
  SignIn result;

  // Refused before the password is even looked at, so guessing stops working.
  std::int64_t locked_until = 0;
  std::optional<sql::UserWithHash> found;
  {
    auto lease = db.acquire();
    for (auto& key : {account_key, address_key}) {
      auto times = sql::failures_since(*lease, key, now - throttle_seconds);
      if (static_cast<int>(times.size()) >= throttle_failures) {
        locked_until = std::max(locked_until, times.front() + throttle_seconds);
      }
    }
    if (!locked_until) found = sql::find_user(*lease, username);
  }
  if (locked_until) {
    result.answer = SignIn::Answer::throttled;
    result.retry_after = std::max<std::int64_t>(1, locked_until - now);
    db.transaction([&](store::Connection& c) {
      audit::append(c, event(actor, "login.refused", "user:" + username, "too many failures"));
    });
    return result;
  }

  bool ok = false;
  if (found) {
    ok = verify_password(found->password_hash, password);
  } else {
    verify_dummy(password);
  }
  if (!ok) {
    db.transaction([&](store::Connection& c) {
      sql::record_failure(c, account_key, now);
      sql::record_failure(c, address_key, now);
      audit::append(c, event(actor, "login.failed", "user:" + username));
    });
    return result;
  }

  result.answer = SignIn::Answer::signed_in;
  result.user = found->user;
  result.session_token = crypto::random_token();
  db.transaction([&](store::Connection& c) {
    sql::clear_failures(c, account_key);
    sql::delete_expired_sessions(c, now);
    sql::insert_session(c, session_key(result.session_token), found->user.id,
                        crypto::random_token(), now + policy.max_seconds, actor.remote_address);
    audit::append(c, event(actor, "login", "user:" + username));
  });
  return result;
}

std::optional<Session> find_session(store::Database& db, const std::string& token,
                                    const SessionPolicy& policy) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string key = session_key(token);
  const std::int64_t now = now_seconds();
  auto lease = db.acquire();
  auto stored = sql::find_session(*lease, key);
  if (!stored) return std::nullopt;
  if (stored->expires_at <= now || stored->last_seen_at + policy.idle_seconds <= now) {
    sql::delete_session(*lease, key);
    return std::nullopt;
  }
  // A write per minute at most, not per request.
  if (now - stored->last_seen_at >= 60) sql::touch_session(*lease, key, now);
  return stored->session;
}

void sign_out(store::Database& db, const Session& session, const Actor& actor) {
  db.transaction([&](store::Connection& c) {
    sql::delete_session(c, session.key);
    audit::append(c, event(actor, "logout", "user:" + session.user.username));
  });
}

void set_language(store::Database& db, const Session& session, const std::string& language,
                  const Actor& actor) {
  db.transaction([&](store::Connection& c) {
    sql::update_language(c, session.user.id, language);
    audit::append(c, event(actor, "user.language", "user:" + session.user.username, language));
  });
}

}  // namespace ploeg::accounts
