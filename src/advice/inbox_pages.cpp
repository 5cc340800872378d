#include "advice/inbox_pages.hpp"

#include <algorithm>

#include "advice/inbox.hpp"
#include "core/clock.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"

namespace ploeg::advice {

std::string inbox_item_href(const std::string& about_reference) {
  constexpr std::string_view proposal = "proposal:";
  if (about_reference.rfind(proposal, 0) == 0)
    return "/proposals/" + http::url_encode(about_reference.substr(proposal.size()));
  return "";
}

namespace {

using web::Submitted;

http::Response inbox_page(store::Database& db, web::Site& site, http::Request& request,
                          const Submitted& submitted = {}) {
  const auto& actor = web::actor(request);
  if (actor.person.nobody()) return site.error(request, 403, "inbox_no_person");
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  int page = 1;
  if (auto asked = http::field(request.query, "page")) {
    page = static_cast<int>(web::positive_number(*asked).value_or(1));
    if (page > max_inbox_pages) return site.error(request, 422, "inbox_page_too_far");
  }
  auto lease = db.acquire();
  auto found = inbox(*lease, actor.person.id, inbox_page_size, (page - 1) * inbox_page_size);
  auto settings = preferences(*lease, actor.person.id);

  web::Data data;
  web::List items;
  for (auto& item : found.items) {
    web::Data row;
    row.set("id", std::to_string(item.id));
    row.set("kind", catalogue.text(lang, "inbox_kind_" + item.kind));
    row.set("title", item.about_title);
    auto href = inbox_item_href(item.about_reference);
    if (!href.empty()) row.set("href", href);
    row.set("when", local_minute(item.created_at));
    row.set("unread", !item.read_at);
    row.set("read_action", "/inbox/" + std::to_string(item.id) + "/read");
    items.push_back(row);
  }
  data.set("items", items);
  data.set("has_items", !items.empty());
  data.set("unread_text", catalogue.format(lang, "inbox_unread", {}, found.unread));
  data.set("has_unread", found.unread > 0);
  if (page > 1) data.set("previous_href", "/inbox?page=" + std::to_string(page - 1));
  if (static_cast<std::int64_t>(page) * inbox_page_size < found.total)
    data.set("next_href", "/inbox?page=" + std::to_string(page + 1));
  data.set("paged", page > 1 || static_cast<std::int64_t>(page) * inbox_page_size < found.total);

  // The mail settings: as saved, or as sent when they came back refused.
  bool back = submitted.is("settings");
  auto digest = back ? submitted.value("settings", "digest", "") : settings.digest;
  auto immediate = back ? submitted.all("settings", "immediate") : settings.immediate;
  web::List digests;
  for (const char* choice : {"daily", "none"}) {
    web::Data option;
    option.set("value", std::string(choice));
    option.set("label", catalogue.text(lang, std::string("inbox_digest_") + choice));
    option.set("checked", digest == choice);
    digests.push_back(option);
  }
  data.set("digests", digests);
  web::List kinds;
  for (auto& kind : all_inbox_kinds()) {
    web::Data option;
    option.set("value", kind);
    option.set("label", catalogue.text(lang, "inbox_kind_" + kind));
    option.set("checked", std::find(immediate.begin(), immediate.end(), kind) != immediate.end());
    kinds.push_back(option);
  }
  data.set("kinds", kinds);
  data.set("errors", submitted.errors_of("settings", catalogue, lang));
  data.set("refused", submitted.alert("inbox-settings", catalogue, lang));
  if (auto done = http::field(request.query, "done"); done && !back) {
    if (*done == "read" || *done == "settings")
      data.set("done_text", catalogue.text(lang, "inbox_done_" + *done));
  }
  auto response = site.page(request, "advice/inbox", "title_inbox", data, submitted.page_status());
  response.set_header("Cache-Control", "no-store");
  return response;
}

// A change to the inbox: back to it when done; the page again with the
// settings' problems; an error page for the rest.
http::Response answer(store::Database& db, web::Site& site, http::Request& request,
                      const Outcome& outcome, const char* form, http::Fields fields,
                      const char* done) {
  if (outcome.ok()) return http::Response::redirect(std::string("/inbox?done=") + done);
  if (outcome.is(Verdict::not_found)) return site.error(request, 404, "inbox_item_unknown");
  if (!outcome.is(Verdict::invalid))
    return web::refused_page(site, request, outcome, "inbox_no_person");
  return inbox_page(db, site, request, web::submitted(form, std::move(fields), outcome));
}

http::Response read_one(store::Database& db, web::Site& site, http::Request& request) {
  auto id = web::positive_number(request.param("id"));
  if (!id) return site.error(request, 404, "inbox_item_unknown");
  return answer(db, site, request, mark_read(db, web::actor(request), *id), "read", {}, "read");
}

http::Response read_all(store::Database& db, web::Site& site, http::Request& request) {
  return answer(db, site, request, mark_all_read(db, web::actor(request)), "read", {}, "read");
}

http::Response save_settings(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  std::vector<std::string> immediate;
  for (auto& [name, value] : fields) {
    if (name == "immediate") immediate.push_back(value);
  }
  auto digest = http::field(fields, "digest").value_or("");
  auto outcome = set_preferences(db, web::actor(request), digest, immediate);
  return answer(db, site, request, outcome, "settings", std::move(fields), "settings");
}

}  // namespace

void register_inbox_pages(http::Router& router, store::Database& db, web::Site& site) {
  using web::add_signed_in_page;
  add_signed_in_page(
      router, db, site, "GET", "/inbox",
      [](store::Database& d, web::Site& s, http::Request& r) { return inbox_page(d, s, r); });
  add_signed_in_page(router, db, site, "POST", "/inbox/read-all", read_all);
  add_signed_in_page(router, db, site, "POST", "/inbox/{id}/read", read_one);
  add_signed_in_page(router, db, site, "POST", "/inbox/settings", save_settings);
}

}  // namespace ploeg::advice
