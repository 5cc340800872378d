// Import and export of people, teams and memberships, as CSV (one file per
// kind, recognised by its columns) or as one JSON document.
//
// An import is checked whole first, against the database and across all its
// files together; every problem is reported with its file, line and column
// (JSON: its path) and then nothing is written. A good import is applied in
// one transaction: records are upserted by natural key (person e-mail, team
// code, e-mail + team), records not in the files are left alone, the search
// index is rebuilt and one audit entry is written. The catalogue
// (competences, regions, roles) is never imported: it must already exist;
// its names in Dutch, French and English (and the teams') are, as names
// records (names.csv, or "names" in the JSON document).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "organisation/model.hpp"
#include "store/database.hpp"

namespace ploeg::organisation::exchange {

struct InputFile {
  std::string name;  // shown in problems: "people.csv"
  std::string content;
};

struct Problem {
  std::string file;
  std::size_t line = 0;  // 0: no line (a JSON value is named by its path)
  std::string column;    // CSV column, or JSON path ("people[3].email"); may be empty
  std::string message;
  bool operator==(const Problem&) const = default;
};

// "people.csv:4: column email: ..." or "org.json: people[3].email: ...".
std::string describe(const Problem& problem);

struct Counts {
  std::size_t added = 0;
  std::size_t changed = 0;
  std::size_t unchanged = 0;
  bool operator==(const Counts&) const = default;
};

struct ImportOptions {
  bool dry_run = false;  // check only, write nothing
  std::string actor = "cli";
  std::string remote_address;
  std::string request_id;
};

struct ImportResult {
  std::vector<Problem> problems;  // empty: the import is good
  Counts people, teams, memberships, names;
  bool written = false;  // it was applied (good and not a dry run)
  bool ok() const { return problems.empty(); }
  // "people: 0 added, 0 changed, 300 unchanged; teams: ...; memberships: ..."
  // and, when the files had names, "; names: ..."
  std::string summary() const;
};

// Checks `files` together and, when they are good and it is not a dry run,
// applies them in one transaction. Throws store::DatabaseError only when the
// database fails.
ImportResult import_files(store::Database& db, const std::vector<InputFile>& files,
                          const ImportOptions& options = {});

// Byte-for-byte deterministic exports of an organisation in canonical order
// (as organisation::sql::load returns it). CSV rows end in CRLF.
// For co-workers, the exports leave out what is personal: e-mail addresses
// (people are named), home postcodes, FTE and membership shares.
// Administrators get everything, as an import needs it.
enum class Audience { administrator, coworker };
// Cells that a spreadsheet would run as a formula are neutralised
// (csv::spreadsheet_safe) and read back unchanged by the import.
std::string people_csv(const Organisation& organisation,
                       Audience audience = Audience::administrator);
std::string teams_csv(const Organisation& organisation,
                      Audience audience = Audience::administrator);
std::string memberships_csv(const Organisation& organisation,
                            Audience audience = Audience::administrator);
// The names of competences, regions, star roles and teams by language
// (columns kind, code, language, name), by kind, code and language.
std::string names_csv(const Organisation& organisation);
std::string to_json(const Organisation& organisation);

// "0.8", "1", "0.125": FTE as the shortest decimal, whatever the locale.
std::string fte_decimal(int permille);

}  // namespace ploeg::organisation::exchange
