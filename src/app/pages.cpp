#include "app/pages.hpp"

#include "accounts/administration_feature.hpp"
#include "advice/feature.hpp"
#include "app/home_page.hpp"
#include "app/names_pages.hpp"
#include "audit/viewer_pages.hpp"
#include "casework/feature.hpp"
#include "core/crypto.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "jobs/pages.hpp"
#include "mail/pages.hpp"
#include "organisation/feature.hpp"
#include "staffing/feature.hpp"
#include "teamchoice/feature.hpp"
#include "weekplan/feature.hpp"
#include "workplace/feature.hpp"

namespace ploeg::app {

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    const std::filesystem::path& static_root, http::Server*& server,
                    const std::string& metrics_token, jobs::Runner& runner) {
  site.add_nav({"/", "nav_home", "public"});
  // Each feature's pages and API (src/<feature>/feature.hpp).
  organisation::register_routes(router, db, site);
  casework::register_routes(router, db, site);
  teamchoice::register_routes(router, db, site, runner);
  staffing::register_routes(router, db, site, runner);
  workplace::register_routes(router, db, site);
  weekplan::register_routes(router, db, site, runner);
  advice::register_routes(router, db, site);
  jobs::register_routes(router, db, site, runner);  // /jobs/{id}: following and cancelling
  register_names_pages(router, db, site);           // "Names": /admin/names, in three languages
  accounts::administration::register_routes(router, db, site);  // /admin/accounts
  audit::viewer::register_routes(router, db, site);             // /admin/audit
  mail::register_routes(router, db, site);                      // /admin/outbox
  site.add_nav({"/account/password", "nav_account", "signed_in"});

  router.add("GET", "/", "public", site.guard([&db, &site](http::Request& request) {
    return home_page(db, site, request);
  }));

  // Alive: the process answers. Ready: it can also reach its database.
  router.add("GET", "/healthz", "public",
             [](http::Request&) { return http::Response::text("ok\n"); });
  router.add("GET", "/readyz", "public", [&db](http::Request&) {
    if (db.ping()) return http::Response::text("ready\n");
    return http::Response::text("database unreachable\n", 503);
  });

  // Not "loopback may read it": behind a proxy on the same machine every
  // visitor comes from loopback.
  router.add("GET", "/metrics", "public", [&server, &site, metrics_token](http::Request& request) {
    auto bearer = request.header("Authorization");
    const bool scraper =
        !metrics_token.empty() && bearer && crypto::same_secret(*bearer, "Bearer " + metrics_token);
    const auto& visitor = web::visitor(request);
    if (!scraper && visitor.role != "admin") {
      auto refused = site.error(request, visitor.user_id ? 403 : 401,
                                visitor.user_id ? "error_403_message" : "error_401_message");
      if (!visitor.user_id) refused.set_header("WWW-Authenticate", "Bearer realm=\"metrics\"");
      return refused;
    }
    if (!server) throw http::HttpError(503, "the server is starting");
    return http::metrics_response(server->metrics());
  });

  router.add("GET", "/static/{path*}", "public", http::static_files(static_root));
  // The description of every feature's API is public, as the API's shape is no secret.
  router.add("GET", "/api/openapi.json", "public",
             [files = http::static_files(static_root)](http::Request& request) {
               request.path_params = {{"path", "api/openapi.json"}};
               return files(request);
             });
  // Browsers ask for /favicon.ico on their own, whatever the page links to.
  router.add("GET", "/favicon.ico", "public",
             [](http::Request&) { return http::Response::redirect("/static/favicon.svg", 301); });
}

}  // namespace ploeg::app
