// What the round's commands share: the shape of a refusal or a problem, the
// audit entry for a round, and the round's status inside a transaction.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice::detail {

FieldError problem(std::string field, std::string key, std::string message,
                   std::vector<std::pair<std::string, std::string>> values = {});
Result failed(Verdict verdict, FieldError error);
Result not_found();
Result not_open();

void record(store::Connection& c, const Actor& actor, const std::string& action,
            std::int64_t round_id, const std::string& detail);

// Refuses `action` on the round for someone who may not manage it: the
// refusal is audited as "<action>.refused" (the caller's transaction keeps it).
Result refused(store::Connection& c, const Actor& actor, const std::string& action,
               std::int64_t round_id);

std::string id_text(std::int64_t id);

// The round's status, read inside the caller's transaction; empty when none.
std::string status_of(store::Connection& c, std::int64_t round_id);
// The round's region; 0 when there is no such round.
std::int64_t region_of(store::Connection& c, std::int64_t round_id);

}  // namespace ploeg::teamchoice::detail
