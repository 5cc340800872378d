// The advice tests' database: every migration, and a demo organisation of
// `people` (seed 1) to write proposals, advice and working groups in.
#pragma once

#include "app/platform.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/database.hpp"

namespace ploeg::testing {

inline void with_demo_organisation(store::Database& db, int people) {
  app::all_migrations().apply(db);
  auto o = organisation::generate_demo(people, 1);
  db.transaction([&](store::Connection& c) { organisation::sql::save(c, o); });
}

}  // namespace ploeg::testing
