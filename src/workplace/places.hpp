// The workplace's places as the API and pages name them: offices and desks
// by their codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::workplace {

struct OfficeSummary {
  std::string code, name, address;
  std::int64_t desks = 0;
};
// Every office by code, with its number of desks.
std::vector<OfficeSummary> offices(store::Connection& c);

std::optional<std::int64_t> office_id(store::Connection& c, const std::string& code);
std::optional<std::int64_t> desk_id(store::Connection& c, const std::string& code);

}  // namespace ploeg::workplace
