// What the organisation's pages share: reading numbers and dates from
// requests, the words for a team's status, links, and a submitted form shown
// again with its errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <functional>

#include "core/field_error.hpp"
#include "http/router.hpp"
#include "organisation/coverage.hpp"
#include "organisation/store.hpp"
#include "store/database.hpp"
#include "web/catalogue.hpp"
#include "web/form.hpp"
#include "web/site.hpp"
#include "web/views.hpp"

namespace ploeg::organisation::pages {

inline const std::string no_region = "none";  // ?region=none: teams without a region

using web::positive_number;
std::string units(double value);  // "2.5"
// Today's date in the organisation's time zone, YYYY-MM-DD.
std::string today_text();
// The same day a year later (28 February after a 29th); empty for no date.
std::string a_year_after(const std::string& date);

using sql::competence_names;
using sql::name_of;
std::string kind_text(const web::Catalogue& catalogue, const std::string& lang,
                      const std::string& kind);
std::string bounds_text(int min_size, int max_size);
// What a team lacks, in words: "Lacks medical assessment (1 short); 2 below
// the minimum size", or "Complete".
std::string status_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Coverage& coverage, const std::map<std::string, std::string>& names);
std::string team_href(const std::string& code);
std::string region_href(const std::string& region_code);

// What a form ("vision", "profile" or a role's code) sent that the page
// shows again, with what was wrong with it.
using web::Submitted;

using web::add_signed_in_page;
using web::Page;

}  // namespace ploeg::organisation::pages
