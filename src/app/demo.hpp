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
// per role, each with a random password. Prints the logins, with the
// passwords of the accounts it made just now: those are never shown again.
// `logins_only`: only print the demo's accounts (no passwords).
int create_demo(store::Database& db, bool logins_only, const DemoOptions& options = {});

}  // namespace ploeg::app
