// The audit chain on both backends: intact after appends, and any edit,
// removal or reordering is found and named.
#include <gtest/gtest.h>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "store/backend.hpp"

namespace ploeg::audit {
namespace {

class AuditTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    for (int i = 1; i <= 6; ++i) {
      db_->transaction([&](store::Connection& c) {
        append(c, {"user:an", "test.write", "thing:" + std::to_string(i), "detail", "127.0.0.1",
                   "req" + std::to_string(i)});
      });
    }
  }

  // What an attacker with write access to the database could do: lift the
  // append-only guard first.
  void drop_guards() {
    if (postgresql()) {
      query("DROP TRIGGER audit_log_no_update ON audit_log");
    } else {
      query("DROP TRIGGER audit_log_no_update");
      query("DROP TRIGGER audit_log_no_delete");
    }
  }
};

TEST_P(AuditTest, IntactChainVerifies) {
  auto result = verify(*db_);
  EXPECT_EQ(result.checked, 6);
  EXPECT_FALSE(result.first_broken_id.has_value()) << result.problem;
  auto newest = recent(*db_, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].event.subject, "thing:6");
  EXPECT_EQ(newest[0].previous_hash, newest[1].hash);
}

TEST_P(AuditTest, TheDatabaseRefusesEditsAndDeletes) {
  EXPECT_THROW(query("UPDATE audit_log SET actor = 'someone' WHERE id = 2"), store::DatabaseError);
  EXPECT_THROW(query("DELETE FROM audit_log WHERE id = 2"), store::DatabaseError);
  EXPECT_EQ(count("audit_log"), 6);
}

TEST_P(AuditTest, AnEditedEntryIsNamed) {
  drop_guards();
  query("UPDATE audit_log SET subject = 'thing:99' WHERE id = 4");
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 4);
  EXPECT_EQ(result.checked, 3);
  EXPECT_NE(result.problem.find("edited"), std::string::npos);
}

TEST_P(AuditTest, ARemovedEntryIsNamed) {
  drop_guards();
  query("DELETE FROM audit_log WHERE id = 3");
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 4);
  EXPECT_NE(result.problem.find("missing"), std::string::npos);
}

TEST_P(AuditTest, ARemovedAndRenumberedEntryIsNamed) {
  drop_guards();
  // Hide the gap: remove entry 3 and move the later ones down by one.
  query("DELETE FROM audit_log WHERE id = 3");
  for (int id = 4; id <= 6; ++id) {
    query("UPDATE audit_log SET id = $1 WHERE id = $2", {std::int64_t{id - 1}, std::int64_t{id}});
  }
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 3);
}

TEST_P(AuditTest, ReorderedEntriesAreNamed) {
  drop_guards();
  // Swap the contents (and hashes) of entries 2 and 5.
  query("UPDATE audit_log SET id = 100 WHERE id = 2");
  query("UPDATE audit_log SET id = 2 WHERE id = 5");
  query("UPDATE audit_log SET id = 5 WHERE id = 100");
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 2);
}

TEST_P(AuditTest, ConcurrentAppendsKeepOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        db_->transaction([&](store::Connection& c) {
          append(c, {"user:t" + std::to_string(t), "test.concurrent", "x", "", "", ""});
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto result = verify(*db_);
  EXPECT_EQ(result.checked, 46);
  EXPECT_FALSE(result.first_broken_id.has_value()) << result.problem;
}

TEST_P(AuditTest, AnEntryRolledBackWithItsWriteLeavesNoTrace) {
  EXPECT_THROW(db_->transaction([&](store::Connection& c) {
    append(c, {"user:an", "test.failed", "x", "", "", ""});
    throw std::runtime_error("the write failed");
  }),
               std::runtime_error);
  EXPECT_EQ(count("audit_log"), 6);
  EXPECT_FALSE(verify(*db_).first_broken_id.has_value());
}

PLOEG_INSTANTIATE_BACKENDS(AuditTest);

}  // namespace
}  // namespace ploeg::audit
