// `ploeg backup` and `ploeg restore` on both backends: a backup taken while
// another thread writes holds every write acknowledged before it began, the
// restored copy's audit log verifies, and a restore refuses a database that
// is not empty or a backup of the other kind.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "audit/audit.hpp"
#include "store/backend.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/names.hpp"

namespace ploeg::store {
namespace {

// The platform's tables the test needs: the audit log (with its guards) and
// the names (a second table with an index).
Migrations migrations() {
  Migrations m;
  names::register_migrations(m);
  audit::register_migrations(m);
  return m;
}

class BackupTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    migrations().apply(*db_);
    char templ[] = "/tmp/ploeg-backup-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    files_ = templ;
  }

  void TearDown() override {
    restored_.reset();
    std::error_code ec;
    std::filesystem::remove_all(files_, ec);
    BackendTest::TearDown();
  }

  // A database that does not exist yet (SQLite) or was just created empty
  // (PostgreSQL: a new database on the same cluster).
  std::string fresh_url(const std::string& name) {
    if (!postgresql()) return "sqlite:" + files_ + "/" + name + ".db";
    query("DROP DATABASE IF EXISTS " + name);
    query("CREATE DATABASE " + name);
    return url_.substr(0, url_.rfind('/') + 1) + name;
  }

  void write(std::int64_t n) {
    db_->transaction([&](Connection& c) {
      audit::append(c, {"cli", "test.write", "write:" + std::to_string(n), "", "", ""});
    });
  }

  std::set<std::string> subjects(Database& db) {
    std::set<std::string> out;
    auto lease = db.acquire();
    for (auto& row : lease->query("SELECT subject FROM audit_log").rows) out.insert(row.text(0));
    return out;
  }

  std::string message_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const DatabaseError& e) {
      return e.what();
    }
    return "(nothing thrown)";
  }

  std::string files_;
  std::unique_ptr<Database> restored_;
};

TEST_P(BackupTest, ABackupWhileWritingHoldsEveryAcknowledgedWriteAndVerifies) {
  std::atomic<std::int64_t> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (std::int64_t n = 1; !stop; ++n) {
      write(n);
      acknowledged = n;  // the commit returned: the write is acknowledged
    }
  });
  while (acknowledged < 30) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::int64_t before = acknowledged;
  std::string file = files_ + "/ploeg.backup";
  backup(url_, file);
  std::int64_t after = acknowledged;
  // Writes go on after the backup, and none of them may break the copy.
  while (acknowledged < after + 10) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop = true;
  writer.join();
  EXPECT_GT(acknowledged.load(), before) << "the writer did not write while the backup ran";
  EXPECT_EQ(backup_kind(file), postgresql() ? BackupKind::postgresql : BackupKind::sqlite);

  auto target = fresh_url("ploeg_restored");
  restore(file, target);
  restored_ = Database::open(target);
  auto found = subjects(*restored_);
  for (std::int64_t n = 1; n <= before; ++n) {
    EXPECT_TRUE(found.contains("write:" + std::to_string(n))) << "write " << n << " is lost";
  }
  std::int64_t copied = 0;
  for (std::int64_t n = 1; n <= acknowledged; ++n)
    copied += found.contains("write:" + std::to_string(n));
  EXPECT_GE(copied, before);
  EXPECT_LT(copied, acknowledged.load()) << "writes made after the backup are in it";

  auto verified = audit::verify(*restored_);
  EXPECT_FALSE(verified.first_broken_id.has_value()) << verified.problem;
  EXPECT_EQ(verified.checked, static_cast<std::int64_t>(found.size()));
  // The restored copy is a working database: the migrations find it up to date.
  EXPECT_TRUE(migrations().apply(*restored_).empty());
  write(1000000);  // the source still takes writes
}

TEST_P(BackupTest, RestoreRefusesADatabaseThatIsNotEmpty) {
  write(1);
  std::string file = files_ + "/ploeg.backup";
  backup(url_, file);
  auto message = message_of([&] { restore(file, url_); });
  EXPECT_NE(message.find("is not empty"), std::string::npos) << message;
  EXPECT_EQ(subjects(*db_), std::set<std::string>{"write:1"});
}

TEST_P(BackupTest, ABackupNeverOverwritesAFile) {
  std::string file = files_ + "/exists.backup";
  std::ofstream(file) << "keep me";
  auto message = message_of([&] { backup(url_, file); });
  EXPECT_NE(message.find("already exists"), std::string::npos) << message;
  std::ifstream in(file);
  std::string kept;
  std::getline(in, kept);
  EXPECT_EQ(kept, "keep me");
}

TEST_P(BackupTest, RestoreRefusesWhatIsNoBackupOfItsKind) {
  std::string junk = files_ + "/junk.backup";
  std::ofstream(junk) << "hello";
  auto target = fresh_url("ploeg_restored");
  auto message = message_of([&] { restore(junk, target); });
  EXPECT_NE(message.find("is not a ploeg backup"), std::string::npos) << message;

  // A backup of the other kind, told apart by its first bytes.
  std::string other = files_ + "/other.backup";
  std::ofstream(other, std::ios::binary)
      << (postgresql() ? std::string("SQLite format 3", 16) : std::string("PGDMP\x01\x0e", 7));
  message = message_of([&] { restore(other, target); });
  EXPECT_NE(message.find(postgresql() ? "is an SQLite backup" : "is a PostgreSQL backup"),
            std::string::npos)
      << message;
}

PLOEG_INSTANTIATE_BACKENDS(BackupTest);

}  // namespace
}  // namespace ploeg::store
