// Numbered schema migrations. Each feature registers its own (with a number
// unique across ploeg) from its register function; both backends run them in
// number order, each in its own transaction, and record them in
// schema_migrations so each runs once.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::store {

struct Migration {
  int number;              // 1, 2, ...: the order they run in; unique
  std::string name;        // "accounts: users and sessions"
  std::string sqlite;      // the script for SQLite
  std::string postgresql;  // the script for PostgreSQL; empty means the same as `sqlite`
  // Scripts run inside the migration's transaction: no BEGIN or COMMIT in them.
};

// A migration written once for both backends: every "{{id}}" in `script`
// becomes the backend's auto-numbered primary key column type.
Migration with_ids(int number, std::string name, const std::string& script);

class Migrations {
 public:
  void add(Migration m);  // throws std::logic_error on a duplicate number
  // Applies the ones not yet applied; returns the numbers it applied. Stops at
  // the first that fails and throws DatabaseError "migration N (name) failed:
  // ..."; the ones before it stay applied. Safe when several processes start at
  // once on one database.
  std::vector<int> apply(Database& db) const;
  // Numbers recorded as applied in the database.
  static std::vector<int> applied(Database& db);
  const std::vector<Migration>& all() const { return migrations_; }

 private:
  std::vector<Migration> migrations_;
};

}  // namespace ploeg::store
