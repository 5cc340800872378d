// The one small database interface every feature uses. Two backends stand
// behind it: SQLite (embedded, one file, WAL) and PostgreSQL (libpq).
//
// SQL is written once for both: parameters are $1, $2, ... in both dialects,
// timestamps are integer seconds since the epoch (UTC), booleans are integers.
// Where the dialects differ, ask dialect().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace ploeg::store {

enum class Dialect { sqlite, postgresql };

// A parameter or a column value. Integers are 64-bit; text is UTF-8.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// Any failure of the database. `unavailable` is set when the server cannot be
// reached (connection refused or lost), no pooled connection came free in
// time, or SQLite stayed locked past busy_timeout, so callers can answer 503.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& what, bool unavailable = false)
      : std::runtime_error(what), unavailable_(unavailable) {}
  bool unavailable() const { return unavailable_; }

 private:
  bool unavailable_;
};

// A unique, foreign-key, not-null or check constraint refused a write (a
// duplicate key, say).
class ConstraintError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;  // throws DatabaseError if NULL or not a number
  double real(std::size_t i) const;
  std::string text(std::size_t i) const;  // integers and reals are formatted
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  std::optional<std::string> optional_text(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  // One statement with $n parameters.
  virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
  // False when the connection is known to be broken and must not be reused
  // (lost, or left inside a transaction). May look at the socket, never blocks.
  virtual bool healthy() const = 0;
};

class Database;

// A connection borrowed from the pool; goes back when destroyed.
class Lease {
 public:
  Lease(Database* owner, std::unique_ptr<Connection> connection);
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }

 private:
  Database* owner_;
  std::unique_ptr<Connection> connection_;
};

struct DatabaseOptions {
  std::size_t max_connections = 8;
  std::chrono::milliseconds busy_timeout{5000};     // SQLite: wait for a writer's lock
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free pooled connection
  std::chrono::seconds connect_timeout{3};          // PostgreSQL
  // PostgreSQL: a statement running longer is cancelled (DatabaseError), so a
  // hung query cannot hold a worker. Zero: no limit (the command line's tools).
  std::chrono::milliseconds statement_timeout{0};
};

class Database {
 public:
  // "sqlite:PATH" (":memory:" is not supported: every connection must see one
  // database) or "postgresql://..." / "postgres://...". Throws DatabaseError
  // with a message saying what is wrong with the URL.
  static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});

  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  const std::string& url_for_display() const { return display_url_; }  // password masked

  // Borrow a connection; reconnects broken ones. Throws DatabaseError
  // (unavailable) when the server cannot be reached.
  Lease acquire();

  // Runs `work` in one transaction: commits when it returns, rolls back and
  // rethrows when it throws. SQLite takes the write lock at the start
  // (BEGIN IMMEDIATE) so two writers never deadlock.
  template <typename Work>
  auto transaction(Work&& work) -> decltype(work(std::declval<Connection&>()));

  // True when a trivial query succeeds now. Uses a connection of its own,
  // outside the pool: a health check must answer while every pooled
  // connection is busy, and must not take one that a request waits for.
  bool ping() noexcept;

 protected:
  explicit Database(std::string display_url, DatabaseOptions options)
      : display_url_(std::move(display_url)), options_(options) {}
  virtual std::unique_ptr<Connection> connect() = 0;
  virtual void begin(Connection& c) = 0;
  void commit(Connection& c);
  void rollback(Connection& c) noexcept;

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> c) noexcept;

  std::string display_url_;
  DatabaseOptions options_;
  struct Pool;
  std::shared_ptr<Pool> pool_ = make_pool();
  std::mutex probe_mutex_;
  std::unique_ptr<Connection> probe_;  // ping()'s own connection
  static std::shared_ptr<Pool> make_pool();
};

template <typename Work>
auto Database::transaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
  Lease lease = acquire();
  begin(*lease);
  try {
    if constexpr (std::is_void_v<decltype(work(*lease))>) {
      work(*lease);
      commit(*lease);
    } else {
      auto result = work(*lease);
      commit(*lease);
      return result;
    }
  } catch (...) {
    rollback(*lease);
    throw;
  }
}

}  // namespace ploeg::store
