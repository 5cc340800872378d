// End to end: the JSON API of the real `ploeg serve` on a demo organisation,
// as a program would use it: sign in, read the CSRF token from the session,
// send JSON.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include <set>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"

namespace ploeg::test {
namespace {

namespace json = boost::json;

// A signed-in program: session cookie, and the CSRF token from /api/v1/session.
class Client {
 public:
  Client(std::uint16_t port, const std::string& username, const std::string& password)
      : visitor_(port) {
    EXPECT_TRUE(visitor_.sign_in(username, password));
    auto r = visitor_.get("/api/v1/session");
    EXPECT_EQ(r.status, 200) << r.body;
    session_ = parsed(r);
    csrf_ = str(session_.at("csrf"));
  }
  HttpResponse get(const std::string& target, HeaderList headers = {}) {
    return visitor_.get(target, std::move(headers));
  }
  HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                    bool with_csrf = true, const std::string& type = "application/json") {
    HeaderList headers;
    if (!body.empty() || method != "DELETE") headers.emplace_back("Content-Type", type);
    if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_);
    return visitor_.send(method, target, body, headers);
  }
  HttpResponse send_json(const std::string& method, const std::string& target,
                         const json::value& body) {
    return send(method, target, json::serialize(body));
  }
  const json::value& session() const { return session_; }

 private:
  Visitor visitor_;
  json::value session_;
  std::string csrf_;
};

class ApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-api-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  std::uint16_t port() const { return demo_->port(); }
  Client coworker() { return Client(port(), "coworker", demo_->password("coworker")); }
  Client admin() { return Client(port(), "admin", demo_->password("admin")); }

  // The co-worker's own team (the first regional team) and one they are not in.
  struct Teams {
    std::string own, other;
    std::int64_t person = 0;
  };
  Teams teams_of(Client& c) {
    Teams t;
    t.person = c.session().at("person").as_int64();
    auto person = parsed(c.get("/api/v1/people/" + std::to_string(t.person)));
    std::set<std::string> mine;
    for (auto& team : person.at("teams").as_array()) mine.insert(str(team.at("code")));
    EXPECT_FALSE(mine.empty());
    auto all = parsed(c.get("/api/v1/teams"));
    for (auto& team : all.at("teams").as_array()) {
      auto code = str(team.at("code"));
      if (mine.count(code)) {
        if (str(team.at("kind")) == "regional") t.own = code;
      } else if (t.other.empty() && str(team.at("kind")) == "regional") {
        t.other = code;
      }
    }
    EXPECT_FALSE(t.own.empty());
    EXPECT_FALSE(t.other.empty());
    return t;
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(ApiServerTest, AProgramThatIsNotSignedInGets401) {
  for (const char* path : {"/api/v1/session", "/api/v1/teams", "/api/v1/people?q=autism"}) {
    auto r = http_request(port(), "GET", path);
    EXPECT_EQ(r.status, 401) << path;
    auto e = error_of(r);
    EXPECT_EQ(str(e["code"]), "not_signed_in") << path;
    EXPECT_TRUE(e["field"].is_null());
  }
  auto patch = http_request(port(), "PATCH", "/api/v1/teams/X", R"({"vision":"x"})",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(patch.status, 401);
  // The pages still send a browser to sign in.
  EXPECT_EQ(http_request(port(), "GET", "/people").status, 303);
}

TEST_F(ApiServerTest, TheSessionSaysWhoIsSignedIn) {
  auto c = coworker();
  auto& s = c.session();
  EXPECT_EQ(str(s.at("username")), "coworker");
  EXPECT_EQ(str(s.at("role")), "coworker");
  EXPECT_FALSE(str(s.at("display_name")).empty());
  EXPECT_TRUE(s.at("person").is_int64());
  EXPECT_GE(str(s.at("csrf")).size(), 32u);
  auto a = admin();
  EXPECT_EQ(str(a.session().at("role")), "admin");
  EXPECT_TRUE(a.session().at("person").is_null());  // the administrator is nobody in particular
}

TEST_F(ApiServerTest, TheCataloguesAreListed) {
  auto c = coworker();
  auto competences = c.get("/api/v1/competences");
  ASSERT_EQ(competences.status, 200);
  EXPECT_EQ(competences.header("Content-Type").value_or(""), "application/json");
  auto list = parsed(competences).at("competences").as_array();
  EXPECT_EQ(list.size(), 6u);
  std::set<std::string> codes;
  for (auto& k : list) codes.insert(str(k.at("code")));
  EXPECT_TRUE(codes.count("intake")) << competences.body;

  auto regions = parsed(c.get("/api/v1/regions")).at("regions").as_array();
  ASSERT_FALSE(regions.empty());
  for (auto& r : regions) {
    EXPECT_FALSE(str(r.at("office_address")).empty());
    ASSERT_FALSE(r.at("postcodes").as_array().empty());
    EXPECT_EQ(str(r.at("postcodes").as_array()[0]).size(), 4u);
  }

  auto roles = parsed(c.get("/api/v1/roles")).at("roles").as_array();
  EXPECT_EQ(roles.size(), 6u);
  std::size_t holders = 0;
  for (auto& r : roles) {
    EXPECT_FALSE(str(r.at("purpose")).empty());
    EXPECT_FALSE(r.at("accountabilities").as_array().empty());
    holders += r.at("holders").as_array().size();
  }
  EXPECT_GT(holders, 0u);
}

TEST_F(ApiServerTest, TeamsAndATeamsDetailAgree) {
  auto c = coworker();
  auto teams = parsed(c.get("/api/v1/teams")).at("teams").as_array();
  ASSERT_GE(teams.size(), 20u);
  for (auto& t : teams) {
    if (str(t.at("kind")) != "regional") continue;
    EXPECT_TRUE(t.at("region").is_object());
    EXPECT_EQ(t.at("min_size").as_int64(), 12);
    EXPECT_EQ(t.at("max_size").as_int64(), 15);
    auto code = str(t.at("code"));
    auto detail = parsed(c.get("/api/v1/teams/" + code));
    EXPECT_EQ(detail.at("members").as_array().size(),
              static_cast<std::size_t>(t.at("size").as_int64()))
        << code;
    EXPECT_EQ(detail.at("coverage").at("complete"), t.at("coverage").at("complete")) << code;
    EXPECT_FALSE(detail.at("required_mix").as_array().empty());
    EXPECT_EQ(detail.at("roles").as_array().size(), 6u);
    ASSERT_FALSE(detail.at("members").as_array().empty());
    EXPECT_TRUE(detail.at("members").as_array()[0].at("competences").is_array());
    break;
  }
}

TEST_F(ApiServerTest, TheDirectoryIsSearchedAndAPersonRead) {
  auto c = coworker();
  auto r = c.get("/api/v1/people?q=autism");
  ASSERT_EQ(r.status, 200) << r.body;
  auto found = parsed(r);
  EXPECT_GT(found.at("total").as_int64(), 0);
  EXPECT_EQ(found.at("page").as_int64(), 1);
  auto hits = found.at("hits").as_array();
  ASSERT_FALSE(hits.empty());
  auto tagged = [](const json::value& tags) {
    for (auto& tag : tags.as_array()) {
      if (str(tag).find("autism") == 0) return true;
    }
    return false;
  };
  const json::value* hit = nullptr;
  for (auto& h : hits) {
    if (!hit && tagged(h.at("expertise"))) hit = &h;
  }
  ASSERT_NE(hit, nullptr) << r.body;
  auto person = parsed(c.get("/api/v1/people/" + std::to_string(hit->at("id").as_int64())));
  EXPECT_EQ(person.at("name"), hit->at("name"));
  EXPECT_TRUE(tagged(person.at("expertise"))) << json::serialize(person);
  EXPECT_FALSE(person.at("teams").as_array().empty());
  EXPECT_FALSE(str(person.at("teams").as_array()[0].at("code")).empty());

  auto everyone = parsed(c.get("/api/v1/people?page=2"));
  EXPECT_EQ(everyone.at("total").as_int64(), 300);
  EXPECT_TRUE(everyone.at("more").as_bool());

  auto bad = c.get("/api/v1/people?page=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(str(error_of(bad)["field"]), "page");
  EXPECT_EQ(c.get("/api/v1/people/999999").status, 404);
  EXPECT_EQ(str(error_of(c.get("/api/v1/people/abc"))["code"]), "not_found");
}

TEST_F(ApiServerTest, AMemberEditsTheirOwnTeamsVisionAndNotAnothers) {
  auto c = coworker();
  auto t = teams_of(c);
  auto r = c.send_json("PATCH", "/api/v1/teams/" + t.own,
                       json::object{{"vision", "Every request answered within a week."}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto detail = parsed(c.get("/api/v1/teams/" + t.own));
  EXPECT_EQ(str(detail.at("vision")), "Every request answered within a week.");
  EXPECT_TRUE(detail.at("may_edit").as_bool());

  auto before = str(parsed(c.get("/api/v1/teams/" + t.other)).at("vision"));
  auto refused =
      c.send_json("PATCH", "/api/v1/teams/" + t.other, json::object{{"vision", "Mine now"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(str(error_of(refused)["code"]), "forbidden");
  auto other = parsed(c.get("/api/v1/teams/" + t.other));
  EXPECT_EQ(str(other.at("vision")), before);
  EXPECT_FALSE(other.at("may_edit").as_bool());
}

TEST_F(ApiServerTest, BadRequestsAreRefusedWithTheFieldToFix) {
  auto c = coworker();
  auto t = teams_of(c);
  auto path = "/api/v1/teams/" + t.own;

  auto no_csrf = c.send("PATCH", path, R"({"vision":"x"})", false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(str(error_of(no_csrf)["code"]), "csrf");

  auto broken = c.send("PATCH", path, std::string(R"({"vision": )"));
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(str(error_of(broken)["code"]), "invalid_json");
  auto not_object = c.send("PATCH", path, std::string("[1, 2]"));
  EXPECT_EQ(not_object.status, 400);

  auto wrong_type = c.send_json("PATCH", path, json::object{{"vision", 42}});
  EXPECT_EQ(wrong_type.status, 422);
  auto e = error_of(wrong_type);
  EXPECT_EQ(str(e["code"]), "invalid");
  EXPECT_EQ(str(e["field"]), "vision");

  auto unknown = c.send_json("PATCH", path, json::object{{"motto", "x"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(str(error_of(unknown)["field"]), "motto");

  auto form = c.send("PATCH", path, "vision=x", true, "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(str(error_of(form)["code"]), "unsupported_media_type");

  auto too_long = c.send_json("PATCH", path, json::object{{"values", std::string(4001, 'v')}});
  EXPECT_EQ(too_long.status, 422);
  auto long_error = error_of(too_long);
  EXPECT_EQ(str(long_error["field"]), "values");
  EXPECT_TRUE(long_error["errors"].is_array());

  auto profile = c.send_json("PATCH", "/api/v1/people/" + std::to_string(t.person),
                             json::object{{"ask_me_about", json::array{"x"}}});
  EXPECT_EQ(profile.status, 422);
  EXPECT_EQ(str(error_of(profile)["field"]), "ask_me_about");
}

TEST_F(ApiServerTest, RolesAreTakenByMembersOnly) {
  auto c = coworker();
  auto t = teams_of(c);
  auto own = parsed(c.get("/api/v1/teams/" + t.own));
  auto role = str(own.at("roles").as_array()[0].at("code"));
  auto me = str(parsed(c.get("/api/v1/people/" + std::to_string(t.person))).at("email"));
  auto outsider =
      str(parsed(c.get("/api/v1/teams/" + t.other)).at("members").as_array()[0].at("email"));
  auto path = "/api/v1/teams/" + t.own + "/roles/" + role;

  auto refused = c.send_json("PUT", path, json::object{{"holder", outsider}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto e = error_of(refused);
  EXPECT_EQ(str(e["field"]), "holder");
  EXPECT_EQ(str(e["code"]), "edit_holder_not_member");
  EXPECT_EQ(str(e["message"]), "Choose a member of team " + t.own + ".");

  auto taken = c.send_json("PUT", path, json::object{{"holder", me}, {"since", "2026-02-01"}});
  ASSERT_EQ(taken.status, 200) << taken.body;
  auto held = parsed(taken);
  EXPECT_EQ(str(held.at("holder").at("email")), me);
  EXPECT_EQ(str(held.at("since")), "2026-02-01");
  EXPECT_EQ(str(held.at("next_rotation")), "2027-02-01");

  auto bad_date = c.send_json("PUT", path, json::object{{"holder", me}, {"since", "2026-02-30"}});
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_EQ(str(error_of(bad_date)["field"]), "since");

  auto released = c.send("DELETE", path, "");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_TRUE(parsed(released).at("holder").is_null());

  auto elsewhere = c.send_json("PUT", "/api/v1/teams/" + t.other + "/roles/" + role,
                               json::object{{"holder", outsider}});
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/teams/" + t.own + "/roles/no-such-role",
                        json::object{{"holder", me}})
                .status,
            404);
}

TEST_F(ApiServerTest, APersonEditsTheirProfileAndTheDirectoryFindsIt) {
  auto c = coworker();
  auto path = "/api/v1/people/" + std::to_string(c.session().at("person").as_int64());
  auto r = c.send_json("PATCH", path, json::object{{"expertise", json::array{"kangoeroezorg"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto person = parsed(r);
  EXPECT_EQ(person.at("expertise"), json::array{"kangoeroezorg"});
  auto found = parsed(c.get("/api/v1/people?q=kangoeroezorg"));
  EXPECT_EQ(found.at("total").as_int64(), 1);

  auto own_id = c.session().at("person").as_int64();
  auto page = parsed(c.get("/api/v1/people")).at("hits").as_array();
  auto other_id = page[0].at("id").as_int64() != own_id ? page[0].at("id").as_int64()
                                                        : page[1].at("id").as_int64();
  auto refused = c.send_json("PATCH", "/api/v1/people/" + std::to_string(other_id),
                             json::object{{"ask_me_about", "hijacked"}});
  EXPECT_EQ(refused.status, 403);
}

TEST_F(ApiServerTest, UnknownThingsAnswerJson404And405) {
  auto c = coworker();
  auto team = c.get("/api/v1/teams/NO-SUCH-TEAM");
  EXPECT_EQ(team.status, 404);
  EXPECT_EQ(str(error_of(team)["code"]), "not_found");
  auto path = c.get("/api/v1/nothing-here");
  EXPECT_EQ(path.status, 404);
  EXPECT_EQ(str(error_of(path)["code"]), "not_found");
  auto method = c.send("DELETE", "/api/v1/teams", "");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(str(error_of(method)["code"]), "method_not_allowed");
}

TEST_F(ApiServerTest, RefusalsSpeakTheCallersLanguage) {
  auto c = coworker();
  auto t = teams_of(c);
  auto dutch = c.get("/api/v1/teams/NO-SUCH-TEAM", {{"Accept-Language", "nl-BE,nl;q=0.9"}});
  EXPECT_EQ(dutch.status, 404);
  EXPECT_EQ(str(error_of(dutch)["code"]), "not_found");
  EXPECT_EQ(str(error_of(dutch)["message"]),
            "Er is geen team met code NO-SUCH-TEAM; GET /api/v1/teams toont de codes.");
  auto french = c.get("/api/v1/people?q=" + std::string(201, 'q'), {{"Accept-Language", "fr"}});
  EXPECT_EQ(french.status, 400);
  EXPECT_EQ(str(error_of(french)["field"]), "q");
  EXPECT_EQ(str(error_of(french)["message"]), "q dépasse 200 caractères ; raccourcissez-le.");
  // Another team's vision: refused in the caller's language, naming the team.
  auto refused = c.send_json("PATCH", "/api/v1/teams/" + t.other, json::object{{"vision", "x"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(str(error_of(refused)["code"]), "forbidden");
  EXPECT_NE(str(error_of(refused)["message"]).find("team " + t.other), std::string::npos);
}

TEST_F(ApiServerTest, TheOpenApiDocumentIsServed) {
  auto r = http_request(port(), "GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json");
  auto doc = parsed(r);
  EXPECT_EQ(str(doc.at("openapi")).rfind("3.", 0), 0u);
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/teams/{code}"));
}

}  // namespace
}  // namespace ploeg::test
