// Accounts from the web, the pages (administrators only, permission
// "admin"): /admin/accounts (list, search, create), /admin/accounts/{username}
// (role, person, reset link, sessions, disable and enable),
// /admin/invitations (people without an account) and /admin/invitations/{id}.
// A one-time link is shown once, on the answer to the form that made it.
#include "accounts/admin_pages.hpp"

#include <algorithm>

#include "accounts/administration.hpp"
#include "core/clock.hpp"
#include "http/message.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"

namespace ploeg::accounts::administration {
namespace {

std::string lang_of(http::Request& request) {
  return web::visitor(request).lang;
}

web::List role_options(const web::Site& site, const std::string& lang, const std::string& chosen) {
  web::List list;
  for (auto& role : roles) {
    web::Data item;
    item.set("value", role);
    item.set("label", site.catalogue().text(lang, "accounts_role_" + role));
    item.set("selected", role == chosen);
    list.push_back(item);
  }
  return list;
}

std::int64_t page_number(http::Request& request) {
  // Bounded, so that the offset it makes stays a small number.
  return std::min<std::int64_t>(
      web::positive_number(http::field(request.query, "page")).value_or(1), 100000);
}

// Previous and next links of a list of `total` at page `page` (from 1).
void add_pager(web::Data& data, const std::string& base, std::int64_t page, std::int64_t total) {
  std::int64_t pages = (total + page_size - 1) / page_size;
  if (pages <= 1) return;
  data.set("paged", true);
  auto sep = base.find('?') == std::string::npos ? "?" : "&";
  if (page > 1) data.set("previous_href", base + sep + "page=" + std::to_string(page - 1));
  if (page < pages) data.set("next_href", base + sep + "page=" + std::to_string(page + 1));
}

std::string account_path(const std::string& username) {
  return "/admin/accounts/" + http::url_encode(username);
}

http::Response list_page(store::Database& db, web::Site& site, http::Request& request,
                         const web::Submitted& sent = {}) {
  const auto lang = lang_of(request);
  const auto& catalogue = site.catalogue();
  auto q = http::field(request.query, "q").value_or("");
  q = cut(q, 100);
  auto page = page_number(request);
  auto found = list_accounts(db, web::actor(request), q, (page - 1) * page_size);
  if (!found) return web::refused_page(site, request, found, "error_403_message");
  web::Data data;
  data.set("q", q);
  web::List rows;
  for (auto& a : found.accounts) {
    web::Data row;
    row.set("href", account_path(a.username));
    row.set("username", a.username);
    row.set("display_name", a.display_name);
    row.set("role_text", catalogue.text(lang, "accounts_role_" + a.role));
    row.set("person_name", a.person_name);
    row.set("disabled", a.disabled);
    rows.push_back(row);
  }
  data.set("accounts", rows);
  data.set("has_accounts", !rows.empty());
  data.set("count_text", catalogue.format(lang, "accounts_count", {}, found.total));
  add_pager(data, q.empty() ? "/admin/accounts" : "/admin/accounts?q=" + http::url_encode(q), page,
            found.total);
  data.set("username", sent.value("create", "username", ""));
  data.set("display_name", sent.value("create", "display_name", ""));
  data.set("person_email", sent.value("create", "person_email", ""));
  data.set("roles", role_options(site, lang, sent.value("create", "role", "coworker")));
  data.set("errors", sent.errors_of("create", catalogue, lang));
  data.set("refused", sent.alert("create-heading", catalogue, lang));
  return site.page(request, "accounts/admin_list", "title_accounts", data, sent.page_status());
}

http::Response account_page(store::Database& db, web::Site& site, http::Request& request,
                            const web::Submitted& sent = {}) {
  const auto lang = lang_of(request);
  const auto& catalogue = site.catalogue();
  auto username = request.param("username").value_or("");
  auto found = find_account(db, web::actor(request), username);
  if (!found) return web::refused_page(site, request, found, "account_unknown");
  const auto& a = found.account;
  web::Data data;
  data.set("base", account_path(a.username));
  data.set("username", a.username);
  data.set("display_name", a.display_name);
  data.set("role_text", catalogue.text(lang, "accounts_role_" + a.role));
  data.set("disabled", a.disabled);
  data.set("person_name", a.person_name);
  data.set("person_email", a.person_email);
  data.set("person_email_value", sent.value("person", "person_email", a.person_email));
  data.set("sessions", std::to_string(a.sessions));
  data.set("created", local_date(a.created_at));
  data.set("roles", role_options(site, lang, sent.value("role", "role", a.role)));
  data.set("role_errors", sent.errors_of("role", catalogue, lang));
  data.set("person_errors", sent.errors_of("person", catalogue, lang));
  data.set("refused", sent.alert(sent.is("person") ? "person-heading"
                                 : sent.is("role") ? "role-heading"
                                                   : "access-heading",
                                 catalogue, lang));
  static const std::vector<std::string> done = {"role", "person", "disable", "enable", "sessions"};
  auto said = http::field(request.query, "done").value_or("");
  if (std::find(done.begin(), done.end(), said) != done.end()) {
    data.set("done_text", catalogue.text(lang, "accounts_done_" + said));
  }
  return site.page(request, "accounts/admin_account", "title_account", data, sent.page_status());
}

// The answer that shows a one-time link, once.
http::Response issued_page(web::Site& site, http::Request& request, const Issued& issued,
                           bool invitation, const std::string& name) {
  const auto lang = lang_of(request);
  const auto& catalogue = site.catalogue();
  web::Data data;
  data.set(
      "heading",
      catalogue.format(lang, invitation ? "accounts_invitation_heading" : "accounts_reset_heading",
                       {{"name", name}}));
  data.set("intro",
           catalogue.format(lang, invitation ? "accounts_invitation_intro" : "accounts_reset_intro",
                            {{"username", issued.username}}));
  data.set("link", site.public_url() + "/account/link?token=" + issued.token);
  data.set("expires_text", catalogue.format(lang, "accounts_link_expires",
                                            {{"when", local_minute(issued.expires_at)}}));
  data.set("back_href",
           invitation ? std::string("/admin/invitations") : account_path(issued.username));
  return site.page(request, "accounts/admin_issued", "title_account_link", data);
}

http::Response post_create(store::Database& db, web::Site& site, http::Request& request) {
  auto form = request.form();
  NewAccount account{
      http::field(form, "username").value_or(""), http::field(form, "display_name").value_or(""),
      http::field(form, "role").value_or(""), http::field(form, "person_email").value_or("")};
  auto made = create_account(db, web::actor(request), account);
  if (!made) {
    if (made.is(Verdict::forbidden)) return web::refused_page(site, request, made, "");
    return list_page(db, site, request, web::submitted("create", form, made));
  }
  return issued_page(site, request, made, false, account.display_name);
}

// A form of the account page: the command, then back to the page.
template <typename Command>
http::Response account_form(store::Database& db, web::Site& site, http::Request& request,
                            const std::string& name, Command command) {
  auto form = request.form();
  auto username = request.param("username").value_or("");
  Outcome done = command(web::actor(request), username, form);
  if (!done) {
    if (done.is(Verdict::forbidden) || done.is(Verdict::not_found)) {
      return web::refused_page(site, request, done, "account_unknown");
    }
    return account_page(db, site, request, web::submitted(name, form, done));
  }
  return http::Response::redirect(account_path(username) + "?done=" + name);
}

http::Response invitations_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto lang = lang_of(request);
  const auto& catalogue = site.catalogue();
  auto q = http::field(request.query, "q").value_or("");
  q = cut(q, 100);
  auto page = page_number(request);
  auto found = people_without_account(db, web::actor(request), q, (page - 1) * page_size);
  if (!found) return web::refused_page(site, request, found, "error_403_message");
  web::Data data;
  data.set("q", q);
  web::List rows;
  for (auto& p : found.people) {
    web::Data row;
    row.set("name", p.name);
    row.set("email", p.email);
    row.set("href", "/admin/invitations/" + std::to_string(p.person_id));
    rows.push_back(row);
  }
  data.set("people", rows);
  data.set("has_people", !rows.empty());
  data.set("count_text", catalogue.format(lang, "invitations_count", {}, found.total));
  add_pager(data, q.empty() ? "/admin/invitations" : "/admin/invitations?q=" + http::url_encode(q),
            page, found.total);
  return site.page(request, "accounts/admin_invitations", "title_invitations", data);
}

http::Response invite_page(store::Database& db, web::Site& site, http::Request& request,
                           const web::Submitted& sent = {}) {
  const auto lang = lang_of(request);
  const auto& catalogue = site.catalogue();
  auto id = web::positive_number(request.param("id"));
  auto found = invitee(db, web::actor(request), id.value_or(0));
  if (!found) return web::refused_page(site, request, found, "account_invitee_unknown");
  web::Data data;
  data.set("heading",
           catalogue.format(lang, "invitations_person_heading", {{"name", found.person.name}}));
  data.set("action", "/admin/invitations/" + std::to_string(found.person.person_id));
  data.set("username", sent.value("invite", "username", found.person.suggested_username));
  data.set("roles", role_options(site, lang, sent.value("invite", "role", "coworker")));
  data.set("errors", sent.errors_of("invite", catalogue, lang));
  data.set("refused", sent.alert("invite-person-heading", catalogue, lang));
  return site.page(request, "accounts/admin_invite", "title_invitations", data, sent.page_status());
}

http::Response post_invite(store::Database& db, web::Site& site, http::Request& request) {
  auto form = request.form();
  auto id = web::positive_number(request.param("id"));
  auto found = invitee(db, web::actor(request), id.value_or(0));
  if (!found) return web::refused_page(site, request, found, "account_invitee_unknown");
  auto made =
      invite(db, web::actor(request), found.person.person_id,
             http::field(form, "username").value_or(""), http::field(form, "role").value_or(""));
  if (!made) {
    if (made.is(Verdict::forbidden) || made.is(Verdict::not_found)) {
      return web::refused_page(site, request, made, "account_invitee_unknown");
    }
    return invite_page(db, site, request, web::submitted("invite", form, made));
  }
  return issued_page(site, request, made, true, found.person.name);
}

void admin_page(http::Router& router, store::Database& db, web::Site& site, const char* method,
                const char* pattern, web::Page page) {
  router.add(method, pattern, "admin",
             site.guard([&db, &site, page = std::move(page)](http::Request& request) {
               return page(db, site, request);
             }));
}

}  // namespace

void register_admin_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/admin/accounts",
                "nav_accounts",
                "admin",
                {"/admin/accounts/*", "/admin/invitations", "/admin/invitations/*"}});
  admin_page(router, db, site, "GET", "/admin/accounts",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return list_page(db, site, request);
             });
  admin_page(router, db, site, "POST", "/admin/accounts", post_create);
  admin_page(router, db, site, "GET", "/admin/accounts/{username}",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_page(db, site, request);
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/role",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_form(db, site, request, "role",
                                   [&db](const Actor& a, const std::string& u, http::Fields& f) {
                                     return change_role(db, a, u,
                                                        http::field(f, "role").value_or(""));
                                   });
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/person",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_form(db, site, request, "person",
                                   [&db](const Actor& a, const std::string& u, http::Fields& f) {
                                     return link_person(
                                         db, a, u, http::field(f, "person_email").value_or(""));
                                   });
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/disable",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_form(db, site, request, "disable",
                                   [&db](const Actor& a, const std::string& u, http::Fields&) {
                                     return set_disabled(db, a, u, true);
                                   });
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/enable",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_form(db, site, request, "enable",
                                   [&db](const Actor& a, const std::string& u, http::Fields&) {
                                     return set_disabled(db, a, u, false);
                                   });
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/sessions",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return account_form(db, site, request, "sessions",
                                   [&db](const Actor& a, const std::string& u, http::Fields&) {
                                     return Outcome(end_sessions(db, a, u));
                                   });
             });
  admin_page(router, db, site, "POST", "/admin/accounts/{username}/reset",
             [](store::Database& db, web::Site& site, http::Request& request) {
               auto username = request.param("username").value_or("");
               auto made = start_reset(db, web::actor(request), username);
               if (!made) {
                 if (made.is(Verdict::conflict)) {
                   return account_page(db, site, request,
                                       web::submitted("access", request.form(), made));
                 }
                 return web::refused_page(site, request, made, "account_unknown");
               }
               auto found = find_account(db, web::actor(request), username);
               return issued_page(site, request, made, false, found.account.display_name);
             });
  admin_page(router, db, site, "GET", "/admin/invitations", invitations_page);
  admin_page(router, db, site, "GET", "/admin/invitations/{id}",
             [](store::Database& db, web::Site& site, http::Request& request) {
               return invite_page(db, site, request);
             });
  admin_page(router, db, site, "POST", "/admin/invitations/{id}", post_invite);
}

}  // namespace ploeg::accounts::administration
