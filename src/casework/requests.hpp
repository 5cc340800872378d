// A citizen's request: filed without an account, routed by postcode to a
// regional team, followed through a private status link. Only the hash of
// the link's token is stored, as for sessions: a copy of the database does
// not open anyone's status page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

inline constexpr std::size_t max_name_length = 200;
inline constexpr std::size_t max_contact_length = 200;
inline constexpr std::size_t max_description_length = 4000;

struct NewRequest {
  std::string type;                     // request type code
  std::vector<std::string> conditions;  // of that type, ticked on the form
  std::string postcode;
  std::string name;
  std::string email;  // e-mail or phone: at least one
  std::string phone;
  std::string description;
  // A random key the form carries: the same key sent twice (a double click,
  // a resend) files one request.
  std::string submission_key;
  std::string remote_address;  // for the audit log
  std::string request_id;
};

struct Receipt {
  std::string reference;     // "2026-4KQ7-M2XD": what the citizen quotes
  std::string status_token;  // the private link's secret, given out once
  std::string team;          // team code
  bool repeated = false;     // the same submission key was filed before
};

struct Filed {
  std::optional<Receipt> receipt;  // absent when there are errors
  std::vector<FieldError> errors;
};

// Checks everything first (type, conditions, postcode and its team, lengths,
// a way to reach the citizen); files the request in one transaction with its
// audit entry, or nothing. A repeated submission key answers the first
// request's receipt with a fresh status token (the old one keeps working).
Filed file_request(store::Database& db, const NewRequest& request);

struct Status {
  std::string reference;
  std::string type_code;
  std::string type_name;  // the fallback name; pages show names.of(request_type, type_code)
  std::string team_code;
  std::string team_name;
  std::int64_t team_id = 0;
  std::string stage;       // the name of the step it is at; empty once decided
  std::string stage_code;  // that step's code
  bool decided = false;
  std::string decision;  // granted or refused, once decided
  std::string motivation;
  bool rated = false;
  int target_days = 0;
  std::int64_t submitted_at = 0;
};

// The status behind a link's token; absent for an unknown token (and
// nothing tells whether some other request exists).
std::optional<Status> status(store::Connection& c, const std::string& status_token);

void register_request_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
