// The audit log: an append-only, hash-chained record of who did what.
// Each entry stores a hash of the previous entry's hash and its own content,
// so an edited, removed or reordered entry breaks the chain at that point and
// `ploeg audit verify` names it.
//
// A chain alone can be rewritten by whoever can write the database: edit an
// entry and rehash everything after it, or delete the newest entries. Two
// things stop that. With a key (a file outside the database, see
// audit_key_file) each hash is an HMAC that nobody without the key can
// compute. And the head of the chain (id and hash), published elsewhere
// (`ploeg audit anchor`; the server logs it every hour), lets `verify
// --anchor` prove that nothing up to it was cut or changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::audit {

struct Event {
  std::string actor;    // "user:admin", "cli", "anonymous", "citizen:<ref>"
  std::string action;   // "login", "login.failed", "user.create", ...
  std::string subject;  // what it is about: "user:coach"
  std::string detail;   // a short free text (never a password)
  std::string remote_address;
  std::string request_id;
};

struct Entry {
  std::int64_t id = 0;
  std::int64_t at = 0;  // seconds since the epoch, UTC
  Event event;
  std::string previous_hash;
  std::string hash;
  std::string key_id;  // the sealing key's fingerprint; empty: a plain SHA-256 entry
};

// The longest each field is stored (bytes); longer text is cut at a character
// boundary and ends with "…", so no visitor can grow the log by sending a
// long name.
inline constexpr std::size_t max_field_bytes = 500;
inline constexpr std::size_t max_detail_bytes = 2000;

// Appends inside the caller's transaction, so the audit entry and the write it
// records commit or vanish together. Sealed with the process's key if it has one.
void append(store::Connection& connection, const Event& event);

// The newest entries first.
std::vector<Entry> recent(store::Database& db, int limit);

// --- the key ---------------------------------------------------------------

// The key this process seals new entries with and checks sealed ones against;
// set once at start, before any request. Empty: none.
void use_key(std::string key);
// The key in `file`: its contents without surrounding white space, at least
// 32 characters. Throws std::invalid_argument saying what to fix.
std::string read_key_file(const std::filesystem::path& file);
// Writes a new random key to `file`, readable by its owner only; refuses an
// existing file (std::invalid_argument).
void write_new_key_file(const std::filesystem::path& file);
// A short public fingerprint of a key, stored with each entry it seals.
std::string key_id(const std::string& key);

// With a key in use and a log whose newest entry is not sealed (the key is
// new), appends an "audit.sealed" entry so that the log ends sealed; true
// when it did.
bool seal(store::Database& db);

// --- checking --------------------------------------------------------------

struct Anchor {
  std::int64_t id = 0;  // 0: the empty log
  std::string hash;
};
// "ID:HASH" as `ploeg audit anchor` prints it; nullopt when it is not one.
std::optional<Anchor> parse_anchor(std::string_view text);
std::string to_string(const Anchor& anchor);
// The newest entry, which an anchor records.
Anchor head(store::Database& db);

struct Verification {
  std::int64_t checked = 0;
  std::int64_t sealed = 0;                      // of which sealed with the key
  std::optional<std::int64_t> first_broken_id;  // absent: the chain is whole
  std::string problem;                          // what is wrong with that entry
};
// Checks every entry with the process's key; with an anchor, also that the
// entry it names is still there, unchanged.
Verification verify(store::Database& db, const std::optional<Anchor>& anchor = std::nullopt);

// The hash of an entry given its predecessor's: an HMAC under `key`, or plain
// SHA-256 when `key` is empty. Exposed for tests.
std::string entry_hash(const std::string& previous_hash, std::int64_t id, std::int64_t at,
                       const Event& event, const std::string& key = {});

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::audit
