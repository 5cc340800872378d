#include "app/platform.hpp"

#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "accounts/administration_feature.hpp"
#include "accounts/permissions.hpp"
#include "accounts/routes.hpp"
#include "accounts/store.hpp"
#include "advice/feature.hpp"
#include "advice/inbox.hpp"
#include "app/pages.hpp"
#include "audit/audit.hpp"
#include "casework/feature.hpp"
#include "casework/letter_pages.hpp"
#include "core/log.hpp"
#include "http/server.hpp"
#include "jobs/jobs.hpp"
#include "mail/outbox.hpp"
#include "mail/sender.hpp"
#include "organisation/acting_person.hpp"
#include "organisation/feature.hpp"
#include "staffing/feature.hpp"
#include "store/names.hpp"
#include "teamchoice/feature.hpp"
#include "web/site.hpp"
#include "weekplan/feature.hpp"
#include "workplace/feature.hpp"

namespace ploeg::app {
namespace {

// Writes the audit log's head to the server's log at start and every hour:
// a copy of the anchor outside the database (audit/audit.hpp).
class AuditHeadPublisher {
 public:
  explicit AuditHeadPublisher(store::Database& db)
      : thread_([this, &db](std::stop_token stop) {
          std::mutex mutex;
          std::unique_lock lock(mutex);
          while (!stop.stop_requested()) {
            try {
              auto head = audit::head(db);
              log::info("audit.head", {{"id", head.id}, {"hash", head.hash}});
            } catch (const std::exception& e) {
              log::warn("audit.head_failed", {{"error", e.what()}});
            }
            wakeup_.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
          }
        }) {}

 private:
  std::condition_variable_any wakeup_;
  std::jthread thread_;  // last: stopped and joined first
};

}  // namespace

store::Migrations all_migrations() {
  store::Migrations m;
  m.add({1, "platform: settings", R"(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)",
         ""});
  store::names::register_migrations(m);
  audit::register_migrations(m);
  jobs::register_migrations(m);  // 70: background jobs
  mail::register_migrations(m);  // 90: the outbox
  accounts::sql::register_migrations(m);
  // Each feature's tables (src/<feature>/feature.hpp); they run in number order.
  organisation::register_migrations(m);
  casework::register_migrations(m);
  staffing::register_migrations(m);  // 80: stored answers
  teamchoice::register_migrations(m);
  workplace::register_migrations(m);
  weekplan::register_migrations(m);
  advice::register_migrations(m);  // 110-119: proposals, working groups, the inbox
  accounts::administration::register_migrations(m);  // 50: one-time links
  return m;
}

std::unique_ptr<store::Database> open_and_migrate(const Config& config) {
  store::DatabaseOptions options;
  options.statement_timeout = std::chrono::seconds(config.statement_timeout_seconds);
  auto db = store::Database::open(config.database, options);
  auto applied = all_migrations().apply(*db);
  for (int number : applied) log::info("migration.applied", {{"number", number}});
  return db;
}

std::string organisation_name(const Config& config, store::Database& db) {
  if (!config.organisation_name.empty()) return config.organisation_name;
  auto lease = db.acquire();
  auto result = lease->query("SELECT value FROM settings WHERE name = 'organisation_name'");
  return result.empty() ? "ploeg" : result.rows[0].text(0);
}

void set_organisation_name(store::Database& db, const std::string& name,
                           const std::map<std::string, std::string>& by_language) {
  db.transaction([&](store::Connection& c) {
    c.query(
        "INSERT INTO settings (name, value) VALUES ('organisation_name', $1) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        {name});
    store::names::put(c, store::kinds::organisation, "name", by_language);
    audit::append(c, {"cli", "settings.organisation_name", "settings", name, "", ""});
  });
}

void register_all_routes(http::Router& router, store::Database& db, web::Site& site,
                         const std::filesystem::path& static_root,
                         const accounts::SessionPolicy& policy, http::Server*& server,
                         const std::string& metrics_token, jobs::Runner& runner) {
  register_pages(router, db, site, static_root, server, metrics_token, runner);
  accounts::register_routes(router, db, site, policy);
}

int serve(const Config& config) {
  // A wrong setting stops the start, before anything listens.
  auto trusted_proxies = http::TrustedProxies::parse(config.trusted_proxies);
  mail::SenderOptions mail_options;
  mail_options.smtp.url = config.smtp_url;
  mail_options.smtp.from = config.mail_from;
  mail_options.smtp.tls = config.smtp_tls;
  mail_options.smtp.user = config.smtp_user;
  mail_options.smtp.password = config.smtp_password;
  mail::check(mail_options.smtp);
  auto db = open_and_migrate(config);
  // Who acts, for every feature that asks (web::person): once, before any request.
  web::set_person_loader(organisation::person_loader(*db));
  // The organisation's names in the visitor's language, read once per request when asked.
  web::set_names_loader([&db = *db](const std::string& language) {
    auto lease = db.acquire();
    return store::names::load(*lease, language);
  });
  auto web_root = resolve_web_root(config);
  auto listen = parse_listen(config.listen);

  web::Site site(web::Views(web_root / "templates"), web::Catalogue::load(web_root / "locales"),
                 organisation_name(config, *db),
                 [](http::Request& request, const std::string& permission) {
                   return accounts::allows(request, web::visitor(request), permission);
                 });
  site.set_public_url(config.public_url);
  // A name set in the configuration is the name in every language.
  if (config.organisation_name.empty()) {
    site.set_organisation_names(
        store::names::of(*db->acquire(), store::kinds::organisation, "name"));
  }
  for (auto& problem : site.catalogue().problems()) {
    log::warn("catalogue.incomplete", {{"problem", problem}});
  }

  if (audit::seal(*db)) log::info("audit.sealed", {{"reason", "the key is new to this log"}});
  AuditHeadPublisher audit_head(*db);

  accounts::SessionPolicy policy{config.session_idle_minutes * 60, config.session_max_hours * 3600};
  // Long work runs on threads of its own (jobs/pool.hpp); declared before the
  // router and the server, it goes after them, letting its jobs end first.
  jobs::Runner runner(*db, config.job_threads);
  http::Router router;
  http::Server* server_ptr = nullptr;
  register_all_routes(router, *db, site, web_root / "static", policy, server_ptr,
                      config.metrics_token, runner);

  http::ServerHooks hooks;
  accounts::install_hooks(hooks, *db, site, policy);

  http::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.body_limit = config.body_limit;
  options.worker_threads = config.workers;
  options.trusted_proxies = std::move(trusted_proxies);
  http::Server server(options, router, hooks);
  server_ptr = &server;
  server.start();
  // Mail to citizens leaves from the outbox on a thread of its own; it stops
  // (and finishes the mail it is sending) before the database goes.
  mail_options.link_base = !config.public_url.empty()
                               ? config.public_url
                               : "http://" + listen.host + ":" + std::to_string(server.port());
  // The decision's letter goes with the mail that tells it.
  mail_options.attachments = [&db = *db, &site](const mail::Row& row) {
    return casework::mail_attachments(db, site, row);
  };
  mail::Sender mail_sender(*db, site.catalogue(), mail_options);
  mail_sender.start();
  // Each co-worker's daily digest of their inbox (advice/inbox.hpp), from 07:00.
  advice::DigestScheduler digests(*db, site.catalogue());
  log::info("listening", {{"host", listen.host},
                          {"port", server.port()},
                          {"database", db->url_for_display()},
                          {"url", "http://" + listen.host + ":" + std::to_string(server.port())}});
  server.run();
  web::set_person_loader(nullptr);  // the database goes with this function
  web::set_names_loader(nullptr);
  log::info("stopped");
  return 0;
}

}  // namespace ploeg::app
