// The pages and endpoints of the platform itself: home, health probes,
// metrics, static files.
#pragma once

#include <filesystem>

#include "http/router.hpp"
#include "http/server.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::app {

// `server` is filled in once the server exists (the metrics come from it).
void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    const std::filesystem::path& static_root, http::Server*& server);

}  // namespace ploeg::app
