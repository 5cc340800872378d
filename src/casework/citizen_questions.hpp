// "Ask the citizen": a member of the handling team asks the citizen for
// something a step needs (a document, a date). The question shows on the
// citizen's status page, and a mail (when they gave an address) tells them
// to look, with a fresh link; the mail does not carry the question.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casework/handling.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

inline constexpr std::size_t max_question_length = 2000;

// Members of the handling team only (403, audited); 404 for an unknown
// request; 409 once it is decided; 422 for an empty or too long question.
Outcome ask_citizen(store::Database& db, const Actor& actor, const std::string& reference,
                    const std::string& question);

struct CitizenQuestion {
  std::int64_t asked_at = 0;
  std::string question;
};
// The questions asked of the citizen behind a status link, newest first;
// none for an unknown link.
std::vector<CitizenQuestion> questions_by_link(store::Connection& c,
                                               const std::string& status_token);

// Migration 91 (the mail range): the questions.
void register_question_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
