// The pages' side of jobs: how a job looks on the page that started it, and
// the routes that follow and cancel it (jobs/pages.cpp).
#pragma once

#include <string>

#include "http/router.hpp"
#include "jobs/jobs.hpp"
#include "web/catalogue.hpp"
#include "web/site.hpp"
#include "web/views.hpp"

namespace ploeg::jobs {

// A job as a page shows it, in the visitor's language.
struct Shown {
  std::int64_t id = 0;
  bool active = false, failed = false, cancelled = false;
  int percent = 0;
  std::string text;
};
Shown shown(const web::Catalogue& catalogue, const std::string& lang, const Job& job);

// For templates/jobs/progress.mustache: the job, its cancel form's action and
// where the form comes back to.
web::Data data_of(const Shown& shown, const std::string& return_to);

void register_routes(http::Router& router, store::Database& db, web::Site& site, Runner& runner);

}  // namespace ploeg::jobs
