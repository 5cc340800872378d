// Complaints answered on the pages (complaints.hpp): the complaint waiting
// and the form to answer it on the request page, the complaints and their
// answers on the citizen's status page, the team's complaints waiting on its
// queue.
#pragma once

#include <string>

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// Days since `at` on the organisation's wall (0 for today).
int complaint_age_days(std::int64_t at);

// The request page: `complaint_waiting`, its text and age, and the form
// (`answer_value`: what was typed when it came back).
void set_request_complaint(store::Database& db, const web::Site& site, http::Request& request,
                           const std::string& reference, const std::string& answer_value,
                           web::Data& data);
// The status page: `complaints`, each with its answer when there is one.
void set_status_complaints(store::Database& db, const web::Site& site, http::Request& request,
                           const std::string& status_token, web::Data& data);
// The queue: `complaints_waiting`, oldest first, with their age.
void set_queue_complaints(store::Database& db, const web::Site& site, http::Request& request,
                          const std::string& team_code, web::Data& data);

}  // namespace ploeg::casework
