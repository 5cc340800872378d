// What the week's pages share: who the visitor is to the team, the week a
// form posts to, and the way back to the week after a form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "store/database.hpp"
#include "web/site.hpp"
#include "weekplan/store.hpp"

namespace ploeg::weekplan {

// A row's id from a form field: digits only; nullopt otherwise.
std::optional<std::int64_t> id_field(const http::Fields& fields, const char* name);

// A whole number from low to high from a form field; nullopt otherwise.
std::optional<int> number_field(const http::Fields& fields, const char* name, int low, int high);

// "0" (Monday) .. "4" (Friday); nullopt otherwise.
std::optional<int> weekday_of(const std::string& value);
// Every weekday a form sends under `name` (checkboxes); nullopt when one is not a weekday.
std::optional<std::vector<std::int64_t>> weekdays_field(const http::Fields& fields,
                                                        const std::string& name);

// A choice of a select or a checkbox list: {value, text, selected}.
web::Data option(const std::string& value, const std::string& text, bool selected = false);

struct Access {
  std::int64_t person = 0;  // the visitor's person, 0 none
  bool member = false, may_plan = false;
};
// What the actor (web::actor, asked before a connection is held: it takes one
// of its own) may do with the team's week: members and the team's coach plan
// it, and administrators.
Access access(const Actor& actor, std::int64_t team_id);

// The week a form posts to (its "start" field), for a visitor who may plan
// it; or the error page that says why not.
struct Posted {
  std::optional<TeamWeek> week;
  Access access;
  std::optional<http::Response> refused;
};
Posted posted_week(store::Database& db, web::Site& site, http::Request& request,
                   const http::Fields& fields);

// The audit entry of a change to the week (audit/audit.hpp), written on the
// caller's connection inside its transaction: who (the actor), about whom or
// what ("team:CODE", "person:ID") and what ("day 2026-12-08, ..."). Never a
// citizen's data, never a calendar token.
void audit_week(store::Connection& c, const Actor& actor, const std::string& action,
                const std::string& subject, const std::string& detail);

// Back to the week, with what was done ("saved", ...) and any extra query text.
http::Response redirect_to(const TeamWeek& t, const std::string& done,
                           const std::string& extra = "");
// The same for another week of the team (the Monday, days since 1970).
http::Response redirect_to(const std::string& team_code, std::int64_t monday,
                           const std::string& done, const std::string& extra = "");

}  // namespace ploeg::weekplan
