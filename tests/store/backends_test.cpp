// What only one backend does: SQLite's pragmas and lock waits, PostgreSQL's
// type conversion and its recovery when the server comes back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "store/database.hpp"
#include "support/pg_cluster.hpp"

namespace ploeg::store {
namespace {

using ::testing::HasSubstr;

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/ploeg-sqlite-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    dir_ = templ;
    url_ = "sqlite:" + dir_ + "/ploeg.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_, url_;
};

TEST_F(SqliteTest, OpenCreatesTheFileInWalMode) {
  auto db = Database::open(url_);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/ploeg.db"));
  EXPECT_EQ(db->url_for_display(), url_);
  EXPECT_EQ(db->acquire()->query("PRAGMA journal_mode").rows.at(0).text(0), "wal");
}

TEST_F(SqliteTest, EveryPooledConnectionHasForeignKeysAndBusyTimeout) {
  DatabaseOptions options;
  options.busy_timeout = std::chrono::milliseconds(1234);
  auto db = Database::open(url_, options);
  // Two at once, so the second is a fresh connection and not the first again.
  Lease a = db->acquire();
  Lease b = db->acquire();
  for (Lease* lease : {&a, &b}) {
    EXPECT_EQ((*lease)->query("PRAGMA foreign_keys").rows.at(0).integer(0), 1);
    EXPECT_EQ((*lease)->query("PRAGMA busy_timeout").rows.at(0).integer(0), 1234);
    EXPECT_EQ((*lease)->query("PRAGMA synchronous").rows.at(0).integer(0), 1);  // NORMAL
    EXPECT_EQ((*lease)->query("PRAGMA journal_mode").rows.at(0).text(0), "wal");
  }
}

TEST_F(SqliteTest, AWriterWaitsForTheLockThenGivesUp) {
  DatabaseOptions options;
  options.busy_timeout = std::chrono::milliseconds(100);
  auto first = Database::open(url_, options);
  auto second = Database::open(url_, options);
  first->acquire()->query("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Lease holder = first->acquire();
  holder->query("BEGIN IMMEDIATE");
  holder->query("INSERT INTO t (id) VALUES (1)");
  auto started = std::chrono::steady_clock::now();
  try {
    second->transaction([](Connection& c) { c.query("INSERT INTO t (id) VALUES (2)"); });
    FAIL() << "two writers held the lock at once";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("locked"));
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(90));
  holder->query("COMMIT");
  // Readers are never blocked in WAL mode, and the lock is free again.
  second->transaction([](Connection& c) { c.query("INSERT INTO t (id) VALUES (2)"); });
  EXPECT_EQ(second->acquire()->query("SELECT count(*) FROM t").rows.at(0).integer(0), 2);
}

// ---------------------------------------------------------------------------

TEST(Postgresql, ConvertsValuesByColumnType) {
  auto db = Database::open(test::PgCluster::shared().url());
  Result r = db->acquire()->query(
      "SELECT true, false, 1::int2, 2::int4, 3::int8, 4::oid, 1.5::float4, 2.25::float8,"
      " 12345678901234567::numeric, 1.25::numeric, 'x'::varchar, $1 + 1, $2 * 2,"
      " current_setting('TimeZone'), current_setting('client_encoding')",
      {std::int64_t{41}, 1.5});
  ASSERT_EQ(r.rows.size(), 1u);
  const Row& row = r.rows[0];
  for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 11u}) {
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(row.value(i))) << "column " << i;
  }
  for (std::size_t i : {6u, 7u, 9u, 12u}) {
    EXPECT_TRUE(std::holds_alternative<double>(row.value(i))) << "column " << i;
  }
  EXPECT_EQ(row.integer(0), 1);
  EXPECT_EQ(row.integer(1), 0);
  EXPECT_EQ(row.integer(2), 1);
  EXPECT_EQ(row.integer(5), 4);
  EXPECT_EQ(row.real(6), 1.5);
  EXPECT_EQ(row.integer(8), 12345678901234567);  // exact, not through a double
  EXPECT_EQ(row.real(9), 1.25);
  EXPECT_EQ(row.text(10), "x");
  EXPECT_EQ(row.integer(11), 42);
  EXPECT_EQ(row.real(12), 3.0);
  EXPECT_EQ(row.text(13), "UTC");
  EXPECT_EQ(row.text(14), "UTF8");
}

// Restarts the server if a test stops while it is paused, so the shared
// cluster stays usable for the tests after it.
struct ResumeOnExit {
  test::PgCluster& cluster;
  bool paused = false;
  ~ResumeOnExit() {
    if (paused) cluster.resume();
  }
};

TEST(Postgresql, UnreachableServerIsReportedThenRecoveredFrom) {
  test::PgCluster& cluster = test::PgCluster::shared();
  DatabaseOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  auto db = Database::open(cluster.url(), options);
  ASSERT_TRUE(db->ping());
  std::optional<Lease> held(db->acquire());
  EXPECT_EQ((*held)->query("SELECT 1").rows.at(0).integer(0), 1);

  ResumeOnExit guard{cluster};
  cluster.pause();
  guard.paused = true;

  EXPECT_FALSE(db->ping());
  try {
    db->acquire();
    FAIL() << "acquired a connection to a stopped server";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.unavailable()) << e.what();
  }
  // A connection that was open when the server went away fails as unavailable
  // too, and is not given out again.
  try {
    (*held)->query("SELECT 1");
    FAIL() << "queried a stopped server";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.unavailable()) << e.what();
  }
  EXPECT_FALSE((*held)->healthy());
  held.reset();

  cluster.resume();
  guard.paused = false;
  EXPECT_TRUE(db->ping());
  EXPECT_EQ(
      db->transaction([](Connection& c) { return c.query("SELECT 2").rows.at(0).integer(0); }), 2);
}

TEST(Postgresql, IdleConnectionsBrokenByARestartAreReplaced) {
  test::PgCluster& cluster = test::PgCluster::shared();
  auto db = Database::open(cluster.url());
  ASSERT_TRUE(db->ping());  // leaves one idle connection in the pool
  {
    ResumeOnExit guard{cluster, true};
    cluster.pause();
  }
  // The idle connection died with the old server: the pool must notice and
  // connect anew instead of failing the first request after the restart.
  EXPECT_TRUE(db->ping());
}

}  // namespace
}  // namespace ploeg::store
