// The fixture every store test runs under, once per backend: SQLite on a file
// in a fresh temporary folder, PostgreSQL on the shared throwaway cluster with
// an emptied public schema.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"
#include "support/pg_cluster.hpp"

namespace ploeg::store::testing {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      char templ[] = "/tmp/ploeg-store-XXXXXX";
      ASSERT_NE(::mkdtemp(templ), nullptr);
      dir_ = templ;
      url_ = "sqlite:" + dir_ + "/store.db";
    } else {
      url_ = ploeg::test::PgCluster::shared().url();
      auto db = Database::open(url_);
      auto lease = db->acquire();
      lease->execute_script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    }
    db_ = open();
  }

  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // Another Database on the same data, as a second process would have.
  std::unique_ptr<Database> open(DatabaseOptions options = {}) {
    return Database::open(url_, options);
  }

  // Runs one statement on a pooled connection.
  Result query(std::string_view sql, const std::vector<Value>& params = {}) {
    auto lease = db_->acquire();
    return lease->query(sql, params);
  }

  std::int64_t count(const std::string& table) {
    return query("SELECT count(*) FROM " + table).rows.at(0).integer(0);
  }

  bool postgresql() const { return GetParam() == "postgresql"; }

  std::string dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace ploeg::store::testing

#define PLOEG_INSTANTIATE_BACKENDS(suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgresql"), \
                           ::ploeg::store::testing::backend_name)
