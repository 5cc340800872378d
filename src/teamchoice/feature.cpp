#include "teamchoice/feature.hpp"

#include "teamchoice/api.hpp"
#include "teamchoice/pages.hpp"
#include "teamchoice/rounds.hpp"

namespace ploeg::teamchoice {

void register_routes(http::Router& router, store::Database& db, web::Site& site,
                     jobs::Runner& runner) {
  register_pages(router, db, site, runner.pool());  // "Team choice", /rounds/{id}
  register_api(router, db, site);                   // /api/v1/rounds
}

}  // namespace ploeg::teamchoice
