// Reading the audit log, for administrators: entries filtered by who, what,
// when and about what, a page at a time, newest first; and the same as CSV,
// each cell neutralised against formula injection. Looking is itself audited
// ("audit.view", "audit.export"), in the same transaction as the read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"

namespace ploeg::audit::viewer {

inline constexpr std::size_t max_filter = 200;     // characters of one filter
inline constexpr std::int64_t page_size = 50;      // entries on a page
inline constexpr std::int64_t max_limit = 500;     // entries asked for at once (API)
inline constexpr std::int64_t max_export = 10000;  // entries in one CSV

struct Filter {
  std::string actor;    // part of "user:NAME", "cli", ... (case-insensitive)
  std::string action;   // part of "account.disable", ...
  std::string subject;  // part of "user:NAME", ...
  std::string from;     // first day, "YYYY-MM-DD" in the organisation's zone; "" none
  std::string to;       // last day, included
  // Only entries up to this id (0: all): a list read page by page stays the
  // same list while new entries (the looking itself) are appended.
  std::int64_t until = 0;
};

struct Found : Outcome {
  std::vector<Entry> entries;  // newest first
  std::int64_t total = 0;      // matching the filter
  std::int64_t newest = 0;     // the newest matching id: `until` for the next pages
};

// Invalid (field by field) for a filter too long or a day that is no date;
// forbidden unless the actor is an administrator. Audited as "audit.view".
Found view(store::Database& db, const Actor& actor, const Filter& filter, std::int64_t limit,
           std::int64_t offset);
// Up to max_export entries as CSV (RFC 4180, a header row), audited as "audit.export".
struct Exported : Outcome {
  std::string csv;
  std::int64_t rows = 0;
};
Exported export_csv(store::Database& db, const Actor& actor, const Filter& filter);

// A cell of a CSV file: text that a spreadsheet would read as a formula (it
// starts with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe; then quoted when it holds a comma, quote or line break.
std::string csv_cell(const std::string& text);

// The filter in words, for the audit entry of looking ("actor=user:an; from=2026-12-01").
std::string describe(const Filter& filter);

}  // namespace ploeg::audit::viewer
