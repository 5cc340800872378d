#include "audit/audit.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "audit/sealing.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ploeg::audit {
namespace {

// At most `limit` bytes, cut before a UTF-8 continuation byte so no character
// is split, marked with "…" when cut.
std::string capped(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  const std::string mark = "…";
  std::size_t end = limit - mark.size();
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + mark;
}

Event capped(const Event& e) {
  return {capped(e.actor, max_field_bytes),          capped(e.action, max_field_bytes),
          capped(e.subject, max_field_bytes),        capped(e.detail, max_detail_bytes),
          capped(e.remote_address, max_field_bytes), capped(e.request_id, max_field_bytes)};
}

}  // namespace

namespace detail {

Entry entry_from(const store::Row& row) {
  Entry e;
  e.id = row.integer(0);
  e.at = row.integer(1);
  e.event = {row.text(2), row.text(3), row.text(4), row.text(5), row.text(6), row.text(7)};
  e.previous_hash = row.text(8);
  e.hash = row.text(9);
  e.key_id = row.text(10);
  return e;
}

}  // namespace detail

std::string entry_hash(const std::string& previous_hash, std::int64_t id, std::int64_t at,
                       const Event& event, const std::string& key) {
  // A JSON array is an unambiguous encoding of the fields (no separator tricks).
  boost::json::array content{id,
                             at,
                             event.actor,
                             event.action,
                             event.subject,
                             event.detail,
                             event.remote_address,
                             event.request_id};
  auto message = previous_hash + "\n" + boost::json::serialize(content);
  return key.empty() ? crypto::sha256_hex(message) : crypto::hmac_sha256_hex(key, message);
}

void append(store::Connection& c, const Event& original) {
  const Event event = capped(original);
  if (c.dialect() == store::Dialect::postgresql) {
    // Appenders queue here so that each one chains onto the true last entry.
    c.query("SELECT pg_advisory_xact_lock(7270001)");
  }
  auto last = c.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  std::int64_t id = last.empty() ? 1 : last.rows[0].integer(0) + 1;
  std::string previous = last.empty() ? detail::genesis : last.rows[0].text(1);
  std::int64_t at = now_seconds();
  c.query(
      "INSERT INTO audit_log (id, at, actor, action, subject, detail, remote_address, "
      "request_id, previous_hash, hash, key_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {id, at, event.actor, event.action, event.subject, event.detail, event.remote_address,
       event.request_id, previous, entry_hash(previous, id, at, event, detail::key()),
       detail::key_id()});
}

std::vector<Entry> recent(store::Database& db, int limit) {
  auto lease = db.acquire();
  auto result = lease->query(
      std::string("SELECT ") + detail::columns + " FROM audit_log ORDER BY id DESC LIMIT $1",
      {static_cast<std::int64_t>(limit)});
  std::vector<Entry> entries;
  for (auto& row : result.rows) entries.push_back(detail::entry_from(row));
  return entries;
}

void register_migrations(store::Migrations& migrations) {
  const std::string table = R"(
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  request_id TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at);
)";
  // The application never edits or deletes an entry; the database refuses it too.
  migrations.add({2, "audit: hash-chained append-only log", table + R"(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)",
                  table + R"(
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
)"});
  // Entries written with a key say which (its fingerprint); older ones are plain SHA-256.
  migrations.add({60, "audit: entries sealed with a key",
                  "ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';", ""});
}

}  // namespace ploeg::audit
