// The two backends behind Database::open. Internal to src/store.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace ploeg::store::detail {

// PATH is what follows "sqlite:". Opens one connection at once, so a bad path
// is reported by open() and not by the first request.
std::unique_ptr<Database> open_sqlite(const std::string& path, DatabaseOptions options);

// Checks the URL but connects lazily: a server that is down now may be up by
// the first request.
std::unique_ptr<Database> open_postgresql(const std::string& url, DatabaseOptions options);

// The URL with its password (user info or ?password=) replaced by "***".
std::string mask_password(const std::string& url);

}  // namespace ploeg::store::detail
