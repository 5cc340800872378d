#include "app/demo.hpp"

#include <iostream>

#include "accounts/commands.hpp"
#include "app/platform.hpp"

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

}  // namespace

int create_demo(store::Database& db, bool logins_only) {
  if (!logins_only) {
    set_organisation_name(db, "Demo Allowance Agency");
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
