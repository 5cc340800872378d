#include "app/pages.hpp"

#include "app/names_pages.hpp"
#include "casework/api.hpp"
#include "casework/citizen_pages.hpp"
#include "casework/dashboard_pages.hpp"
#include "casework/figures_api.hpp"
#include "casework/handling_pages.hpp"
#include "casework/process_pages.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "organisation/api.hpp"
#include "organisation/exchange_routes.hpp"
#include "organisation/routes.hpp"
#include "organisation/team_pages.hpp"
#include "staffing/api.hpp"
#include "staffing/pages.hpp"
#include "teamchoice/api.hpp"
#include "teamchoice/pages.hpp"
#include "weekplan/api.hpp"
#include "weekplan/pages.hpp"
#include "workplace/routes.hpp"

namespace ploeg::app {

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    const std::filesystem::path& static_root, http::Server*& server) {
  site.add_nav({"/", "nav_home", "public"});
  organisation::register_routes(router, db, site);          // the directory: "People"
  organisation::register_overview_pages(router, db, site);  // "Teams", "Roles"
  organisation::register_team_pages(router, db, site);
  organisation::register_profile_pages(router, db, site);
  organisation::register_api_routes(router, db, site, static_root);  // /api/v1/, /api/openapi.json
  organisation::register_exchange_routes(router, db, site);  // /organisation/import, exports
  casework::register_citizen_pages(router, db, site);        // "File a request", /status/{token}
  casework::register_handling_pages(router, db, site);       // "Casework", queues, requests
  casework::register_process_pages(router, db, site);        // "Process" (administrators)
  casework::register_dashboard_pages(router, db, site);      // "Figures", /figures/teams/{code}
  casework::register_figures_api(router, db, site);          // /api/v1/teams/{code}/figures
  casework::register_api(router, db, site);                  // /api/v1/requests
  teamchoice::register_pages(router, db, site);              // "Team choice", /rounds/{id}
  teamchoice::register_api(router, db, site);                // /api/v1/rounds
  staffing::register_pages(router, db, site);                // "Staffing": how many people we need
  staffing::register_api(router, db, site);                  // /api/v1/staffing
  workplace::register_routes(router, db, site);              // /api/v1/offices, desk bookings
  weekplan::register_pages(router, db, site);                // /teams/{code}/week
  weekplan::register_api(router, db, site);                  // /api/v1/teams/{code}/week
  register_names_pages(router, db, site);  // "Names": /admin/names, in three languages
  site.add_nav({"/account/password", "nav_account", "signed_in"});

  router.add("GET", "/", "public", site.guard([&site](http::Request& request) {
    return site.page(request, "home/home", "title_home", web::Data{});
  }));

  // Alive: the process answers. Ready: it can also reach its database.
  router.add("GET", "/healthz", "public",
             [](http::Request&) { return http::Response::text("ok\n"); });
  router.add("GET", "/readyz", "public", [&db](http::Request&) {
    if (db.ping()) return http::Response::text("ready\n");
    return http::Response::text("database unreachable\n", 503);
  });

  router.add("GET", "/metrics", "metrics", [&server](http::Request&) {
    if (!server) throw http::HttpError(503, "the server is starting");
    return http::metrics_response(server->metrics());
  });

  router.add("GET", "/static/{path*}", "public", http::static_files(static_root));
  // Browsers ask for /favicon.ico on their own, whatever the page links to.
  router.add("GET", "/favicon.ico", "public",
             [](http::Request&) { return http::Response::redirect("/static/favicon.svg", 301); });
}

}  // namespace ploeg::app
