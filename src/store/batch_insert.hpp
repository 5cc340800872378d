// Bulk inserts in batches, one round trip per batch, on either backend:
// what makes saving 50,000 people or a year of requests quick.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::store {

// Sends rows: on PostgreSQL in batches, on SQLite one by one through a
// statement the connection keeps prepared. `head` is "INSERT INTO t (a, b)";
// `types` are the columns' PostgreSQL types ("bigint", "text"); `tail` may
// add "ON CONFLICT ... DO UPDATE ..." or "RETURNING id".
class BatchInsert {
 public:
  BatchInsert(Connection& c, std::string head, std::vector<std::string> types,
              std::string tail = "");

  void add(std::initializer_list<Value> row);
  void add(const std::vector<Value>& row);

  // Sends what is left; returns every row the statements returned.
  std::vector<Row> finish();

 private:
  void append(const Value* first, const Value* last);
  std::string statement() const;
  void flush();

  Connection& c_;
  bool postgresql_;
  std::string head_;
  std::string tail_;
  std::vector<std::string> types_;
  std::size_t batch_rows_;
  std::size_t rows_ = 0;
  std::string full_statement_;
  std::vector<std::string> arrays_;  // PostgreSQL: one array literal's elements per column
  std::vector<Row> returned_;
};

}  // namespace ploeg::store
