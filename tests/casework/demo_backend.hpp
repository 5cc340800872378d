// The fixture casework's store tests share: on each backend, the schema, the
// 300-person demo organisation (seed 1) and the agency's default process.
#pragma once

#include "app/platform.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::casework::testing {

class DemoBackendTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) {
      organisation::sql::save(c, o);
      sql::save_process(c, default_process());
    });
  }
};

}  // namespace ploeg::casework::testing
