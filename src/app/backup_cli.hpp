// `ploeg backup --out FILE` (while ploeg serves) and
// `ploeg restore --from FILE --database URL` (into an empty database).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace ploeg::app {

class BackupCommands {
 public:
  // Adds the two subcommands to `app`.
  explicit BackupCommands(CLI::App& app);
  // The exit code when one of them was given, else nullopt. `database` is the
  // configured database URL. Runs before any migration: a backup changes
  // nothing and a restore needs the database empty.
  std::optional<int> run(const std::string& database) const;

 private:
  CLI::App* backup_ = nullptr;
  CLI::App* restore_ = nullptr;
  std::string out_;
  std::string from_;
};

}  // namespace ploeg::app
