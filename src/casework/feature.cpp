#include "casework/feature.hpp"

#include "casework/api.hpp"
#include "casework/citizen_pages.hpp"
#include "casework/citizen_questions.hpp"
#include "casework/complaints.hpp"
#include "casework/dashboard_pages.hpp"
#include "casework/figures.hpp"
#include "casework/figures_api.hpp"
#include "casework/handling.hpp"
#include "casework/handling_pages.hpp"
#include "casework/holding.hpp"
#include "casework/letter.hpp"
#include "casework/letter_pages.hpp"
#include "casework/lost_link_pages.hpp"
#include "casework/process_pages.hpp"
#include "casework/requests.hpp"
#include "casework/review.hpp"
#include "casework/review_pages.hpp"
#include "casework/store.hpp"
#include "casework/waits.hpp"
#include "web/rate_limit.hpp"

namespace ploeg::casework {

void register_migrations(store::Migrations& migrations) {
  sql::register_migrations(migrations);
  register_request_migrations(migrations);
  register_handling_migrations(migrations);
  register_holding_migrations(migrations);
  register_letter_migrations(migrations);    // 28: each request type's legal basis and appeal
  register_question_migrations(migrations);  // 91: questions asked of the citizen
  register_wait_migrations(migrations);
  register_complaint_migrations(migrations);  // 101: complaints answered
  register_review_migrations(migrations);     // 102: amounts, four eyes on decisions
  figures::register_migrations(migrations);
  // Casework is the first to limit how often a client may act (filings,
  // complaints); the table is the web layer's, shared by any feature later.
  web::register_rate_limit_migrations(migrations);
}

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  register_citizen_pages(router, db, site);    // "File a request", /status/{token}
  register_lost_link_pages(router, db, site);  // /status/lost: a new link by mail
  register_handling_pages(router, db, site);   // "Casework", queues, requests
  register_process_pages(router, db, site);    // "Process" (administrators)
  register_letter_pages(router, db, site);     // the decision letter as a PDF
  register_review_pages(router, db, site);     // /casework/delegations, the person page's
  register_dashboard_pages(router, db, site);  // "Figures", /figures/teams/{code}
  register_figures_api(router, db, site);      // /api/v1/figures, /api/v1/teams/{code}/figures
  register_api(router, db, site);              // /api/v1/requests
}

}  // namespace ploeg::casework
