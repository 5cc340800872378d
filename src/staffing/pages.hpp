// "How many people do we need?" (issue 6): /staffing, for a regional team
// or a region, its demand and process from the casework data, staff today,
// a target, and the answer per competence with charts and the what-if of
// the transformation. Open to every signed-in co-worker, as the figures are;
// sums only, nothing about any one citizen.
#pragma once

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "staffing/answers.hpp"
#include "staffing/views.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

// The assumptions of ?target_percent=&target_days=&availability=&hours_CODE=
// (the page's form, and the API's parameters), from the flow's defaults;
// each number out of its range is one of input.errors, named by its field.
Assumptions read_assumptions(const http::Request& request, const Flow& flow, PageInput& input);

// The stored answer for these figures, or else the job computing it: started
// here unless one of the scope runs already (`other`: for other figures; it
// is followed, and this one starts when that one ends), or the last
// computation of exactly these figures failed or was cancelled and `again`
// is not asked (the job says how it ended).
struct Found {
  std::optional<StoredAnswer> stored;
  jobs::Job job;
  bool other = false;
};
Found answer_or_job(store::Database& db, jobs::Runner& runner, const Actor& actor,
                    const Scope& scope, const Flow& flow, const Assumptions& assumptions,
                    bool again);

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    jobs::Runner& runner);

}  // namespace ploeg::staffing
