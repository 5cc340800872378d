// What every page shares: the visitor (who is asking, in which language), the
// layout around the page, and error pages in the same style.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/names.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::web {

using ploeg::Actor;
using ploeg::Person;

// Finds the person a signed-in account is (id 0 when none).
using PersonLoader = std::function<Person(std::int64_t user_id)>;

// Installed once at start-up, before the server takes requests, by the part
// that puts the features together; an empty loader makes everyone nobody.
void set_person_loader(PersonLoader loader);

struct Visitor {
  std::optional<std::int64_t> user_id;  // absent: not signed in
  std::string username;
  std::string display_name;
  std::string role;                // "admin", "coach", "coworker"
  std::string session_key;         // the stored (hashed) session key, when signed in
  std::string csrf;                // the token forms must send back as _csrf
  bool issue_csrf_cookie = false;  // an anonymous visitor's new token goes out as a cookie
  std::string lang = "en";
  // Filled by actor() (or person()) the first time a handler asks, never before.
  std::optional<Actor> loaded_actor = std::nullopt;
  // Filled by names() the first time a handler asks, never before.
  std::optional<store::Names> loaded_names = std::nullopt;
};

// The visitor of this request (created empty on first use).
Visitor& visitor(http::Request& request);

// Who acts in this request (core/actor.hpp): the account, its role and the
// person it is, looked up at most once per request and only when first asked.
// The person is nobody (id 0) for an anonymous visitor. The first call takes
// a pooled connection of its own, so ask before taking one.
const Actor& actor(http::Request& request);
// actor(request).person.
const Person& person(http::Request& request);

// Reads the organisation's names in one language (store::names::load on a
// pooled connection); installed like the person loader, empty: no names.
using NamesLoader = std::function<store::Names(const std::string& language)>;
void set_names_loader(NamesLoader loader);

// The organisation's names in the visitor's language (request types, steps,
// competences, roles, regions, teams, offices): read at most once per
// request, when first asked. The first form takes a pooled connection of its
// own, so ask before taking one; the second reads on the caller's.
const store::Names& names(http::Request& request);
const store::Names& names(http::Request& request, store::Connection& c);

struct NavItem {
  std::string href;
  std::string label_key;
  std::string permission;
  // Other paths under this item, where "*" stands for any one segment
  // ("/teams/*/queue"); the most specific match among all items wins.
  std::vector<std::string> also = {};
};

// How specifically a menu item covers a path (0: not at all); the page's
// menu marks the item that covers it most specifically.
std::size_t nav_match(const NavItem& item, std::string_view path);

class Site;

// Adds a page for signed-in visitors, answered by `page` under Site::guard.
using Page = std::function<http::Response(store::Database&, Site&, http::Request&)>;
void add_signed_in_page(http::Router& router, store::Database& db, Site& site, const char* method,
                        const char* pattern, Page page);

class Site {
 public:
  using Allows = std::function<bool(http::Request&, const std::string& permission)>;
  Site(Views views, Catalogue catalogue, std::string organisation_name, Allows allows);

  const Catalogue& catalogue() const { return catalogue_; }
  const std::string& organisation_name() const { return organisation_name_; }
  // The organisation's name in `lang`, else the one given at construction.
  std::string organisation_name(std::string_view lang) const;
  // Its name per language (nl, fr, en), for every page's header; a language
  // left out or empty keeps the one given at construction. Safe while the
  // server runs (an administrator renames it).
  void set_organisation_names(const std::map<std::string, std::string>& by_language);
  // Where people reach ploeg, for links used outside the browser; empty: unknown.
  const std::string& public_url() const { return public_url_; }
  void set_public_url(std::string url) { public_url_ = std::move(url); }
  void add_nav(NavItem item) { nav_.push_back(std::move(item)); }

  // The page `name` inside the layout, with the common data every template gets.
  http::Response page(http::Request& request, const std::string& name, const std::string& title_key,
                      Data data, int status = 200) const;
  // An error page (or a JSON error when the client wants JSON).
  http::Response error(http::Request& request, int status, const std::string& message_key) const;
  // Wraps a handler so that a database failure answers with an error page:
  // 503 when the database cannot be reached, 500 otherwise.
  http::Handler guard(http::Handler handler) const;
  // The translated text for this request's language.
  std::string text(http::Request& request, const std::string& key) const;

 private:
  void add_common(http::Request& request, const std::string& title, Data& data) const;

  Views views_;
  Catalogue catalogue_;
  // Per language: its messages (t), the language switch and the organisation
  // name, built once rather than for every page.
  std::map<std::string, Data, std::less<>> shared_;
  std::string organisation_name_;
  mutable std::shared_mutex organisation_names_mutex_;
  std::map<std::string, std::string, std::less<>> organisation_names_;
  std::string public_url_;
  Allows allows_;
  std::vector<NavItem> nav_;
};

}  // namespace ploeg::web
