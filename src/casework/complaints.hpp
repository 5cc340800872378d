// Complaints answered: a citizen's complaint (handling.hpp, complain) waits
// on the team's queue and home until a member of the handling team answers
// it. The citizen reads the answer under their complaint on the status page
// and is told by mail; the team's figures count the complaints answered and
// the days it took. A complaint after an answer waits again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casework/figures.hpp"
#include "casework/handling.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

inline constexpr std::size_t max_answer_length = max_note_length;

// Members of the handling team only (403, audited); 404 for an unknown
// request; 409 when no complaint waits; 422 for an empty or too long text.
// In one transaction: the answer (which the request's timeline shows), the
// figures, the audit entry (the reference only) and the mail to the citizen.
Outcome answer_complaint(store::Database& db, const Actor& actor, const std::string& reference,
                         const std::string& text);

// The complaint of a request that waits for an answer, if any: from the
// citizen's first complaint not answered (what they add before the answer
// joins it).
struct WaitingComplaint {
  std::int64_t event_id = 0;
  std::int64_t complained_at = 0;
  std::string text;
};
std::optional<WaitingComplaint> waiting_complaint(store::Connection& c, std::int64_t request_id);

// A team's complaints waiting, oldest first: the queue and the home page.
// References only, no personal data.
struct TeamComplaint {
  std::string reference;
  std::int64_t complained_at = 0;
};
std::vector<TeamComplaint> complaints_waiting(store::Connection& c, std::int64_t team_id);

// What the citizen behind a status link reads: each complaint, oldest first,
// with its answer when there is one. None for an unknown link.
struct CitizenComplaint {
  std::int64_t complained_at = 0;
  std::string text;
  std::int64_t answered_at = 0;  // 0: waiting
  std::string answer;
};
std::vector<CitizenComplaint> complaints_by_link(store::Connection& c,
                                                 const std::string& status_token);

// The demo history's complaints answered as a team would: each 1 to 10 days
// after it (by its id), by a member of the team, unless that falls after
// `now` (those still wait). Adds them to `tally`; returns how many.
std::int64_t answer_demo_complaints(store::Connection& c, std::int64_t now, figures::Tally& tally);

// Migration 101: the answers, and two columns of the figures.
void register_complaint_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
