// The OpenAPI document cannot drift from the routes: every route the whole
// application registers under /api/ (every feature, put together as `ploeg
// serve` does) is described with its methods, nothing else is, every error
// answer is the one Error object, and every reference inside the document
// resolves. (tests/browser/openapi.test.mjs has an independent validator
// check that the document is valid OpenAPI 3.)
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/platform.hpp"

namespace ploeg::app {
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
    all_migrations().apply(*db_);
    site_.emplace(web::Views(web_root / "templates"), web::Catalogue::load(web_root / "locales"),
                  "ploeg", [](http::Request&, const std::string&) { return true; });
    runner_.emplace(*db_, 1);
    register_all_routes(router_, *db_, *site_, web_root / "static", accounts::SessionPolicy{},
                        server_, "", *runner_);
  }
  void TearDown() override {
    runner_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<jobs::Runner> runner_;  // outlives the routes that use it
  std::optional<web::Site> site_;
  http::Router router_;
  http::Server* server_ = nullptr;
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

TEST_F(ApiSpecTest, TheRoutesAreTheWholeApplications) {
  // Routes of several features, so a table of one feature's routes fails.
  std::set<std::string> patterns;
  for (auto& route : router_.routes()) patterns.insert(route.method + " " + route.pattern);
  EXPECT_TRUE(patterns.count("POST /login")) << "accounts";
  EXPECT_TRUE(patterns.count("GET /healthz")) << "platform";
  EXPECT_TRUE(patterns.count("GET /api/v1/teams")) << "organisation";
  EXPECT_TRUE(patterns.count("GET /figures")) << "casework";
  EXPECT_TRUE(patterns.count("GET /teams/{code}/week")) << "weekplan";
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

// Every 4xx and 5xx answer of every operation is the one Error object,
// {"error": {"code", "message", "field"}}, directly or through a shared
// response of components/responses.
TEST_F(ApiSpecTest, EveryErrorAnswerIsTheErrorObject) {
  auto doc = read_document();
  const auto& components = doc.at("components").as_object();
  auto error_schema = [](const boost::json::value& response) -> std::string {
    auto* content = response.as_object().if_contains("content");
    if (!content) return "no content";
    auto* media = content->as_object().if_contains("application/json");
    if (!media) return "no application/json content";
    auto* schema = media->as_object().if_contains("schema");
    if (!schema || !schema->as_object().contains("$ref")) return "no schema $ref";
    return std::string(schema->as_object().at("$ref").as_string());
  };
  const std::string error_ref = "#/components/schemas/Error";
  for (auto& [name, response] : components.at("responses").as_object()) {
    EXPECT_EQ(error_schema(response), error_ref) << "components/responses/" << name;
  }
  const std::string shared = "#/components/responses/";
  int errors = 0;
  for (auto& [path, item] : doc.at("paths").as_object()) {
    for (auto& [method, operation] : item.as_object()) {
      auto* op = operation.if_object();
      if (!op || !op->contains("responses")) continue;
      for (auto& [status, response] : op->at("responses").as_object()) {
        if (status.empty() || (status[0] != '4' && status[0] != '5')) continue;
        ++errors;
        auto* ref = response.as_object().if_contains("$ref");
        if (ref) {
          std::string target(ref->as_string());
          EXPECT_EQ(target.rfind(shared, 0), 0u) << path << " " << method << " " << status;
        } else {
          EXPECT_EQ(error_schema(response), error_ref) << path << " " << method << " " << status;
        }
      }
    }
  }
  EXPECT_GT(errors, 0);
  const auto& error = components.at("schemas").at("Error").at("properties").at("error");
  std::set<std::string> required;
  for (auto& name : error.at("required").as_array()) required.insert(std::string(name.as_string()));
  EXPECT_EQ(required, (std::set<std::string>{"code", "message", "field"}));
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
}  // namespace ploeg::app
