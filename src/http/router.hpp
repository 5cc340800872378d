// Routes with path parameters: "/people/{id}", "/static/{path*}" (the rest of
// the path). Every route names the permission it needs; there is no default,
// so a route nobody thought about cannot be reached (deny by default).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace ploeg::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::string permission;  // checked by the application before the handler runs
  Handler handler;
};

struct Match {
  enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  // for method_not_allowed: the methods the path has
};

class Router {
 public:
  // Throws std::invalid_argument on an empty permission, a malformed pattern
  // or a route already registered. GET routes also answer HEAD.
  void add(std::string method, std::string pattern, std::string permission, Handler handler);
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace ploeg::http
