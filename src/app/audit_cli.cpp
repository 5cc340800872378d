#include "app/audit_cli.hpp"

#include <iostream>

#include "audit/audit.hpp"

namespace ploeg::app {

AuditCommands::AuditCommands(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  verify_ = audit->add_subcommand(
      "verify",
      "Check that no entry was edited, removed or reordered (with audit_key_file: "
      "also that each was sealed with the key)");
  verify_->add_option("--anchor", anchor_text_,
                      "ID:HASH printed earlier by `ploeg audit anchor`: prove that nothing up to "
                      "that entry changed and that it was not cut");
  anchor_ = audit->add_subcommand(
      "anchor",
      "Print the newest entry as ID:HASH, to keep somewhere the database's writers "
      "cannot reach");
  new_key_ = audit->add_subcommand(
      "new-key", "Write a new random key for sealing the log (set audit_key_file to it)");
  new_key_->add_option("--out", key_out_, "the key file to create")->required();
}

std::optional<int> AuditCommands::run_without_database() const {
  if (!new_key_->parsed()) return std::nullopt;
  audit::write_new_key_file(key_out_);
  std::cout << "Wrote a new audit key to " << key_out_
            << ". Set audit_key_file (or PLOEG_AUDIT_KEY_FILE) to it, keep a copy apart from "
               "the database's backups: without it the sealed entries cannot be checked.\n";
  return 0;
}

std::optional<int> AuditCommands::run(store::Database& db) const {
  if (anchor_->parsed()) {
    std::cout << audit::to_string(audit::head(db)) << "\n";
    return 0;
  }
  if (!verify_->parsed()) return std::nullopt;
  std::optional<audit::Anchor> anchor;
  if (!anchor_text_.empty()) {
    anchor = audit::parse_anchor(anchor_text_);
    if (!anchor) {
      std::cerr << "ploeg: --anchor \"" << anchor_text_
                << "\" is not ID:HASH as `ploeg audit anchor` prints it (a number, a colon, 64 "
                   "hexadecimal digits)\n";
      return 2;
    }
  }
  auto result = audit::verify(db, anchor);
  if (result.first_broken_id) {
    std::cerr << "ploeg: the audit log is broken at entry " << *result.first_broken_id << ": "
              << result.problem << " (" << result.checked << " entries before it are intact)\n";
    return 1;
  }
  std::cout << "The audit log is intact: " << result.checked << " entries verified";
  if (result.sealed > 0) std::cout << ", " << result.sealed << " of them sealed with the key";
  if (anchor) std::cout << ", entry " << anchor->id << " is the one anchored";
  std::cout << ".\n";
  return 0;
}

}  // namespace ploeg::app
