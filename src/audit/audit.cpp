#include "audit/audit.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ploeg::audit {
namespace {

// The chain starts from this value, so the first entry is covered too.
const std::string genesis(64, '0');

Entry entry_from(const store::Row& row) {
  Entry e;
  e.id = row.integer(0);
  e.at = row.integer(1);
  e.event = {row.text(2), row.text(3), row.text(4), row.text(5), row.text(6), row.text(7)};
  e.previous_hash = row.text(8);
  e.hash = row.text(9);
  return e;
}

const char* columns =
    "id, at, actor, action, subject, detail, remote_address, request_id, previous_hash, hash";

}  // namespace

std::string entry_hash(const std::string& previous_hash, std::int64_t id, std::int64_t at,
                       const Event& event) {
  // A JSON array is an unambiguous encoding of the fields (no separator tricks).
  boost::json::array content{id,
                             at,
                             event.actor,
                             event.action,
                             event.subject,
                             event.detail,
                             event.remote_address,
                             event.request_id};
  return crypto::sha256_hex(previous_hash + "\n" + boost::json::serialize(content));
}

void append(store::Connection& c, const Event& event) {
  if (c.dialect() == store::Dialect::postgresql) {
    // Appenders queue here so that each one chains onto the true last entry.
    c.query("SELECT pg_advisory_xact_lock(7270001)");
  }
  auto last = c.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  std::int64_t id = last.empty() ? 1 : last.rows[0].integer(0) + 1;
  std::string previous = last.empty() ? genesis : last.rows[0].text(1);
  std::int64_t at = now_seconds();
  c.query(
      "INSERT INTO audit_log (id, at, actor, action, subject, detail, remote_address, "
      "request_id, previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {id, at, event.actor, event.action, event.subject, event.detail, event.remote_address,
       event.request_id, previous, entry_hash(previous, id, at, event)});
}

std::vector<Entry> recent(store::Database& db, int limit) {
  auto lease = db.acquire();
  auto result =
      lease->query(std::string("SELECT ") + columns + " FROM audit_log ORDER BY id DESC LIMIT $1",
                   {static_cast<std::int64_t>(limit)});
  std::vector<Entry> entries;
  for (auto& row : result.rows) entries.push_back(entry_from(row));
  return entries;
}

Verification verify(store::Database& db) {
  Verification v;
  auto lease = db.acquire();
  std::string previous = genesis;
  std::int64_t expected_id = 1;
  // In pages, so a long log does not have to fit in memory at once.
  const std::int64_t page = 5000;
  for (std::int64_t after = 0;;) {
    auto result = lease->query(
        std::string("SELECT ") + columns + " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        {after, page});
    for (auto& row : result.rows) {
      Entry e = entry_from(row);
      auto broken = [&](std::string problem) {
        v.first_broken_id = e.id;
        v.problem = std::move(problem);
      };
      if (e.id != expected_id) {
        broken("entry " + std::to_string(expected_id) + " is missing (the next one is " +
               std::to_string(e.id) + ")");
      } else if (e.previous_hash != previous) {
        broken("its previous_hash does not match the entry before it (removed or reordered)");
      } else if (entry_hash(previous, e.id, e.at, e.event) != e.hash) {
        broken("its content does not match its hash (edited)");
      }
      if (v.first_broken_id) return v;
      ++v.checked;
      ++expected_id;
      previous = e.hash;
      after = e.id;
    }
    if (static_cast<std::int64_t>(result.rows.size()) < page) break;
  }
  return v;
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
}

}  // namespace ploeg::audit
