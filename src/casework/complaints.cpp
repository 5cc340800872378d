// Complaints answered (complaints.hpp).
#include "casework/complaints.hpp"

#include "casework/citizen_mail.hpp"
#include "casework/figures.hpp"
#include "casework/handling_support.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"
#include "store/batch_insert.hpp"

namespace ploeg::casework {

using handling::Case;
using handling::failure;
using handling::Standing;

namespace {

// A complaint event waits while no answer names it.
constexpr const char* unanswered =
    "e.kind = 'complaint' AND NOT EXISTS (SELECT 1 FROM complaint_answers a WHERE "
    "a.complaint_event_id = e.id)";

}  // namespace

Outcome answer_complaint(store::Database& db, const Actor& actor, const std::string& reference,
                         const std::string& text) {
  return handling::act(
      db, actor, reference, "request.complaint.answer",
      [&](store::Connection& c, const Case& k, const Standing&, Outcome& outcome) {
        auto waiting = waiting_complaint(c, k.id);
        if (!waiting) {
          outcome = failure(Verdict::conflict, "answer", "complaint_none_waiting",
                            "no complaint of this request waits for an answer");
          return false;
        }
        auto answer = text::trimmed(text);
        if (answer.empty()) {
          outcome = failure(Verdict::invalid, "answer", "complaint_answer_missing",
                            "write your answer to the citizen");
          return false;
        }
        if (text::characters(answer) > max_answer_length) {
          outcome = failure(Verdict::invalid, "answer", "case_text_too_long",
                            "shorten it to " + std::to_string(max_answer_length) + " characters",
                            {{"max", std::to_string(max_answer_length)}});
          return false;
        }
        auto now = now_seconds();
        auto written = c.query(
            "INSERT INTO complaint_answers (request_id, complaint_event_id, person_id, "
            "answered_at, "
            "answer) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (complaint_event_id) DO NOTHING "
            "RETURNING id",
            {k.id, waiting->event_id,
             actor.person.id ? store::Value{actor.person.id} : store::Value{nullptr}, now, answer});
        if (written.empty()) {  // a colleague answered a moment ago
          outcome = failure(Verdict::conflict, "answer", "complaint_none_waiting",
                            "no complaint of this request waits for an answer");
          return false;
        }
        // The request page's timeline reads the answer from complaint_answers.
        figures::Tally tally(c);
        tally.complaint_answered(k.team_id, waiting->complained_at, now);
        tally.save(c);
        bool mailed = tell_citizen(c, k.id, mail::kinds::complaint_answered);
        handling::audit_case(c, actor, "request.complaint.answer", k.reference,
                             mailed ? "mailed" : "no e-mail");
        return true;
      });
}

std::optional<WaitingComplaint> waiting_complaint(store::Connection& c, std::int64_t request_id) {
  auto found = c.query(std::string("SELECT e.id, e.at, e.body FROM request_events e WHERE "
                                   "e.request_id = $1 AND ") +
                           unanswered + " ORDER BY e.at, e.id LIMIT 1",
                       {request_id});
  if (found.empty()) return std::nullopt;
  auto& r = found.rows[0];
  return WaitingComplaint{r.integer(0), r.integer(1), r.optional_text(2).value_or("")};
}

std::vector<TeamComplaint> complaints_waiting(store::Connection& c, std::int64_t team_id) {
  std::vector<TeamComplaint> out;
  // The request's team now: a complaint goes with the request when it moves.
  // Request by request through the team's requests: a join lets
  // PostgreSQL read every complaint of the organisation first, which grows
  // with the history (150 ms a page at 1,000,000 requests).
  auto rows =
      c.query(std::string("SELECT reference, first FROM (SELECT r.reference, (SELECT "
                          "min(e.at) FROM request_events e WHERE e.request_id = r.id AND ") +
                  unanswered +
                  ") AS first FROM requests r WHERE r.team_id = $1) w WHERE first IS NOT "
                  "NULL ORDER BY first, reference",
              {team_id});
  for (auto& r : rows.rows) out.push_back({r.text(0), r.integer(1)});
  return out;
}

std::vector<CitizenComplaint> complaints_by_link(store::Connection& c,
                                                 const std::string& status_token) {
  std::vector<CitizenComplaint> out;
  auto k = handling::case_of_link(c, status_token);
  if (!k) return out;
  auto rows = c.query(
      "SELECT e.at, e.body, a.answered_at, a.answer FROM request_events e LEFT JOIN "
      "complaint_answers a ON a.complaint_event_id = e.id WHERE e.request_id = $1 AND e.kind = "
      "'complaint' ORDER BY e.at, e.id",
      {k->id});
  for (auto& r : rows.rows) {
    out.push_back({r.integer(0), r.optional_text(1).value_or(""), r.optional_integer(2).value_or(0),
                   r.optional_text(3).value_or("")});
  }
  return out;
}

std::int64_t answer_demo_complaints(store::Connection& c, std::int64_t now, figures::Tally& tally) {
  constexpr std::int64_t day = 24 * 3600;
  store::BatchInsert answers(c,
                             "INSERT INTO complaint_answers (request_id, complaint_event_id, "
                             "person_id, answered_at, answer)",
                             {"bigint", "bigint", "bigint", "bigint", "text"});
  std::int64_t answered = 0;
  for (auto& r : c.query("SELECT e.id, e.request_id, e.at, r.team_id, (SELECT min(m.person_id) "
                         "FROM memberships m WHERE m.team_id = r.team_id) FROM request_events e "
                         "JOIN requests r ON r.id = e.request_id WHERE e.kind = 'complaint' AND "
                         "NOT EXISTS (SELECT 1 FROM complaint_answers a WHERE "
                         "a.complaint_event_id = e.id) ORDER BY e.id")
                     .rows) {
    auto id = r.integer(0);
    auto at = r.integer(2) + (1 + id % 10) * day + (id % 7) * 3600;
    if (at > now || r.is_null(4)) continue;
    answers.add({r.integer(1), id, r.integer(4), at,
                 std::string("We are sorry that you had to wait. Your request is now with the "
                             "co-worker of its next step, who will contact you this week.")});
    tally.complaint_answered(r.integer(3), r.integer(2), at);
    ++answered;
  }
  answers.finish();
  return answered;
}

void register_complaint_migrations(store::Migrations& migrations) {
  // One answer per complaint event; the figures sum the answers and the
  // whole days each took (their mean is the one divided by the other). The
  // complaints (a few in a hundred events) get an index of their own: the
  // queue and the home page look for the ones waiting.
  migrations.add(store::with_ids(101, "casework: complaints answered", R"(
CREATE TABLE complaint_answers (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  complaint_event_id BIGINT NOT NULL UNIQUE REFERENCES request_events (id) ON DELETE CASCADE,
  person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  answered_at BIGINT NOT NULL,
  answer TEXT NOT NULL CHECK (length(answer) <= 4000)
);
CREATE INDEX complaint_answers_request ON complaint_answers (request_id);
CREATE INDEX request_events_complaints ON request_events (request_id) WHERE kind = 'complaint';
ALTER TABLE figures ADD COLUMN complaints_answered BIGINT NOT NULL DEFAULT 0;
ALTER TABLE figures ADD COLUMN complaint_answer_days BIGINT NOT NULL DEFAULT 0;
)"));
}

}  // namespace ploeg::casework
