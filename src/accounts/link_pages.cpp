// The one-time link an administrator hands out (a password reset or an
// invitation): /account/link?token=TOKEN, for anyone holding a working link
// (permission "public"; the token is the right). It sets the password once.
// The token travels in the query and the form, not the path, so the request
// log (which writes paths) never holds it.
#include "accounts/admin_pages.hpp"
#include "accounts/administration.hpp"
#include "accounts/administration_feature.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"

namespace ploeg::accounts::administration {
namespace {

// The link's token: the form's field on a post, else the query's.
std::string token_of(http::Request& request) {
  if (request.method == "POST") {
    if (auto sent = http::field(request.form(), "token")) return *sent;
  }
  auto token = http::field(request.query, "token").value_or("");
  return token.size() <= max_token ? token : "";
}

http::Response link_page(store::Database& db, web::Site& site, http::Request& request,
                         const web::Submitted& sent = {}, bool finished = false) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto token = token_of(request);
  web::Data data;
  if (finished) {
    data.set("heading", catalogue.text(lang, "account_link_heading_done"));
    data.set("finished", true);
  } else {
    auto purpose = check_link(db, token);
    if (!purpose) return site.error(request, 404, "account_link_gone");
    data.set("heading", catalogue.text(lang, purpose->invitation ? "account_link_heading_invitation"
                                                                 : "account_link_heading_reset"));
    data.set("intro",
             catalogue.format(
                 lang,
                 purpose->invitation ? "account_link_intro_invitation" : "account_link_intro_reset",
                 {{"name", purpose->display_name}, {"username", purpose->username}}));
    data.set("token", token);
    data.set("min_length", std::to_string(min_password_length));
    data.set("hint", catalogue.format(lang, "password_hint",
                                      {{"min", std::to_string(min_password_length)}}));
    data.set("errors", sent.errors_of("link", catalogue, lang));
    data.set("refused", sent.alert("link-heading", catalogue, lang));
  }
  auto response =
      site.page(request, "accounts/link", "title_account_link", data, sent.page_status());
  // The token is in the address: it goes to no other site.
  response.set_header("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace

void register_link_pages(http::Router& router, store::Database& db, web::Site& site) {
  router.add("GET", "/account/link", "public", site.guard([&db, &site](http::Request& request) {
    return link_page(db, site, request);
  }));
  router.add("POST", "/account/link", "public", site.guard([&db, &site](http::Request& request) {
    auto form = request.form();
    auto used = use_link(db, token_of(request), http::field(form, "password").value_or(""),
                         http::field(form, "confirm").value_or(""), web::actor(request));
    if (used.is(Verdict::not_found)) {
      return site.error(request, 404, "account_link_gone");
    }
    if (!used) {
      // The passwords are not sent back into the form.
      return link_page(db, site, request, web::submitted("link", {}, used));
    }
    return link_page(db, site, request, {}, true);
  }));
}

void register_routes(http::Router& router, store::Database& db, web::Site& site) {
  register_admin_pages(router, db, site);
  register_link_pages(router, db, site);
  register_admin_api(router, db, site);
}

}  // namespace ploeg::accounts::administration
