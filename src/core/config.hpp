// Configuration, from lowest to highest precedence: built-in defaults, a TOML
// file, environment variables (PLOEG_*), command-line flags.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace ploeg {

struct Config {
  std::string database = "sqlite:ploeg.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_root;           // templates, static files, locales; empty: found at start
  std::string organisation_name;  // empty: the name stored in the database
  // Where people reach ploeg ("https://ploeg.example.org"), for links that
  // leave the browser, such as a calendar feed. Empty: the request's Host.
  std::string public_url;
  // The organisation's time zone (IANA name): what "today" is, and how every
  // date and time is shown and read.
  std::string time_zone = "Europe/Brussels";
  std::string log_level = "info";
  std::size_t body_limit = 1024 * 1024;
  std::size_t workers = 8;
  // Threads for long work (week proposals, staffing, the team-choice
  // optimiser), apart from the workers that answer pages (jobs/pool.hpp).
  std::size_t job_threads = 2;
  // PostgreSQL: a statement running longer is cancelled, so a hung query
  // cannot hold a worker.
  std::size_t statement_timeout_seconds = 30;
  std::int64_t session_idle_minutes = 120;  // signed out after this long without a request
  std::int64_t session_max_hours = 12;      // and after this long whatever happens
  // Proxies in front of ploeg whose X-Forwarded-For/-Proto are believed:
  // addresses or networks, "127.0.0.1, 10.0.0.0/8". Empty: none, the peer
  // is the client.
  std::string trusted_proxies;
  // A secret a metrics scraper sends as "Authorization: Bearer ..." to read
  // /metrics without signing in. Empty: only administrators read it.
  std::string metrics_token;
  // A file holding the key that seals the audit log's chain (see
  // audit/audit.hpp). Kept outside the database so that whoever can write the
  // database cannot rewrite the log unnoticed. Empty: the chain is unkeyed.
  std::string audit_key_file;
  // Mail to citizens (mail/sender.hpp): the SMTP server, as smtp://host:port
  // or smtps://host:port; empty: mail is kept in the outbox and not sent.
  std::string smtp_url;
  std::string mail_from;  // the sender's address, noreply@agency.example.be
  // none (plain, for a server on this machine), starttls (upgrade when
  // offered), required (STARTTLS or smtps://, else nothing is sent).
  std::string smtp_tls = "required";
  // Only from the environment (PLOEG_SMTP_USER, PLOEG_SMTP_PASSWORD), so
  // that a secret is not in a file that is shown or copied.
  std::string smtp_user;
  std::string smtp_password;
};

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0". Throws std::invalid_argument
// saying what is wrong.
ListenAddress parse_listen(const std::string& text);

// public_url as given, without a trailing slash; empty stays empty. Throws
// std::invalid_argument saying what is wrong: not http(s), no host, a
// space, a query or a fragment.
std::string checked_public_url(const std::string& text);

// Applies a TOML file. Unknown keys and wrong types are errors that name the
// key and the file (std::invalid_argument).
void apply_toml_file(Config& config, const std::filesystem::path& file);

// Applies PLOEG_DATABASE, PLOEG_LISTEN, PLOEG_WEB_ROOT, PLOEG_ORGANISATION_NAME,
// PLOEG_PUBLIC_URL, PLOEG_TIME_ZONE, PLOEG_LOG_LEVEL, PLOEG_BODY_LIMIT, PLOEG_WORKERS,
// PLOEG_TRUSTED_PROXIES, PLOEG_METRICS_TOKEN, PLOEG_AUDIT_KEY_FILE, PLOEG_SMTP_URL,
// PLOEG_MAIL_FROM, PLOEG_SMTP_TLS, PLOEG_SMTP_USER, PLOEG_SMTP_PASSWORD. `getenv` is
// injectable for tests.
using EnvLookup = std::function<const char*(const char*)>;
void apply_environment(Config& config, const EnvLookup& getenv);

// The web folder: the configured one, else ./web, else the source tree's.
std::filesystem::path resolve_web_root(const Config& config);

}  // namespace ploeg
