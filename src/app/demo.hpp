#pragma once

#include "store/database.hpp"

namespace ploeg::app {

// The demo organisation: for now its name and one login per role (the
// organisation issue adds people and teams). Prints the logins.
int create_demo(store::Database& db, bool logins_only);

}  // namespace ploeg::app
