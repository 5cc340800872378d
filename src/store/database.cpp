// What both backends share: row accessors, the connection pool, transactions
// and the choice of backend from the URL.
#include "store/database.hpp"

#include <charconv>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>

#include "store/backends.hpp"

namespace ploeg::store {

namespace {

std::string column_label(std::size_t i) {
  return "column " + std::to_string(i);
}

std::string format_real(double d) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  if (ec != std::errc{}) return std::to_string(d);
  return std::string(buffer, end);
}

}  // namespace

// ---------------------------------------------------------------------------
// Row

bool Row::is_null(std::size_t i) const {
  if (i >= values_.size()) throw DatabaseError("no " + column_label(i) + " in this row");
  return std::holds_alternative<std::nullptr_t>(values_[i]);
}

std::int64_t Row::integer(std::size_t i) const {
  if (is_null(i)) throw DatabaseError(column_label(i) + " is NULL, expected an integer");
  const Value& v = values_[i];
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    // 2^63 is exactly representable; anything at or past it does not fit.
    constexpr double limit = 9223372036854775808.0;
    if (std::isfinite(*d) && std::trunc(*d) == *d && *d >= -limit && *d < limit) {
      return static_cast<std::int64_t>(*d);
    }
    throw DatabaseError(column_label(i) + " holds " + format_real(*d) + ", not an integer");
  }
  const auto& s = std::get<std::string>(v);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size()) {
    throw DatabaseError(column_label(i) + " holds text that is not an integer");
  }
  return n;
}

double Row::real(std::size_t i) const {
  if (is_null(i)) throw DatabaseError(column_label(i) + " is NULL, expected a number");
  const Value& v = values_[i];
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  const auto& s = std::get<std::string>(v);
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc{} || end != s.data() + s.size()) {
    throw DatabaseError(column_label(i) + " holds text that is not a number");
  }
  return d;
}

std::string Row::text(std::size_t i) const {
  if (is_null(i)) throw DatabaseError(column_label(i) + " is NULL, expected text");
  const Value& v = values_[i];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return format_real(std::get<double>(v));
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::optional_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

// ---------------------------------------------------------------------------
// Lease

Lease::Lease(Database* owner, std::unique_ptr<Connection> connection)
    : owner_(owner), connection_(std::move(connection)) {}

Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), connection_(std::move(other.connection_)) {
  other.owner_ = nullptr;
}

Lease::~Lease() {
  if (owner_ && connection_) owner_->give_back(std::move(connection_));
}

// ---------------------------------------------------------------------------
// Pool

struct Database::Pool {
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t open = 0;  // idle ones and leased ones
};

std::shared_ptr<Database::Pool> Database::make_pool() {
  return std::make_shared<Pool>();
}

Lease Database::acquire() {
  Pool& pool = *pool_;
  const std::size_t limit = std::max<std::size_t>(options_.max_connections, 1);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  std::vector<std::unique_ptr<Connection>> broken;  // closed after the lock is released
  std::unique_lock lock(pool.mutex);
  for (;;) {
    while (!pool.idle.empty()) {
      auto c = std::move(pool.idle.back());
      pool.idle.pop_back();
      if (c->healthy()) return Lease(this, std::move(c));
      --pool.open;
      broken.push_back(std::move(c));
    }
    if (pool.open < limit) {
      ++pool.open;
      lock.unlock();
      broken.clear();
      try {
        return Lease(this, connect());
      } catch (...) {
        lock.lock();
        --pool.open;
        pool.freed.notify_one();
        throw;
      }
    }
    if (pool.freed.wait_until(lock, deadline) == std::cv_status::timeout && pool.idle.empty() &&
        pool.open >= limit) {
      throw DatabaseError("no free database connection within " +
                              std::to_string(options_.acquire_timeout.count()) + " ms (all " +
                              std::to_string(limit) + " in use)",
                          true);
    }
  }
}

void Database::give_back(std::unique_ptr<Connection> c) noexcept {
  Pool& pool = *pool_;
  const bool keep = c->healthy();
  {
    std::lock_guard lock(pool.mutex);
    if (keep) {
      pool.idle.push_back(std::move(c));
    } else {
      --pool.open;
    }
  }
  pool.freed.notify_one();
  // A broken connection is closed here, outside the lock.
}

// ---------------------------------------------------------------------------
// Transactions and health

void Database::commit(Connection& c) {
  c.query("COMMIT");
}

void Database::rollback(Connection& c) noexcept {
  // The transaction may already be gone (the connection died, or SQLite rolled
  // back by itself); the connection is then unhealthy and the pool drops it.
  try {
    c.query("ROLLBACK");
  } catch (...) {
  }
}

bool Database::ping() noexcept {
  std::lock_guard lock(probe_mutex_);
  try {
    if (probe_ && !probe_->healthy()) probe_.reset();
    if (!probe_) probe_ = connect();
    Result r = probe_->query("SELECT 1");
    return r.rows.size() == 1 && r.rows[0].integer(0) == 1;
  } catch (...) {
    probe_.reset();  // reconnect next time
    return false;
  }
}

// ---------------------------------------------------------------------------
// Choosing the backend

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
  constexpr std::string_view sqlite_prefix = "sqlite:";
  if (url.starts_with(sqlite_prefix)) {
    std::string path = url.substr(sqlite_prefix.size());
    if (path.empty()) {
      throw DatabaseError("the SQLite URL has no path: write sqlite:PATH, e.g. sqlite:ploeg.db");
    }
    if (path == ":memory:" || path.starts_with("file::memory:")) {
      throw DatabaseError(
          "sqlite::memory: is not supported: every pooled connection must see the same "
          "database; use a file, e.g. sqlite:/tmp/ploeg.db");
    }
    return detail::open_sqlite(path, options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return detail::open_postgresql(url, options);
  }
  throw DatabaseError("unsupported database URL \"" + detail::mask_password(url) +
                      "\": use sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME "
                      "(postgres:// also works)");
}

}  // namespace ploeg::store
