// End to end: accounts from the web and the audit viewer against the real
// `ploeg serve` on a demo organisation. Who may call each route (an
// authorisation matrix: anonymous, co-worker, coach, administrator, with the
// exact status and no personal data in a refusal), a refused form shown
// again with what was typed, the one-time links, the last administrator,
// and the audit log's page, CSV and API.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

namespace json = boost::json;

bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// The one-time link a page or an answer shows: "/account/link?token=TOKEN".
std::string link_in(const std::string& body) {
  std::smatch m;
  static const std::regex link(R"re((/account/link\?token=[A-Za-z0-9_-]+))re");
  return std::regex_search(body, m, link) ? m[1].str() : "";
}

class AccountAdminServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-account-admin-");
    auto db = store::Database::open(demo_->database());
    auto lease = db->acquire();
    auto row = lease
                   ->query(
                       "SELECT p.id, p.name, p.email FROM people p WHERE NOT EXISTS (SELECT 1 "
                       "FROM account_people a WHERE a.person_id = p.id) ORDER BY p.id LIMIT 1")
                   .rows.at(0);
    invitee_id_ = row.integer(0);
    invitee_name_ = row.text(1);
    invitee_email_ = row.text(2);
    auto linked = lease
                      ->query(
                          "SELECT p.email, p.name FROM account_people a JOIN users u ON u.id = "
                          "a.user_id JOIN people p ON p.id = a.person_id WHERE u.username = "
                          "'coworker'")
                      .rows.at(0);
    coworker_email_ = linked.text(0);
    coworker_name_ = linked.text(1);
  }
  static void TearDownTestSuite() { demo_.reset(); }

  // Nothing about a person or an account in an answer to someone who may
  // not see it (but the visitor's own name, which the page's header shows).
  static void expect_no_personal_data(const HttpResponse& r, const std::string& what,
                                      const std::string& own_name = "") {
    for (auto& secret : {invitee_name_, invitee_email_, coworker_email_, coworker_name_}) {
      if (secret == own_name) continue;
      EXPECT_FALSE(has(r, secret)) << what << " shows " << secret;
    }
  }

  // The CSRF token a program sends (GET /api/v1/session), "" when anonymous.
  static std::string api_csrf(Visitor& v) {
    auto r = v.get("/api/v1/session");
    return r.status == 200 ? str(parsed(r).at("csrf")) : "";
  }
  static HttpResponse api(Visitor& v, const std::string& method, const std::string& target,
                          const std::string& body = "") {
    if (method == "GET") return v.get(target, {{"Accept", "application/json"}});
    HeaderList headers = {{"Content-Type", "application/json"}};
    auto csrf = api_csrf(v);
    if (!csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
    return v.send(method, target, body, headers);
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline std::int64_t invitee_id_ = 0;
  static inline std::string invitee_name_, invitee_email_, coworker_email_, coworker_name_;
};

struct Route {
  const char* method;
  std::string target;
  int admin_status;  // 0: not called as administrator here (it changes things; see the flows)
};

std::vector<Route> page_routes(std::int64_t invitee) {
  auto invitation = "/admin/invitations/" + std::to_string(invitee);
  return {{"GET", "/admin/accounts", 200},
          {"GET", "/admin/accounts/coworker", 200},
          {"GET", "/admin/invitations", 200},
          {"GET", invitation, 200},
          {"GET", "/admin/audit", 200},
          {"GET", "/admin/audit.csv", 200},
          {"POST", "/admin/accounts", 0},
          {"POST", "/admin/accounts/coworker/role", 0},
          {"POST", "/admin/accounts/coworker/person", 0},
          {"POST", "/admin/accounts/coworker/disable", 0},
          {"POST", "/admin/accounts/coworker/enable", 0},
          {"POST", "/admin/accounts/coworker/sessions", 0},
          {"POST", "/admin/accounts/coworker/reset", 0},
          {"POST", invitation, 0}};
}

std::vector<Route> api_routes() {
  return {{"GET", "/api/v1/accounts", 200},
          {"GET", "/api/v1/accounts/coworker", 200},
          {"GET", "/api/v1/people-without-account", 200},
          {"GET", "/api/v1/audit", 200},
          {"POST", "/api/v1/accounts", 0},
          {"PATCH", "/api/v1/accounts/coworker", 0},
          {"POST", "/api/v1/accounts/coworker/password-reset", 0},
          {"DELETE", "/api/v1/accounts/coworker/sessions", 0},
          {"POST", "/api/v1/invitations", 0}};
}

TEST_F(AccountAdminServerTest, PagesAreForAdministratorsOnly) {
  Visitor anonymous(demo_->port());
  anonymous.get("/login");
  auto coworker = demo_->signed_in("coworker");
  auto coach = demo_->signed_in("coach");
  auto admin = demo_->signed_in("admin");
  for (auto& route : page_routes(invitee_id_)) {
    auto what = std::string(route.method) + " " + route.target;
    auto body = http::Fields{{"role", "admin"},
                             {"username", "sneaky"},
                             {"display_name", "Sneaky"},
                             {"person_email", invitee_email_}};
    if (std::string(route.method) == "GET") {
      auto r = anonymous.get(route.target);
      EXPECT_EQ(r.status, 303) << what;
      EXPECT_EQ(r.header("Location").value_or(""), "/login?next=" + http::url_encode(route.target))
          << what;
    } else {
      auto r = anonymous.post(route.target, body);
      EXPECT_EQ(r.status, 403) << what;
      expect_no_personal_data(r, "anonymous " + what);
    }
    for (auto* who : {&coworker, &coach}) {
      auto r = std::string(route.method) == "GET" ? who->get(route.target)
                                                  : who->post(route.target, body);
      EXPECT_EQ(r.status, 403) << what;
      expect_no_personal_data(r, what, who == &coworker ? coworker_name_ : "");
    }
    if (route.admin_status) {
      auto r = admin.get(route.target);
      EXPECT_EQ(r.status, route.admin_status) << what << ": " << r.body.substr(0, 300);
    }
  }
  // A page far beyond the end is an empty page, not an error.
  for (auto target :
       {"/admin/accounts?page=999999999999999999", "/admin/invitations?page=999999999999999999",
        "/admin/audit?page=999999999999999999"}) {
    EXPECT_EQ(admin.get(target).status, 200) << target;
  }
  // Nothing the refused posts asked for happened.
  auto account = admin.get("/admin/accounts/coworker");
  EXPECT_TRUE(has(account, "Co-worker")) << account.body;
  EXPECT_TRUE(has(account, coworker_email_));
  EXPECT_FALSE(has(admin.get("/admin/accounts"), "sneaky"));
}

TEST_F(AccountAdminServerTest, TheApiIsForAdministratorsOnly) {
  Visitor anonymous(demo_->port());
  auto coworker = demo_->signed_in("coworker");
  auto coach = demo_->signed_in("coach");
  auto admin = demo_->signed_in("admin");
  const std::string body = json::serialize(
      json::object{{"role", "admin"}, {"username", "sneaky"}, {"person_id", invitee_id_}});
  for (auto& route : api_routes()) {
    auto what = std::string(route.method) + " " + route.target;
    auto refused = api(anonymous, route.method, route.target, body);
    EXPECT_EQ(refused.status, 401) << what;
    EXPECT_EQ(str(error_of(refused)["code"]), "not_signed_in") << what;
    for (auto* who : {&coworker, &coach}) {
      auto r = api(*who, route.method, route.target, body);
      EXPECT_EQ(r.status, 403) << what << ": " << r.body;
      EXPECT_EQ(str(error_of(r)["code"]), "forbidden") << what;
      expect_no_personal_data(r, what);
    }
    if (route.admin_status) {
      auto r = api(admin, route.method, route.target);
      EXPECT_EQ(r.status, route.admin_status) << what << ": " << r.body.substr(0, 300);
    }
  }
  auto coworker_account = parsed(api(admin, "GET", "/api/v1/accounts/coworker"));
  EXPECT_EQ(str(coworker_account.at("role")), "coworker");
  EXPECT_EQ(coworker_account.at("disabled").as_bool(), false);
  EXPECT_EQ(str(coworker_account.at("person").at("email")), coworker_email_);
}

TEST_F(AccountAdminServerTest, ARefusedNewAccountComesBackWithWhatWasTyped) {
  auto admin = demo_->signed_in("admin");
  admin.get("/admin/accounts");
  auto r = admin.post("/admin/accounts", {{"username", "Not Valid!"},
                                          {"display_name", "Griet Typed-This"},
                                          {"role", "coach"},
                                          {"person_email", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(has(r, "value=\"Griet Typed-This\"")) << r.body;
  EXPECT_TRUE(has(r, "value=\"Not Valid!\""));
  EXPECT_TRUE(has(r, "<option value=\"coach\" selected>"));
  EXPECT_TRUE(has(r, "Use 2 to 64 characters"));
  auto taken = admin.post("/admin/accounts", {{"username", "coach"},
                                              {"display_name", "Someone"},
                                              {"role", "coworker"},
                                              {"person_email", ""}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(has(taken, "A user with this name exists already."));
  // In French too, with the typographic apostrophe.
  auto french = admin.get("/admin/accounts", {{"Accept-Language", "fr"}});
  EXPECT_TRUE(has(french, "Nom d’utilisateur")) << french.body.substr(0, 500);
}

TEST_F(AccountAdminServerTest, ANewAccountSetsItsPasswordThroughItsLinkOnce) {
  auto admin = demo_->signed_in("admin");
  admin.get("/admin/accounts");
  auto made = admin.post("/admin/accounts", {{"username", "griet"},
                                             {"display_name", "Griet Maes"},
                                             {"role", "coworker"},
                                             {"person_email", ""}});
  ASSERT_EQ(made.status, 200) << made.body;
  auto link = link_in(made.body);
  ASSERT_FALSE(link.empty()) << made.body;
  EXPECT_TRUE(has(made, "shown only now"));
  // The link is not on the account's page afterwards.
  EXPECT_FALSE(has(admin.get("/admin/accounts/griet"), link));

  Visitor griet(demo_->port());
  auto form = griet.get(link);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.header("Referrer-Policy").value_or(""), "no-referrer");
  EXPECT_TRUE(has(form, "griet"));
  auto mismatch = griet.post(link, {{"password", "griets new password"}, {"confirm", "other"}});
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_TRUE(has(mismatch, "The two new passwords are not the same"));
  auto set =
      griet.post(link, {{"password", "griets new password"}, {"confirm", "griets new password"}});
  EXPECT_EQ(set.status, 200);
  EXPECT_TRUE(has(set, "You can now sign in"));
  EXPECT_EQ(griet.get(link).status, 404);
  EXPECT_EQ(griet.post(link, {{"password", "another password!"}, {"confirm", "another password!"}})
                .status,
            404);
  Visitor again(demo_->port());
  EXPECT_TRUE(again.sign_in("griet", "griets new password"));
  EXPECT_EQ(Visitor(demo_->port()).get("/account/link?token=not-a-token").status, 404);
  EXPECT_EQ(Visitor(demo_->port()).get("/account/link").status, 404);
}

TEST_F(AccountAdminServerTest, DisablingSignsOutAtOnceAndTheLastAdministratorStays) {
  auto admin = demo_->signed_in("admin");
  admin.get("/admin/accounts");
  ASSERT_EQ(admin
                .post("/admin/accounts", {{"username", "piet"},
                                          {"display_name", "Piet Claes"},
                                          {"role", "coach"},
                                          {"person_email", ""}})
                .status,
            200);
  // Piet sets a password through a reset, then signs in.
  admin.get("/admin/accounts/piet");
  auto reset = admin.post("/admin/accounts/piet/reset", {});
  ASSERT_EQ(reset.status, 200);
  auto link = link_in(reset.body);
  Visitor piet(demo_->port());
  piet.get(link);
  ASSERT_EQ(
      piet.post(link, {{"password", "piets password!"}, {"confirm", "piets password!"}}).status,
      200);
  ASSERT_TRUE(piet.sign_in("piet", "piets password!"));
  EXPECT_EQ(piet.get("/account/password").status, 200);

  admin.get("/admin/accounts/piet");
  auto disabled = admin.post("/admin/accounts/piet/disable", {});
  EXPECT_EQ(disabled.status, 303);
  EXPECT_EQ(disabled.header("Location").value_or(""), "/admin/accounts/piet?done=disable");
  EXPECT_EQ(piet.get("/account/password").status, 303);  // signed out: to the sign-in page
  Visitor retry(demo_->port());
  EXPECT_FALSE(retry.sign_in("piet", "piets password!"));
  auto page = admin.get("/admin/accounts/piet?done=disable");
  EXPECT_TRUE(has(page, "The account is disabled and signed out everywhere."));
  admin.get("/admin/accounts/piet");
  EXPECT_EQ(admin.post("/admin/accounts/piet/enable", {}).status, 303);
  EXPECT_TRUE(retry.sign_in("piet", "piets password!"));

  // The demo's administrator is the only one: they cannot step down or switch themselves off.
  admin.get("/admin/accounts/admin");
  auto self = admin.post("/admin/accounts/admin/disable", {});
  EXPECT_EQ(self.status, 409);
  EXPECT_TRUE(has(self, "last active administrator")) << self.body;
  auto demote = admin.post("/admin/accounts/admin/role", {{"role", "coworker"}});
  EXPECT_EQ(demote.status, 409);
  EXPECT_TRUE(has(demote, "last active administrator"));
  auto api_demote = api(admin, "PATCH", "/api/v1/accounts/admin", R"({"role":"coach"})");
  EXPECT_EQ(api_demote.status, 409);
  EXPECT_EQ(str(error_of(api_demote)["code"]), "account_last_admin");
  EXPECT_EQ(str(parsed(api(admin, "GET", "/api/v1/accounts/admin")).at("role")), "admin");
  EXPECT_EQ(api(admin, "PATCH", "/api/v1/accounts/admin", R"({"role":"boss"})").status, 422);
  EXPECT_EQ(api(admin, "PATCH", "/api/v1/accounts/admin", R"({"disabled":"yes"})").status, 422);
  EXPECT_EQ(api(admin, "PATCH", "/api/v1/accounts/nobody", R"({"disabled":true})").status, 404);
}

TEST_F(AccountAdminServerTest, AnInvitationOverTheApiCreatesTheLinkedAccount) {
  auto admin = demo_->signed_in("admin");
  auto people = parsed(
      api(admin, "GET", "/api/v1/people-without-account?q=" + http::url_encode(invitee_email_)));
  ASSERT_EQ(people.at("total").as_int64(), 1) << json::serialize(people);
  auto& person = people.at("people").as_array().at(0);
  EXPECT_EQ(str(person.at("name")), invitee_name_);
  auto username = str(person.at("suggested_username"));
  ASSERT_FALSE(username.empty());
  EXPECT_EQ(api(admin, "POST", "/api/v1/invitations",
                json::serialize(json::object{
                    {"person_id", invitee_id_}, {"username", "coach"}, {"role", "coworker"}}))
                .status,
            409);
  auto invited =
      api(admin, "POST", "/api/v1/invitations",
          json::serialize(json::object{
              {"person_id", invitee_id_}, {"username", username}, {"role", "coworker"}}));
  ASSERT_EQ(invited.status, 201) << invited.body;
  auto path = str(parsed(invited).at("path"));
  ASSERT_EQ(path.rfind("/account/link?token=", 0), 0u);
  Visitor newcomer(demo_->port());
  auto form = newcomer.get(path);
  EXPECT_TRUE(has(form, invitee_name_));
  ASSERT_EQ(
      newcomer.post(path, {{"password", "my own password"}, {"confirm", "my own password"}}).status,
      200);
  ASSERT_TRUE(newcomer.sign_in(username, "my own password"));
  auto account = parsed(api(admin, "GET", "/api/v1/accounts/" + username));
  EXPECT_EQ(str(account.at("person").at("email")), invitee_email_);
  EXPECT_EQ(str(account.at("display_name")), invitee_name_);
  EXPECT_EQ(parsed(api(admin, "GET",
                       "/api/v1/people-without-account?q=" + http::url_encode(invitee_email_)))
                .at("total")
                .as_int64(),
            0);
  // Their sessions end on the administrator's word.
  auto ended = api(admin, "DELETE", "/api/v1/accounts/" + username + "/sessions");
  EXPECT_EQ(ended.status, 200);
  EXPECT_GE(parsed(ended).at("ended").as_int64(), 1);
  EXPECT_EQ(newcomer.get("/account/password").status, 303);
  // A reset over the API.
  auto reset = api(admin, "POST", "/api/v1/accounts/" + username + "/password-reset");
  EXPECT_EQ(reset.status, 201);
  EXPECT_EQ(str(parsed(reset).at("path")).rfind("/account/link?token=", 0), 0u);
}

TEST_F(AccountAdminServerTest, TheAuditViewerFiltersExportsAndRecordsTheLooking) {
  auto admin = demo_->signed_in("admin");
  admin.get("/admin/accounts");
  ASSERT_EQ(admin
                .post("/admin/accounts", {{"username", "=evil"},
                                          {"display_name", "x"},
                                          {"role", "coworker"},
                                          {"person_email", ""}})
                .status,
            422);
  ASSERT_EQ(admin
                .post("/admin/accounts", {{"username", "lotte"},
                                          {"display_name", "Lotte Wouters"},
                                          {"role", "coworker"},
                                          {"person_email", ""}})
                .status,
            200);
  auto page = admin.get("/admin/audit?action=account.create&subject=user%3Alotte");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "1 entry.")) << page.body;
  EXPECT_TRUE(has(page, "user:admin"));
  EXPECT_TRUE(has(page, "value=\"account.create\""));
  EXPECT_TRUE(has(page, "/admin/audit.csv?action=account.create&amp;subject=user%3Alotte"));
  // Page by page through the same list: the next page's link fixes its newest entry.
  for (int i = 0; i < 55; ++i) admin.get("/admin/audit?action=nothing-such");
  auto first = admin.get("/admin/audit?action=audit.view");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      first.body, m, std::regex(R"re(href="(/admin/audit\?[^"]*until=[0-9]+&amp;page=2)")re")))
      << first.body;
  auto next_link = std::regex_replace(m[1].str(), std::regex("&amp;"), "&");
  auto second = admin.get(next_link);
  EXPECT_EQ(second.status, 200);
  EXPECT_TRUE(has(second, "page 2 of"));
  auto bad = admin.get("/admin/audit?from=2026-13-01");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "Give a day as YYYY-MM-DD."));
  EXPECT_TRUE(has(bad, "value=\"2026-13-01\""));

  auto csv = admin.get("/admin/audit.csv?action=account.create&subject=user%3Alotte");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("id,at,actor,action,subject,detail,remote_address,request_id\r\n", 0),
            0u);
  EXPECT_TRUE(has(csv, ",user:admin,account.create,user:lotte,role coworker,")) << csv.body;

  auto api_view = api(admin, "GET", "/api/v1/audit?action=audit.&limit=500");
  ASSERT_EQ(api_view.status, 200);
  auto entries = parsed(api_view).at("entries").as_array();
  bool saw_view = false, saw_export = false;
  for (auto& e : entries) {
    saw_view |= str(e.at("action")) == "audit.view" && str(e.at("actor")) == "user:admin";
    saw_export |= str(e.at("action")) == "audit.export";
  }
  EXPECT_TRUE(saw_view);
  EXPECT_TRUE(saw_export);
  EXPECT_EQ(api(admin, "GET", "/api/v1/audit?limit=501").status, 400);
  EXPECT_EQ(api(admin, "GET", "/api/v1/audit?to=yesterday").status, 422);
}

TEST_F(AccountAdminServerTest, OnlyAdministratorsSeeTheMenuEntries) {
  auto admin = demo_->signed_in("admin");
  auto home = admin.get("/");
  EXPECT_TRUE(has(home, "href=\"/admin/accounts\""));
  EXPECT_TRUE(has(home, "href=\"/admin/audit\""));
  for (auto who : {"coworker", "coach"}) {
    auto other = demo_->signed_in(who).get("/");
    EXPECT_FALSE(has(other, "href=\"/admin/accounts\"")) << who;
    EXPECT_FALSE(has(other, "href=\"/admin/audit\"")) << who;
  }
}

}  // namespace
}  // namespace ploeg::test
