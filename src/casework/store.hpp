// Casework's SQL: the process definition and the routing of a postcode to
// the team that handles requests from there. Every function runs on the
// caller's connection (inside the caller's transaction when it has one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casework/model.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::casework::sql {

// Replaces the whole process definition, keeping request types by code.
// Check it with problems() first; throws store::ConstraintError on a
// competence the catalogue lacks or on removing a type that has requests.
void save_process(store::Connection& c, const Process& process);

// The process definition, request types by code, steps in their order.
Process load_process(store::Connection& c);

struct Route {
  std::string region;  // region code
  std::string team;    // team code; empty when the region has no regional team
};

// Postcode -> region -> the regional team for that postcode. A region with
// several regional teams shares its postcodes among them in contiguous
// blocks, in the order of the teams' codes, so neighbours share a team.
// Absent when the postcode is in no region.
std::optional<Route> route(store::Connection& c, const std::string& postcode);

// Lists of codes (conditions, skip rules) are stored as one column of
// space-separated codes: codes hold no spaces.
std::string joined_codes(const std::vector<std::string>& codes);
std::vector<std::string> split_codes(const std::string& text);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::casework::sql
