// Waits that are not work: a step of a request waiting for the citizen (a
// document, an appointment), a doctor's report or another service. They
// stand beside the timeline (request_events) in a table of their own — the
// timeline's kinds are a CHECK that SQLite cannot alter in place — from when
// the wait began to when it ended (NULL: still waiting). Staffing reads them
// as the delays of its capacity model; the demo history writes them.
#pragma once

#include <array>
#include <string_view>

#include "store/migrations.hpp"

namespace ploeg::casework {

inline constexpr std::array<std::string_view, 3> wait_reasons = {"citizen", "report", "service"};

void register_wait_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework
