#pragma once

#include <cstdint>

#include "store/database.hpp"

namespace ploeg::app {

struct DemoOptions {
  int people = 300;
  std::uint64_t seed = 1;
  bool history = true;  // a year of citizens' requests for the dashboard
};

// The demo organisation: its name, a generated organisation of
// `options.people` (unless the database already holds people) and one login
// per role. Prints the logins.
int create_demo(store::Database& db, bool logins_only, const DemoOptions& options = {});

}  // namespace ploeg::app
