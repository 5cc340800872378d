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
inline constexpr std::size_t max_postcode_length = 10;
inline constexpr std::size_t max_phone_length = 40;
inline constexpr std::size_t max_submission_key_length = 100;

// At most this many new requests from one client address within an hour
// (resends of the same form do not count). Generous on purpose: a social
// worker at a public computer, or a household behind one address, files for
// several people; a script filing hundreds is stopped. A named constant, not
// a setting: core/config has no place for the features' limits yet.
inline constexpr int max_filings_per_address_per_hour = 20;

struct NewRequest {
  std::string type;                     // request type code
  std::vector<std::string> conditions;  // of that type, ticked on the form
  std::string postcode;
  std::string name;
  std::string email;  // e-mail or phone: at least one
  std::string phone;
  std::string description;
  // The language the citizen filed in (nl, fr, en): what mail and letters to
  // them are written in. Anything else is taken as the fallback, en.
  std::string language = "en";
  // A random key the form carries: the same key sent twice (a double click,
  // a resend) files one request, but only from the same browser, with the
  // same content, within resend_window_seconds. Only its hash is stored.
  std::string submission_key;
  // A secret of the browser that sends it: its session, or the anonymous
  // visitor's CSRF cookie. Only its hash is stored; empty: never a resend.
  std::string browser;
  std::string remote_address;  // for the audit log and the filing limit; empty: no limit
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
  // > 0: too many filings from this address; nothing filed, try again after
  // this many seconds.
  std::int64_t retry_after = 0;
};

// How long the same form, sent again, is the same request.
inline constexpr std::int64_t resend_window_seconds = 24 * 3600;

// Checks everything first (type, conditions, postcode and its team, lengths,
// a way to reach the citizen); files the request in one transaction with its
// audit entry, or nothing.
//
// A submission key filed before is a resend only when the same browser sends
// the same content again within resend_window_seconds: then it answers that
// request's receipt with a fresh status token (the old one keeps working; the
// browser that filed it lost its first answer to the second click). In any
// other case the key is refused (submission_key, request_form_used) and
// nothing of the earlier request is told.
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
  std::string language;  // the citizen's, as filed
};

// The status behind a link's token; absent for an unknown token (and
// nothing tells whether some other request exists).
std::optional<Status> status(store::Connection& c, const std::string& status_token);

void register_request_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
