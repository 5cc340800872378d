// The team's queue as a CSV file: GET /teams/{code}/queue?format=csv&table=queue
// with the page's filters (?type=&step=&age=&q=&only=mine). Who may: as the
// page, the team's members only (the page's refusal, 403, comes first). The
// citizen's name is in it only when the queue was searched, as on the page;
// every download is in the audit log as queue.export with the team and the
// number of rows, never the words searched. Internal to casework.
#pragma once

#include "casework/handling.hpp"
#include "http/message.hpp"
#include "store/database.hpp"
#include "web/site.hpp"

namespace ploeg::casework {

// True when the queue is asked for as CSV (?format=csv).
bool queue_csv_asked(const http::Request& request);

// The page's link to its CSV, with the same filters.
std::string queue_csv_href(const std::string& team_code, const QueueFilter& filter, bool only_mine);

// `queue` as the page shows it (translated, filtered; `only_mine`: the steps
// the viewer can take), with names when `searched`. A table other than
// "queue" is 404.
http::Response queue_csv(store::Database& db, web::Site& site, http::Request& request,
                         const Queue& queue, bool searched, bool only_mine);

}  // namespace ploeg::casework
