#include "web/site.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/log.hpp"
#include "store/database.hpp"
#include "web/api_answer.hpp"

namespace ploeg::web {

Visitor& visitor(http::Request& request) {
  if (auto* existing = std::any_cast<Visitor>(&request.context)) return *existing;
  request.context = Visitor{};
  return std::any_cast<Visitor&>(request.context);
}

namespace {

// Set before the server's threads start and only read afterwards.
PersonLoader& person_loader() {
  static PersonLoader loader;
  return loader;
}

NamesLoader& names_loader() {
  static NamesLoader loader;
  return loader;
}

}  // namespace

void set_names_loader(NamesLoader loader) {
  names_loader() = std::move(loader);
}

const store::Names& names(http::Request& request) {
  auto& v = visitor(request);
  if (!v.loaded_names) {
    auto& load = names_loader();
    v.loaded_names = load ? load(v.lang) : store::Names{v.lang};
  }
  return *v.loaded_names;
}

const store::Names& names(http::Request& request, store::Connection& c) {
  auto& v = visitor(request);
  if (!v.loaded_names) v.loaded_names = store::names::load(c, v.lang);
  return *v.loaded_names;
}

void set_person_loader(PersonLoader loader) {
  person_loader() = std::move(loader);
}

const Actor& actor(http::Request& request) {
  auto& v = visitor(request);
  if (!v.loaded_actor) {
    Actor a;
    a.name = v.user_id ? "user:" + v.username : "anonymous";
    a.user_id = v.user_id.value_or(0);
    a.role = v.role;
    auto& load = person_loader();
    if (v.user_id && load) a.person = load(*v.user_id);
    a.remote_address = request.remote_address;
    a.request_id = request.request_id;
    v.loaded_actor = std::move(a);
  }
  return *v.loaded_actor;
}

const Person& person(http::Request& request) {
  return actor(request).person;
}

namespace {

// A JSON client's error code: what a program branches on.
std::string json_error_code(int status, const std::string& message_key) {
  if (status == 403 && message_key == "error_403_csrf_message") return "csrf";
  return api::code_of(status);
}

// The pages' messages speak of forms and links; a program's author needs to
// hear what to send instead. English, like every API message.
const std::map<std::string, std::string, std::less<>> json_messages = {
    {"error_400_message", "The request is malformed; check its syntax and parameters."},
    {"error_401_message",
     "Sign in first (POST /login with username and password) and send the session cookie."},
    {"error_403_message", "Your account may not do this; ask an administrator if you need it."},
    {"error_403_csrf_message",
     "Send the csrf token of GET /api/v1/session in the X-CSRF-Token header."},
    {"error_404_message", "There is nothing at this address; /api/openapi.json lists the routes."},
    {"error_405_message",
     "This address does not take this method; the Allow header lists those it takes."},
    {"error_413_message", "The body is larger than the server accepts; send less at a time."},
    {"error_500_message",
     "The server failed to answer; try again later and quote the X-Request-Id header."},
    {"error_503_message", "The database cannot be reached at the moment; try again in a moment."},
};

// {"error": {"code": "not_found", "message": "...", "field": null}}
http::Response json_error(const Catalogue& catalogue, int status, const std::string& message_key) {
  auto known = json_messages.find(message_key);
  std::string message =
      known != json_messages.end() ? known->second : catalogue.text("en", message_key);
  boost::json::object error{
      {"code", json_error_code(status, message_key)}, {"message", message}, {"field", nullptr}};
  auto response =
      http::Response::json(boost::json::serialize(boost::json::object{{"error", error}}), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

Site::Site(Views views, Catalogue catalogue, std::string organisation_name, Allows allows)
    : views_(std::move(views)),
      catalogue_(std::move(catalogue)),
      organisation_name_(std::move(organisation_name)),
      allows_(std::move(allows)) {
  for (auto& lang : catalogue_.languages()) {
    Data shared;
    Data t;
    for (auto& [key, text] : catalogue_.messages(lang)) t.set(key, text);
    shared.set("t", t);
    List languages;
    for (auto& code : catalogue_.languages()) {
      Data language;
      language.set("code", code);
      language.set("name", catalogue_.text(code, "language_name"));
      language.set("current", code == lang);
      languages.push_back(language);
    }
    shared.set("languages", languages);
    shared.set("org_name", organisation_name_);
    shared_.emplace(lang, std::move(shared));
  }
}

std::string Site::organisation_name(std::string_view lang) const {
  std::shared_lock lock(organisation_names_mutex_);
  auto found = organisation_names_.find(lang);
  return found == organisation_names_.end() ? organisation_name_ : found->second;
}

void Site::set_organisation_names(const std::map<std::string, std::string>& by_language) {
  std::unique_lock lock(organisation_names_mutex_);
  for (auto& [lang, name] : by_language) {
    if (name.empty()) {
      organisation_names_.erase(lang);
    } else {
      organisation_names_[lang] = name;
    }
  }
}

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// How specifically `pattern` covers `path`: 0 when not at all, else one
// more than the number of segments it matched. Whole segments only:
// "/request" does not cover "/requests/...".
std::size_t pattern_match(std::string_view pattern, std::string_view path) {
  auto want = segments(pattern);
  auto have = segments(path);
  if (want.empty()) return have.empty() ? 1 : 0;  // "/" is the home page only
  if (want.size() > have.size()) return 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] != "*" && want[i] != have[i]) return 0;
  }
  return want.size() + 1;
}

}  // namespace

std::size_t nav_match(const NavItem& item, std::string_view path) {
  std::size_t best = pattern_match(item.href, path);
  for (auto& pattern : item.also) best = std::max(best, pattern_match(pattern, path));
  return best;
}

std::string Site::text(http::Request& request, const std::string& key) const {
  return catalogue_.text(visitor(request).lang, key);
}

void Site::add_common(http::Request& request, const std::string& title, Data& data) const {
  const Visitor& v = visitor(request);
  // Page data wins over the common data where names meet.
  auto set = [&data](const std::string& key, const Data& value) {
    if (!data.get(key)) data.set(key, value);
  };
  set("lang", v.lang);
  set("org_name", organisation_name(v.lang));
  set("title", title);
  set("path", request.target);
  set("csrf", v.csrf);
  if (v.user_id) {
    Data user;
    user.set("username", v.username);
    user.set("display_name", v.display_name);
    user.set("role_label", catalogue_.text(v.lang, "role_" + v.role));
    set("user", user);
  }
  std::vector<const NavItem*> shown;
  const NavItem* current = nullptr;
  std::size_t best = 0;
  for (auto& item : nav_) {
    if (!allows_(request, item.permission)) continue;
    shown.push_back(&item);
    std::size_t match = nav_match(item, request.path);
    if (match > best) best = match, current = &item;
  }
  List nav;
  for (auto* item : shown) {
    Data entry;
    entry.set("href", item->href);
    entry.set("label", catalogue_.text(v.lang, item->label_key));
    entry.set("current", item == current);
    nav.push_back(entry);
  }
  set("nav", nav);
}

http::Response Site::page(http::Request& request, const std::string& name,
                          const std::string& title_key, Data data, int status) const {
  add_common(request, text(request, title_key), data);
  auto shared = shared_.find(visitor(request).lang);
  const Data* common = shared != shared_.end() ? &shared->second : &shared_.at("en");
  data.set("content", views_.render(name, data, common));
  auto response = http::Response::html(views_.render("layout/page", data, common), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response Site::error(http::Request& request, int status,
                           const std::string& message_key) const {
  if (request.wants_json()) return json_error(catalogue_, status, message_key);
  std::string code = std::to_string(status);
  // A status without a heading of its own gets its class's, not its key shown.
  std::string heading_key = "error_" + code + "_heading";
  if (!catalogue_.messages("en").count(heading_key))
    heading_key = status >= 500 ? "error_500_heading" : "error_400_heading";
  std::string heading = text(request, heading_key);
  std::string message = text(request, message_key);
  Data data;
  data.set("status", code);
  data.set("heading", heading);
  data.set("message", message);
  data.set("request_id", request.request_id);
  return page(request, "errors/error", "title_error", data, status);
}

http::Handler Site::guard(http::Handler handler) const {
  return [this, handler = std::move(handler)](http::Request& request) {
    try {
      return handler(request);
    } catch (const store::DatabaseError& e) {
      log::error("database", {{"error", e.what()},
                              {"unavailable", e.unavailable()},
                              {"request_id", request.request_id}});
      int status = e.unavailable() ? 503 : 500;
      return error(request, status, "error_" + std::to_string(status) + "_message");
    }
  };
}

void add_signed_in_page(http::Router& router, store::Database& db, Site& site, const char* method,
                        const char* pattern, Page page) {
  router.add(method, pattern, "signed_in",
             site.guard([&db, &site, page = std::move(page)](http::Request& request) {
               return page(db, site, request);
             }));
}

}  // namespace ploeg::web
