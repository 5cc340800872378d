#include "advice/feature.hpp"

#include "advice/groups.hpp"
#include "advice/inbox.hpp"
#include "advice/inbox_pages.hpp"
#include "advice/proposal_pages.hpp"
#include "advice/proposals.hpp"

namespace ploeg::advice {

void register_migrations(store::Migrations& migrations) {
  register_proposal_migrations(migrations);  // 110
  register_group_migrations(migrations);     // 112
  register_inbox_migrations(migrations);     // 113
}

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  register_proposal_pages(router, db, site);  // /proposals: the open decision log, a proposal
  register_inbox_pages(router, db, site);     // /inbox: what the advice process told me
}

}  // namespace ploeg::advice
