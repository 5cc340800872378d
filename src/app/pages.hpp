// The pages and endpoints of the platform itself: home, health probes,
// metrics, static files.
#pragma once

#include <filesystem>

#include "http/router.hpp"
#include "http/server.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::app {

// `server` is filled in once the server exists (the metrics come from it).
// /metrics answers administrators, and a scraper that sends `metrics_token`
// as a bearer token (none when it is empty).
void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    const std::filesystem::path& static_root, http::Server*& server,
                    const std::string& metrics_token, jobs::Runner& runner);

}  // namespace ploeg::app
