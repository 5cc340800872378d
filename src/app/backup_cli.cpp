#include "app/backup_cli.hpp"

#include <iostream>

#include "audit/audit.hpp"
#include "store/backup.hpp"
#include "store/database.hpp"

namespace ploeg::app {

BackupCommands::BackupCommands(CLI::App& app) {
  backup_ = app.add_subcommand(
      "backup", "Copy the whole database to one file, while ploeg serves (restore: ploeg restore)");
  backup_->add_option("--out", out_, "the backup file to write (must not exist yet)")->required();
  restore_ = app.add_subcommand(
      "restore", "Put a backup into an empty database (--database), then verify its audit log");
  restore_->add_option("--from", from_, "the file ploeg backup wrote")
      ->required()
      ->check(CLI::ExistingFile);
}

std::optional<int> BackupCommands::run(const std::string& database) const {
  if (backup_->parsed()) {
    store::backup(database, out_);
    std::cout << "Backed up the database to " << out_ << ".\n";
    return 0;
  }
  if (!restore_->parsed()) return std::nullopt;
  store::restore(from_, database);
  auto db = store::Database::open(database);
  std::cout << "Restored " << from_ << " into " << db->url_for_display() << ".\n";
  auto verified = audit::verify(*db);
  if (verified.first_broken_id) {
    std::cerr << "ploeg: the restored audit log is broken at entry " << *verified.first_broken_id
              << ": " << verified.problem << "\n";
    return 1;
  }
  std::cout << "The audit log is intact: " << verified.checked << " entries verified.\n";
  return 0;
}

}  // namespace ploeg::app
