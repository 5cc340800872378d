// Mail to the citizen about their request: queued in the outbox (mail/outbox.hpp)
// in the transaction of the change it announces, in the language they filed
// in, with a fresh private status link. Only when they gave an e-mail address.
#pragma once

#include <cstdint>
#include <string>

#include "store/database.hpp"

namespace ploeg::casework {

// A new private link to request `id`; only its hash is kept. Answers the token.
std::string new_status_link(store::Connection& c, std::int64_t request_id);

// Queues the mail `kind` (mail::kinds: request_received, citizen_needed,
// decision_taken, complaint_answered, new_link) to the citizen of request
// `request_id` with a fresh status link; false when they gave no e-mail
// address (nothing queued). complaint_answered: complaints.hpp.
bool tell_citizen(store::Connection& c, std::int64_t request_id, const std::string& kind);

}  // namespace ploeg::casework
