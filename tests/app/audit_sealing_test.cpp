// The audit chain against someone who can write the database: rewriting
// entries and rehashing the rest is caught by the key, cutting the newest
// entries by an anchor. Both backends.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "store/backend.hpp"
#include "support/process.hpp"

namespace ploeg::audit {
namespace {

const std::string the_key = "a-key-of-more-than-thirty-two-characters-0001";

class AuditSealingTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
  }
  void TearDown() override {
    use_key("");
    BackendTest::TearDown();
  }
  void write(int n) {
    for (int i = 0; i < n; ++i) {
      db_->transaction([&](store::Connection& c) {
        append(c, {"user:an", "test.write", "thing:" + std::to_string(++written_), "detail",
                   "127.0.0.1", "req"});
      });
    }
  }
  void drop_guards() {
    if (std::exchange(guards_dropped_, true)) return;
    if (postgresql()) {
      query("DROP TRIGGER audit_log_no_update ON audit_log");
    } else {
      query("DROP TRIGGER audit_log_no_update");
      query("DROP TRIGGER audit_log_no_delete");
    }
  }
  // What an attacker with the database but not the key does: change entry
  // `from`, then recompute every hash from there on, with `key` (empty: plain
  // SHA-256) and writing `key_id` beside it.
  void rewrite_from(std::int64_t from, const std::string& key, const std::string& key_id) {
    drop_guards();
    query("UPDATE audit_log SET subject = 'thing:forged' WHERE id = $1", {from});
    auto rows = query(
        "SELECT id, at, actor, action, subject, detail, remote_address, request_id FROM audit_log "
        "WHERE id >= $1 ORDER BY id",
        {from});
    std::string previous =
        query("SELECT hash FROM audit_log WHERE id = $1", {from - 1}).rows.at(0).text(0);
    for (auto& row : rows.rows) {
      Event e{row.text(2), row.text(3), row.text(4), row.text(5), row.text(6), row.text(7)};
      auto hash = entry_hash(previous, row.integer(0), row.integer(1), e, key);
      query("UPDATE audit_log SET previous_hash = $1, hash = $2, key_id = $3 WHERE id = $4",
            {previous, hash, key_id, row.integer(0)});
      previous = hash;
    }
  }
  int written_ = 0;
  bool guards_dropped_ = false;
};

TEST_P(AuditSealingTest, WithoutAKeyARehashedEditPassesWhichIsWhyTheKeyExists) {
  write(6);
  rewrite_from(3, "", "");
  EXPECT_FALSE(verify(*db_).first_broken_id.has_value());
}

TEST_P(AuditSealingTest, SealedEntriesVerifyWithTheirKey) {
  use_key(the_key);
  write(5);
  auto result = verify(*db_);
  EXPECT_FALSE(result.first_broken_id.has_value()) << result.problem;
  EXPECT_EQ(result.checked, 5);
  EXPECT_EQ(result.sealed, 5);
  EXPECT_EQ(recent(*db_, 1).at(0).key_id, key_id(the_key));
  EXPECT_NE(key_id(the_key).find_first_not_of("0123456789abcdef"), 0u);
  EXPECT_EQ(key_id(the_key).find(the_key), std::string::npos);
}

TEST_P(AuditSealingTest, AnEditRehashedWithoutTheKeyIsNamed) {
  use_key(the_key);
  write(6);
  // Plain hashes after sealed ones.
  rewrite_from(3, "", "");
  auto plain = verify(*db_);
  ASSERT_TRUE(plain.first_broken_id.has_value());
  EXPECT_EQ(*plain.first_broken_id, 3);
  EXPECT_NE(plain.problem.find("not sealed"), std::string::npos) << plain.problem;
}

TEST_P(AuditSealingTest, AnEditResealedWithAGuessedKeyIsNamed) {
  use_key(the_key);
  write(6);
  // The right fingerprint (it is public), the wrong key behind it.
  rewrite_from(3, "a-guessed-key-of-more-than-thirty-two-chars", key_id(the_key));
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 3);
  EXPECT_EQ(result.checked, 2);
  EXPECT_NE(result.problem.find("edited"), std::string::npos) << result.problem;
}

TEST_P(AuditSealingTest, AWholeRewriteWithoutTheKeyEndsUnsealed) {
  use_key(the_key);
  write(4);
  // From the first entry on, all plain: no sealed entry is left to contradict it.
  drop_guards();
  auto first = recent(*db_, 4).back();
  query("UPDATE audit_log SET hash = $1, key_id = '' WHERE id = 1",
        {entry_hash(std::string(64, '0'), 1, first.at, first.event)});
  rewrite_from(2, "", "");
  auto result = verify(*db_);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_NE(result.problem.find("newest entry is not sealed"), std::string::npos) << result.problem;
}

TEST_P(AuditSealingTest, CuttingTheNewestEntriesIsCaughtByAnAnchor) {
  use_key(the_key);
  write(6);
  auto anchor = head(*db_);
  EXPECT_EQ(anchor.id, 6);
  drop_guards();
  query("DELETE FROM audit_log WHERE id >= 5");
  // The chain that is left is whole...
  EXPECT_FALSE(verify(*db_).first_broken_id.has_value());
  // ...but the anchor's entry is gone.
  auto result = verify(*db_, anchor);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 6);
  EXPECT_NE(result.problem.find("gone"), std::string::npos) << result.problem;
}

TEST_P(AuditSealingTest, AnAnchorProvesNothingBeforeItChanged) {
  write(6);
  auto anchor = head(*db_);
  write(2);  // what comes after the anchor is checked by the chain as usual
  auto whole = verify(*db_, anchor);
  EXPECT_FALSE(whole.first_broken_id.has_value()) << whole.problem;
  EXPECT_EQ(whole.checked, 8);
  // Without a key, an edit rehashed to the end passes the chain but not the anchor.
  rewrite_from(3, "", "");
  auto result = verify(*db_, anchor);
  ASSERT_TRUE(result.first_broken_id.has_value());
  EXPECT_EQ(*result.first_broken_id, 6);
  EXPECT_NE(result.problem.find("rewritten"), std::string::npos) << result.problem;
}

TEST_P(AuditSealingTest, AnOldPlainLogIsSealedWhenAKeyArrives) {
  write(3);
  use_key(the_key);
  // Plain entries and nothing sealed yet: the newest must be sealed.
  EXPECT_TRUE(verify(*db_).first_broken_id.has_value());
  EXPECT_TRUE(seal(*db_));
  EXPECT_FALSE(seal(*db_));  // once
  auto result = verify(*db_);
  EXPECT_FALSE(result.first_broken_id.has_value()) << result.problem;
  EXPECT_EQ(result.checked, 4);
  EXPECT_EQ(result.sealed, 1);
  EXPECT_EQ(recent(*db_, 1).at(0).event.action, "audit.sealed");
}

TEST_P(AuditSealingTest, SealedEntriesNeedTheirKeyToBeChecked) {
  use_key(the_key);
  write(2);
  use_key("");
  auto without = verify(*db_);
  ASSERT_TRUE(without.first_broken_id.has_value());
  EXPECT_NE(without.problem.find("give that key"), std::string::npos) << without.problem;
  use_key("another-key-of-more-than-thirty-two-characters");
  auto other = verify(*db_);
  ASSERT_TRUE(other.first_broken_id.has_value());
  EXPECT_NE(other.problem.find("another key"), std::string::npos) << other.problem;
}

TEST_P(AuditSealingTest, LongFieldsAreCappedAtACharacterBoundary) {
  std::string huge(900 * 1024, 'x');
  std::string accented;
  for (int i = 0; i < 1500; ++i) accented += "é";  // two bytes each
  db_->transaction([&](store::Connection& c) {
    append(c, {"anonymous", "login.failed", "user:" + huge, accented, huge, huge});
  });
  auto entry = recent(*db_, 1).at(0);
  EXPECT_LE(entry.event.subject.size(), max_field_bytes);
  EXPECT_LE(entry.event.remote_address.size(), max_field_bytes);
  EXPECT_LE(entry.event.request_id.size(), max_field_bytes);
  EXPECT_EQ(entry.event.subject.rfind("user:xxx", 0), 0u);
  EXPECT_LT(entry.event.detail.size(), accented.size());
  EXPECT_LE(entry.event.detail.size(), max_detail_bytes);
  // Whole characters, then the mark.
  EXPECT_EQ(entry.event.detail.substr(entry.event.detail.size() - 3), "…");
  auto kept = entry.event.detail.substr(0, entry.event.detail.size() - 3);
  EXPECT_EQ(kept.size() % 2, 0u);
  EXPECT_EQ(kept, accented.substr(0, kept.size()));
  EXPECT_FALSE(verify(*db_).first_broken_id.has_value());
}

TEST_P(AuditSealingTest, AnchorsAreReadStrictly) {
  write(1);
  auto anchor = head(*db_);
  auto text = to_string(anchor);
  auto parsed = parse_anchor(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, 1);
  EXPECT_EQ(parsed->hash, anchor.hash);
  for (std::string bad : {std::string("1"), "x:" + anchor.hash, "1:" + anchor.hash + "0",
                          "-1:" + anchor.hash, "1:" + std::string(64, 'G'), std::string(":")}) {
    EXPECT_FALSE(parse_anchor(bad).has_value()) << bad;
  }
}

PLOEG_INSTANTIATE_BACKENDS(AuditSealingTest);

TEST(AuditKeyFileTest, ANewKeyIsPrivateAndReadBack) {
  auto dir = test::make_temp_dir("ploeg-audit-key-");
  auto file = dir / "audit.key";
  write_new_key_file(file);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto key = read_key_file(file);
  EXPECT_GE(key.size(), 32u);
  EXPECT_THROW(write_new_key_file(file), std::invalid_argument);  // never replaced
  std::ofstream(dir / "short.key") << "too short\n";
  try {
    read_key_file(dir / "short.key");
    ADD_FAILURE() << "a short key was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at least 32"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_key_file(dir / "missing.key"), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ploeg::audit
