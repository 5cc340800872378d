// Accounts from the web: the administrator's commands (administration.hpp).
#include "accounts/administration.hpp"

#include <algorithm>

#include "accounts/administration_store.hpp"
#include "accounts/passwords.hpp"
#include "accounts/store.hpp"
#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "organisation/editing.hpp"

namespace ploeg::accounts::administration {
namespace {

audit::Event event(const Actor& actor, std::string action, const std::string& username,
                   std::string detail = "") {
  return {actor.name,        std::move(action),    "user:" + username,
          std::move(detail), actor.remote_address, actor.request_id};
}

// Only administrators manage accounts; the refusal says nothing more.
Outcome forbidden() {
  return Outcome::refused(Verdict::forbidden);
}

Outcome unknown(const std::string& username) {
  return Outcome::refused(Verdict::not_found,
                          {"username", "account_unknown", "there is no account named " + username});
}

template <typename Result>
Result as(Outcome o) {
  Result r;
  static_cast<Outcome&>(r) = std::move(o);
  return r;
}

// The length of the well-formed UTF-8 character at `at`, or 0.
std::size_t utf8_at(const std::string& s, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b = byte(at);
  std::size_t n = b < 0x80                        ? 1
                  : (b >> 5) == 0x6 && b >= 0xC2  ? 2
                  : (b >> 4) == 0xE               ? 3
                  : (b >> 3) == 0x1E && b <= 0xF4 ? 4
                                                  : 0;
  if (n == 0 || at + n > s.size()) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  return n;
}

bool well_formed(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto n = utf8_at(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

bool valid_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
           ch == '_';
  });
}

// An account by name; a name no account can have is not asked for (nor
// sent to the database, which takes only well-formed text).
std::optional<Account> account_named(store::Connection& c, const std::string& username) {
  if (!valid_username(username)) return std::nullopt;
  return sql::account(c, username);
}

// A search as the database may take it: trimmed, at most 100 bytes, and
// nothing when it is not well-formed text.
std::string searchable(const std::string& search) {
  auto bounded = cut(text::trimmed(search), 100);
  return well_formed(bounded) ? bounded : std::string("\x01");  // \x01: in no name
}

bool valid_role(const std::string& role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

void check_username(std::vector<FieldError>& errors, const std::string& username) {
  if (!valid_username(username)) {
    errors.push_back({"username", "user_name_invalid",
                      "use 2 to 64 characters: lower-case letters, digits, '.', '-' or '_'"});
  }
}

void check_role(std::vector<FieldError>& errors, const std::string& role) {
  if (!valid_role(role)) {
    errors.push_back({"role", "user_role_invalid", "the role must be admin, coach or coworker"});
  }
}

Outcome name_taken(const std::string& username) {
  return Outcome::refused(Verdict::conflict, {"username", "user_name_taken",
                                              "a user named " + username + " exists already"});
}

Outcome last_admin(const std::string& field) {
  return Outcome::refused(
      Verdict::conflict,
      {field, "account_last_admin",
       "this is the last active administrator: make another account administrator first"});
}

std::string token_hash(const std::string& token) {
  return crypto::sha256_hex("account-link:" + token);
}

// A new link for `link`, replacing earlier ones of the same account or person.
std::string issue(store::Connection& c, sql::Link link, const Actor& actor, std::int64_t now) {
  sql::delete_expired_links(c, now);
  if (link.user_id) sql::delete_links_of_user(c, link.user_id);
  if (link.person_id) sql::delete_links_of_person(c, link.person_id);
  link.expires_at = now + link_seconds;
  auto token = crypto::random_token();
  sql::insert_link(c, token_hash(token), link, actor.name, now);
  return token;
}

}  // namespace

std::string cut(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

std::string suggested_username(const std::string& email) {
  auto local = email.substr(0, email.find('@'));
  std::string out;
  for (char ch : local) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
        ch == '_') {
      out += ch;
    }
  }
  return out.substr(0, 64);
}

Accounts list_accounts(store::Database& db, const Actor& actor, const std::string& search,
                       std::int64_t offset) {
  if (!actor.admin()) return as<Accounts>(forbidden());
  Accounts result;
  auto pattern = sql::like_pattern(searchable(search));
  auto lease = db.acquire();
  result.accounts = sql::accounts(*lease, pattern, page_size, std::max<std::int64_t>(0, offset));
  result.total = sql::count_accounts(*lease, pattern);
  return result;
}

OneAccount find_account(store::Database& db, const Actor& actor, const std::string& username) {
  if (!actor.admin()) return as<OneAccount>(forbidden());
  auto lease = db.acquire();
  auto found = account_named(*lease, username);
  if (!found) return as<OneAccount>(unknown(username));
  OneAccount result;
  result.account = *found;
  return result;
}

Issued create_account(store::Database& db, const Actor& actor, const NewAccount& account) {
  if (!actor.admin()) return as<Issued>(forbidden());
  std::vector<FieldError> errors;
  check_username(errors, account.username);
  auto display_name = text::trimmed(account.display_name);
  if (display_name.empty() || display_name.size() > max_display_name ||
      !well_formed(display_name)) {
    errors.push_back({"display_name", "user_display_name_invalid",
                      "give a display name of 1 to 200 characters"});
  }
  check_role(errors, account.role);
  auto email = text::trimmed(account.person_email);
  if (email.size() > max_email || !well_formed(email)) {
    errors.push_back(
        {"person_email", "account_person_unknown", "nobody in the organisation has that e-mail"});
  }
  if (!errors.empty()) return as<Issued>(Outcome::invalid_if(std::move(errors)));
  // Nobody knows this password: the person chooses theirs through the link.
  auto hash = hash_password(crypto::random_token());
  return db.transaction([&](store::Connection& c) -> Issued {
    if (sql::username_taken(c, account.username)) return as<Issued>(name_taken(account.username));
    std::optional<sql::PersonRef> person;
    if (!email.empty()) {
      person = sql::person_by_email(c, email);
      if (!person) {
        return as<Issued>(Outcome::refused(Verdict::invalid,
                                           {"person_email", "account_person_unknown",
                                            "nobody in the organisation has the e-mail " + email}));
      }
      if (!person->account.empty()) {
        return as<Issued>(Outcome::refused(Verdict::conflict,
                                           {"person_email",
                                            "account_person_taken",
                                            "that person is linked to account " + person->account,
                                            {{"account", person->account}}}));
      }
    }
    auto id =
        accounts::sql::insert_user(c, {account.username, display_name, account.role, ""}, hash);
    if (person) organisation::editing::link_account(c, id, person->email);
    auto now = now_seconds();
    Issued result;
    result.username = account.username;
    result.token = issue(c, {"reset", id, 0, account.username, "", 0}, actor, now);
    result.expires_at = now + link_seconds;
    audit::append(c, event(actor, "account.create", account.username,
                           "role " + account.role + (person ? ", person " + person->email : "")));
    return result;
  });
}

namespace {

// Each change on the caller's connection, so one transaction may hold several.
Outcome disable_in(store::Connection& c, const Actor& actor, const std::string& username,
                   bool disabled) {
  auto found = account_named(c, username);
  if (!found) return unknown(username);
  if (found->disabled == disabled) return {};
  if (disabled && found->role == "admin" && sql::active_admins(c) <= 1) {
    return last_admin("form");
  }
  sql::set_disabled(c, found->id, disabled);
  if (disabled) {
    // Whoever is signed in as this account is signed out now.
    accounts::sql::delete_sessions_of(c, found->id, "");
    sql::delete_links_of_user(c, found->id);
  }
  audit::append(c, event(actor, disabled ? "account.disable" : "account.enable", username));
  return {};
}

Outcome role_in(store::Connection& c, const Actor& actor, const std::string& username,
                const std::string& role) {
  std::vector<FieldError> errors;
  check_role(errors, role);
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  auto found = account_named(c, username);
  if (!found) return unknown(username);
  if (found->role == role) return {};
  if (found->role == "admin" && !found->disabled && sql::active_admins(c) <= 1) {
    return last_admin("role");
  }
  sql::set_role(c, found->id, role);
  audit::append(c, event(actor, "account.role", username, found->role + " -> " + role));
  return {};
}

Outcome link_in(store::Connection& c, const Actor& actor, const std::string& username,
                const std::string& person_email) {
  auto email = text::trimmed(person_email);
  if (email.size() > max_email || !well_formed(email)) {
    return Outcome::refused(Verdict::invalid, {"person_email", "account_person_unknown",
                                               "nobody in the organisation has that e-mail"});
  }
  auto found = account_named(c, username);
  if (!found) return unknown(username);
  if (email.empty()) {
    if (!found->person_id) return {};
    sql::unlink(c, found->id);
    audit::append(c, event(actor, "account.unlink", username));
    return {};
  }
  auto person = sql::person_by_email(c, email);
  if (!person) {
    return Outcome::refused(Verdict::invalid,
                            {"person_email", "account_person_unknown",
                             "nobody in the organisation has the e-mail " + email});
  }
  if (person->account == username) return {};
  if (!person->account.empty()) {
    return Outcome::refused(Verdict::conflict,
                            {"person_email",
                             "account_person_taken",
                             "that person is linked to account " + person->account,
                             {{"account", person->account}}});
  }
  organisation::editing::link_account(c, found->id, person->email);
  sql::delete_links_of_person(c, person->id);
  audit::append(c, event(actor, "account.link", username, "person " + person->email));
  return {};
}

// A refusal inside a transaction of several changes: thrown, so that the
// transaction rolls back the ones before it.
struct Refusal {
  Outcome outcome;
};

}  // namespace

Outcome set_disabled(store::Database& db, const Actor& actor, const std::string& username,
                     bool disabled) {
  if (!actor.admin()) return forbidden();
  return db.transaction(
      [&](store::Connection& c) { return disable_in(c, actor, username, disabled); });
}

Outcome change_role(store::Database& db, const Actor& actor, const std::string& username,
                    const std::string& role) {
  if (!actor.admin()) return forbidden();
  return db.transaction([&](store::Connection& c) { return role_in(c, actor, username, role); });
}

Outcome link_person(store::Database& db, const Actor& actor, const std::string& username,
                    const std::string& person_email) {
  if (!actor.admin()) return forbidden();
  return db.transaction(
      [&](store::Connection& c) { return link_in(c, actor, username, person_email); });
}

Outcome update_account(store::Database& db, const Actor& actor, const std::string& username,
                       const AccountChange& change) {
  if (!actor.admin()) return forbidden();
  try {
    db.transaction([&](store::Connection& c) {
      if (!account_named(c, username)) throw Refusal{unknown(username)};
      auto step = [](Outcome o) {
        if (!o) throw Refusal{std::move(o)};
      };
      if (change.role) step(role_in(c, actor, username, *change.role));
      if (change.disabled) step(disable_in(c, actor, username, *change.disabled));
      if (change.person_email) step(link_in(c, actor, username, *change.person_email));
    });
  } catch (Refusal& refused) {
    return std::move(refused.outcome);
  }
  return {};
}

Issued start_reset(store::Database& db, const Actor& actor, const std::string& username) {
  if (!actor.admin()) return as<Issued>(forbidden());
  return db.transaction([&](store::Connection& c) -> Issued {
    auto found = account_named(c, username);
    if (!found) return as<Issued>(unknown(username));
    if (found->disabled) {
      return as<Issued>(Outcome::refused(
          Verdict::conflict, {"form", "account_disabled_no_reset",
                              "the account is disabled: enable it before resetting its password"}));
    }
    auto now = now_seconds();
    Issued result;
    result.username = username;
    result.token = issue(c, {"reset", found->id, 0, username, "", 0}, actor, now);
    result.expires_at = now + link_seconds;
    audit::append(c, event(actor, "account.reset.start", username));
    return result;
  });
}

Ended end_sessions(store::Database& db, const Actor& actor, const std::string& username) {
  if (!actor.admin()) return as<Ended>(forbidden());
  return db.transaction([&](store::Connection& c) -> Ended {
    auto found = account_named(c, username);
    if (!found) return as<Ended>(unknown(username));
    Ended result;
    result.ended = sql::sessions_of(c, found->id);
    accounts::sql::delete_sessions_of(c, found->id, "");
    audit::append(c, event(actor, "account.sessions.end", username,
                           std::to_string(result.ended) + " sessions"));
    return result;
  });
}

Invitees people_without_account(store::Database& db, const Actor& actor, const std::string& search,
                                std::int64_t offset) {
  if (!actor.admin()) return as<Invitees>(forbidden());
  Invitees result;
  auto pattern = sql::like_pattern(searchable(search));
  auto lease = db.acquire();
  result.people =
      sql::people_without_account(*lease, pattern, page_size, std::max<std::int64_t>(0, offset));
  result.total = sql::count_people_without_account(*lease, pattern);
  return result;
}

OneInvitee invitee(store::Database& db, const Actor& actor, std::int64_t person_id) {
  if (!actor.admin()) return as<OneInvitee>(forbidden());
  auto lease = db.acquire();
  auto person = sql::person_by_id(*lease, person_id);
  if (!person || !person->account.empty()) {
    return as<OneInvitee>(Outcome::refused(
        Verdict::not_found,
        {"person", "account_invitee_unknown", "there is no such person without an account"}));
  }
  OneInvitee result;
  result.person = {person->id, person->name, person->email, suggested_username(person->email)};
  return result;
}

Issued invite(store::Database& db, const Actor& actor, std::int64_t person_id,
              const std::string& username, const std::string& role) {
  if (!actor.admin()) return as<Issued>(forbidden());
  std::vector<FieldError> errors;
  check_username(errors, username);
  check_role(errors, role);
  if (!errors.empty()) return as<Issued>(Outcome::invalid_if(std::move(errors)));
  return db.transaction([&](store::Connection& c) -> Issued {
    auto person = sql::person_by_id(c, person_id);
    if (!person) {
      return as<Issued>(Outcome::refused(
          Verdict::not_found,
          {"person", "account_invitee_unknown", "there is no such person in the organisation"}));
    }
    if (!person->account.empty()) {
      return as<Issued>(Outcome::refused(Verdict::conflict,
                                         {"person",
                                          "account_person_taken",
                                          "that person is linked to account " + person->account,
                                          {{"account", person->account}}}));
    }
    if (sql::username_taken(c, username)) return as<Issued>(name_taken(username));
    auto now = now_seconds();
    Issued result;
    result.username = username;
    result.token = issue(c, {"invitation", 0, person->id, username, role, 0}, actor, now);
    result.expires_at = now + link_seconds;
    audit::append(
        c, event(actor, "account.invite", username, "role " + role + ", person " + person->email));
    return result;
  });
}

std::optional<LinkPurpose> check_link(store::Database& db, const std::string& token) {
  if (token.empty() || token.size() > max_token) return std::nullopt;
  auto lease = db.acquire();
  auto link = sql::find_link(*lease, token_hash(token));
  if (!link || link->expires_at <= now_seconds()) return std::nullopt;
  LinkPurpose purpose;
  purpose.invitation = link->purpose == "invitation";
  purpose.username = link->username;
  if (purpose.invitation) {
    auto person = sql::person_by_id(*lease, link->person_id);
    if (!person) return std::nullopt;
    purpose.display_name = person->name;
  } else {
    auto account = account_named(*lease, link->username);
    if (!account || account->disabled) return std::nullopt;
    purpose.display_name = account->display_name;
  }
  return purpose;
}

Outcome use_link(store::Database& db, const std::string& token, const std::string& password,
                 const std::string& confirm, const Actor& actor) {
  auto gone = Outcome::refused(Verdict::not_found,
                               {"form", "account_link_gone", "this link does not work (any more)"});
  if (!check_link(db, token)) return gone;
  std::vector<FieldError> errors;
  if (password.size() < min_password_length) {
    errors.push_back({"password",
                      "password_too_short",
                      "use at least " + std::to_string(min_password_length) + " characters",
                      {{"min", std::to_string(min_password_length)}}});
  } else if (password.size() > max_password) {
    errors.push_back({"password",
                      "account_password_too_long",
                      "use at most " + std::to_string(max_password) + " characters",
                      {{"max", std::to_string(max_password)}}});
  }
  if (password != confirm) {
    errors.push_back({"confirm", "password_mismatch", "the two new passwords are not the same"});
  }
  if (!errors.empty()) return Outcome::invalid_if(std::move(errors));
  auto hash = hash_password(password);
  return db.transaction([&](store::Connection& c) -> Outcome {
    auto key = token_hash(token);
    auto link = sql::find_link(c, key);  // again: another request may have used it meanwhile
    if (!link || link->expires_at <= now_seconds()) return gone;
    Actor by = actor;
    by.name = "user:" + link->username;
    if (link->purpose == "invitation") {
      auto person = sql::person_by_id(c, link->person_id);
      if (!person || !person->account.empty()) return gone;
      if (sql::username_taken(c, link->username)) {
        return Outcome::refused(Verdict::conflict,
                                {"form", "account_link_name_taken",
                                 "the account's name was taken meanwhile: ask for a new link"});
      }
      auto id = accounts::sql::insert_user(c, {link->username, person->name, link->role, ""}, hash);
      organisation::editing::link_account(c, id, person->email);
      sql::delete_link(c, key);
      audit::append(c, event(by, "account.invitation.accept", link->username,
                             "role " + link->role + ", person " + person->email));
    } else {
      auto account = account_named(c, link->username);
      if (!account || account->disabled || account->id != link->user_id) return gone;
      accounts::sql::update_password(c, account->id, hash);
      accounts::sql::delete_sessions_of(c, account->id, "");
      sql::delete_link(c, key);
      audit::append(c, event(by, "account.reset.finish", link->username));
    }
    return {};
  });
}

}  // namespace ploeg::accounts::administration
