// Waits that are not work: a step of a request waiting for the citizen (a
// document, an appointment), a doctor's report or another service. They
// stand beside the timeline (request_events) in a table of their own — the
// timeline's kinds are a CHECK that SQLite cannot alter in place — from when
// the wait began to when it ended (NULL: still waiting). Staffing reads them
// as the delays of its capacity model. The demo history writes them; on the
// pages, asking the citizen starts one and completing the step ends it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework {

inline constexpr std::array<std::string_view, 3> wait_reasons = {"citizen", "report", "service"};

// Starts a wait of request `request_id`'s step `step_code`, unless one is
// still open for the request (a second question joins the first wait).
void start_wait(store::Connection& c, std::int64_t request_id, std::int64_t team_id,
                const std::string& step_code, std::string_view reason, std::int64_t at);
// Ends the request's open waits at `at` (its step is done).
void end_waits(store::Connection& c, std::int64_t request_id, std::int64_t at);

void register_wait_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
