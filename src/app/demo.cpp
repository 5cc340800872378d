#include "app/demo.hpp"

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "accounts/commands.hpp"
#include "advice/demo.hpp"
#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "casework/demo_history.hpp"
#include "casework/letter.hpp"
#include "casework/process.hpp"
#include "casework/review.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/directory.hpp"
#include "organisation/editing.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"
#include "weekplan/store.hpp"
#include "weekplan/work_days.hpp"
#include "workplace/booking.hpp"

namespace ploeg::app {
namespace {

struct DemoLogin {
  const char* username;
  const char* display_name;
  const char* role;
};

// No passwords here: each database's are drawn when its accounts are made,
// printed that once and stored only as hashes (anyone who read a fixed one
// in the source could sign in to every demo as its administrator).
const DemoLogin logins[] = {
    {"admin", "Demo Administrator", "admin"},
    {"coach", "Demo Coach", "coach"},
    {"coworker", "Demo Co-worker", "coworker"},
};

// The person each demo login is: the coach of the first regional team and a
// member of that team, so the co-worker can edit their own team's page.
// The administrator is nobody in particular.
std::optional<std::string> demo_person(store::Connection& c, const std::string& role) {
  auto team = c.query(
      "SELECT t.id, p.email FROM teams t LEFT JOIN people p ON p.id = t.coach_id WHERE t.kind = "
      "'regional' ORDER BY t.code LIMIT 1");
  if (team.empty()) return std::nullopt;
  if (role == "coach") return team.rows[0].optional_text(1);
  if (role != "coworker") return std::nullopt;
  auto member = c.query(
      "SELECT p.email FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.team_id = $1 "
      "ORDER BY p.email LIMIT 1",
      {team.rows[0].integer(0)});
  if (member.empty()) return std::nullopt;
  return member.rows[0].text(0);
}

// Links each demo login that has no person yet; prints who they are.
void link_logins(store::Database& db) {
  db.transaction([&](store::Connection& c) {
    for (auto& login : logins) {
      auto user = c.query("SELECT id FROM users WHERE username = $1", {login.username});
      if (user.empty()) continue;
      auto user_id = user.rows[0].integer(0);
      if (organisation::editing::person_of_account(c, user_id)) continue;
      auto email = demo_person(c, login.role);
      if (!email || !organisation::editing::link_account(c, user_id, *email)) continue;
      audit::append(
          c, {"cli:demo", "account.link", "user:" + std::string(login.username), *email, "", ""});
    }
    return true;
  });
}

std::string person_name(store::Database& db, const std::string& username) {
  auto found = db.acquire()->query(
      "SELECT p.name FROM users u JOIN account_people a ON a.user_id = u.id JOIN people p ON p.id "
      "= a.person_id WHERE u.username = $1",
      {username});
  return found.empty() ? "" : found.rows[0].text(0);
}

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
    for (auto& n : organisation::demo_role_texts()) {
      store::names::put(c, n.kind, n.code, {{n.language, n.name}});
    }
    organisation::directory::reindex_people(c);
    workplace::create_demo_places(c);   // an office per region, a neighbourhood per team
    weekplan::create_demo_rules(c);     // intake in the office every day, a doctor twice a week
    weekplan::create_demo_days_off(c);  // part-timers' standing days off
    weekplan::create_demo_appointments(c, today(), now_seconds());
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

// The agency's default process, unless one is defined already.
void create_process(store::Database& db) {
  db.transaction([&](store::Connection& c) {
    if (!casework::sql::load_process(c).types.empty()) return false;
    auto process = casework::default_process();
    casework::sql::save_process(c, process);
    for (auto& n : casework::default_process_names()) {
      store::names::put(c, n.kind, n.code, {{n.language, n.name}});
    }
    // What its decision letters cite: a legal basis, the labour court within three months.
    for (auto& t : process.types) {
      casework::sql::save_letter_terms(c, t.code, casework::demo_letter_terms(t.code));
      // Amounts granted, and when a second co-worker confirms (review.hpp).
      casework::sql::save_review_rule(c, t.code, casework::demo_review_rule(t.code));
    }
    audit::append(c,
                  {"cli:demo", "casework.process", "process",
                   std::to_string(process.types.size()) + " request types (the default)", "", ""});
    return true;
  });
}

// A year of citizens' requests for the dashboard, unless there are requests
// already: a second `ploeg demo` adds none.
void create_history(store::Database& db, const DemoOptions& options) {
  casework::history::Options history;
  history.seed = options.seed;
  history.now = now_seconds();
  auto summary = casework::history::create(db, history, [](std::int64_t done, std::int64_t all) {
    std::cerr << "Demo history: " << done << " of " << all << " requests...\n";
  });
  if (!summary) {
    std::cerr << "Demo history: the database already holds requests; nothing generated.\n";
    return;
  }
  char seconds[64];
  std::snprintf(seconds, sizeof seconds, "%.1f s (figures %.1f s)", summary->seconds,
                summary->figures_seconds);
  std::cerr << "Demo history: " << summary->requests << " requests over twelve months ("
            << summary->open << " open), " << summary->events << " events, in " << seconds << "\n";
}

// A year of proposals, advice and working groups, unless there are some already.
void create_advice(store::Database& db, const DemoOptions& options) {
  auto made = advice::create_demo_advice(db, now_seconds(), options.seed);
  if (!made) return;
  std::cerr << "Demo advice process: " << made->proposals << " proposals, " << made->advice
            << " pieces of advice, " << made->groups << " working groups\n";
}

// The demo writes fixed-looking data and accounts: never into a real
// organisation. A database is the demo's when it is empty or the demo made
// its organisation (its "organisation.demo" audit entry).
std::optional<std::string> not_the_demos(store::Database& db) {
  auto lease = db.acquire();
  if (!lease->query("SELECT 1 FROM audit_log WHERE action = 'organisation.demo' LIMIT 1").empty()) {
    return std::nullopt;
  }
  for (auto [table, what] : {std::pair{"people", "people"}, std::pair{"users", "accounts"},
                             std::pair{"requests", "citizens' requests"}}) {
    if (!lease->query(std::string("SELECT 1 FROM ") + table + " LIMIT 1").empty()) return what;
  }
  return std::nullopt;
}

}  // namespace

int create_demo(store::Database& db, bool logins_only, const DemoOptions& options) {
  if (auto found = not_the_demos(db)) {
    std::cerr << "ploeg: this database (" << db.url_for_display() << ") holds " << *found
              << " the demo did not make; the demo only goes into a fresh database. Start one "
                 "with, for example, `ploeg demo --database sqlite:ploeg-demo.db`.\n";
    return 1;
  }
  std::map<std::string, std::string> passwords;  // user name -> the password just made
  if (!logins_only) {
    set_organisation_name(db, "Demo Allowance Agency",
                          {{"nl", "Agentschap Tegemoetkomingen (demo)"},
                           {"fr", "Agence des allocations (démo)"},
                           {"en", "Demo Allowance Agency"}});
    create_organisation(db, options);
    create_process(db);
    if (options.history) create_history(db, options);
    create_advice(db, options);
    for (auto& login : logins) {
      // The co-worker and the coach go by the name of the person they are.
      std::string display_name = login.display_name;
      {
        auto lease = db.acquire();
        if (auto email = demo_person(*lease, login.role)) {
          auto found = lease->query("SELECT name FROM people WHERE email = $1", {*email});
          if (!found.empty()) display_name = found.rows[0].text(0);
        }
      }
      auto demo = command_line_actor();
      demo.name = "cli:demo";
      auto password = crypto::random_password();
      auto errors =
          accounts::create_user(db, {login.username, display_name, login.role, password}, demo);
      // An existing account is fine: the demo may be run again on its own
      // database. Its password was printed when it was made.
      bool taken = false;
      for (auto& e : errors.errors) {
        if (e.key == "user_name_taken") {
          taken = true;
          continue;
        }
        std::cerr << "ploeg: demo user " << login.username << ": " << e.message << "\n";
        return 1;
      }
      if (!taken) passwords[login.username] = password;
    }
    link_logins(db);
    // PostgreSQL plans from statistics, which tables filled in one
    // transaction do not have yet: the dashboard took seconds without them.
    if (db.dialect() == store::Dialect::postgresql) db.acquire()->query("ANALYZE");
  }
  std::cout << "\nDemo logins (user name / password):\n";
  bool unknown = false, any = false;
  for (auto& login : logins) {
    if (db.acquire()->query("SELECT 1 FROM users WHERE username = $1", {login.username}).empty()) {
      continue;
    }
    any = true;
    std::cout << "  " << login.role << ":\t" << login.username;
    if (auto made = passwords.find(login.username); made != passwords.end()) {
      std::cout << " / " << made->second;
    } else {
      unknown = true;
    }
    auto name = person_name(db, login.username);
    if (!name.empty()) std::cout << "\t(" << name << ")";
    std::cout << "\n";
  }
  if (!any) {
    std::cout << "  none yet: `ploeg demo` without --logins-only makes them.\n";
  } else if (unknown) {
    std::cout << "The passwords of accounts made earlier were printed once, when they were made, "
                 "and are not kept readable. Give one a new password with `ploeg user passwd "
                 "<user name> --database "
              << db.url_for_display() << "`.\n";
  } else {
    std::cout << "These passwords are shown only now: note them.\n";
  }
  std::cout << "\n";
  return 0;
}

}  // namespace ploeg::app
