// The audit log: an append-only, hash-chained record of who did what.
// Each entry stores SHA-256(previous entry's hash + its own content), so an
// edited, removed or reordered entry breaks the chain at that point and
// `ploeg audit verify` names it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
};

// Appends inside the caller's transaction, so the audit entry and the write it
// records commit or vanish together.
void append(store::Connection& connection, const Event& event);

// The newest entries first.
std::vector<Entry> recent(store::Database& db, int limit);

struct Verification {
  std::int64_t checked = 0;
  std::optional<std::int64_t> first_broken_id;  // absent: the chain is whole
  std::string problem;                          // what is wrong with that entry
};
Verification verify(store::Database& db);

// The hash of an entry given its predecessor's; exposed for tests.
std::string entry_hash(const std::string& previous_hash, std::int64_t id, std::int64_t at,
                       const Event& event);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::audit
