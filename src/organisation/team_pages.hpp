// The team pages: the team of teams (/teams, an SVG map and a table), one
// team (/teams/{code}: coverage grid, star roles, vision and values, with the
// forms its members use), the role catalogue (/roles) and a person's own
// profile form (/people/{id}/profile). Everyone signed in reads them all;
// every change is checked on the server by organisation::editing.
#pragma once

#include "http/router.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::organisation {

// /teams/{code} and its forms.
void register_team_pages(http::Router& router, store::Database& db, web::Site& site);
// /teams and /roles, with their navigation entries.
void register_overview_pages(http::Router& router, store::Database& db, web::Site& site);
// /people/{id}/profile.
void register_profile_pages(http::Router& router, store::Database& db, web::Site& site);

}  // namespace ploeg::organisation
