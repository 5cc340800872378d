// Asking the citizen for something (citizen_questions.hpp).
#include "casework/citizen_questions.hpp"

#include "audit/audit.hpp"
#include "casework/citizen_mail.hpp"
#include "casework/handling_support.hpp"
#include "casework/waits.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"

namespace ploeg::casework {

Outcome ask_citizen(store::Database& db, const Actor& actor, const std::string& reference,
                    const std::string& question) {
  Outcome outcome;
  outcome.reference = reference;
  db.transaction([&](store::Connection& c) {
    auto k = handling::load_case(c, reference);
    if (!k) {
      outcome.verdict = Verdict::not_found;
      return false;
    }
    if (!handling::standing(actor, k->team_id).member) {
      outcome.verdict = Verdict::forbidden;
      handling::audit_case(c, actor, "request.ask.refused", reference, "not a member of the team");
      return true;  // keeps the refusal's audit entry
    }
    if (k->decided_at) {
      outcome = handling::failure(Verdict::conflict, "question", "case_ask_decided",
                                  "this request is decided: there is nothing to ask any more");
      return false;
    }
    auto text = text::trimmed(question);
    if (text.empty()) {
      outcome = handling::failure(Verdict::invalid, "question", "case_question_missing",
                                  "write what you need from the citizen");
      return false;
    }
    if (text::characters(text) > max_question_length) {
      outcome =
          handling::failure(Verdict::invalid, "question", "case_text_too_long",
                            "shorten it to " + std::to_string(max_question_length) + " characters",
                            {{"max", std::to_string(max_question_length)}});
      return false;
    }
    auto now = now_seconds();
    c.query(
        "INSERT INTO citizen_questions (request_id, asked_at, person_id, question) VALUES ($1, "
        "$2, $3, $4)",
        {k->id, now, actor.person.id ? store::Value{actor.person.id} : store::Value{nullptr},
         text});
    // Until the step is done, the time is the citizen's, not the team's
    // work: staffing models it as a wait.
    if (k->current()) start_wait(c, k->id, k->team_id, k->current()->code, "citizen", now);
    bool mailed = tell_citizen(c, k->id, mail::kinds::citizen_needed);
    handling::audit_case(c, actor, "request.ask", reference, mailed ? "mailed" : "no e-mail");
    return true;
  });
  return outcome;
}

std::vector<CitizenQuestion> questions_by_link(store::Connection& c,
                                               const std::string& status_token) {
  std::vector<CitizenQuestion> out;
  auto k = handling::case_of_link(c, status_token);
  if (!k) return out;
  for (auto& r : c.query("SELECT asked_at, question FROM citizen_questions WHERE request_id = $1 "
                         "ORDER BY asked_at DESC, id DESC",
                         {k->id})
                     .rows) {
    out.push_back({r.integer(0), r.text(1)});
  }
  return out;
}

void register_question_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(91, "casework: questions asked of the citizen", R"(
CREATE TABLE citizen_questions (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  asked_at BIGINT NOT NULL,
  person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
  question TEXT NOT NULL
);
CREATE INDEX citizen_questions_request ON citizen_questions (request_id);
)"));
}

}  // namespace ploeg::casework
