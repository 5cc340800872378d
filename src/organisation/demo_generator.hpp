// The demo organisation: an allowance agency of regional multidisciplinary
// teams, generated from a seed. Pure and deterministic: the same (people,
// seed) gives the same organisation on every platform, because it uses
// std::mt19937_64 (fully specified) and maps its output to ranges itself.
// Every name is an invented combination; every e-mail is on
// demo.ploeg.example, which can never reach anyone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "organisation/model.hpp"
#include "store/names.hpp"

namespace ploeg::organisation {

inline constexpr int demo_min_people = 50;  // enough for three regional teams and two coaches

// Throws std::invalid_argument when `people` is below demo_min_people.
Organisation generate_demo(int people, std::uint64_t seed);

// The demo star roles' purposes and accountabilities in Dutch, French and
// English (kinds role_purpose and role_accountability of the names table).
std::vector<store::Name> demo_role_texts();

// The languages spoken in a demo region, by its code: {"nl"} in Flanders,
// {"fr"} in Wallonia, {"nl", "fr"} in Brussels; none for a region the demo
// does not have. The workplace's demo names its floors and rooms in them.
std::vector<std::string> demo_region_languages(const std::string& region_code);

}  // namespace ploeg::organisation
