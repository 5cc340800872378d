// "How many people do we need?" (issue 6): /staffing, for a regional team
// or a region, its demand and process from the casework data, staff today,
// a target, and the answer per competence with charts and the what-if of
// the transformation. Open to every signed-in co-worker, as the figures are;
// sums only, nothing about any one citizen.
#pragma once

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "staffing/answers.hpp"
#include "staffing/today.hpp"
#include "staffing/views.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::staffing {

// The assumptions of ?target_percent=&target_days=&availability=&hours_CODE=
// (the page's form, and the API's parameters), from the flow's defaults;
// each number out of its range is one of input.errors, named by its field.
// `observed`: hours of work per competence the event log saw, the defaults
// in their place when given.
Assumptions read_assumptions(const http::Request& request, const Flow& flow, PageInput& input,
                             const std::map<std::string, double>* observed = nullptr);

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
// `model`: the model of today the what-ifs start from (today.hpp's
// what_if_model); none: the flow's own, with guessed hours and no waits.
Found answer_or_job(store::Database& db, jobs::Runner& runner, const Actor& actor,
                    const Scope& scope, const Flow& flow, const Assumptions& assumptions,
                    bool again, const std::optional<capacity::Model>& model = std::nullopt);

// Reads the scope's flow and today (model and comparison) on `c`, and the
// assumptions of the request, their hours defaulting to the observed ones.
void read_input(store::Connection& c, const http::Request& request, const Scope& scope,
                PageInput& input);

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    jobs::Runner& runner);

}  // namespace ploeg::staffing
