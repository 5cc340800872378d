// Citizens' appointments on the team's week page (issue 7): the table of the
// week's appointments, each given to a member who holds its competence, and
// the forms to add one, give it to someone and remove it.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/catalogue.hpp"
#include "web/form.hpp"
#include "web/site.hpp"
#include "web/views.hpp"
#include "weekplan/page_support.hpp"

namespace ploeg::weekplan {

// The appointments' table and the form to add one, for the week page.
// `sent`: a form of it that was refused, shown again as it was sent.
web::Data appointments_data(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                            const Access& a, const web::Submitted& sent);

void register_appointment_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::weekplan
