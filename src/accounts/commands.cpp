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

// At most this much of what a visitor typed goes into the audit log.
std::string bounded(const std::string& text) {
  if (text.size() <= max_username_length) return text;
  std::size_t cut = max_username_length;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

// The throttle's wait after the n-th counted attempt in a row: none for the
// first two, then longer each time, then throttle_seconds.
std::int64_t wait_after(std::int64_t attempts) {
  if (attempts >= throttle_failures) return throttle_seconds;
  if (attempts <= 2) return 0;
  return attempts == 3 ? 5 : 30;
}

// A pair is forgotten once it has been quiet for throttle_seconds after its
// last wait ended: until then each further failure waits throttle_seconds.
bool pair_forgotten(const sql::Throttle& t, std::int64_t now) {
  return std::max(t.last_at, t.not_before) + throttle_seconds <= now;
}

// An address's count runs over a window of throttle_seconds from its first
// failure (last_at holds the window's start).
bool window_over(const sql::Throttle& t, std::int64_t now) {
  return t.last_at + throttle_seconds <= now && t.not_before <= now;
}

// Counts an attempt for `account` from `address` before its password is
// checked, in one transaction with the check: 0 when it may be checked, else
// the seconds to wait. Parallel attempts are counted one after the other, so
// no more than the throttle allows are ever checked.
std::int64_t count_attempt(store::Database& db, const std::string& account,
                           const std::string& address, std::int64_t now) {
  return db.transaction([&](store::Connection& c) -> std::int64_t {
    auto pair = sql::lock_throttle(c, account, address);
    auto whole = sql::lock_throttle(c, "", address);
    if (pair_forgotten(pair, now)) pair = {};
    if (window_over(whole, now)) whole = {};
    std::int64_t wait = std::max(pair.not_before, whole.not_before) - now;
    if (wait > 0) return wait;
    pair.attempts += 1;
    pair.last_at = now;
    pair.not_before = now + wait_after(pair.attempts);
    if (whole.attempts == 0) whole.last_at = now;
    whole.attempts += 1;
    whole.not_before = whole.attempts >= address_failures ? now + throttle_seconds : 0;
    sql::save_throttle(c, account, address, pair);
    sql::save_throttle(c, "", address, whole);
    return 0;
  });
}

// The right password: the pair starts afresh, and the address's count loses
// the attempt it was given (only failures count against an address).
void clear_attempts(store::Connection& c, const std::string& account, const std::string& address) {
  sql::delete_throttle(c, account, address);
  auto whole = sql::lock_throttle(c, "", address);
  whole.attempts = std::max<std::int64_t>(0, whole.attempts - 1);
  if (whole.attempts < address_failures) whole.not_before = 0;
  sql::save_throttle(c, "", address, whole);
}

// Rows that refuse nobody any more go, in a statement of their own: inside
// a transaction that holds other throttle rows it could deadlock with an
// attempt that holds one of them.
void forget_stale_attempts(store::Database& db, std::int64_t now) {
  auto lease = db.acquire();
  sql::delete_stale_throttles(*lease, now - throttle_seconds);
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
  check_new_password(errors, "password", user.password, user.username, user.display_name);
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
  std::optional<sql::UserWithHash> found;
  if (username.size() <= max_username_length) {
    auto lease = db.acquire();
    found = sql::find_user(*lease, username);
  }
  if (!found) {
    return Outcome::refused(Verdict::not_found, {"username", "user_unknown",
                                                 "there is no user named " + bounded(username)});
  }
  std::vector<FieldError> errors;
  check_new_password(errors, "password", password, found->user.username, found->user.display_name);
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  std::string hash = hash_password(password);
  return db.transaction([&](store::Connection& c) -> Outcome {
    if (!sql::find_user(c, username)) {
      return Outcome::refused(Verdict::not_found,
                              {"username", "user_unknown", "there is no user named " + username});
    }
    sql::update_password(c, found->user.id, hash);
    sql::delete_sessions_of(c, found->user.id, "");
    audit::append(c, event(actor, "user.password.set", "user:" + username));
    return {};
  });
}

PasswordChange change_password(store::Database& db, const Session& session,
                               const std::string& current, const std::string& next,
                               const std::string& confirm, const Actor& actor) {
  PasswordChange result;
  std::vector<FieldError> errors;
  const std::int64_t now = now_seconds();
  if (current.size() > max_password_length) {
    errors.push_back({"current", "password_current_wrong", "the current password is not correct"});
  } else if (auto wait = count_attempt(db, session.user.username, actor.remote_address, now)) {
    // Guessing the current password is slowed down like signing in.
    result.retry_after = wait;
    result.outcome = Outcome::refused(
        Verdict::conflict, {"current", "password_throttled", "too many wrong current passwords"});
    db.transaction([&](store::Connection& c) {
      audit::append(c, event(actor, "user.password.refused", "user:" + session.user.username,
                             "too many failures"));
    });
    return result;
  } else {
    std::optional<sql::UserWithHash> found;
    {
      auto lease = db.acquire();
      found = sql::find_user(*lease, session.user.id);
    }
    if (found && verify_password(found->password_hash, current)) {
      db.transaction([&](store::Connection& c) {
        clear_attempts(c, session.user.username, actor.remote_address);
      });
      forget_stale_attempts(db, now);
    } else {
      errors.push_back(
          {"current", "password_current_wrong", "the current password is not correct"});
    }
  }
  check_new_password(errors, "new", next, session.user.username, session.user.display_name);
  if (next != confirm) {
    errors.push_back({"confirm", "password_mismatch", "the two new passwords are not the same"});
  } else if (errors.empty() && next == current) {
    errors.push_back({"new", "password_same", "choose a password different from the current one"});
  }
  if (!errors.empty()) {
    result.outcome = Outcome::invalid_if(std::move(errors));
    return result;
  }
  std::string hash = hash_password(next);
  db.transaction([&](store::Connection& c) {
    sql::update_password(c, session.user.id, hash);
    // Anyone else who knew the old password is signed out everywhere else.
    sql::delete_sessions_of(c, session.user.id, session.key);
    audit::append(c, event(actor, "user.password.change", "user:" + session.user.username));
  });
  return result;
}

std::vector<User> list_users(store::Database& db) {
  auto lease = db.acquire();
  return sql::list_users(*lease);
}

SignIn sign_in(store::Database& db, const std::string& username, const std::string& password,
               const SessionPolicy& policy, const Actor& actor) {
  const std::int64_t now = now_seconds();
  SignIn result;
  // No account has a longer name or password: refused before any work, and
  // only a bounded prefix of the name reaches the audit log.
  if (username.size() > max_username_length || password.size() > max_password_length) {
    result.answer = SignIn::Answer::too_long;
    return result;
  }

  // Counted before the password is even looked at, so guessing stops working.
  if (auto wait = count_attempt(db, username, actor.remote_address, now)) {
    result.answer = SignIn::Answer::throttled;
    result.retry_after = wait;
    db.transaction([&](store::Connection& c) {
      audit::append(c, event(actor, "login.refused", "user:" + username, "too many failures"));
    });
    return result;
  }

  std::optional<sql::UserWithHash> found;
  {
    auto lease = db.acquire();
    found = sql::find_user(*lease, username);
  }
  bool ok = false;
  if (found) {
    ok = verify_password(found->password_hash, password);
  } else {
    verify_dummy(password);
  }
  if (!ok) {
    // The attempt was counted already; only the audit entry is left to write.
    db.transaction([&](store::Connection& c) {
      audit::append(c, event(actor, "login.failed", "user:" + username));
    });
    return result;
  }

  result.answer = SignIn::Answer::signed_in;
  result.user = found->user;
  result.session_token = crypto::random_token();
  db.transaction([&](store::Connection& c) {
    clear_attempts(c, username, actor.remote_address);
    sql::delete_expired_sessions(c, now);
    sql::insert_session(c, session_key(result.session_token), found->user.id,
                        crypto::random_token(), now + policy.max_seconds, actor.remote_address);
    audit::append(c, event(actor, "login", "user:" + username));
  });
  forget_stale_attempts(db, now);
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
