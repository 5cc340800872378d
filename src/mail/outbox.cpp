// The outbox table and its rows (outbox.hpp).
#include "mail/outbox.hpp"

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "core/clock.hpp"

namespace ploeg::mail {
namespace {

namespace json = boost::json;

std::string values_json(const std::vector<std::pair<std::string, std::string>>& values) {
  json::object o;
  for (auto& [name, value] : values) o[name] = value;
  return json::serialize(o);
}

std::vector<std::pair<std::string, std::string>> values_of(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> values;
  boost::system::error_code ec;
  auto parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return values;
  for (auto& [name, value] : parsed.as_object()) {
    if (value.is_string()) values.emplace_back(std::string(name), std::string(value.as_string()));
  }
  return values;
}

// The columns row_from reads, in its order.
constexpr const char* row_columns =
    "id, created_at, kind, about, recipient, language, payload, state, attempts, "
    "next_attempt_at, last_error, sent_at";

Row row_from(const store::Row& r) {
  Row row;
  row.id = r.integer(0);
  row.created_at = r.integer(1);
  row.kind = r.text(2);
  row.about = r.text(3);
  row.recipient = r.text(4);
  row.language = r.text(5);
  row.values = values_of(r.text(6));
  row.state = r.text(7);
  row.attempts = static_cast<int>(r.integer(8));
  row.next_attempt_at = r.integer(9);
  row.last_error = r.text(10);
  row.sent_at = r.optional_integer(11);
  return row;
}

struct Wakeup {
  std::mutex mutex;
  std::condition_variable changed;
  bool woken = false;
};
Wakeup& wakeup() {
  static Wakeup w;
  return w;
}

}  // namespace

bool deliverable(const std::string& a) {
  return !a.empty() && a.size() <= max_recipient_length && a.find('@') != std::string::npos &&
         a.find_first_of("\r\n<>,; \t\"()") == std::string::npos;
}

std::int64_t enqueue(store::Connection& c, const Message& m) {
  if (!deliverable(m.recipient)) {
    throw std::invalid_argument("mail::enqueue: the recipient is not one plain address");
  }
  auto language = m.language == "nl" || m.language == "fr" ? m.language : std::string("en");
  auto now = now_seconds();
  auto id = c.query(
                 "INSERT INTO mail_outbox (created_at, kind, about, recipient, language, payload, "
                 "state, attempts, next_attempt_at, last_error) VALUES ($1, $2, $3, $4, $5, $6, "
                 "'queued', 0, $1, '') RETURNING id",
                 {now, m.kind, m.about, m.recipient, language, values_json(m.values)})
                .rows.at(0)
                .integer(0);
  wake();
  return id;
}

std::vector<Row> claim(store::Database& db, const std::string& owner, int limit,
                       std::int64_t lease_seconds) {
  return db.transaction([&](store::Connection& c) {
    auto now = now_seconds();
    // The outer conditions are checked again on a row another sender has
    // just leased (PostgreSQL re-reads a row it waited for): it is skipped.
    auto claimed = c.query(
        std::string("UPDATE mail_outbox SET lease_owner = $1, lease_until = $2, attempts = "
                    "attempts + 1 WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'queued' "
                    "AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3) "
                    "ORDER BY next_attempt_at, id LIMIT $4) AND state = 'queued' AND "
                    "(lease_until IS NULL OR lease_until <= $3) RETURNING ") +
            row_columns,
        {owner, now + lease_seconds, now, std::int64_t{limit}});
    std::vector<Row> rows;
    for (auto& r : claimed.rows) rows.push_back(row_from(r));
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    return rows;
  });
}

void mark_sent(store::Database& db, std::int64_t id, const std::string& owner) {
  db.transaction([&](store::Connection& c) {
    c.query(
        "UPDATE mail_outbox SET state = 'sent', sent_at = $1, payload = '{}', last_error = '', "
        "lease_owner = NULL, lease_until = NULL WHERE id = $2 AND lease_owner = $3",
        {now_seconds(), id, owner});
  });
}

void mark_failed(store::Database& db, std::int64_t id, const std::string& owner,
                 const std::string& error, std::optional<std::int64_t> next_attempt_at) {
  db.transaction([&](store::Connection& c) {
    c.query(
        "UPDATE mail_outbox SET state = $1, next_attempt_at = $2, last_error = $3, lease_owner = "
        "NULL, lease_until = NULL WHERE id = $4 AND lease_owner = $5",
        {std::string(next_attempt_at ? "queued" : "failed"),
         next_attempt_at.value_or(now_seconds()), error.substr(0, 500), id, owner});
  });
}

void release(store::Database& db, std::int64_t id, const std::string& owner) {
  db.transaction([&](store::Connection& c) {
    c.query(
        "UPDATE mail_outbox SET attempts = attempts - 1, lease_owner = NULL, lease_until = NULL "
        "WHERE id = $1 AND lease_owner = $2 AND state = 'queued'",
        {id, owner});
  });
}

void wake() {
  auto& w = wakeup();
  {
    std::lock_guard lock(w.mutex);
    w.woken = true;
  }
  w.changed.notify_all();
}

bool wait_for_wake(std::chrono::milliseconds timeout) {
  auto& w = wakeup();
  std::unique_lock lock(w.mutex);
  bool woken = w.changed.wait_for(lock, timeout, [&] { return w.woken; });
  w.woken = false;
  return woken;
}

void register_migrations(store::Migrations& migrations) {
  // payload: the texts' values as JSON, cleared once sent (it holds a status
  // link). lease_owner/lease_until: the sender sending it now, and until
  // when its claim holds.
  migrations.add(store::with_ids(90, "mail: the outbox", R"(
CREATE TABLE mail_outbox (
  id {{id}},
  created_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  about TEXT NOT NULL,
  recipient TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at BIGINT,
  lease_owner TEXT,
  lease_until BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
)"));
}

}  // namespace ploeg::mail
