// `ploeg import FILE... [--dry-run]` and `ploeg export --format csv|json [--out PATH]`.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::app {

class ExchangeCommands {
 public:
  // Adds the two subcommands to `app`.
  explicit ExchangeCommands(CLI::App& app);
  // The exit code when one of them was given, else nullopt.
  std::optional<int> run(store::Database& db) const;

 private:
  CLI::App* import_ = nullptr;
  CLI::App* export_ = nullptr;
  std::vector<std::string> files_;
  bool dry_run_ = false;
  std::string format_ = "json";
  std::string out_;
};

}  // namespace ploeg::app
