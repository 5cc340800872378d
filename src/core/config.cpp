#include "core/config.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <stdexcept>

namespace ploeg {
namespace {

std::size_t parse_size(const std::string& name, const std::string& text) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
    throw std::invalid_argument(name + " must be a positive whole number, not \"" + text + "\"");
  }
  return value;
}

void check_smtp_tls(const std::string& where, const std::string& value) {
  if (value != "none" && value != "starttls" && value != "required") {
    throw std::invalid_argument(where + ": smtp_tls must be none, starttls or required, not \"" +
                                value + "\"");
  }
}

}  // namespace

ListenAddress parse_listen(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw std::invalid_argument("listen address \"" + text + "\" should look like [::1]:8080");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument("listen address \"" + text +
                                  "\" needs a port, like 127.0.0.1:8080");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc() || end != port.data() + port.size() ||
      value > 65535) {
    throw std::invalid_argument("listen address \"" + text +
                                "\" should be HOST:PORT with a port from 0 to 65535");
  }
  return {host, static_cast<std::uint16_t>(value)};
}

void apply_toml_file(Config& config, const std::filesystem::path& file) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw std::invalid_argument(file.string() + ":" + std::to_string(where.line) + ":" +
                                std::to_string(where.column) + ": " + std::string(e.description()));
  }
  auto text = [&](const std::string& key, std::string& target) {
    if (auto node = table[key]) {
      auto value = node.value<std::string>();
      if (!value) throw std::invalid_argument(file.string() + ": " + key + " must be a string");
      target = *value;
    }
  };
  auto number = [&](const std::string& key, auto& target) {
    if (auto node = table[key]) {
      auto value = node.value<std::int64_t>();
      if (!value || *value <= 0) {
        throw std::invalid_argument(file.string() + ": " + key + " must be a positive integer");
      }
      target = static_cast<std::remove_reference_t<decltype(target)>>(*value);
    }
  };
  static const char* known[] = {"database",          "listen",
                                "web_root",          "organisation_name",
                                "public_url",        "time_zone",
                                "log_level",         "body_limit",
                                "workers",           "session_idle_minutes",
                                "session_max_hours", "trusted_proxies",
                                "metrics_token",     "audit_key_file",
                                "job_threads",       "statement_timeout_seconds",
                                "smtp_url",          "mail_from",
                                "smtp_tls"};
  for (auto& [key, value] : table) {
    bool found = false;
    for (auto* k : known) found = found || key.str() == k;
    if (!found) {
      throw std::invalid_argument(file.string() + ": unknown setting \"" + std::string(key.str()) +
                                  "\"");
    }
  }
  text("database", config.database);
  text("listen", config.listen);
  text("web_root", config.web_root);
  text("organisation_name", config.organisation_name);
  text("public_url", config.public_url);
  text("time_zone", config.time_zone);
  text("log_level", config.log_level);
  text("trusted_proxies", config.trusted_proxies);
  text("metrics_token", config.metrics_token);
  text("audit_key_file", config.audit_key_file);
  text("smtp_url", config.smtp_url);
  text("mail_from", config.mail_from);
  text("smtp_tls", config.smtp_tls);
  check_smtp_tls(file.string(), config.smtp_tls);
  number("body_limit", config.body_limit);
  number("workers", config.workers);
  number("job_threads", config.job_threads);
  number("statement_timeout_seconds", config.statement_timeout_seconds);
  number("session_idle_minutes", config.session_idle_minutes);
  number("session_max_hours", config.session_max_hours);
}

void apply_environment(Config& config, const EnvLookup& getenv) {
  auto text = [&](const char* name, std::string& target) {
    if (const char* value = getenv(name); value && *value) target = value;
  };
  text("PLOEG_DATABASE", config.database);
  text("PLOEG_LISTEN", config.listen);
  text("PLOEG_WEB_ROOT", config.web_root);
  text("PLOEG_ORGANISATION_NAME", config.organisation_name);
  text("PLOEG_PUBLIC_URL", config.public_url);
  text("PLOEG_TIME_ZONE", config.time_zone);
  text("PLOEG_LOG_LEVEL", config.log_level);
  text("PLOEG_TRUSTED_PROXIES", config.trusted_proxies);
  text("PLOEG_METRICS_TOKEN", config.metrics_token);
  text("PLOEG_AUDIT_KEY_FILE", config.audit_key_file);
  text("PLOEG_SMTP_URL", config.smtp_url);
  text("PLOEG_MAIL_FROM", config.mail_from);
  text("PLOEG_SMTP_TLS", config.smtp_tls);
  check_smtp_tls("PLOEG_SMTP_TLS", config.smtp_tls);
  text("PLOEG_SMTP_USER", config.smtp_user);
  text("PLOEG_SMTP_PASSWORD", config.smtp_password);
  if (const char* v = getenv("PLOEG_BODY_LIMIT"); v && *v) {
    config.body_limit = parse_size("PLOEG_BODY_LIMIT", v);
  }
  if (const char* v = getenv("PLOEG_WORKERS"); v && *v) {
    config.workers = parse_size("PLOEG_WORKERS", v);
  }
  if (const char* v = getenv("PLOEG_JOB_THREADS"); v && *v) {
    config.job_threads = parse_size("PLOEG_JOB_THREADS", v);
  }
  if (const char* v = getenv("PLOEG_STATEMENT_TIMEOUT_SECONDS"); v && *v) {
    config.statement_timeout_seconds = parse_size("PLOEG_STATEMENT_TIMEOUT_SECONDS", v);
  }
}

std::string checked_public_url(const std::string& text) {
  if (text.empty()) return text;
  auto refuse = [&](const std::string& why) {
    throw std::invalid_argument("public_url \"" + text + "\": " + why +
                                "; give it as https://host[:port][/path]");
  };
  auto scheme = text.find("://");
  if (scheme == std::string::npos ||
      (text.compare(0, scheme, "http") != 0 && text.compare(0, scheme, "https") != 0)) {
    refuse("it must start with https:// or http://");
  }
  auto rest = text.substr(scheme + 3);
  if (rest.empty() || rest[0] == '/') refuse("it names no host");
  for (char ch : rest) {
    if (ch == '?' || ch == '#') refuse("it may not hold a query or a fragment");
    if (static_cast<unsigned char>(ch) <= ' ') refuse("it may not hold spaces");
  }
  auto out = text;
  while (out.back() == '/') out.pop_back();
  return out;
}

std::filesystem::path resolve_web_root(const Config& config) {
  if (!config.web_root.empty()) return config.web_root;
  if (std::filesystem::exists("web/templates")) return std::filesystem::absolute("web");
  return PLOEG_SOURCE_WEB_DIR;
}

}  // namespace ploeg
