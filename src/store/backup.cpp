// Backup and restore: SQLite's online backup API, PostgreSQL's pg_dump and
// pg_restore (run without a shell, the connection's settings in their
// environment).
#include "store/backup.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>
#include <vector>

#include "store/backends.hpp"

extern char** environ;

namespace ploeg::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view sqlite_prefix = "sqlite:";
constexpr std::string_view sqlite_magic{"SQLite format 3\0", 16};
constexpr std::string_view pg_dump_magic = "PGDMP";

bool is_sqlite_url(const std::string& url) {
  return url.starts_with(sqlite_prefix);
}

std::string sqlite_path(const std::string& url) {
  std::string path = url.substr(sqlite_prefix.size());
  if (path.empty()) throw DatabaseError("the SQLite URL has no path: write sqlite:PATH");
  return path;
}

void refuse_existing(const std::string& out) {
  std::error_code ec;
  if (fs::exists(out, ec)) {
    throw DatabaseError("backup: " + out +
                        " already exists: choose a new file name (a backup never overwrites)");
  }
}

// One raw SQLite connection, closed on every path.
class Sqlite {
 public:
  Sqlite(const std::string& path, int flags) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw DatabaseError("sqlite: cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;
  sqlite3* get() const { return db_; }

  // The first column of the first row of `sql`, as an integer.
  std::int64_t number(const char* sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) {
      throw DatabaseError(std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    std::int64_t value = 0;
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW) throw DatabaseError(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Copies every page of `from` into `to` in one step, so the copy is the
// database as one read transaction saw it; retries while a writer holds a
// lock the copy needs.
void copy_pages(sqlite3* from, sqlite3* to) {
  sqlite3_backup* copy = sqlite3_backup_init(to, "main", from, "main");
  if (!copy) throw DatabaseError(std::string("sqlite: backup: ") + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 200; ++attempt) {
    rc = sqlite3_backup_step(copy, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(copy);
  if (rc != SQLITE_DONE) {
    throw DatabaseError(std::string("sqlite: backup: ") + sqlite3_errstr(rc), rc == SQLITE_BUSY);
  }
}

void sqlite_backup(const std::string& path, const std::string& out) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw DatabaseError("backup: the database " + path + " does not exist");
  std::string partial = out + ".partial";
  fs::remove(partial, ec);
  {
    Sqlite from(path, SQLITE_OPEN_READONLY);
    Sqlite to(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    try {
      copy_pages(from.get(), to.get());
    } catch (...) {
      fs::remove(partial, ec);
      throw;
    }
  }
  fs::rename(partial, out);
}

void sqlite_restore(const std::string& from, const std::string& path) {
  Sqlite backup_file(from, SQLITE_OPEN_READONLY);
  if (backup_file.number("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                         "'schema_migrations'") == 0) {
    throw DatabaseError("restore: " + from + " is an SQLite database but not a ploeg backup");
  }
  Sqlite target(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto tables = target.number("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  if (tables > 0) {
    throw DatabaseError("restore: the database sqlite:" + path + " is not empty (" +
                        std::to_string(tables) +
                        " tables): restore into a new file or an empty database");
  }
  copy_pages(backup_file.get(), target.get());
}

// The connection settings of a PostgreSQL URL as the environment variables
// libpq's programs read (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...).
std::map<std::string, std::string> pg_environment(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    throw DatabaseError("the PostgreSQL URL " + detail::mask_password(url) +
                        " cannot be read: " + message);
  }
  std::map<std::string, std::string> env;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (o->val && *o->val && o->envvar) env[o->envvar] = o->val;
  }
  PQconninfoFree(options);
  return env;
}

// Runs `program` with `arguments` (no shell) and the connection settings of
// `url` in its environment; throws with what it wrote to standard error when
// it fails.
void run_pg_program(const std::string& program, const std::vector<std::string>& arguments,
                    const std::string& url) {
  auto settings = pg_environment(url);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    auto name = entry.substr(0, entry.find('='));
    if (!settings.contains(std::string(name))) env_strings.emplace_back(entry);
  }
  for (const auto& [name, value] : settings) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> args_strings{program};
  args_strings.insert(args_strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& s : args_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  char log_name[] = "/tmp/ploeg-pg-XXXXXX";
  int log_fd = ::mkstemp(log_name);
  if (log_fd < 0) throw DatabaseError("cannot create a temporary file for " + program);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(log_fd);
  int status = 0;
  if (spawned == 0) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::ifstream log_file(log_name);
  std::string log{std::istreambuf_iterator<char>(log_file), std::istreambuf_iterator<char>()};
  ::unlink(log_name);
  if (spawned != 0) {
    throw DatabaseError(program + " could not be started (" + std::strerror(spawned) +
                        "): install PostgreSQL's client programs (Debian: postgresql-client-15)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!log.empty() && (log.back() == '\n' || log.back() == '\r')) log.pop_back();
    throw DatabaseError(program + " failed" +
                        (WIFEXITED(status)
                             ? " (exit status " + std::to_string(WEXITSTATUS(status)) + ")"
                             : std::string(" (killed by a signal)")) +
                        (log.empty() ? "" : ": " + log));
  }
}

void pg_backup(const std::string& url, const std::string& out) {
  std::string partial = out + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);
  try {
    run_pg_program("pg_dump",
                   {"--format=custom", "--no-owner", "--no-privileges", "--file=" + partial}, url);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  fs::rename(partial, out);
}

void pg_restore(const std::string& from, const std::string& url) {
  {
    auto db = Database::open(url);
    if (!is_empty(*db)) {
      throw DatabaseError("restore: the database " + db->url_for_display() +
                          " is not empty: restore into a newly created database (createdb)");
    }
  }
  // pg_restore needs --dbname to restore into a server (without, it prints SQL);
  // the name alone, the rest of the settings come from the environment.
  auto settings = pg_environment(url);
  std::string name = settings.contains("PGDATABASE") ? settings["PGDATABASE"]
                     : settings.contains("PGUSER")   ? settings["PGUSER"]
                                                     : std::string();
  if (name.empty()) throw DatabaseError("restore: the PostgreSQL URL names no database");
  run_pg_program("pg_restore",
                 {"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  "--dbname=" + name, from},
                 url);
}

}  // namespace

BackupKind backup_kind(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DatabaseError("restore: cannot read " + file);
  std::string head(16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head == sqlite_magic) return BackupKind::sqlite;
  if (head.starts_with(pg_dump_magic)) return BackupKind::postgresql;
  throw DatabaseError("restore: " + file +
                      " is not a ploeg backup (neither an SQLite database nor a pg_dump file)");
}

bool is_empty(Database& db) {
  auto lease = db.acquire();
  auto result = db.dialect() == Dialect::sqlite
                    ? lease->query("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                    : lease->query(
                          "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT "
                          "IN ('pg_catalog', 'information_schema')");
  return result.rows.at(0).integer(0) == 0;
}

void backup(const std::string& url, const std::string& out) {
  refuse_existing(out);
  if (is_sqlite_url(url)) {
    sqlite_backup(sqlite_path(url), out);
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    pg_backup(url, out);
  } else {
    throw DatabaseError("backup: use sqlite:PATH or postgresql://... as the database");
  }
}

void restore(const std::string& from, const std::string& url) {
  auto kind = backup_kind(from);
  if (is_sqlite_url(url)) {
    if (kind != BackupKind::sqlite) {
      throw DatabaseError("restore: " + from +
                          " is a PostgreSQL backup (pg_dump): restore it into a postgresql:// "
                          "database");
    }
    sqlite_restore(from, sqlite_path(url));
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    if (kind != BackupKind::postgresql) {
      throw DatabaseError("restore: " + from +
                          " is an SQLite backup: restore it into a sqlite: database");
    }
    pg_restore(from, url);
  } else {
    throw DatabaseError("restore: use sqlite:PATH or postgresql://... as the database");
  }
}

}  // namespace ploeg::store
