// What `ploeg` is made of: every feature's migrations and routes, put
// together in one place. Nothing else knows which features exist.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "accounts/commands.hpp"
#include "core/config.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "jobs/jobs.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::app {

store::Migrations all_migrations();

// Opens the configured database and brings its schema up to date.
std::unique_ptr<store::Database> open_and_migrate(const Config& config);

std::string organisation_name(const Config& config, store::Database& db);
// The organisation's name, and (optionally) its name per language (nl, fr, en).
void set_organisation_name(store::Database& db, const std::string& name,
                           const std::map<std::string, std::string>& by_language = {});

// Every route `ploeg serve` answers: the features' pages and APIs, the
// platform's own endpoints and signing in. The server uses this table and the
// tests check the API's description against it. `server` is filled in once
// the server exists (the metrics come from it).
void register_all_routes(http::Router& router, store::Database& db, web::Site& site,
                         const std::filesystem::path& static_root,
                         const accounts::SessionPolicy& policy, http::Server*& server,
                         const std::string& metrics_token, jobs::Runner& runner);

// Serves until SIGTERM/SIGINT. Returns the process exit code.
int serve(const Config& config);

}  // namespace ploeg::app
