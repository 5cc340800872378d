// The SQLite backend: one file, WAL, foreign keys on, one connection per
// thread at a time (the pool hands each to one borrower).
#include <sqlite3.h>

#include <charconv>
#include <filesystem>
#include <list>
#include <memory>
#include <unordered_map>

#include "store/backends.hpp"

namespace ploeg::store::detail {

namespace {

std::string excerpt(std::string_view sql) {
  constexpr std::size_t max = 120;
  std::string s(sql.substr(0, max));
  for (char& ch : s) {
    if (ch == '\n' || ch == '\t') ch = ' ';
  }
  if (sql.size() > max) s += "...";
  return s;
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  std::string message = std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (!context.empty()) message += " (in: " + excerpt(context) + ")";
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      throw ConstraintError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      // Another writer held the lock for longer than busy_timeout: try later.
      throw DatabaseError(message + ": the database stayed locked for longer than busy_timeout",
                          true);
    default:
      throw DatabaseError(message);
  }
}

bool only_whitespace(const char* s) {
  for (; *s; ++s) {
    if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != ';') return false;
  }
  return true;
}

// Which $n a statement parameter is, from its name; 0 if it is not of that form.
std::size_t parameter_number(const char* name) {
  if (!name || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return 0;
  return n;
}

// A prepared statement with the $n number of each of its parameters, worked
// out once: SQLite finds a parameter's name by walking a list, so asking for
// every name on every call costs time quadratic in the parameter count.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
    if (rc != SQLITE_OK) fail(db, rc, sql);
    if (!stmt_) throw DatabaseError("sqlite: empty statement");
    if (tail && !only_whitespace(tail)) {
      // The destructor does not run for a throwing constructor; an unfinalised
      // statement would keep the connection from ever closing.
      sqlite3_finalize(stmt_);
      throw DatabaseError(
          "sqlite: query() takes one statement; use execute_script for several (in: " +
          excerpt(sql) + ")");
    }
    const int count = sqlite3_bind_parameter_count(stmt_);
    std::vector<bool> seen;
    for (int index = 1; index <= count; ++index) {
      const char* name = sqlite3_bind_parameter_name(stmt_, index);
      std::size_t n = parameter_number(name);
      if (n == 0) {
        sqlite3_finalize(stmt_);
        throw DatabaseError(std::string("sqlite: parameter ") + (name ? name : "?") +
                            " is not of the form $1, $2, ... (in: " + excerpt(sql) + ")");
      }
      numbers_.push_back(n);
      if (seen.size() < n) seen.resize(n, false);
      seen[n - 1] = true;
    }
    highest_ = seen.size();
    for (std::size_t k = 0; k < seen.size(); ++k) {
      if (!seen[k]) gaps_.push_back(k + 1);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

  // Insists that the $n numbers and the values match: a value left over is
  // most likely a mistake in the caller's SQL.
  void bind(sqlite3* db, const std::vector<Value>& params, std::string_view sql) const {
    if (highest_ > params.size()) {
      throw DatabaseError("sqlite: the statement uses $" + std::to_string(highest_) + " but " +
                          std::to_string(params.size()) +
                          " values were given (in: " + excerpt(sql) + ")");
    }
    std::size_t unused = !gaps_.empty() ? gaps_[0] : params.size() > highest_ ? highest_ + 1 : 0;
    if (unused != 0) {
      throw DatabaseError("sqlite: value $" + std::to_string(unused) +
                          " was given but the statement does not use it (in: " + excerpt(sql) +
                          ")");
    }
    for (std::size_t i = 0; i < numbers_.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const Value& v = params[numbers_[i] - 1];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt_, index);
      } else if (const auto* integer = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt_, index, *integer);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt_, index, *d);
      } else {
        const auto& text = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) fail(db, rc, sql);
    }
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::vector<std::size_t> numbers_;  // parameter index - 1 -> its $n
  std::size_t highest_ = 0;           // the highest $n used
  std::vector<std::size_t> gaps_;     // the $n below highest_ that are not used
};

// The connection's prepared statements by SQL text, least recently used
// first out: preparing anew took a third of the time of bulk writes.
class StatementCache {
 public:
  static constexpr std::size_t capacity = 128;

  Statement& get(sqlite3* db, std::string_view sql) {
    auto found = index_.find(sql);
    if (found != index_.end()) {
      entries_.splice(entries_.begin(), entries_, found->second);
      return *found->second->statement;
    }
    auto statement = std::make_unique<Statement>(db, sql);
    entries_.push_front(Entry{std::string(sql), std::move(statement)});
    index_.emplace(entries_.front().sql, entries_.begin());
    if (entries_.size() > capacity) {
      index_.erase(entries_.back().sql);
      entries_.pop_back();
    }
    return *entries_.front().statement;
  }

  void clear() {
    index_.clear();
    entries_.clear();
  }

 private:
  struct Entry {
    std::string sql;
    std::unique_ptr<Statement> statement;
  };
  std::list<Entry> entries_;
  // Keys view the text kept in each entry, which a std::list never moves.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

// Resets a statement after use, also when stepping it threw: a statement left
// mid-way keeps its read snapshot and its bound text.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    default: {  // TEXT, and BLOB as its bytes
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      int size = sqlite3_column_bytes(stmt, i);
      return std::string(data ? data : "", static_cast<std::size_t>(size));
    }
  }
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, const DatabaseOptions& options) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw DatabaseError("sqlite: cannot open " + path + ": " + message);
    }
    try {
      sqlite3_extended_result_codes(db_, 1);
      // The busy timeout first, so switching to WAL waits for other openers.
      sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
      Result mode = query("PRAGMA journal_mode=WAL", {});
      if (mode.rows.empty() || mode.rows[0].text(0) != "wal") {
        throw DatabaseError("sqlite: could not switch " + path + " to WAL mode");
      }
      query("PRAGMA foreign_keys=ON", {});
      query("PRAGMA synchronous=NORMAL", {});
    } catch (...) {
      statements_.clear();
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw;
    }
  }

  ~SqliteConnection() override {
    statements_.clear();  // finalised before the connection closes
    sqlite3_close_v2(db_);
  }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    Statement& statement = statements_.get(db_, sql);
    sqlite3_stmt* stmt = statement.get();
    ResetOnExit reset(stmt);
    statement.bind(db_, params, sql);
    Result result;
    const int columns = sqlite3_column_count(stmt);
    for (int i = 0; i < columns; ++i) result.columns.emplace_back(sqlite3_column_name(stmt, i));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        std::vector<Value> values;
        values.reserve(static_cast<std::size_t>(columns));
        for (int i = 0; i < columns; ++i) values.push_back(column_value(stmt, i));
        result.rows.emplace_back(std::move(values));
      } else if (rc == SQLITE_DONE) {
        break;
      } else {
        fail(db_, rc, sql);
      }
    }
    // sqlite3_changes keeps the count of the last write, so ask only after one.
    if (!sqlite3_stmt_readonly(stmt)) result.affected = sqlite3_changes64(db_);
    return result;
  }

  void execute_script(std::string_view sql) override {
    std::string script(sql);  // sqlite3_exec wants a terminated string
    char* error = nullptr;
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      std::string what = "sqlite: " + message;
      if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(what);
      throw DatabaseError(what, (rc & 0xff) == SQLITE_BUSY);
    }
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  // A connection handed back inside a transaction (a failed ROLLBACK) must not
  // carry it over to the next borrower.
  bool healthy() const override { return db_ && sqlite3_get_autocommit(db_) != 0; }

 private:
  sqlite3* db_ = nullptr;
  StatementCache statements_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, DatabaseOptions options)
      : Database("sqlite:" + path, options), path_(std::move(path)), options_(options) {}

  Dialect dialect() const override { return Dialect::sqlite; }

 protected:
  std::unique_ptr<Connection> connect() override {
    return std::make_unique<SqliteConnection>(path_, options_);
  }
  // IMMEDIATE takes the write lock now: two writers that both read first and
  // then write would otherwise deadlock, and one of them would fail.
  void begin(Connection& c) override { c.query("BEGIN IMMEDIATE"); }

 private:
  std::string path_;
  DatabaseOptions options_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, DatabaseOptions options) {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty() && !fs::is_directory(folder, ec)) {
    throw DatabaseError("sqlite: the folder " + folder.string() + " of the database " + path +
                        " does not exist");
  }
  auto db = std::make_unique<SqliteDatabase>(path, options);
  // Open one connection now: it creates the file and switches it to WAL, and a
  // bad path is reported here rather than by the first request.
  { Lease first = db->acquire(); }
  return db;
}

}  // namespace ploeg::store::detail
