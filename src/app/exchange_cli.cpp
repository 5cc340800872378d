#include "app/exchange_cli.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/files.hpp"
#include "organisation/exchange.hpp"
#include "organisation/store.hpp"

namespace ploeg::app {
namespace {

namespace exchange = organisation::exchange;

using files::read_whole;
using files::write_whole;

int run_import(store::Database& db, const std::vector<std::string>& paths, bool dry_run) {
  std::vector<exchange::InputFile> files;
  for (auto& path : paths) files.push_back({path, read_whole(path)});
  exchange::ImportOptions options;
  options.dry_run = dry_run;
  options.actor = "cli";
  auto result = exchange::import_files(db, files, options);
  if (!result.ok()) {
    for (auto& p : result.problems) std::cerr << exchange::describe(p) << "\n";
    std::cerr << "ploeg: " << result.problems.size()
              << (result.problems.size() == 1 ? " problem" : " problems")
              << "; nothing was imported. Correct the files and run the import again.\n";
    return 1;
  }
  std::cout << (dry_run ? "Checked, nothing imported: " : "Imported: ") << result.summary()
            << ".\n";
  return 0;
}

int run_export(store::Database& db, const std::string& format, const std::string& out) {
  auto o = organisation::sql::load(*db.acquire());
  if (format == "json") {
    auto json = exchange::to_json(o);
    if (out.empty()) {
      std::cout << json;
    } else {
      write_whole(out, json);
    }
    return 0;
  }
  if (out.empty()) throw std::invalid_argument("export --format csv needs --out DIR");
  std::filesystem::create_directories(out);
  write_whole(std::filesystem::path(out) / "people.csv", exchange::people_csv(o));
  write_whole(std::filesystem::path(out) / "teams.csv", exchange::teams_csv(o));
  write_whole(std::filesystem::path(out) / "memberships.csv", exchange::memberships_csv(o));
  write_whole(std::filesystem::path(out) / "names.csv", exchange::names_csv(o));
  std::cout << "Exported " << o.people.size() << " people, " << o.teams.size() << " teams and "
            << o.memberships.size() << " memberships to " << out << ".\n";
  return 0;
}

}  // namespace

ExchangeCommands::ExchangeCommands(CLI::App& app) {
  import_ = app.add_subcommand(
      "import", "Import people, teams and memberships from CSV or JSON files (checked together)");
  import_
      ->add_option("files", files_,
                   "people.csv, teams.csv, memberships.csv, names.csv or a JSON export")
      ->required()
      ->check(CLI::ExistingFile);
  import_->add_flag("--dry-run", dry_run_, "check only: report problems, write nothing");
  export_ = app.add_subcommand("export", "Export people, teams and memberships");
  export_->add_option("--format", format_, "csv (four files in --out DIR) or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  export_->add_option("--out", out_, "the folder (csv) or file (json; default standard output)");
}

std::optional<int> ExchangeCommands::run(store::Database& db) const {
  if (import_->parsed()) return run_import(db, files_, dry_run_);
  if (export_->parsed()) return run_export(db, format_, out_);
  return std::nullopt;
}

}  // namespace ploeg::app
