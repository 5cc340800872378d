// The `ploeg` command: serve the web application, migrate, manage users,
// verify the audit log, create the demo organisation.
#include <CLI/CLI.hpp>

#include <termios.h>
#include <unistd.h>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "accounts/commands.hpp"
#include "app/audit_cli.hpp"
#include "app/backup_cli.hpp"
#include "app/capacity_cli.hpp"
#include "app/demo.hpp"
#include "app/exchange_cli.hpp"
#include "app/formation_cli.hpp"
#include "app/platform.hpp"
#include "app/roster_cli.hpp"
#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/editing.hpp"

namespace {

using namespace ploeg;

struct Flags {
  std::string config_file;
  std::optional<std::string> database, listen, web_root, log_level, organisation_name, public_url;
};

// PLOEG_NOW moves the application's calendar to another moment, from which
// it runs on at the real pace: for tests (a Saturday, a daylight-saving switch)
// and for showing the demo on a chosen day. Never set in production.
void start_clock() {
  const char* now = std::getenv("PLOEG_NOW");
  if (!now || !*now) return;
  auto moment = clock::parse_moment(now);
  if (!moment) {
    throw std::invalid_argument(std::string("PLOEG_NOW \"") + now +
                                "\": give a moment such as 2026-12-06T10:00:00+01:00");
  }
  clock::start_at(*moment);
  log::info("clock_moved", {{"now", local_minute(*moment)}, {"time_zone", time_zone_name()}});
}

Config load(const Flags& flags) {
  Config config;
  std::string file = flags.config_file;
  if (file.empty()) {
    if (const char* env = std::getenv("PLOEG_CONFIG"); env && *env) file = env;
  }
  if (!file.empty()) apply_toml_file(config, file);
  apply_environment(config, [](const char* name) { return std::getenv(name); });
  if (flags.database) config.database = *flags.database;
  if (flags.listen) config.listen = *flags.listen;
  if (flags.web_root) config.web_root = *flags.web_root;
  if (flags.log_level) config.log_level = *flags.log_level;
  if (flags.organisation_name) config.organisation_name = *flags.organisation_name;
  if (flags.public_url) config.public_url = *flags.public_url;
  config.public_url = checked_public_url(config.public_url);
  set_time_zone(config.time_zone);
  log::init(config.log_level);
  start_clock();
  // Every command that writes to the audit log seals with the same key.
  if (!config.audit_key_file.empty()) audit::use_key(audit::read_key_file(config.audit_key_file));
  return config;
}

// From standard input: one line when piped, or asked twice without echo on a terminal.
std::string read_password(bool from_stdin) {
  std::string password;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    std::getline(std::cin, password);
    return password;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~ECHO;
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string again;
  std::cerr << "Password: " << std::flush;
  std::getline(std::cin, password);
  std::cerr << "\nAgain: " << std::flush;
  std::getline(std::cin, again);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (password != again) throw std::invalid_argument("the two passwords are not the same");
  return password;
}

int report(const Outcome& outcome) {
  for (auto& e : outcome.errors) std::cerr << "ploeg: " << e.field << ": " << e.message << "\n";
  return outcome.ok() ? 0 : 1;
}

const Actor cli_actor = command_line_actor();

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ploeg: the software of a public service organised in self-managing teams"};
  app.set_version_flag("--version", std::string("ploeg ") + PLOEG_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  Flags flags;
  app.add_option("--config", flags.config_file, "TOML configuration file (or PLOEG_CONFIG)");
  app.add_option("--database", flags.database,
                 "sqlite:PATH or postgresql://USER@HOST:PORT/NAME (or PLOEG_DATABASE)");
  app.add_option("--web-root", flags.web_root,
                 "folder with templates, static and locales (or PLOEG_WEB_ROOT)");
  app.add_option("--log-level", flags.log_level, "debug, info, warn, error or off");
  app.add_option("--organisation-name", flags.organisation_name,
                 "the name shown in every page's header");

  auto* serve = app.add_subcommand("serve", "Serve the web application and the API");
  serve->add_option("--listen", flags.listen, "HOST:PORT to listen on (or PLOEG_LISTEN)");
  serve->add_option("--public-url", flags.public_url,
                    "where people reach ploeg, e.g. https://ploeg.example.org, for calendar "
                    "links (or PLOEG_PUBLIC_URL; default: the request's Host)");

  auto* migrate = app.add_subcommand("migrate", "Bring the database schema up to date");

  auto* user = app.add_subcommand("user", "Manage the accounts that sign in");
  user->require_subcommand(1);
  accounts::NewUser new_user;
  bool password_stdin = false;
  auto* user_add = user->add_subcommand("add", "Create an account");
  user_add->add_option("username", new_user.username, "lower-case letters, digits, . - _")
      ->required();
  user_add->add_option("--role", new_user.role, "admin, coach or coworker")->required();
  user_add->add_option("--display-name", new_user.display_name, "the name people see")->required();
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  std::string passwd_name;
  auto* user_passwd = user->add_subcommand("passwd", "Set an account's password");
  user_passwd->add_option("username", passwd_name)->required();
  user_passwd->add_flag("--password-stdin", password_stdin,
                        "read the password from standard input");
  auto* user_list = user->add_subcommand("list", "List the accounts");
  std::string link_name, link_email;
  auto* user_link =
      user->add_subcommand("link", "Say which person of the organisation an account is");
  user_link->add_option("username", link_name)->required();
  user_link->add_option("email", link_email, "the person's e-mail")->required();

  app::AuditCommands audit_commands(app);

  bool logins_only = false;
  auto* demo = app.add_subcommand("demo", "Create the demo organisation and print its logins");
  demo->add_flag("--logins-only", logins_only,
                 "only print the user names of an existing demo (its passwords were printed once)");
  app::DemoOptions demo_options;
  demo->add_option("--people", demo_options.people, "how many people the organisation has")
      ->check(CLI::Range(organisation::demo_min_people, 1'000'000))
      ->capture_default_str();
  demo->add_option("--seed", demo_options.seed, "the same seed gives the same organisation")
      ->capture_default_str();
  demo->add_flag("--no-history{false}", demo_options.history,
                 "leave out the year of citizens' requests (the organisation only)");

  // import FILE... [--dry-run], export --format csv|json [--out PATH]
  app::ExchangeCommands exchange(app);
  app::FormationCommand formation(app);
  app::CapacityCommands capacity(app);
  app::RosterCommand roster(app);
  app::BackupCommands backup(app);

  CLI11_PARSE(app, argc, argv);

  try {
    if (auto code = formation.run()) return *code;
    if (auto code = capacity.run()) return *code;
    if (auto code = roster.run()) return *code;
    if (auto code = audit_commands.run_without_database()) return *code;
    Config config = load(flags);
    if (serve->parsed()) return app::serve(config);
    if (auto code = backup.run(config.database)) return *code;
    auto db = app::open_and_migrate(config);
    if (migrate->parsed()) {
      std::cout << "The database schema is up to date (" << store::Migrations::applied(*db).size()
                << " migrations).\n";
      return 0;
    }
    if (user_add->parsed()) {
      new_user.password = read_password(password_stdin);
      if (int code = report(accounts::create_user(*db, new_user, cli_actor))) return code;
      std::cout << "Created " << new_user.username << " (" << new_user.role << ").\n";
      return 0;
    }
    if (user_passwd->parsed()) {
      auto password = read_password(password_stdin);
      if (int code = report(accounts::set_password(*db, passwd_name, password, cli_actor))) {
        return code;
      }
      std::cout << "Password set for " << passwd_name << "; their sessions have ended.\n";
      return 0;
    }
    if (user_list->parsed()) {
      for (auto& u : accounts::list_users(*db)) {
        std::cout << u.username << "\t" << u.role << "\t" << u.display_name << "\n";
      }
      return 0;
    }
    if (user_link->parsed()) {
      auto problem = organisation::editing::link_account(*db, link_name, link_email, "cli");
      if (!problem.empty()) {
        std::cerr << "ploeg: " << problem << "\n";
        return 1;
      }
      std::cout << link_name << " is now " << link_email
                << ": they edit their own profile and their teams' pages.\n";
      return 0;
    }
    if (auto code = audit_commands.run(*db)) return *code;
    if (demo->parsed()) return app::create_demo(*db, logins_only, demo_options);
    if (auto code = exchange.run(*db)) return *code;
  } catch (const std::exception& e) {
    std::cerr << "ploeg: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
