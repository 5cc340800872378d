// Internal to accounts' administration (administration.cpp): its SQL, each
// function on the caller's connection. It reads the organisation's people
// and the accounts' links to them (account_people, organisation's migration
// 13) to list and invite them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/administration.hpp"
#include "store/database.hpp"

namespace ploeg::accounts::administration::sql {

// `pattern` is a LIKE pattern on lower-cased text ("" matches all).
std::vector<Account> accounts(store::Connection& c, const std::string& pattern, std::int64_t limit,
                              std::int64_t offset);
std::int64_t count_accounts(store::Connection& c, const std::string& pattern);
// Disabled accounts too.
std::optional<Account> account(store::Connection& c, const std::string& username);
std::int64_t active_admins(store::Connection& c);
void set_disabled(store::Connection& c, std::int64_t user_id, bool disabled);
void set_role(store::Connection& c, std::int64_t user_id, const std::string& role);
bool username_taken(store::Connection& c, const std::string& username);

struct PersonRef {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string account;  // the user name linked to them, "" when none
};
std::optional<PersonRef> person_by_email(store::Connection& c, const std::string& email);
std::optional<PersonRef> person_by_id(store::Connection& c, std::int64_t id);
void unlink(store::Connection& c, std::int64_t user_id);
std::int64_t sessions_of(store::Connection& c, std::int64_t user_id);

std::vector<Invitee> people_without_account(store::Connection& c, const std::string& pattern,
                                            std::int64_t limit, std::int64_t offset);
std::int64_t count_people_without_account(store::Connection& c, const std::string& pattern);

struct Link {
  std::string purpose;         // "reset" or "invitation"
  std::int64_t user_id = 0;    // a reset's account
  std::int64_t person_id = 0;  // an invitation's person
  std::string username;        // the account's name (an invitation's to be)
  std::string role;            // an invitation's role
  std::int64_t expires_at = 0;
};
void insert_link(store::Connection& c, const std::string& token_hash, const Link& link,
                 const std::string& created_by, std::int64_t now);
std::optional<Link> find_link(store::Connection& c, const std::string& token_hash);
void delete_link(store::Connection& c, const std::string& token_hash);
// Earlier links for the same account or person stop working.
void delete_links_of_user(store::Connection& c, std::int64_t user_id);
void delete_links_of_person(store::Connection& c, std::int64_t person_id);
void delete_expired_links(store::Connection& c, std::int64_t now);

// "%text%" for LIKE, its own % _ \ escaped, lower-cased; "" for no search.
std::string like_pattern(const std::string& search);

}  // namespace ploeg::accounts::administration::sql
