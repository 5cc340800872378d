// Staffing answers are long work (hundreds of simulations): they are
// computed by a background job (jobs/jobs.hpp) and kept here, keyed by
// everything they were computed from — the scope, the assumptions and the
// flow's own figures — so a page shows a stored answer while its data has
// not changed, and a new job runs when it has.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "staffing/flow.hpp"
#include "staffing/plan.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::staffing {

// The job kind; its scope is "staffing:team:CODE" or "staffing:region:CODE",
// and it is about the answer's key.
inline constexpr const char* answer_job = "staffing.answer";
// A stored answer is kept this long after it was computed.
inline constexpr std::int64_t answer_kept_seconds = 2 * 24 * 3600;

// What an answer depends on, as one short key (hex SHA-256). Names are left
// out: a stored answer is shown in any language.
// `model`: the digest of the model the answer starts from (log.hpp's
// model_digest), when it is one built from the event log.
std::string answer_key(const Scope& scope, const Flow& flow, const Assumptions& assumptions,
                       const std::string& model = "");

// A role's figures (not its name, which is the reader's language's).
boost::json::object role_json(const RoleAnswer& role);
// Every figure of an answer, and back. from_json throws on text it did not write.
std::string answer_json(const Answer& answer);
Answer answer_from_json(const std::string& text);

struct StoredAnswer {
  Answer answer;
  std::int64_t computed_at = 0;
};
// The stored answer of that key, its role names in the flow's language.
std::optional<StoredAnswer> stored_answer(store::Connection& c, const std::string& key,
                                          const Flow& flow);
// Keeps an answer (replacing one of the same key) and drops those past
// answer_kept_seconds.
void store_answer(store::Connection& c, const std::string& key, const std::string& scope,
                  const Answer& answer, std::int64_t now);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::staffing
