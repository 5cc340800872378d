// The team's week (issue 7): /teams/{code}/week?start=YYYY-MM-DD, a grid of
// members x days; each member fills in their own row, every unmet rule shows
// at once, anyone of the team asks for a proposal and accepts it, and the
// office days get their desks. For the team's members, its coach and
// administrators.
#pragma once

#include <cstdint>
#include <string>

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "web/form.hpp"
#include "web/site.hpp"

namespace ploeg::weekplan {

// The week of `monday`. A form of the page that was refused comes back in
// `sent`: what it sent stays in the form, each problem next to its field, and
// the page answers with the refusal's status (422). The visitor's own
// calendar link is shown on it (calendar.hpp), to them only.
http::Response week_page(store::Database& db, web::Site& site, http::Request& request,
                         std::int64_t monday, const web::Submitted& sent = {});

// The job kind of a week proposal; its scope is "team:CODE", about the Monday.
inline constexpr const char* proposal_job = "weekplan.propose";

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    jobs::Runner& runner);

}  // namespace ploeg::weekplan
