#include "web/site.hpp"

#include "core/log.hpp"
#include "store/database.hpp"

namespace ploeg::web {

Visitor& visitor(http::Request& request) {
  if (auto* existing = std::any_cast<Visitor>(&request.context)) return *existing;
  request.context = Visitor{};
  return std::any_cast<Visitor&>(request.context);
}

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
  List nav;
  for (auto& item : nav_) {
    if (!allows_(request, item.permission)) continue;
    Data entry;
    entry.set("href", item.href);
    entry.set("label", catalogue_.text(v.lang, item.label_key));
    bool current = item.href == "/" ? request.path == "/" : request.path.rfind(item.href, 0) == 0;
    entry.set("current", current);
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
  std::string code = std::to_string(status);
  std::string heading = text(request, "error_" + code + "_heading");
  std::string message = text(request, message_key);
  if (request.wants_json()) {
    return http::Response::json(
        "{\"error\":{\"code\":" + code + ",\"message\":\"" + http::json_escape(message) + "\"}}",
        status);
  }
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

}  // namespace ploeg::web
