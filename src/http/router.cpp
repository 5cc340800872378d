#include "http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ploeg::http {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  auto first = s.front();
  if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool is_method(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
  });
}

bool method_serves(std::string_view route_method, std::string_view method) {
  return route_method == method || (method == "HEAD" && route_method == "GET");
}

}  // namespace

void Router::add(std::string method, std::string pattern, std::string permission, Handler handler) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("route " + method + " " + pattern + ": " + why);
  };
  if (!is_method(method)) fail("the method must be an upper-case token such as GET");
  if (permission.empty()) fail("every route must name the permission it needs");
  if (!handler) fail("the handler is empty");
  if (pattern.empty() || pattern.front() != '/') fail("a pattern starts with '/'");

  std::vector<Segment> compiled;
  std::set<std::string, std::less<>> names;
  auto parts = split_path(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    bool last = i + 1 == parts.size();
    if (part.find_first_of("{}") != std::string_view::npos) {
      if (part.size() < 3 || part.front() != '{' || part.back() != '}') {
        fail("a parameter takes a whole segment: {name} or {name*}");
      }
      std::string_view name = part.substr(1, part.size() - 2);
      auto kind = Segment::Kind::param;
      if (name.back() == '*') {
        if (!last) fail("{name*} can only be the last segment");
        name.remove_suffix(1);
        kind = Segment::Kind::rest;
      }
      if (!is_name(name)) fail("a parameter name is letters, digits and '_'");
      if (!names.emplace(name).second) fail("parameter {" + std::string(name) + "} appears twice");
      compiled.push_back({kind, std::string(name)});
    } else {
      if (part.empty() && !last) fail("empty segment (\"//\")");
      if (part.find_first_of("?#") != std::string_view::npos) {
        fail("a pattern holds no query or fragment");
      }
      compiled.push_back({Segment::Kind::literal, std::string(part)});
    }
  }

  auto same_shape = [](const std::vector<Segment>& a, const std::vector<Segment>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].kind != b[i].kind) return false;
      if (a[i].kind == Segment::Kind::literal && a[i].text != b[i].text) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == method && same_shape(compiled_[i], compiled)) {
      fail("already registered as " + routes_[i].method + " " + routes_[i].pattern);
    }
  }

  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(permission), std::move(handler)});
  compiled_.push_back(std::move(compiled));
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  if (path.empty() || path.front() != '/') return result;
  auto parts = split_path(path);

  // Fills `params` and returns true when `segments` matches the path.
  auto matches = [&](const std::vector<Segment>& segments,
                     std::map<std::string, std::string>& params) {
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const Segment& s = segments[i];
      if (s.kind == Segment::Kind::rest) {
        std::string rest;
        for (std::size_t j = i; j < parts.size(); ++j) {
          if (j > i) rest += '/';
          rest += parts[j];
        }
        if (rest.empty()) return false;
        params[s.text] = std::move(rest);
        return true;
      }
      if (i >= parts.size()) return false;
      if (s.kind == Segment::Kind::literal) {
        if (parts[i] != s.text) return false;
      } else {
        if (parts[i].empty()) return false;
        params[s.text] = std::string(parts[i]);
      }
    }
    return segments.size() == parts.size();
  };

  // Lower is more specific: literal < parameter < rest, segment by segment;
  // then a route for the exact method before a GET route answering HEAD.
  auto rank = [&](std::size_t index) {
    std::vector<int> r;
    for (const Segment& s : compiled_[index]) r.push_back(static_cast<int>(s.kind));
    r.push_back(routes_[index].method == method ? 0 : 1);
    return r;
  };

  std::optional<std::size_t> best;
  std::vector<int> best_rank;
  std::map<std::string, std::string> best_params;
  std::set<std::string> allowed;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!matches(compiled_[i], params)) continue;
    allowed.insert(routes_[i].method);
    if (routes_[i].method == "GET") allowed.insert("HEAD");
    if (!method_serves(routes_[i].method, method)) continue;
    auto r = rank(i);
    if (!best || r < best_rank) {
      best = i;
      best_rank = std::move(r);
      best_params = std::move(params);
    }
  }

  if (best) {
    result.kind = Match::Kind::found;
    result.route = &routes_[*best];
    result.params = std::move(best_params);
  } else if (!allowed.empty()) {
    result.kind = Match::Kind::method_not_allowed;
    result.allowed.assign(allowed.begin(), allowed.end());
  }
  return result;
}

}  // namespace ploeg::http
