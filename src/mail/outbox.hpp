// The outbox: every mail to a citizen is a row written in the same
// transaction as the change it announces (a request filed, a decision), so a
// mail is never announced for a change that was rolled back, nor lost when
// the mail server is down. A Sender (sender.hpp) sends the rows later.
//
// A row keeps the message's kind, what it is about (a request reference: no
// personal data), the recipient, the language and the values its text is
// made of (the catalogue's "mail_<kind>_subject" and "mail_<kind>_body").
// The values carry a private status link, so they are cleared once the mail
// is sent; the rest stays as the record of what was sent when.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::mail {

// The kinds of mail; each has its subject and body in the catalogue.
namespace kinds {
inline constexpr const char* request_received = "request_received";
inline constexpr const char* citizen_needed = "citizen_needed";
inline constexpr const char* decision_taken = "decision_taken";
inline constexpr const char* complaint_answered = "complaint_answered";
inline constexpr const char* new_link = "new_link";
}  // namespace kinds

inline constexpr std::size_t max_recipient_length = 200;

// Whether `address` is one plain address a mail header can carry: not
// empty, not too long, an '@', no line break, space, '<', '>', ',', ';',
// '"', '(' or ')'.
bool deliverable(const std::string& address);

struct Message {
  std::string kind;       // one of kinds
  std::string about;      // "request:2026-4KQ7-M2XD": never personal data
  std::string recipient;  // one address
  std::string language;   // nl, fr, en
  // The placeholders of the texts ({reference}, {type}, ...). A value named
  // "link" is a path of this site ("/status/..."): the sender puts the
  // public address in front of it.
  std::vector<std::pair<std::string, std::string>> values;
};

// Adds the message to the outbox, inside the caller's transaction, and
// wakes this process's sender once the transaction has had time to commit.
// Answers the row's id. Throws std::invalid_argument for a recipient that
// could break a mail header (a line break, '<', '>', too long).
std::int64_t enqueue(store::Connection& c, const Message& message);

// A row as the sender and the administrators' page read it.
struct Row {
  std::int64_t id = 0;
  std::int64_t created_at = 0;
  std::string kind;
  std::string about;
  std::string recipient;
  std::string language;
  std::vector<std::pair<std::string, std::string>> values;
  std::string state;  // queued, sent, failed
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string last_error;
  std::optional<std::int64_t> sent_at;
};

// Up to `limit` queued rows that are due and not leased by a live sender,
// leased to `owner` until now + lease_seconds, their attempt counted. Two
// senders (two processes on one database) never hold the same row at once;
// a row whose lease ran out (its sender died) is due again.
std::vector<Row> claim(store::Database& db, const std::string& owner, int limit,
                       std::int64_t lease_seconds);
// The row was accepted by the mail server: sent, its values cleared.
void mark_sent(store::Database& db, std::int64_t id, const std::string& owner);
// The attempt failed: queued again at `next_attempt_at`, or failed for good.
void mark_failed(store::Database& db, std::int64_t id, const std::string& owner,
                 const std::string& error, std::optional<std::int64_t> next_attempt_at);

// The row was claimed and not tried (its sender is stopping): due again at
// once, its attempt not counted.
void release(store::Database& db, std::int64_t id, const std::string& owner);

// Wakes the sender of this process (enqueue calls it).
void wake();
// Waits until wake() or `timeout`; true when woken.
bool wait_for_wake(std::chrono::milliseconds timeout);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::mail
