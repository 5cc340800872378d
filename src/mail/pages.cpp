// The administrators' outbox page (pages.hpp).
#include "mail/pages.hpp"

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "mail/outbox.hpp"

namespace ploeg::mail {
namespace {

constexpr int shown_rows = 200;

http::Response outbox_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  web::Data data;
  web::List states;
  std::vector<Row> rows;
  {
    auto lease = db.acquire();
    std::map<std::string, std::int64_t> counts{{"queued", 0}, {"sent", 0}, {"failed", 0}};
    for (auto& r :
         lease->query("SELECT state, COUNT(*) FROM mail_outbox GROUP BY state ORDER BY state")
             .rows) {
      counts[r.text(0)] = r.integer(1);
    }
    for (auto* state : {"queued", "failed", "sent"}) {
      web::Data s;
      s.set("label", catalogue.text(lang, std::string("outbox_state_") + state));
      s.set("count", std::to_string(counts[state]));
      states.push_back(s);
    }
    for (auto& r : lease
                       ->query("SELECT id, kind, about, recipient, state, attempts, "
                               "next_attempt_at, last_error, created_at FROM mail_outbox WHERE "
                               "state <> 'sent' ORDER BY state DESC, next_attempt_at, id LIMIT $1",
                               {std::int64_t{shown_rows}})
                       .rows) {
      Row row;
      row.id = r.integer(0);
      row.kind = r.text(1);
      row.about = r.text(2);
      row.recipient = r.text(3);
      row.state = r.text(4);
      row.attempts = static_cast<int>(r.integer(5));
      row.next_attempt_at = r.integer(6);
      row.last_error = r.text(7);
      row.created_at = r.integer(8);
      rows.push_back(std::move(row));
    }
  }
  // The looking is audited, in a transaction of its own as every entry of the chain.
  db.transaction([&](store::Connection& c) {
    audit::append(c, {web::actor(request).name, "mail.outbox.view", "mail:outbox", "",
                      request.remote_address, request.request_id});
  });
  data.set("states", states);
  web::List items;
  for (auto& row : rows) {
    web::Data item;
    item.set("id", std::to_string(row.id));
    item.set("kind", catalogue.text(lang, "outbox_kind_" + row.kind));
    item.set("about", row.about);
    item.set("recipient", masked(row.recipient));
    item.set("state", catalogue.text(lang, "outbox_state_" + row.state));
    item.set("failed", row.state == "failed");
    item.set("attempts", std::to_string(row.attempts));
    item.set("created", local_minute(row.created_at));
    item.set("next", row.state == "queued" ? local_minute(row.next_attempt_at) : "");
    item.set("error", row.last_error);
    item.set("retry_action", "/admin/outbox/" + std::to_string(row.id) + "/retry");
    items.push_back(item);
  }
  data.set("rows", items);
  data.set("has_rows", !items.empty());
  data.set("retried", http::field(request.query, "retried").has_value());
  return site.page(request, "mail/outbox", "title_outbox", data);
}

http::Response retry(store::Database& db, web::Site& site, http::Request& request) {
  auto id_text = request.param("id").value_or("");
  std::int64_t id = 0;
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string::npos) {
    return site.error(request, 404, "error_404_message");
  }
  id = std::stoll(id_text);
  bool found = db.transaction([&](store::Connection& c) {
    auto updated = c.query(
        "UPDATE mail_outbox SET state = 'queued', next_attempt_at = $1, attempts = 0, "
        "lease_owner = NULL, lease_until = NULL WHERE id = $2 AND state <> 'sent' RETURNING about",
        {now_seconds(), id});
    if (updated.empty()) return false;
    audit::append(c, {web::actor(request).name, "mail.retry", "mail:" + std::to_string(id),
                      updated.rows[0].text(0), request.remote_address, request.request_id});
    return true;
  });
  if (!found) return site.error(request, 404, "error_404_message");
  wake();
  return http::Response::redirect("/admin/outbox?retried=1");
}

}  // namespace

std::string masked(const std::string& address) {
  auto at = address.rfind('@');
  if (at == std::string::npos) return "***";
  auto shown = std::min<std::size_t>(2, at);
  return address.substr(0, shown) + "***" + address.substr(at);
}

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/admin/outbox", "nav_outbox", "admin"});
  router.add("GET", "/admin/outbox", "admin", site.guard([&db, &site](http::Request& request) {
    return outbox_page(db, site, request);
  }));
  router.add("POST", "/admin/outbox/{id}/retry", "admin",
             site.guard([&db, &site](http::Request& request) { return retry(db, site, request); }));
}

}  // namespace ploeg::mail
