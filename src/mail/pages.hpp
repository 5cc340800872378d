// The administrators' outbox page: how many mails wait, were sent or failed;
// the rows that wait or failed, with their attempts, next attempt and last
// error (recipients masked); "send again now" for a failed or waiting row.
//
//   GET  /admin/outbox             administrators
//   POST /admin/outbox/{id}/retry  administrators, CSRF; audited as mail.retry
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::mail {

// "an***@example.be": enough to recognise, not enough to read.
std::string masked(const std::string& address);

void register_routes(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::mail
