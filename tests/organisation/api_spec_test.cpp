// The OpenAPI document cannot drift from the routes: every route registered
// under /api/ is described with its methods, nothing else is, and every
// reference inside the document resolves.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "organisation/api.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

const std::filesystem::path web_root = std::filesystem::path(PLOEG_SOURCE_DIR) / "web";

boost::json::value read_document() {
  std::ifstream in(web_root / "static" / "api" / "openapi.json", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto doc = boost::json::parse(text.str(), ec);
  EXPECT_FALSE(ec) << ec.message();
  return doc;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

// Every "$ref" anywhere in `v`.
void collect_refs(const boost::json::value& v, std::vector<std::string>& refs) {
  if (auto* o = v.if_object()) {
    for (auto& [key, item] : *o) {
      if (key == "$ref" && item.is_string()) refs.emplace_back(item.as_string());
      collect_refs(item, refs);
    }
  } else if (auto* a = v.if_array()) {
    for (auto& item : *a) collect_refs(item, refs);
  }
}

class ApiSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/ploeg-api-spec-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    dir_ = templ;
    db_ = store::Database::open("sqlite:" + dir_ + "/spec.db");
    site_.emplace(web::Views(web_root / "templates"), web::Catalogue::load(web_root / "locales"),
                  "ploeg", [](http::Request&, const std::string&) { return true; });
    register_api_routes(router_, *db_, *site_, web_root / "static");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<web::Site> site_;
  http::Router router_;
};

TEST_F(ApiSpecTest, TheDocumentIsOpenApiWithInfoAndPaths) {
  auto doc = read_document();
  ASSERT_TRUE(doc.is_object());
  auto& o = doc.as_object();
  ASSERT_TRUE(o.contains("openapi"));
  EXPECT_EQ(std::string(o.at("openapi").as_string()).rfind("3.", 0), 0u);
  ASSERT_TRUE(o.contains("info"));
  EXPECT_FALSE(o.at("info").at("title").as_string().empty());
  EXPECT_FALSE(o.at("info").at("version").as_string().empty());
  ASSERT_TRUE(o.contains("paths"));
  EXPECT_TRUE(o.at("components").at("schemas").as_object().contains("Error"));
}

TEST_F(ApiSpecTest, EveryApiRouteIsDescribedWithItsMethodsAndNothingElse) {
  auto doc = read_document();
  const auto& paths = doc.at("paths").as_object();
  std::set<std::pair<std::string, std::string>> registered, described;
  for (auto& route : router_.routes()) {
    if (route.pattern.rfind("/api/", 0) != 0) continue;
    registered.insert({route.pattern, lower(route.method)});
    if (route.pattern.rfind("/api/v1/", 0) == 0) {
      EXPECT_EQ(route.permission, "signed_in") << route.pattern;
    }
  }
  ASSERT_GE(registered.size(), 12u);
  static const std::set<std::string> methods = {"get", "put", "post", "delete", "patch"};
  for (auto& [path, item] : paths) {
    for (auto& [key, operation] : item.as_object()) {
      if (!methods.count(std::string(key))) continue;
      described.insert({std::string(path), std::string(key)});
      EXPECT_TRUE(operation.as_object().contains("responses")) << path << " " << key;
    }
  }
  for (auto& r : registered) {
    EXPECT_TRUE(described.count(r)) << r.second << " " << r.first << " is not in openapi.json";
  }
  for (auto& d : described) {
    EXPECT_TRUE(registered.count(d)) << d.second << " " << d.first << " is not a route";
  }
  // Every path parameter of a route is declared.
  for (auto& [path, item] : paths) {
    std::string p(path);
    std::string declared = boost::json::serialize(item);
    for (auto open = p.find('{'); open != std::string::npos; open = p.find('{', open + 1)) {
      auto name = p.substr(open + 1, p.find('}', open) - open - 1);
      EXPECT_NE(declared.find("\"name\":\"" + name + "\""), std::string::npos) << p << " " << name;
    }
  }
}

TEST_F(ApiSpecTest, EveryReferenceResolves) {
  auto doc = read_document();
  std::vector<std::string> refs;
  collect_refs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (auto& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
    const boost::json::value* at = &doc;
    std::stringstream parts(ref.substr(2));
    std::string part;
    while (at && std::getline(parts, part, '/')) {
      auto* o = at->if_object();
      at = o && o->contains(part) ? &o->at(part) : nullptr;
    }
    EXPECT_NE(at, nullptr) << ref << " does not resolve";
  }
}

}  // namespace
}  // namespace ploeg::organisation
