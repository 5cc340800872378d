#include "casework/queue_export.hpp"

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/csv.hpp"

namespace ploeg::casework {

bool queue_csv_asked(const http::Request& request) {
  return http::field(request.query, "format").value_or("") == "csv";
}

std::string queue_csv_href(const std::string& team_code, const QueueFilter& filter,
                           bool only_mine) {
  std::string href = "/teams/" + http::url_encode(team_code) + "/queue?";
  std::vector<std::pair<std::string, std::string>> fields = {
      {"type", filter.type},
      {"step", filter.step},
      {"age", filter.older_than_days ? std::to_string(filter.older_than_days) : ""},
      {"q", filter.search},
      {"only", only_mine ? "mine" : ""}};
  for (auto& [name, value] : fields) {
    if (!value.empty()) href += name + "=" + http::url_encode(value) + "&";
  }
  return href + "format=csv&table=queue";
}

namespace {

std::string plain(char ch) {
  bool ok =
      (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
  return std::string(1, ok ? ch : '_');
}

}  // namespace

http::Response queue_csv(store::Database& db, web::Site& site, http::Request& request,
                         const Queue& queue, bool searched, bool only_mine) {
  if (http::field(request.query, "table").value_or("") != "queue") {
    return site.error(request, 404, "queue_table_unknown");
  }
  const auto& lang = web::visitor(request).lang;
  auto t = [&](const char* key) { return site.catalogue().text(lang, key); };
  std::vector<std::string> head{t("queue_reference")};
  if (searched) head.push_back(t("queue_csv_citizen"));
  for (auto key :
       {"queue_type", "queue_step", "queue_csv_received", "queue_csv_days_waited",
        "queue_csv_target_days", "queue_decided", "queue_holder", "queue_csv_held_days"}) {
    head.push_back(t(key));
  }
  std::string body = csv::spreadsheet_row(head);
  std::size_t rows = 0;
  auto now_day = today();
  for (auto& q : queue.items) {
    if (only_mine && !q.can_take) continue;
    auto waited = now_day - local_day(q.submitted_at);
    std::vector<std::string> row{q.reference};
    if (searched) row.push_back(q.citizen_name);
    row.push_back(q.type_name);
    row.push_back(q.step_name);
    row.push_back(local_date(q.submitted_at));
    row.push_back(std::to_string(waited < 0 ? 0 : waited));
    row.push_back(std::to_string(q.target_days));
    row.push_back(t(q.decided ? "queue_csv_yes" : "queue_csv_no"));
    row.push_back(q.holder_name);
    row.push_back(q.holder_id != 0 ? std::to_string(q.held_working_days) : "");
    body += csv::spreadsheet_row(row);
    ++rows;
  }
  // Who took which requests out of ploeg, with or without the citizens' names.
  const auto& actor = web::actor(request);
  db.transaction([&](store::Connection& c) {
    audit::append(c, {actor.name, "queue.export", "team:" + queue.team_code,
                      "rows: " + std::to_string(rows) +
                          (searched ? ", with citizens' names" : ", without names"),
                      actor.remote_address, actor.request_id});
    return true;
  });
  std::string file = "queue-";
  for (char ch : queue.team_code) file += plain(ch);
  file += "-" + local_date(now_seconds()) + ".csv";
  http::Response r;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"" + file + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace ploeg::casework
