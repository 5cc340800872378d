// What `ploeg` is made of: every feature's migrations and routes, put
// together in one place. Nothing else knows which features exist.
#pragma once

#include <memory>
#include <string>

#include "core/config.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::app {

store::Migrations all_migrations();

// Opens the configured database and brings its schema up to date.
std::unique_ptr<store::Database> open_and_migrate(const Config& config);

std::string organisation_name(const Config& config, store::Database& db);
void set_organisation_name(store::Database& db, const std::string& name);

// Serves until SIGTERM/SIGINT. Returns the process exit code.
int serve(const Config& config);

}  // namespace ploeg::app
