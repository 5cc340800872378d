// The database interface, run against SQLite and a real PostgreSQL 15.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

#include "backend.hpp"
#include "store/migrations.hpp"

namespace ploeg::store {
namespace {

using testing::BackendTest;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();

class DatabaseTest : public BackendTest {};
PLOEG_INSTANTIATE_BACKENDS(DatabaseTest);

TEST_P(DatabaseTest, ReportsItsDialect) {
  EXPECT_EQ(db_->dialect(), postgresql() ? Dialect::postgresql : Dialect::sqlite);
  EXPECT_EQ(db_->acquire()->dialect(), db_->dialect());
}

TEST_P(DatabaseTest, EveryValueTypeRoundTrips) {
  query("CREATE TABLE v (id INTEGER PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT)");
  const std::string utf8 = "Zo\u00eb \u2014 Li\u00e8ge, \u65e5\u672c, \U0001F6B2";
  query("INSERT INTO v (id, i, r, s) VALUES ($1, $2, $3, $4)",
        {std::int64_t{1}, int64_max, 0.1, utf8});
  query("INSERT INTO v (id, i, r, s) VALUES ($1, $2, $3, $4)",
        {std::int64_t{2}, int64_min, -1.5e300, std::string()});
  query("INSERT INTO v (id, i, r, s) VALUES ($1, $2, $3, $4)",
        {std::int64_t{3}, nullptr, nullptr, nullptr});

  Result r = query("SELECT i, r, s FROM v ORDER BY id");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.columns, (std::vector<std::string>{"i", "r", "s"}));

  const Row& first = r.rows[0];
  ASSERT_TRUE(std::holds_alternative<std::int64_t>(first.value(0)));
  EXPECT_EQ(first.integer(0), int64_max);
  ASSERT_TRUE(std::holds_alternative<double>(first.value(1)));
  EXPECT_EQ(first.real(1), 0.1);  // exact: both backends keep every bit
  ASSERT_TRUE(std::holds_alternative<std::string>(first.value(2)));
  EXPECT_EQ(first.text(2), utf8);

  const Row& second = r.rows[1];
  EXPECT_EQ(second.integer(0), int64_min);
  EXPECT_EQ(second.real(1), -1.5e300);
  EXPECT_EQ(second.text(2), "");
  EXPECT_FALSE(second.is_null(2));

  const Row& third = r.rows[2];
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(third.is_null(i)) << i;
  EXPECT_EQ(third.optional_integer(0), std::nullopt);
  EXPECT_EQ(third.optional_text(2), std::nullopt);
  EXPECT_THROW(third.integer(0), DatabaseError);
}

TEST_P(DatabaseTest, ParametersAreBoundByNumberOutOfOrderAndRepeated) {
  query("CREATE TABLE p (a BIGINT, b TEXT, c BIGINT)");
  query("INSERT INTO p (a, b, c) VALUES ($2, $1, $2)", {std::string("x"), std::int64_t{7}});
  Result r = query("SELECT a, b, c FROM p WHERE a = $1 AND c = $1 AND b = $2",
                   {std::int64_t{7}, std::string("x")});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].integer(0), 7);
  EXPECT_EQ(r.rows[0].text(1), "x");
  EXPECT_EQ(r.rows[0].integer(2), 7);
  EXPECT_TRUE(query("SELECT a FROM p WHERE a = $1", {std::int64_t{8}}).empty());
}

TEST_P(DatabaseTest, ParametersThatDoNotMatchTheStatementAreRefused) {
  query("CREATE TABLE p (a BIGINT)");
  EXPECT_THROW(query("SELECT a FROM p WHERE a = $1"), DatabaseError);
  EXPECT_THROW(query("SELECT a FROM p WHERE a = $2", {std::int64_t{1}}), DatabaseError);
  if (!postgresql()) {  // PostgreSQL accepts a typed value it does not use
    EXPECT_THROW(query("SELECT a FROM p WHERE a = $1", {std::int64_t{1}, std::int64_t{2}}),
                 DatabaseError);
  }
  // The statements that were refused still work with the right values.
  query("INSERT INTO p (a) VALUES ($1)", {std::int64_t{5}});
  EXPECT_EQ(query("SELECT a FROM p WHERE a = $1", {std::int64_t{5}}).rows.size(), 1u);
}

// SQLite keeps its statements prepared between calls: a reused statement
// must see what others wrote since, work again after it failed, and the
// keeping must hold more statements than fit in the cache.
TEST_P(DatabaseTest, ReusedStatementsSeeNewRowsAndRecoverFromErrors) {
  query("CREATE TABLE r (id BIGINT PRIMARY KEY)");
  auto reader = db_->acquire();
  const std::string count_sql = "SELECT count(*) FROM r WHERE id > $1";
  EXPECT_EQ(reader->query(count_sql, {std::int64_t{0}}).rows.at(0).integer(0), 0);
  query("INSERT INTO r (id) VALUES (1)");
  EXPECT_EQ(reader->query(count_sql, {std::int64_t{0}}).rows.at(0).integer(0), 1);

  const std::string insert_sql = "INSERT INTO r (id) VALUES ($1)";
  EXPECT_THROW(reader->query(insert_sql, {std::int64_t{1}}), ConstraintError);
  reader->query(insert_sql, {std::int64_t{2}});
  EXPECT_EQ(reader->query(count_sql, {std::int64_t{0}}).rows.at(0).integer(0), 2);

  for (std::int64_t k = 0; k < 300; ++k) {
    auto sql = "SELECT count(*) + " + std::to_string(k) + " FROM r";
    EXPECT_EQ(reader->query(sql).rows.at(0).integer(0), 2 + k);
  }
  EXPECT_EQ(reader->query(count_sql, {std::int64_t{1}}).rows.at(0).integer(0), 1);
}

TEST_P(DatabaseTest, AStatementTakesThousandsOfParameters) {
  query("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  std::string sql = "INSERT INTO t (id) VALUES ";
  std::vector<Value> values;
  for (std::int64_t k = 1; k <= 5000; ++k) {
    sql += (k > 1 ? ", ($" : "($") + std::to_string(k) + ")";
    values.emplace_back(k * 3);
  }
  EXPECT_EQ(query(sql, values).affected, 5000);
  EXPECT_EQ(query("SELECT sum(id) FROM t").rows.at(0).integer(0), 3 * 5000 * 5001 / 2);
}

TEST_P(DatabaseTest, ExecuteScriptRunsSeveralStatementsButQueryOnlyOne) {
  db_->acquire()->execute_script(
      "CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);\n"
      "INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);");
  EXPECT_EQ(count("a"), 1);
  EXPECT_EQ(count("b"), 1);
  EXPECT_THROW(query("INSERT INTO a VALUES (3); INSERT INTO b VALUES (4)"), DatabaseError);
  EXPECT_EQ(count("a") + count("b"), 2);
}

TEST_P(DatabaseTest, AffectedCountsTheRowsAWriteChanged) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
  EXPECT_EQ(query("INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 3)").affected, 3);
  EXPECT_EQ(query("UPDATE t SET n = n + 10 WHERE id >= $1", {std::int64_t{2}}).affected, 2);
  EXPECT_EQ(query("UPDATE t SET n = 0 WHERE id = 99").affected, 0);
  Result selected = query("SELECT n FROM t");
  EXPECT_EQ(selected.rows.size(), 3u);
  EXPECT_EQ(selected.affected, 0);
  EXPECT_EQ(query("DELETE FROM t WHERE n > 10").affected, 2);
}

TEST_P(DatabaseTest, TransactionCommitsWholeAndReturnsItsValue) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  std::int64_t total = db_->transaction([](Connection& c) {
    std::int64_t n = 0;
    for (std::int64_t id = 1; id <= 3; ++id) {
      n += c.query("INSERT INTO t (id, name) VALUES ($1, $2)", {id, "row " + std::to_string(id)})
               .affected;
    }
    return n;
  });
  EXPECT_EQ(total, 3);
  EXPECT_EQ(count("t"), 3);
  // Visible to a different Database, so it was really committed.
  auto other = open();
  EXPECT_EQ(other->acquire()->query("SELECT name FROM t WHERE id = 3").rows.at(0).text(0), "row 3");
}

TEST_P(DatabaseTest, TransactionThatThrowsLeavesNothing) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  query("INSERT INTO t (id, name) VALUES (1, 'before')");
  EXPECT_THROW(db_->transaction([](Connection& c) {
    c.query("INSERT INTO t (id, name) VALUES (2, 'two')");
    c.query("INSERT INTO t (id, name) VALUES (3, 'three')");
    c.query("UPDATE t SET name = 'changed' WHERE id = 1");
    throw std::runtime_error("the request failed half-way");
  }),
               std::runtime_error);
  EXPECT_EQ(count("t"), 1);
  EXPECT_EQ(query("SELECT name FROM t WHERE id = 1").rows.at(0).text(0), "before");
  // The pool still works after a rollback.
  db_->transaction([](Connection& c) { c.query("INSERT INTO t (id, name) VALUES (4, 'after')"); });
  EXPECT_EQ(count("t"), 2);
}

TEST_P(DatabaseTest, FailingStatementRollsBackTheWholeTransaction) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  EXPECT_THROW(db_->transaction([](Connection& c) {
    c.query("INSERT INTO t (id) VALUES (1)");
    c.query("INSERT INTO t (id) VALUES (1)");
  }),
               ConstraintError);
  EXPECT_EQ(count("t"), 0);
}

TEST_P(DatabaseTest, AnErrorCaughtInsideATransactionIsNotCommittedAsSuccessOnPostgresql) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto work = [](Connection& c) {
    c.query("INSERT INTO t (id) VALUES (1)");
    try {
      c.query("INSERT INTO t (id) VALUES (1)");
    } catch (const ConstraintError&) {
      // carries on as if nothing happened, and returns: commit comes next
    }
  };
  if (postgresql()) {
    // The failed statement aborted the transaction: nothing can be committed.
    EXPECT_THROW(db_->transaction(work), DatabaseError);
    EXPECT_EQ(count("t"), 0);
  } else {
    // SQLite undoes only the failed statement; the rest commits.
    EXPECT_NO_THROW(db_->transaction(work));
    EXPECT_EQ(count("t"), 1);
  }
}

TEST_P(DatabaseTest, ConstraintViolationsAreConstraintErrors) {
  query("CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  query(
      "CREATE TABLE member (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team(id),"
      " age INTEGER CHECK (age >= 16))");
  query("INSERT INTO team (id, name) VALUES (1, 'Noord')");
  try {
    query("INSERT INTO team (id, name) VALUES (2, 'Noord')");
    FAIL() << "a duplicate name was accepted";
  } catch (const ConstraintError& e) {
    EXPECT_FALSE(e.unavailable());
    EXPECT_THAT(std::string(e.what()), HasSubstr("team"));
  }
  EXPECT_THROW(query("INSERT INTO member (id, team_id) VALUES (1, 42)"), ConstraintError);
  EXPECT_THROW(query("INSERT INTO team (id) VALUES (3)"), ConstraintError);
  EXPECT_THROW(query("INSERT INTO member (id, team_id, age) VALUES (1, 1, 3)"), ConstraintError);
  EXPECT_EQ(count("team"), 1);
  EXPECT_EQ(count("member"), 0);
  // Other errors are not constraint errors.
  try {
    query("SELECT nothing FROM nowhere");
    FAIL() << "a query on a missing table succeeded";
  } catch (const ConstraintError&) {
    FAIL() << "a missing table was reported as a constraint error";
  } catch (const DatabaseError& e) {
    EXPECT_FALSE(e.unavailable());
  }
}

TEST_P(DatabaseTest, ConcurrentWritersInTransactionsLoseNoUpdate) {
  query("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  query("CREATE TABLE increments (thread INTEGER NOT NULL)");
  query("INSERT INTO counter (id, n) VALUES (1, 0)");
  constexpr int threads = 4, rounds = 25;
  // Read, then write what was read plus one: only a transaction that holds the
  // row from read to write keeps every increment.
  const std::string read = postgresql() ? "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
                                        : "SELECT n FROM counter WHERE id = 1";
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        for (int i = 0; i < rounds; ++i) {
          db_->transaction([&](Connection& c) {
            std::int64_t n = c.query(read).rows.at(0).integer(0);
            std::this_thread::yield();
            c.query("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
            c.query("INSERT INTO increments (thread) VALUES ($1)", {std::int64_t{t}});
          });
        }
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (auto& e : errors) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        ADD_FAILURE() << "a writer failed: " << x.what();
      }
    }
  }
  EXPECT_EQ(query("SELECT n FROM counter WHERE id = 1").rows.at(0).integer(0), threads * rounds);
  EXPECT_EQ(count("increments"), threads * rounds);
}

TEST_P(DatabaseTest, PingSucceedsOnAReachableDatabase) {
  EXPECT_TRUE(db_->ping());
}

TEST_P(DatabaseTest, AcquireWaitsForAFreeConnectionThenGivesUp) {
  DatabaseOptions options;
  options.max_connections = 1;
  options.acquire_timeout = std::chrono::milliseconds(150);
  auto db = open(options);
  {
    Lease only = db->acquire();
    auto started = std::chrono::steady_clock::now();
    try {
      db->acquire();
      FAIL() << "a second connection was handed out past max_connections";
    } catch (const DatabaseError& e) {
      EXPECT_TRUE(e.unavailable());
      EXPECT_THAT(std::string(e.what()), HasSubstr("no free database connection"));
    }
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(140));
    // The health check has a connection of its own: it answers at once while
    // every pooled one is taken, and takes none that a request waits for.
    started = std::chrono::steady_clock::now();
    EXPECT_TRUE(db->ping());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(140));
  }
  // A waiting borrower gets the connection as soon as it is given back.
  std::optional<Lease> held(db->acquire());
  std::thread giver([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    held.reset();
  });
  EXPECT_NO_THROW(db->acquire());
  giver.join();
  EXPECT_TRUE(db->ping());
}

TEST_P(DatabaseTest, AStatementPastTheTimeoutIsCancelledOnPostgresql) {
  if (!postgresql()) GTEST_SKIP() << "SQLite has no statement timeout";
  DatabaseOptions options;
  options.statement_timeout = std::chrono::milliseconds(200);
  auto db = open(options);
  auto started = std::chrono::steady_clock::now();
  try {
    db->acquire()->query("SELECT pg_sleep(5)");
    FAIL() << "a five-second statement ran past a 200 ms timeout";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("statement timeout"));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  // The pool goes on: the next statement runs on a working connection.
  EXPECT_EQ(db->acquire()->query("SELECT 41 + 1").rows.at(0).integer(0), 42);
  // Migrations lift it for their own transaction only (a migration may be long).
  Migrations slow;
  slow.add({1, "a long one", "SELECT 1;", "SELECT pg_sleep(0.3);"});
  EXPECT_NO_THROW(slow.apply(*db));
  EXPECT_THROW(db->acquire()->query("SELECT pg_sleep(0.5)"), DatabaseError);
}

TEST_P(DatabaseTest, ConnectionGivenBackInsideATransactionIsNotReused) {
  query("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  DatabaseOptions options;
  options.max_connections = 1;
  auto db = open(options);
  {
    Lease lease = db->acquire();
    lease->query("BEGIN");
    lease->query("INSERT INTO t (id) VALUES (1)");
    EXPECT_FALSE(lease->healthy());
  }  // given back with the transaction open: closed, so it rolls back
  Lease next = db->acquire();
  EXPECT_TRUE(next->healthy());
  EXPECT_EQ(next->query("SELECT count(*) FROM t").rows.at(0).integer(0), 0);
  next->query("INSERT INTO t (id) VALUES (1)");  // not inside a leftover transaction
  EXPECT_EQ(count("t"), 1);
}

TEST_P(DatabaseTest, LeaseMovesWithoutGivingBackTwice) {
  DatabaseOptions options;
  options.max_connections = 1;
  options.acquire_timeout = std::chrono::milliseconds(50);
  auto db = open(options);
  {
    Lease first = db->acquire();
    Lease moved(std::move(first));
    EXPECT_EQ(moved->query("SELECT 1").rows.at(0).integer(0), 1);
    EXPECT_THROW(db->acquire(), DatabaseError);  // still held by `moved`
  }
  EXPECT_TRUE(db->ping());
}

// ---------------------------------------------------------------------------
// Opening

TEST(DatabaseOpen, RejectsAnUnknownUrlNamingTheAcceptedForms) {
  for (std::string url : {"mysql://root@localhost/ploeg", "", "ploeg.db", "sqlite3:x.db"}) {
    try {
      Database::open(url);
      FAIL() << "accepted " << url;
    } catch (const DatabaseError& e) {
      EXPECT_THAT(std::string(e.what()), HasSubstr("sqlite:PATH")) << url;
      EXPECT_THAT(std::string(e.what()), HasSubstr("postgresql://")) << url;
    }
  }
}

TEST(DatabaseOpen, RejectsAnInMemorySqliteDatabase) {
  EXPECT_THROW(Database::open("sqlite::memory:"), DatabaseError);
  EXPECT_THROW(Database::open("sqlite:"), DatabaseError);
}

TEST(DatabaseOpen, SqliteInAMissingFolderSaysSo) {
  try {
    Database::open("sqlite:/nonexistent-ploeg-folder/sub/ploeg.db");
    FAIL() << "opened a database in a missing folder";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("/nonexistent-ploeg-folder/sub"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("does not exist"));
  }
}

TEST(DatabaseOpen, PostgresqlPasswordNeverShows) {
  // Port 1 on the loopback refuses at once: nothing listens there.
  auto db = Database::open("postgresql://ploeg:s3cret-pw@127.0.0.1:1/ploeg?connect_timeout=2");
  EXPECT_EQ(db->dialect(), Dialect::postgresql);
  EXPECT_EQ(db->url_for_display(), "postgresql://ploeg:***@127.0.0.1:1/ploeg?connect_timeout=2");
  EXPECT_FALSE(db->ping());
  try {
    db->acquire();
    FAIL() << "connected to port 1";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.unavailable());
    EXPECT_THAT(std::string(e.what()), Not(HasSubstr("s3cret-pw")));
    EXPECT_THAT(std::string(e.what()), HasSubstr("127.0.0.1"));
  }
  auto by_query = Database::open("postgres://ploeg@127.0.0.1:1/ploeg?password=hush-hush");
  EXPECT_THAT(by_query->url_for_display(), Not(HasSubstr("hush-hush")));
  try {
    Database::open("postgresql://ploeg:pw-in-url@127.0.0.1/x?no_such_option=1");
    FAIL() << "accepted an unknown connection option";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("no_such_option"));
    EXPECT_THAT(std::string(e.what()), Not(HasSubstr("pw-in-url")));
  }
}

// ---------------------------------------------------------------------------
// Row accessors convert between the value types

TEST(Row, ConvertsBetweenValueTypes) {
  Row row({std::string("42"), std::int64_t{7}, 2.5, nullptr, std::string("abc"), 3.0});
  EXPECT_EQ(row.integer(0), 42);
  EXPECT_EQ(row.text(1), "7");
  EXPECT_EQ(row.real(1), 7.0);
  EXPECT_EQ(row.text(2), "2.5");
  EXPECT_THROW(row.integer(2), DatabaseError);  // not a whole number
  EXPECT_EQ(row.integer(5), 3);
  EXPECT_THROW(row.text(3), DatabaseError);
  EXPECT_THROW(row.integer(4), DatabaseError);
  EXPECT_THROW(row.real(4), DatabaseError);
  EXPECT_EQ(row.optional_integer(1), 7);
  EXPECT_EQ(row.optional_text(4), "abc");
  EXPECT_THROW(row.is_null(6), DatabaseError);
}

}  // namespace
}  // namespace ploeg::store
