// Inside the organisation API: the JSON it answers (built with Boost.JSON).
// Only api*.cpp include this.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/teams.hpp"
#include "web/api_answer.hpp"

namespace ploeg::organisation::api {

// The API's answers and body reading are the web layer's, shared by every feature.
using web::api::json;

boost::json::value person_json(const directory::PersonPage& person, boost::json::array teams,
                               boost::json::array roles, boost::json::array competences);
boost::json::object hit_json(const directory::Hit& hit);
boost::json::object coverage_json(const Coverage& coverage);
boost::json::object team_role_json(const teams::TeamRole& role);
boost::json::value team_json(const teams::TeamDetail& detail, bool may_edit);
boost::json::object team_status_json(const teams::TeamStatus& status, int min_size, int max_size);
boost::json::object role_json(const teams::RoleOverview& role);

}  // namespace ploeg::organisation::api
