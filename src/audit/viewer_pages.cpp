// The audit log viewer, as a page, a CSV file and JSON (viewer_pages.hpp).
#include "audit/viewer_pages.hpp"

#include <boost/json.hpp>

#include "audit/viewer.hpp"
#include "core/clock.hpp"
#include "web/api_answer.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"

namespace ploeg::audit::viewer {
namespace {

namespace json = boost::json;

const char* filter_fields[] = {"actor", "action", "subject", "from", "to"};

Filter filter_of(const http::Request& request) {
  auto get = [&](const char* name) { return http::field(request.query, name).value_or(""); };
  Filter f{get("actor"), get("action"), get("subject"), get("from"), get("to")};
  f.until = web::positive_number(http::field(request.query, "until")).value_or(0);
  return f;
}

// The filter as a query string ("actor=user%3Aan&from=2026-12-01"), "" when none.
std::string query_of(const Filter& f) {
  std::string out;
  const std::string* values[] = {&f.actor, &f.action, &f.subject, &f.from, &f.to};
  for (std::size_t i = 0; i < 5; ++i) {
    if (values[i]->empty()) continue;
    out += out.empty() ? "" : "&";
    out += std::string(filter_fields[i]) + "=" + http::url_encode(*values[i]);
  }
  return out;
}

http::Response audit_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto filter = filter_of(request);
  auto page = web::positive_number(http::field(request.query, "page")).value_or(1);
  page = std::min<std::int64_t>(page, 100000);
  auto found = view(db, web::actor(request), filter, page_size, (page - 1) * page_size);
  if (found.is(Verdict::forbidden)) return web::refused_page(site, request, found, "");
  web::Submitted sent;
  if (!found) {
    http::Fields sent_fields;
    for (auto* name : filter_fields) {
      sent_fields.emplace_back(name, http::field(request.query, name).value_or(""));
    }
    sent = web::submitted("filter", sent_fields, found);
  }
  web::Data data;
  for (auto* name : filter_fields) {
    auto value = http::field(request.query, name).value_or("");
    // Cut before a character rather than inside one.
    if (value.size() > max_filter) {
      auto bytes = max_filter;
      while (bytes > 0 && (static_cast<unsigned char>(value[bytes]) & 0xC0) == 0x80) --bytes;
      value.resize(bytes);
    }
    data.set(name, value);
  }
  data.set("errors", sent.errors_of("filter", catalogue, lang));
  data.set("refused", sent.alert("audit-filter-heading", catalogue, lang));
  web::List rows;
  for (auto& e : found.entries) {
    web::Data row;
    row.set("id", std::to_string(e.id));
    row.set("when", local_minute(e.at));
    row.set("actor", e.event.actor);
    row.set("action", e.event.action);
    row.set("subject", e.event.subject);
    row.set("detail", e.event.detail);
    row.set("address", e.event.remote_address);
    rows.push_back(row);
  }
  data.set("entries", rows);
  data.set("has_entries", !rows.empty());
  if (found) data.set("count_text", catalogue.format(lang, "audit_count", {}, found.total));
  auto query = query_of(filter);
  data.set("csv_href", "/admin/audit.csv" + (query.empty() ? "" : "?" + query));
  std::int64_t pages = (found.total + page_size - 1) / page_size;
  if (pages > 1) {
    data.set("paged", true);
    auto base = "/admin/audit?" + (query.empty() ? "" : query + "&") +
                "until=" + std::to_string(filter.until ? filter.until : found.newest) + "&page=";
    if (page > 1) data.set("previous_href", base + std::to_string(page - 1));
    if (page < pages) data.set("next_href", base + std::to_string(page + 1));
    data.set("page_text",
             catalogue.format(lang, "audit_page_of",
                              {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}}));
  }
  return site.page(request, "audit/viewer", "title_audit", data, sent.page_status());
}

http::Response audit_csv(store::Database& db, web::Site& site, http::Request& request) {
  auto exported = export_csv(db, web::actor(request), filter_of(request));
  if (!exported) {
    return web::refused_page(site, request, exported, "error_400_message");
  }
  http::Response r;
  r.body = std::move(exported.csv);
  r.set_header("Content-Type", "text/csv; charset=utf-8");
  r.set_header("Content-Disposition", "attachment; filename=\"audit.csv\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response audit_api(store::Database& db, const web::api::Answers& answers,
                         http::Request& request) {
  if (!web::actor(request).admin()) return answers.error(request, 403, "error_403_message");
  auto page = answers.page(request, page_size, max_limit);
  if (page.problem) return *page.problem;
  auto found = view(db, web::actor(request), filter_of(request), page.limit, page.offset);
  if (!found) return answers.refusal(request, found);
  json::array items;
  for (auto& e : found.entries) {
    items.push_back(json::object{{"id", e.id},
                                 {"at", utc_text(e.at, "%Y-%m-%dT%H:%M:%SZ")},
                                 {"actor", e.event.actor},
                                 {"action", e.event.action},
                                 {"subject", e.event.subject},
                                 {"detail", e.event.detail},
                                 {"remote_address", e.event.remote_address},
                                 {"request_id", e.event.request_id}});
  }
  return web::api::json(json::object{
      {"entries", items}, {"total", found.total}, {"limit", page.limit}, {"offset", page.offset}});
}

}  // namespace

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/admin/audit", "nav_audit", "admin"});
  router.add("GET", "/admin/audit", "admin", site.guard([&db, &site](http::Request& request) {
    return audit_page(db, site, request);
  }));
  router.add("GET", "/admin/audit.csv", "admin", site.guard([&db, &site](http::Request& request) {
    return audit_csv(db, site, request);
  }));
  web::api::add_route(router, db, site, "GET", "/api/v1/audit", audit_api);
}

}  // namespace ploeg::audit::viewer
