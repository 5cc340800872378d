// Routes with path parameters: "/people/{id}", "/static/{path*}" (the rest of
// the path). Every route names the permission it needs; there is no default,
// so a route nobody thought about cannot be reached (deny by default).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
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
  //
  // A pattern starts with '/'; its segments are literal text, "{name}" (one
  // non-empty segment) or, last, "{name*}" (the non-empty rest of the path,
  // slashes included). Literal segments win over parameters; a trailing
  // slash is significant ("/a/" is not "/a"). Patterns that differ only in
  // parameter names ("/p/{id}", "/p/{key}") count as the same route.
  void add(std::string method, std::string pattern, std::string permission, Handler handler);
  // `path` is the decoded path. Routes for the request's method (GET routes
  // for HEAD) are preferred; when only other methods have a matching route,
  // the result is method_not_allowed with `allowed` sorted.
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    enum class Kind { literal, param, rest } kind;
    std::string text;  // the literal, or the parameter's name
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> compiled_;  // parallel to routes_
};

}  // namespace ploeg::http
