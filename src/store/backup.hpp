// A copy of the whole database in one file, made while ploeg serves, and
// that copy put back into a fresh database (`ploeg backup`, `ploeg restore`).
//
// SQLite: the online backup API (sqlite3_backup_*) copies the database as it
// was when the copy began; writers carry on meanwhile (WAL). The file is an
// SQLite database. PostgreSQL: pg_dump (custom format) in one snapshot, and
// pg_restore in one transaction; the connection's settings reach them through
// the environment (PGHOST, PGPASSWORD, ...), never on their command line.
//
// A backup is restored into a database of the same kind only.
#pragma once

#include <string>

#include "store/database.hpp"

namespace ploeg::store {

enum class BackupKind { sqlite, postgresql };

// Writes the database at `url` ("sqlite:PATH" or "postgresql://...") to
// `out`, which must not exist yet (it appears only once complete). Throws
// DatabaseError saying what went wrong.
void backup(const std::string& url, const std::string& out);

// What kind of backup `file` is, from its first bytes; throws DatabaseError
// when it is neither (or cannot be read).
BackupKind backup_kind(const std::string& file);

// True when the database has no table at all (a fresh one, before `ploeg
// migrate`).
bool is_empty(Database& db);

// Puts the backup `from` into the database at `url`, which must be empty
// (a SQLite file that does not exist yet counts as empty). Throws
// DatabaseError saying what went wrong: a non-empty database, a backup of
// the other kind, a file that is no ploeg backup, a failing pg_restore.
void restore(const std::string& from, const std::string& url);

}  // namespace ploeg::store
