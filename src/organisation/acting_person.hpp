// Who acts: the person of the organisation a signed-in account is, with what
// every feature's permission rules ask of them. Looked up here once per
// request (web::actor) instead of by each feature on its own.
#pragma once

#include <cstdint>

#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

// The person account `user_id` is linked to, with their teams and shares,
// competences and levels, star roles and the teams they coach; nobody (id 0)
// when the account is linked to no person.
ploeg::Person person_of_user(store::Connection& c, std::int64_t user_id);
// The same for a person known by id (0 or unknown: nobody); tests and the
// command line act as a person this way.
ploeg::Person acting_person(store::Connection& c, std::int64_t person_id);

// What the platform installs as web::set_person_loader: person_of_user on `db`.
web::PersonLoader person_loader(store::Database& db);

}  // namespace ploeg::organisation
