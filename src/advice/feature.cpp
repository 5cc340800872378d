#include "advice/feature.hpp"

#include "advice/groups.hpp"
#include "advice/inbox.hpp"
#include "advice/proposals.hpp"

namespace ploeg::advice {

void register_migrations(store::Migrations& migrations) {
  register_proposal_migrations(migrations);  // 110
  register_group_migrations(migrations);     // 112
  register_inbox_migrations(migrations);     // 113
}

void register_routes(http::Router&, store::Database&, web::Site&) {
  // The pages come with the next part of issue 20.
}

}  // namespace ploeg::advice
