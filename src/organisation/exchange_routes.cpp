#include "organisation/exchange_routes.hpp"

#include "audit/audit.hpp"
#include "http/message.hpp"
#include "organisation/exchange.hpp"
#include "organisation/store.hpp"

namespace ploeg::organisation {
namespace {

web::Data counts_row(const std::string& label, const exchange::Counts& n) {
  web::Data row;
  row.set("kind", label);
  row.set("added", std::to_string(n.added));
  row.set("changed", std::to_string(n.changed));
  row.set("unchanged", std::to_string(n.unchanged));
  return row;
}

http::Response import_page(web::Site& site, http::Request& request, web::Data data,
                           int status = 200) {
  return site.page(request, "organisation/import", "title_import", std::move(data), status);
}

http::Response import_post(store::Database& db, web::Site& site, http::Request& request) {
  bool check_only = false;
  std::vector<exchange::InputFile> files;
  for (auto& part : http::form_parts(request)) {
    if (part.name == "check_only") check_only = true;
    // A file input left empty still sends a part, with an empty file name.
    if (part.name == "files" && part.filename && !part.filename->empty()) {
      files.push_back({*part.filename, std::move(part.body)});
    }
  }
  auto& v = web::visitor(request);
  web::Data data;
  data.set("check_only", check_only);
  if (files.empty()) {
    data.set("no_files", true);
    return import_page(site, request, data, 422);
  }
  exchange::ImportOptions options;
  options.dry_run = check_only;
  options.actor = "user:" + v.username;
  options.remote_address = request.remote_address;
  options.request_id = request.request_id;
  auto result = exchange::import_files(db, files, options);

  if (!result.ok()) {
    web::List problems;
    for (auto& p : result.problems) {
      web::Data row;
      row.set("file", p.file);
      row.set("line", p.line ? std::to_string(p.line) : std::string());
      row.set("column", p.column);
      row.set("message", p.message);
      problems.push_back(row);
    }
    data.set("problems", problems);
    data.set("problem_count",
             site.catalogue().format(v.lang, "import_problem_count",
                                     {{"count", std::to_string(result.problems.size())}}));
    return import_page(site, request, data, 422);
  }
  web::List counts;
  counts.push_back(counts_row(site.text(request, "import_kind_people"), result.people));
  counts.push_back(counts_row(site.text(request, "import_kind_teams"), result.teams));
  counts.push_back(counts_row(site.text(request, "import_kind_memberships"), result.memberships));
  data.set("counts", counts);
  data.set("has_counts", true);
  data.set(result.written ? "imported" : "checked", true);
  return import_page(site, request, data);
}

// Every export is audited: it takes the organisation's people out of ploeg.
http::Response download(store::Database& db, http::Request& request, std::string body,
                        const char* type, const std::string& filename) {
  const auto& v = web::visitor(request);
  db.transaction([&](store::Connection& c) {
    audit::append(c, {"user:" + v.username, "organisation.export", "file:" + filename,
                      v.role == "admin" ? "with personal data" : "without personal data",
                      request.remote_address, request.request_id});
  });
  http::Response r;
  r.body = std::move(body);
  r.set_header("Content-Type", type);
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_exchange_routes(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/organisation/import", "import_nav", "admin"});
  router.add("GET", "/organisation/import", "admin", site.guard([&site](http::Request& request) {
    return import_page(site, request, web::Data{});
  }));
  router.add(
      "POST", "/organisation/import", "admin",
      site.guard([&db, &site](http::Request& request) { return import_post(db, site, request); }));
  // The whole organisation, to import elsewhere: personal data included, so
  // for administrators only.
  router.add("GET", "/organisation/export.json", "admin", site.guard([&db](http::Request& request) {
    auto o = sql::load(*db.acquire());
    return download(db, request, exchange::to_json(o), "application/json", "organisation.json");
  }));
  // Co-workers get the directory without personal data (exchange::Audience).
  router.add("GET", "/organisation/export/{file}", "signed_in",
             site.guard([&db, &site](http::Request& request) {
               auto file = request.param("file").value_or("");
               auto audience = web::visitor(request).role == "admin"
                                   ? exchange::Audience::administrator
                                   : exchange::Audience::coworker;
               std::string (*write)(const Organisation&, exchange::Audience) = nullptr;
               if (file == "people.csv") write = exchange::people_csv;
               if (file == "teams.csv") write = exchange::teams_csv;
               if (file == "memberships.csv") write = exchange::memberships_csv;
               if (file != "names.csv" && !write)
                 return site.error(request, 404, "export_unknown_file");
               auto o = sql::load(*db.acquire());
               auto body = write ? write(o, audience) : exchange::names_csv(o);
               return download(db, request, std::move(body), "text/csv; charset=utf-8", file);
             }));
}

}  // namespace ploeg::organisation
