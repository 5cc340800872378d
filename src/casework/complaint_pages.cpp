// Complaints answered on the pages (complaint_pages.hpp).
#include "casework/complaint_pages.hpp"

#include "casework/complaints.hpp"
#include "casework/handling_support.hpp"
#include "core/clock.hpp"

namespace ploeg::casework {

int complaint_age_days(std::int64_t at) {
  auto days = today() - local_day(at);
  return static_cast<int>(days < 0 ? 0 : days);
}

namespace {

std::string age_text(const web::Site& site, http::Request& request, std::int64_t at) {
  auto days = complaint_age_days(at);
  return site.catalogue().format(web::visitor(request).lang, "complaint_age",
                                 {{"days", std::to_string(days)}}, days);
}

}  // namespace

void set_request_complaint(store::Database& db, const web::Site& site, http::Request& request,
                           const std::string& reference, const std::string& answer_value,
                           web::Data& data) {
  std::optional<WaitingComplaint> waiting;
  {
    auto lease = db.acquire();
    auto k = handling::load_case(*lease, reference);
    if (k) waiting = waiting_complaint(*lease, k->id);
  }
  data.set("complaint_waiting", waiting.has_value());
  if (!waiting) return;
  data.set("complaint_text", waiting->text);
  data.set("complaint_when", local_minute(waiting->complained_at));
  data.set("complaint_age", age_text(site, request, waiting->complained_at));
  data.set("answer_action", "/requests/" + http::url_encode(reference) + "/complaint-answer");
  data.set("answer_value", answer_value);
  data.set("max_answer", std::to_string(max_answer_length));
}

void set_status_complaints(store::Database& db, const web::Site&, http::Request&,
                           const std::string& status_token, web::Data& data) {
  std::vector<CitizenComplaint> found;
  {
    auto lease = db.acquire();
    found = complaints_by_link(*lease, status_token);
  }
  web::List list;
  for (auto& f : found) {
    web::Data item;
    item.set("when", local_minute(f.complained_at));
    item.set("text", f.text);
    item.set("answered", f.answered_at != 0);
    if (f.answered_at) {
      item.set("answered_when", local_minute(f.answered_at));
      item.set("answer", f.answer);
    }
    list.push_back(item);
  }
  data.set("complaints", list);
  data.set("has_complaints", !list.empty());
}

void set_queue_complaints(store::Database& db, const web::Site& site, http::Request& request,
                          const std::string& team_code, web::Data& data) {
  std::vector<TeamComplaint> found;
  {
    auto lease = db.acquire();
    auto team = lease->query("SELECT id FROM teams WHERE code = $1", {team_code});
    if (!team.empty()) found = complaints_waiting(*lease, team.rows[0].integer(0));
  }
  // The oldest first; a long list ends with how many more there are.
  constexpr std::size_t shown = 20;
  web::List list;
  for (auto& f : found) {
    if (list.size() == shown) break;
    web::Data item;
    item.set("reference", f.reference);
    item.set("href", "/requests/" + http::url_encode(f.reference));
    item.set("age", age_text(site, request, f.complained_at));
    list.push_back(item);
  }
  if (found.size() > shown) {
    auto more = static_cast<long long>(found.size() - shown);
    data.set("complaints_more",
             site.catalogue().format(web::visitor(request).lang, "queue_complaints_more",
                                     {{"count", std::to_string(more)}}, more));
  }
  data.set("complaints_waiting", list);
  data.set("has_complaints_waiting", !list.empty());
}

}  // namespace ploeg::casework
