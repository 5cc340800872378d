// Applies numbered migrations, each in its own transaction with its
// schema_migrations row, so a migration is either wholly applied and recorded
// or not at all.
#include "store/migrations.hpp"

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace ploeg::store {

namespace {

// Serialises migrating processes on one PostgreSQL server (any constant will
// do as long as every ploeg uses the same one).
constexpr std::int64_t migration_lock_key = 0x706c6f6567;  // "ploeg"

void lock_against_other_processes(Connection& c) {
  // SQLite needs nothing: BEGIN IMMEDIATE already holds the write lock.
  if (c.dialect() == Dialect::postgresql) {
    c.query("SELECT pg_advisory_xact_lock($1)", {migration_lock_key});
  }
}

bool is_applied(Connection& c, int number) {
  return !c.query("SELECT 1 FROM schema_migrations WHERE number = $1",
                  {static_cast<std::int64_t>(number)})
              .empty();
}

}  // namespace

void Migrations::add(Migration m) {
  auto at = std::lower_bound(migrations_.begin(), migrations_.end(), m.number,
                             [](const Migration& x, int number) { return x.number < number; });
  if (at != migrations_.end() && at->number == m.number) {
    throw std::logic_error("migration " + std::to_string(m.number) + " (" + m.name +
                           ") has the same number as migration " + std::to_string(at->number) +
                           " (" + at->name + ")");
  }
  migrations_.insert(at, std::move(m));
}

std::vector<int> Migrations::apply(Database& db) const {
  db.transaction([](Connection& c) {
    lock_against_other_processes(c);
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL)");
  });

  std::vector<int> done = applied(db);
  std::vector<int> now_applied;
  for (const Migration& m : migrations_) {  // kept in number order by add()
    if (std::binary_search(done.begin(), done.end(), m.number)) continue;
    const std::string& script =
        db.dialect() == Dialect::postgresql && !m.postgresql.empty() ? m.postgresql : m.sqlite;
    bool ran = false;
    try {
      ran = db.transaction([&](Connection& c) {
        lock_against_other_processes(c);
        // Another process may have applied it while we waited for the lock.
        if (is_applied(c, m.number)) return false;
        c.execute_script(script);
        c.query("INSERT INTO schema_migrations (number, name, applied_at) VALUES ($1, $2, $3)",
                {static_cast<std::int64_t>(m.number), m.name,
                 static_cast<std::int64_t>(std::time(nullptr))});
        return true;
      });
    } catch (const DatabaseError& e) {
      throw DatabaseError(
          "migration " + std::to_string(m.number) + " (" + m.name + ") failed: " + e.what(),
          e.unavailable());
    }
    if (ran) now_applied.push_back(m.number);
  }
  return now_applied;
}

std::vector<int> Migrations::applied(Database& db) {
  Lease lease = db.acquire();
  const char* exists = db.dialect() == Dialect::postgresql
                           ? "SELECT to_regclass('schema_migrations') IS NOT NULL"
                           : "SELECT count(*) FROM sqlite_master "
                             "WHERE type = 'table' AND name = 'schema_migrations'";
  if (lease->query(exists).rows.at(0).integer(0) == 0) return {};
  std::vector<int> numbers;
  for (const Row& row : lease->query("SELECT number FROM schema_migrations ORDER BY number").rows) {
    numbers.push_back(static_cast<int>(row.integer(0)));
  }
  return numbers;
}

}  // namespace ploeg::store
