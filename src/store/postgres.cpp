// The PostgreSQL backend, through libpq: text parameters and results, values
// converted by column type, errors sorted into constraint / unavailable / other.
#include <libpq-fe.h>
#include <poll.h>

#include <charconv>

#include "store/backends.hpp"

namespace ploeg::store::detail {

namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid bool_oid = 16, int8_oid = 20, int2_oid = 21, int4_oid = 23, oid_oid = 26,
              float4_oid = 700, float8_oid = 701, numeric_oid = 1700;

// SQL text is cut short in messages: it can be long, and it never needs to be whole.
std::string excerpt(std::string_view sql) {
  constexpr std::size_t max = 120;
  std::string s(sql.substr(0, max));
  for (char& ch : s) {
    if (ch == '\n' || ch == '\t') ch = ' ';
  }
  if (sql.size() > max) s += "...";
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// The raw password strings of a URL: user info and ?password=, as written.
std::vector<std::string> raw_passwords(const std::string& url) {
  std::vector<std::string> found;
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return found;
  std::size_t start = scheme + 3;
  std::size_t authority_end = url.find_first_of("/?#", start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::size_t at = url.rfind('@', authority_end);
  if (at != std::string::npos && at >= start) {
    std::size_t colon = url.find(':', start);
    if (colon < at) found.push_back(url.substr(colon + 1, at - colon - 1));
  }
  std::size_t query = url.find('?', start);
  while (query != std::string::npos) {
    std::size_t key = query + 1;
    std::size_t end = url.find('&', key);
    std::string pair = url.substr(key, end == std::string::npos ? std::string::npos : end - key);
    if (pair.starts_with("password=")) found.push_back(pair.substr(9));
    query = end;
  }
  return found;
}

std::string scrub(std::string message, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 3)) {
      message.replace(at, secret.size(), "***");
    }
  }
  return message;
}

std::string format_real(double d) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  return ec == std::errc{} ? std::string(buffer, end) : std::to_string(d);
}

Value convert(Oid type, const char* text, int length) {
  const char* end = text + length;
  switch (type) {
    case int8_oid:
    case int2_oid:
    case int4_oid:
    case oid_oid: {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(text, end, n);
      if (ec == std::errc{} && p == end) return n;
      break;
    }
    case numeric_oid: {
      // Whole numbers (sums of integer columns) stay exact when they fit.
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(text, end, n);
      if (ec == std::errc{} && p == end) return n;
      [[fallthrough]];
    }
    case float4_oid:
    case float8_oid: {
      double d = 0;
      auto [p, ec] = std::from_chars(text, end, d);
      if (ec == std::errc{} && p == end) return d;
      break;
    }
    case bool_oid:
      return std::int64_t{length > 0 && text[0] == 't'};
    default:
      break;
  }
  return std::string(text, static_cast<std::size_t>(length));
}

// States that mean the server is gone or refuses connections for now.
bool means_unavailable(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "53300";
}

struct ResultGuard {
  PGresult* result;
  ~ResultGuard() { PQclear(result); }
};

void ignore_notice(void*, const char*) {}  // "table exists, skipping" and the like

class PgConnection final : public Connection {
 public:
  PgConnection(const std::string& url, const std::string& display,
               const std::vector<std::string>& secrets, const DatabaseOptions& options)
      : secrets_(secrets) {
    std::string timeout = std::to_string(std::max<long long>(options.connect_timeout.count(), 1));
    // Keywords before dbname are defaults the URL may override; after it, ours.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                          nullptr};
    const char* values[] = {timeout.c_str(), "ploeg", url.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_) throw DatabaseError("postgresql: out of memory while connecting", true);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = trim(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      throw DatabaseError(
          scrub("postgresql: cannot connect to " + display + ": " + message, secrets_), true);
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    try {
      query("SET TIME ZONE 'UTC'", {});
      if (options.statement_timeout.count() > 0) {
        query("SET statement_timeout = " + std::to_string(options.statement_timeout.count()), {});
      }
    } catch (...) {
      PQfinish(conn_);
      conn_ = nullptr;
      throw;
    }
  }

  ~PgConnection() override { PQfinish(conn_); }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    std::string statement(sql);
    const std::size_t n = params.size();
    std::vector<std::string> texts(n);
    std::vector<const char*> values(n, nullptr);
    // Numbers are typed so that "SELECT $1 + 1" works; text and NULL are left
    // for the server to infer from where they are used.
    std::vector<Oid> types(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (const auto* k = std::get_if<std::int64_t>(&v)) {
        texts[i] = std::to_string(*k);
        types[i] = int8_oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        texts[i] = format_real(*d);
        types[i] = float8_oid;
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          throw DatabaseError("postgresql: $" + std::to_string(i + 1) +
                              " holds a NUL byte, which text cannot store (in: " + excerpt(sql) +
                              ")");
        }
        texts[i] = *s;
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    PGresult* raw = PQexecParams(conn_, statement.c_str(), static_cast<int>(n), types.data(),
                                 values.data(), nullptr, nullptr, 0);
    ResultGuard guard{raw};
    check(raw, sql);

    Result result;
    const int columns = PQnfields(raw);
    const int rows = PQntuples(raw);
    std::vector<Oid> column_types;
    for (int c = 0; c < columns; ++c) {
      result.columns.emplace_back(PQfname(raw, c));
      column_types.push_back(PQftype(raw, c));
    }
    result.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(raw, r, c)) {
          row.emplace_back(nullptr);
        } else {
          row.push_back(convert(column_types[static_cast<std::size_t>(c)], PQgetvalue(raw, r, c),
                                PQgetlength(raw, r, c)));
        }
      }
      result.rows.emplace_back(std::move(row));
    }
    // PQcmdTuples counts SELECT rows too; `affected` is only about writes.
    std::string_view status = PQcmdStatus(raw);
    if (status == "ROLLBACK" && statement == "COMMIT") {
      // A statement failed earlier and the caller went on: PostgreSQL ends
      // such a transaction with a rollback, which must not pass for a commit.
      throw DatabaseError(
          "postgresql: the transaction was rolled back, not committed, because a "
          "statement in it failed");
    }
    if (status.starts_with("INSERT") || status.starts_with("UPDATE") ||
        status.starts_with("DELETE") || status.starts_with("MERGE")) {
      std::string_view count = PQcmdTuples(raw);
      std::from_chars(count.data(), count.data() + count.size(), result.affected);
    }
    return result;
  }

  void execute_script(std::string_view sql) override {
    std::string script(sql);
    PGresult* raw = PQexec(conn_, script.c_str());
    ResultGuard guard{raw};
    check(raw, sql);
  }

  Dialect dialect() const override { return Dialect::postgresql; }

  bool healthy() const override {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return false;
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return false;
    // A server that shut down or restarted has closed this idle connection,
    // but libpq only notices when it reads: read what is there, without
    // waiting, so the pool drops it instead of failing the next query.
    for (int round = 0; round < 4; ++round) {
      pollfd p{PQsocket(conn_), POLLIN, 0};
      if (p.fd < 0 || ::poll(&p, 1, 0) <= 0) break;
      if (!PQconsumeInput(conn_)) break;
      while (PGnotify* note = PQnotifies(conn_)) PQfreemem(note);
    }
    return PQstatus(conn_) == CONNECTION_OK;
  }

 private:
  void check(PGresult* raw, std::string_view sql) {
    ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      return;
    }
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message;
    if (primary) {
      message = primary;
    } else if (raw && *PQresultErrorMessage(raw)) {
      message = trim(PQresultErrorMessage(raw));
    } else {
      message = trim(PQerrorMessage(conn_));
    }
    if (status != PGRES_FATAL_ERROR && status != PGRES_NONFATAL_ERROR) {
      message = "unsupported result (" + std::string(PQresStatus(status)) + ")";
    }
    std::string_view sqlstate = state ? state : "";
    std::string what = "postgresql: " + message;
    if (!sqlstate.empty()) what += " [" + std::string(sqlstate) + "]";
    what += " (in: " + excerpt(sql) + ")";
    what = scrub(std::move(what), secrets_);
    if (sqlstate.starts_with("23")) throw ConstraintError(what);
    const bool lost = PQstatus(conn_) == CONNECTION_BAD || means_unavailable(sqlstate);
    throw DatabaseError(what, lost);
  }

  PGconn* conn_ = nullptr;
  std::vector<std::string> secrets_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, std::string display, std::vector<std::string> secrets,
             DatabaseOptions options)
      : Database(display, options),
        url_(std::move(url)),
        display_(std::move(display)),
        secrets_(std::move(secrets)),
        options_(options) {}

  Dialect dialect() const override { return Dialect::postgresql; }

 protected:
  std::unique_ptr<Connection> connect() override {
    return std::make_unique<PgConnection>(url_, display_, secrets_, options_);
  }
  void begin(Connection& c) override { c.query("BEGIN"); }

 private:
  std::string url_;
  std::string display_;
  std::vector<std::string> secrets_;  // scrubbed from every message
  DatabaseOptions options_;
};

}  // namespace

std::string mask_password(const std::string& url) {
  std::string masked = url;
  auto scheme = masked.find("://");
  if (scheme == std::string::npos) return masked;
  std::size_t start = scheme + 3;
  std::size_t authority_end = masked.find_first_of("/?#", start);
  if (authority_end == std::string::npos) authority_end = masked.size();
  std::size_t at = masked.rfind('@', authority_end);
  if (at != std::string::npos && at >= start) {
    std::size_t colon = masked.find(':', start);
    if (colon < at) masked.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t query = masked.find('?', start); query != std::string::npos;
       query = masked.find('&', query + 1)) {
    std::size_t key = query + 1;
    if (masked.compare(key, 9, "password=") == 0) {
      std::size_t value = key + 9;
      std::size_t end = masked.find('&', value);
      masked.replace(value, (end == std::string::npos ? masked.size() : end) - value, "***");
    }
  }
  return masked;
}

std::unique_ptr<Database> open_postgresql(const std::string& url, DatabaseOptions options) {
  std::vector<std::string> secrets = raw_passwords(url);
  std::string display = mask_password(url);
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (!parsed) {
    std::string message = error ? trim(error) : "out of memory";
    PQfreemem(error);
    throw DatabaseError(scrub("invalid PostgreSQL URL " + display + ": " + message, secrets));
  }
  for (PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) secrets.emplace_back(o->val);
  }
  PQconninfoFree(parsed);
  return std::make_unique<PgDatabase>(url, std::move(display), std::move(secrets), options);
}

}  // namespace ploeg::store::detail
