#include "web/rate_limit.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ploeg::web {
namespace {

std::string key_hash(const RateLimit& limit, std::string_view key) {
  return crypto::sha256_hex(std::string(limit.name) + '\n' + std::string(key));
}

std::int64_t wait_at(store::Connection& c, const RateLimit& limit, const std::string& hash,
                     std::int64_t now) {
  if (limit.max <= 0) return std::max<std::int64_t>(limit.window_seconds, 1);
  // The max-th most recent hit inside the window: once it leaves, one more may go.
  auto hits = c.query(
      "SELECT at FROM rate_limit_hits WHERE limit_name = $1 AND key_hash = $2 AND at > $3 "
      "ORDER BY at DESC LIMIT $4",
      {std::string(limit.name), hash, now - limit.window_seconds, std::int64_t{limit.max}});
  if (hits.rows.size() < static_cast<std::size_t>(limit.max)) return 0;
  return std::max<std::int64_t>(hits.rows.back().integer(0) + limit.window_seconds - now, 1);
}

}  // namespace

std::int64_t wait_seconds(store::Connection& c, const RateLimit& limit, std::string_view key) {
  return wait_at(c, limit, key_hash(limit, key), now_seconds());
}

std::int64_t admit(store::Connection& c, const RateLimit& limit, std::string_view key) {
  auto now = now_seconds();
  auto hash = key_hash(limit, key);
  c.query("DELETE FROM rate_limit_hits WHERE limit_name = $1 AND at <= $2",
          {std::string(limit.name), now - limit.window_seconds});
  if (auto wait = wait_at(c, limit, hash, now)) return wait;
  c.query("INSERT INTO rate_limit_hits (limit_name, key_hash, at) VALUES ($1, $2, $3)",
          {std::string(limit.name), hash, now});
  return 0;
}

http::Response too_many(const Site& site, http::Request& request, std::int64_t retry_after) {
  retry_after = std::max<std::int64_t>(retry_after, 1);
  http::Response response;
  if (request.wants_json()) {
    response = site.error(request, 429, "error_429_message");
  } else {
    const auto& lang = visitor(request).lang;
    const auto& catalogue = site.catalogue();
    // Within the hour in minutes; a longer wait as the moment on the wall clock.
    std::string message;
    if (retry_after <= 3600) {
      auto minutes = (retry_after + 59) / 60;
      message = catalogue.format(lang, "error_429_minutes", {{"minutes", std::to_string(minutes)}},
                                 minutes);
    } else {
      message = catalogue.format(lang, "error_429_after",
                                 {{"time", local_minute(now_seconds() + retry_after)}});
    }
    Data data;
    data.set("status", "429");
    data.set("heading", catalogue.text(lang, "error_429_heading"));
    data.set("message", message);
    data.set("request_id", request.request_id);
    response = site.page(request, "errors/error", "title_error", data, 429);
  }
  response.set_header("Retry-After", std::to_string(retry_after));
  return response;
}

void register_rate_limit_migrations(store::Migrations& migrations) {
  // One row a counted hit; key_hash is the hash of the limit's name and the
  // key (an address, a link), never the key itself.
  const char* script = R"(
CREATE TABLE rate_limit_hits (
  id {{id}},
  limit_name TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX rate_limit_hits_key ON rate_limit_hits (limit_name, key_hash, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (limit_name, at);
)";
  migrations.add(store::with_ids(26, "web: rate limits, hits per key and moment", script));
}

}  // namespace ploeg::web
