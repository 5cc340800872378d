// Accounts from the web (issue 18, item 11): what an administrator does to
// other people's accounts. Every command takes the acting Actor and refuses
// anyone but an administrator (forbidden); every change is one transaction
// with its audit entry (who, what, which account). A password is never set
// by the administrator: they start a one-time link (a reset, or for a person
// of the organisation without an account, an invitation), shown once, that
// lets the person choose their own; the database keeps only its SHA-256.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::accounts::administration {

// How long a one-time link works.
inline constexpr std::int64_t link_seconds = 24 * 3600;
// Limits on what an administrator types.
inline constexpr std::size_t max_display_name = 200;
inline constexpr std::size_t max_email = 254;
inline constexpr std::size_t max_password = 1024;
inline constexpr std::size_t max_token = 128;
// Accounts and people shown at once.
inline constexpr std::int64_t page_size = 50;

struct Account {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  bool disabled = false;
  std::int64_t created_at = 0;
  std::int64_t person_id = 0;  // 0: linked to nobody
  std::string person_name;
  std::string person_email;
  std::int64_t sessions = 0;  // live sessions now
};

struct Accounts : Outcome {
  std::vector<Account> accounts;
  std::int64_t total = 0;  // matching the search, of which `accounts` is one page
};
struct OneAccount : Outcome {
  Account account;
};

// A one-time link made: its token goes to the administrator once, never stored.
struct Issued : Outcome {
  std::string username;  // the account it sets the password of (or will create)
  std::string token;
  std::int64_t expires_at = 0;
};

// A person of the organisation who has no account yet.
struct Invitee {
  std::int64_t person_id = 0;
  std::string name;
  std::string email;
  std::string suggested_username;
};
struct Invitees : Outcome {
  std::vector<Invitee> people;
  std::int64_t total = 0;
};

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string role;
  std::string person_email;  // optional: the person it is
};

// `search` (at most 100 characters) matches user names and display names.
Accounts list_accounts(store::Database& db, const Actor& actor, const std::string& search,
                       std::int64_t offset);
OneAccount find_account(store::Database& db, const Actor& actor, const std::string& username);

// Creates the account without a usable password and issues its set-up link.
Issued create_account(store::Database& db, const Actor& actor, const NewAccount& account);
// Disables (ending its sessions at once) or enables an account; the last
// active administrator cannot be disabled (conflict).
Outcome set_disabled(store::Database& db, const Actor& actor, const std::string& username,
                     bool disabled);
// The last active administrator keeps the role (conflict).
Outcome change_role(store::Database& db, const Actor& actor, const std::string& username,
                    const std::string& role);
// Links the account to the person with this e-mail; "" unlinks it. A person
// linked to another account is refused (conflict).
Outcome link_person(store::Database& db, const Actor& actor, const std::string& username,
                    const std::string& person_email);
// Several of those at once, all or none (the API's PATCH); absent: unchanged.
struct AccountChange {
  std::optional<std::string> role;
  std::optional<bool> disabled;
  std::optional<std::string> person_email;
};
Outcome update_account(store::Database& db, const Actor& actor, const std::string& username,
                       const AccountChange& change);
// A one-time link to choose a new password; earlier ones for the account stop working.
Issued start_reset(store::Database& db, const Actor& actor, const std::string& username);
// Ends every session of the account; `ended` how many.
struct Ended : Outcome {
  std::int64_t ended = 0;
};
Ended end_sessions(store::Database& db, const Actor& actor, const std::string& username);

// People of the organisation without an account, by name; `search` matches name or e-mail.
Invitees people_without_account(store::Database& db, const Actor& actor, const std::string& search,
                                std::int64_t offset);
// One person without an account; not_found when there is none by that id
// or they have an account.
struct OneInvitee : Outcome {
  Invitee person;
};
OneInvitee invitee(store::Database& db, const Actor& actor, std::int64_t person_id);
// An invitation: the one-time link that creates account `username` with
// `role` for the person, linked to them.
Issued invite(store::Database& db, const Actor& actor, std::int64_t person_id,
              const std::string& username, const std::string& role);

// What a one-time link is for, while it works; nullopt when unknown, used or expired.
struct LinkPurpose {
  bool invitation = false;
  std::string username;
  std::string display_name;
};
std::optional<LinkPurpose> check_link(store::Database& db, const std::string& token);
// Uses the link: sets the password (a reset, ending the account's sessions)
// or creates the linked account (an invitation). not_found when the link
// does not work (any more); invalid with the password's problems.
Outcome use_link(store::Database& db, const std::string& token, const std::string& password,
                 const std::string& confirm, const Actor& actor);

// At most `bytes` of `text`, cut before a character rather than inside one.
std::string cut(const std::string& text, std::size_t bytes);

// The user name an invitation proposes for an e-mail: its local part, folded.
std::string suggested_username(const std::string& email);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::accounts::administration
