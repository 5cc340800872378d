// store::BatchInsert on both backends: what goes in comes back out, in
// batches (PostgreSQL) or row by row (SQLite), with upserts and RETURNING.
#include "store/batch_insert.hpp"

#include <gtest/gtest.h>

#include <map>

#include "backend.hpp"

namespace ploeg::store {
namespace {

using testing::BackendTest;

class BatchInsertTest : public BackendTest {};
PLOEG_INSTANTIATE_BACKENDS(BatchInsertTest);

TEST_P(BatchInsertTest, EveryRowArrivesWithItsValues) {
  query("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION)");
  // More rows than one PostgreSQL batch, and texts that an array literal
  // must quote: commas, braces, quotes, backslashes, NULL as a word.
  const std::vector<std::string> awkward = {"a,b", "{x}", "say \"hi\"", "back\\slash", "NULL", ""};
  const std::int64_t rows = 12001;
  auto lease = db_->acquire();
  BatchInsert insert(*lease, "INSERT INTO t (id, name, score)", {"bigint", "text", "float8"});
  for (std::int64_t id = 1; id <= rows; ++id) {
    Value name = id % 7 == 0 ? Value{nullptr} : Value{awkward[id % awkward.size()]};
    insert.add({id, name, static_cast<double>(id) / 4});
  }
  EXPECT_TRUE(insert.finish().empty());
  EXPECT_EQ(count("t"), rows);
  for (auto& row :
       lease->query("SELECT id, name, score FROM t WHERE id IN (1, 2, 3, 4, 5, 7, 12001)").rows) {
    auto id = row.integer(0);
    if (id % 7 == 0) {
      EXPECT_TRUE(row.is_null(1)) << id;
    } else {
      EXPECT_EQ(row.text(1), awkward[id % awkward.size()]) << id;
    }
    EXPECT_DOUBLE_EQ(row.real(2), static_cast<double>(id) / 4) << id;
  }
}

TEST_P(BatchInsertTest, UpsertsAddAndReturningGivesEveryRow) {
  query("CREATE TABLE c (k TEXT PRIMARY KEY, n BIGINT NOT NULL)");
  auto lease = db_->acquire();
  auto add = [&](const std::map<std::string, std::int64_t>& counts) {
    BatchInsert upsert(*lease, "INSERT INTO c (k, n)", {"text", "bigint"},
                       " ON CONFLICT (k) DO UPDATE SET n = c.n + excluded.n RETURNING k, n");
    for (auto& [k, n] : counts) upsert.add({k, n});
    std::map<std::string, std::int64_t> returned;
    for (auto& row : upsert.finish()) returned[row.text(0)] = row.integer(1);
    return returned;
  };
  EXPECT_EQ(add({{"a", 1}, {"b", 2}}), (std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(add({{"b", 5}, {"c", 3}}), (std::map<std::string, std::int64_t>{{"b", 7}, {"c", 3}}));
  EXPECT_EQ(lease->query("SELECT n FROM c WHERE k = 'a'").rows.at(0).integer(0), 1);
}

TEST_P(BatchInsertTest, AFailingRowFailsTheWholeTransaction) {
  query("CREATE TABLE u (id BIGINT PRIMARY KEY)");
  EXPECT_THROW(db_->transaction([](Connection& c) {
    BatchInsert insert(c, "INSERT INTO u (id)", {"bigint"});
    for (std::int64_t id : {1, 2, 3, 2}) insert.add({id});
    insert.finish();
    return true;
  }),
               ConstraintError);
  EXPECT_EQ(count("u"), 0);
}

}  // namespace
}  // namespace ploeg::store
