// What the queue page (queue_pages.cpp) and the request page
// (handling_pages.cpp) share: their links, the messages of a form sent back,
// the answer to a posted form, and each other's page to show a refused form
// on. Internal to casework's handling pages.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "casework/handling.hpp"
#include "http/message.hpp"
#include "store/database.hpp"
#include "web/form.hpp"
#include "web/site.hpp"

namespace ploeg::casework::pages {

using web::Submitted;

// Whole days since a moment, on the organisation's calendar; 0 for a future one.
int days_waited(std::int64_t since);
// The competences' names in the visitor's language, by code.
std::map<std::string, std::string> competence_names(store::Database& db, http::Request& request);
std::string name_or_code(const std::map<std::string, std::string>& names, const std::string& code);

std::string request_href(const std::string& reference);
std::string queue_href(const std::string& team_code);

// A form sent back with what was wrong with it: `errors` by field for the
// messages beside the fields, `error_list` for the summary at the top.
void set_errors(web::Site& site, http::Request& request, const Submitted& submitted,
                web::Data& data);
// A posted form's answer: to `success_location` when it worked, else the
// page again (`again`) with the problems, or the refusal's error page.
http::Response answer(web::Site& site, http::Request& request, const Outcome& outcome,
                      const std::string& success_location,
                      const std::function<http::Response(const Submitted&)>& again,
                      Submitted submitted);
// A form field, its line ends made Unix ones.
std::string value(const http::Fields& fields, const char* name);

// The pages, with the form that came back refused when one did.
http::Response queue_page(store::Database& db, web::Site& site, http::Request& request,
                          const Submitted& submitted = {});
http::Response request_page(store::Database& db, web::Site& site, http::Request& request,
                            const Submitted& submitted = {});

// GET /casework: to the viewer's own team's queue.
http::Response to_home_queue(store::Database& db, web::Site& site, http::Request& request);
// POST /teams/{code}/queue/take-next and /settings.
http::Response post_take_next(store::Database& db, web::Site& site, http::Request& request);
http::Response post_queue_settings(store::Database& db, web::Site& site, http::Request& request);

}  // namespace ploeg::casework::pages
