// The casework API (/api/v1/requests...): what the queue and the request page
// show, and the actions a client needs (take a step, complete it, decide),
// through the same functions and checks as the pages (casework/handling.hpp):
// only members of the team handling a request see it or act on it. To anyone
// else a request is not there (404), so its existence is not revealed; the
// refusal is audited as the pages audit it. Messages are in the caller's
// language.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

void register_api(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::casework
