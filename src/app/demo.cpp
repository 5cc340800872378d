#include "app/demo.hpp"

#include <iostream>

#include "accounts/commands.hpp"
#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/directory.hpp"
#include "organisation/store.hpp"

namespace ploeg::app {
namespace {

struct DemoLogin {
  const char* username;
  const char* display_name;
  const char* role;
  const char* password;  // demo only: printed for the newcomer, never used in production
};

const DemoLogin logins[] = {
    {"admin", "Demo Administrator", "admin", "demo-admin-ploeg"},
    {"coach", "Demo Coach", "coach", "demo-coach-ploeg"},
    {"coworker", "Demo Co-worker", "coworker", "demo-coworker-ploeg"},
};

// Generates and saves the organisation in one transaction, unless people are
// there already: a second `ploeg demo` must not double the organisation.
void create_organisation(store::Database& db, const DemoOptions& options) {
  if (organisation::sql::count_people(*db.acquire()) > 0) {
    std::cerr << "Demo organisation: the database already holds people; nothing generated.\n";
    return;
  }
  auto generated = organisation::generate_demo(options.people, options.seed);
  bool saved = db.transaction([&](store::Connection& c) {
    if (organisation::sql::count_people(c) > 0) return false;  // another process was quicker
    organisation::sql::save(c, generated);
    organisation::directory::reindex_people(c);
    audit::append(
        c,
        {"cli:demo", "organisation.demo", "organisation",
         std::to_string(options.people) + " people, seed " + std::to_string(options.seed), "", ""});
    return true;
  });
  if (!saved) return;
  std::cerr << "Demo organisation: " << generated.people.size() << " people, "
            << generated.teams.size() << " teams, " << generated.regions.size() << " regions (seed "
            << options.seed << ")\n";
}

}  // namespace

int create_demo(store::Database& db, bool logins_only, const DemoOptions& options) {
  if (!logins_only) {
    set_organisation_name(db, "Demo Allowance Agency");
    create_organisation(db, options);
    for (auto& login : logins) {
      auto errors = accounts::create_user(
          db, {login.username, login.display_name, login.role, login.password},
          {"cli:demo", "", ""});
      // An existing account is fine: the demo may be created over an old one.
      for (auto& e : errors) {
        if (e.key != "user_name_taken") {
          std::cerr << "ploeg: demo user " << login.username << ": " << e.message << "\n";
          return 1;
        }
      }
    }
  }
  std::cout << "\nDemo logins (user name / password):\n";
  for (auto& login : logins) {
    std::cout << "  " << login.role << ":\t" << login.username << " / " << login.password << "\n";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace ploeg::app
