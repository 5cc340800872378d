// Numbered migrations on both backends: in order, once, recorded, all or nothing.
#include "store/migrations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <exception>
#include <set>
#include <thread>

#include "backend.hpp"

namespace ploeg::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class MigrationsTest : public testing::BackendTest {
 protected:
  bool table_exists(const std::string& name) {
    try {
      query("SELECT count(*) FROM " + name);
      return true;
    } catch (const DatabaseError&) {
      return false;
    }
  }
};
PLOEG_INSTANTIATE_BACKENDS(MigrationsTest);

TEST_P(MigrationsTest, NothingIsAppliedOnAFreshDatabase) {
  EXPECT_THAT(Migrations::applied(*db_), IsEmpty());
}

TEST_P(MigrationsTest, AppliesInNumberOrderOnceAndRecordsThem) {
  Migrations m;
  // Added out of order: 2 needs the table 1 creates.
  m.add({2, "test: first team", "INSERT INTO team (id, name) VALUES (1, 'Noord');", ""});
  m.add({1, "test: teams", "CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL);", ""});
  EXPECT_THAT(m.apply(*db_), ElementsAre(1, 2));
  EXPECT_THAT(Migrations::applied(*db_), ElementsAre(1, 2));
  EXPECT_EQ(count("team"), 1);

  Result recorded = query("SELECT number, name, applied_at FROM schema_migrations ORDER BY number");
  ASSERT_EQ(recorded.rows.size(), 2u);
  EXPECT_EQ(recorded.rows[0].text(1), "test: teams");
  EXPECT_EQ(recorded.rows[1].text(1), "test: first team");
  EXPECT_GT(recorded.rows[1].integer(2), 1700000000);  // seconds since the epoch, now-ish

  EXPECT_THAT(m.apply(*db_), IsEmpty());
  EXPECT_EQ(count("team"), 1);  // not inserted twice

  m.add({3, "test: second team", "INSERT INTO team (id, name) VALUES (2, 'Zuid');", ""});
  EXPECT_THAT(m.apply(*db_), ElementsAre(3));
  EXPECT_EQ(count("team"), 2);
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNoTraceAndNamesItself) {
  Migrations m;
  m.add({1, "test: teams", "CREATE TABLE team (id INTEGER PRIMARY KEY);", ""});
  m.add({2, "test: broken",
         "CREATE TABLE half (id INTEGER PRIMARY KEY);\n"
         "INSERT INTO team (id) VALUES (1);\n"
         "INSERT INTO no_such_table (id) VALUES (1);",
         ""});
  m.add({3, "test: after", "CREATE TABLE after_broken (id INTEGER);", ""});
  try {
    m.apply(*db_);
    FAIL() << "a broken migration was applied";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("migration 2 (test: broken) failed"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("no_such_table"));
  }
  EXPECT_THAT(Migrations::applied(*db_), ElementsAre(1));
  EXPECT_TRUE(table_exists("team"));
  EXPECT_EQ(count("team"), 0);
  EXPECT_FALSE(table_exists("half"));
  EXPECT_FALSE(table_exists("after_broken"));  // stops at the first failure
}

TEST_P(MigrationsTest, UsesThePostgresqlScriptOnPostgresql) {
  Migrations m;
  m.add({1, "test: dialects", "CREATE TABLE made_by_sqlite (id INTEGER);",
         "CREATE TABLE made_by_postgresql (id BIGSERIAL PRIMARY KEY);"});
  m.add({2, "test: shared", "CREATE TABLE shared (id INTEGER);", ""});
  EXPECT_THAT(m.apply(*db_), ElementsAre(1, 2));
  EXPECT_EQ(table_exists("made_by_postgresql"), postgresql());
  EXPECT_EQ(table_exists("made_by_sqlite"), !postgresql());
  EXPECT_TRUE(table_exists("shared"));
}

TEST_P(MigrationsTest, TwoProcessesStartingAtOnceApplyEachMigrationOnce) {
  Migrations m;
  m.add({1, "test: log", "CREATE TABLE applied_log (number INTEGER PRIMARY KEY);", ""});
  for (int n = 2; n <= 8; ++n) {
    // A second run of any of these would violate the primary key.
    m.add({n, "test: step " + std::to_string(n),
           "INSERT INTO applied_log (number) VALUES (" + std::to_string(n) + ");", ""});
  }
  auto other = open();
  std::vector<int> mine, theirs;
  std::exception_ptr my_error, their_error;
  std::thread a([&] {
    try {
      mine = m.apply(*db_);
    } catch (...) {
      my_error = std::current_exception();
    }
  });
  std::thread b([&] {
    try {
      theirs = m.apply(*other);
    } catch (...) {
      their_error = std::current_exception();
    }
  });
  a.join();
  b.join();
  ASSERT_FALSE(my_error);
  ASSERT_FALSE(their_error);
  std::set<int> all(mine.begin(), mine.end());
  all.insert(theirs.begin(), theirs.end());
  EXPECT_EQ(all.size(), mine.size() + theirs.size()) << "a migration ran twice";
  EXPECT_THAT(all, ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
  EXPECT_EQ(count("applied_log"), 7);
  EXPECT_EQ(count("schema_migrations"), 8);
}

TEST(Migrations, RefusesADuplicateNumber) {
  Migrations m;
  m.add({4, "accounts: users", "SELECT 1;", ""});
  EXPECT_THROW(m.add({4, "teams: teams", "SELECT 1;", ""}), std::logic_error);
  m.add({1, "core: first", "SELECT 1;", ""});
  ASSERT_EQ(m.all().size(), 2u);
  EXPECT_EQ(m.all()[0].number, 1);
  EXPECT_EQ(m.all()[1].number, 4);
}

}  // namespace
}  // namespace ploeg::store
