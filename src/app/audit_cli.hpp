// `ploeg audit verify [--anchor ID:HASH]`, `ploeg audit anchor` and
// `ploeg audit new-key --out FILE` (see audit/audit.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "store/database.hpp"

namespace ploeg::app {

class AuditCommands {
 public:
  explicit AuditCommands(CLI::App& app);
  // new-key needs no database: its exit code when it was given, else nullopt.
  std::optional<int> run_without_database() const;
  // The exit code when verify or anchor was given, else nullopt.
  std::optional<int> run(store::Database& db) const;

 private:
  CLI::App* verify_ = nullptr;
  CLI::App* anchor_ = nullptr;
  CLI::App* new_key_ = nullptr;
  std::string anchor_text_;
  std::string key_out_;
};

}  // namespace ploeg::app
