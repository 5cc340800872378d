// End to end: the organisation's data in the visitor's language. The demo
// names its request types, steps, competences, roles, regions, teams and
// offices in Dutch, French and English; a visitor who reads Dutch or French
// sees those names, and not the English ones, on every page that shows them.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

class NamesPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-names-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  // A signed-in visitor who chose `lang` in the header's switch.
  static Visitor reading(const std::string& who, const std::string& lang) {
    auto v = demo_->signed_in(who);
    EXPECT_EQ(v.post("/language", {{"lang", lang}}).status, 303);
    return v;
  }
  // The choice is saved with the account: put it back for the next test.
  static void back_to_english(Visitor& v) {
    EXPECT_EQ(v.post("/language", {{"lang", "en"}}).status, 303);
  }
  static std::string coworker_team() {
    auto db = store::Database::open(demo_->database());
    return db->acquire()
        ->query(
            "SELECT t.code FROM account_people a JOIN users u ON u.id = a.user_id JOIN "
            "memberships m ON m.person_id = a.person_id JOIN teams t ON t.id = m.team_id "
            "WHERE u.username = 'coworker' AND t.kind = 'regional' LIMIT 1")
        .rows.at(0)
        .text(0);
  }

  static inline std::unique_ptr<DemoServer> demo_;

 public:
  static std::string database() { return demo_->database(); }
};

std::string demo_database();

TEST_F(NamesPagesTest, ACitizenReadsTheRequestTypesAndTheStatusInTheirLanguage) {
  Visitor citizen(demo_->port());
  auto dutch = citizen.get("/request", {{"Accept-Language", "nl-BE,nl;q=0.9"}});
  ASSERT_EQ(dutch.status, 200);
  EXPECT_TRUE(has(dutch, "Parkeerkaart")) << dutch.body;
  EXPECT_TRUE(has(dutch, "Inkomensvervangende tegemoetkoming"));
  EXPECT_FALSE(has(dutch, "Parking card"));
  EXPECT_FALSE(has(dutch, "Income replacement allowance"));
  auto french = citizen.get("/request", {{"Accept-Language", "fr-BE"}});
  EXPECT_TRUE(has(french, "Carte de stationnement"));
  EXPECT_TRUE(has(french, "Allocation d’intégration"));
  EXPECT_FALSE(has(french, "Parking card"));
  auto english = citizen.get("/request", {{"Accept-Language", "en"}});
  EXPECT_TRUE(has(english, "Parking card"));
  EXPECT_FALSE(has(english, "Parkeerkaart"));

  std::smatch m;
  ASSERT_TRUE(std::regex_search(english.body, m,
                                std::regex(R"re(name="submission_key" value="([^"]+)")re")));
  auto sent = citizen.post("/request", {{"type", "parking_card"},
                                        {"postcode", "9000"},
                                        {"name", "Marie Peeters"},
                                        {"email", "marie@example.be"},
                                        {"description", "Ma carte expire."},
                                        {"submission_key", m[1].str()}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  auto link = sent.header("Location").value_or("");
  auto status = citizen.get(link, {{"Accept-Language", "fr"}});
  ASSERT_EQ(status.status, 200);
  EXPECT_TRUE(has(status, "Carte de stationnement")) << status.body;
  EXPECT_TRUE(has(status, "Accueil"));  // the step it is at: intake
  EXPECT_TRUE(has(status, "Gand "));    // 9000: a team of the Gent region
  EXPECT_FALSE(has(status, "Parking card"));
  EXPECT_FALSE(has(status, "Ghent"));
  auto status_nl = citizen.get(link, {{"Accept-Language", "nl"}});
  EXPECT_TRUE(has(status_nl, "Parkeerkaart"));
  EXPECT_TRUE(has(status_nl, "Onthaal"));
  EXPECT_TRUE(has(status_nl, "Gent "));
}

TEST_F(NamesPagesTest, StaffReadCompetencesRolesAndRegionsInTheirLanguage) {
  auto team = coworker_team();
  auto v = reading("coworker", "nl");
  auto page = v.get("/teams/" + team);
  ASSERT_EQ(page.status, 200);
  for (auto* dutch : {"Onthaal (frontoffice)", "Maatschappelijk werk", "Medische beoordeling",
                      "Welzijn", "Kwaliteit"}) {
    EXPECT_TRUE(has(page, dutch)) << dutch;
  }
  for (auto* english :
       {"Intake (front office)", "Social work", "Medical assessment", "Well-being", "Knowledge"}) {
    EXPECT_FALSE(has(page, english)) << english;
  }
  // The layout names the organisation in Dutch too.
  EXPECT_TRUE(has(page, "Agentschap Tegemoetkomingen (demo)"));
  EXPECT_FALSE(has(page, "Demo Allowance Agency"));

  auto roles = v.get("/roles");
  EXPECT_TRUE(has(roles, "Welzijn"));
  EXPECT_FALSE(has(roles, "Well-being"));
  // A role's purpose and accountabilities too.
  EXPECT_TRUE(has(roles, "Beslissingen zijn meteen juist, en klachten leren het team iets."));
  EXPECT_TRUE(has(roles, "Elke klacht opvolgen met de betrokken collega"));
  EXPECT_FALSE(has(roles, "Decisions are right the first time"));
  EXPECT_FALSE(has(roles, "Follow up each complaint"));

  auto teams = v.get("/teams");
  EXPECT_TRUE(has(teams, "Brussel"));
  EXPECT_FALSE(has(teams, "Brussels"));
  EXPECT_FALSE(has(teams, "Ghent"));
  back_to_english(v);

  auto f = reading("coworker", "fr");
  auto french_team = f.get("/teams/" + team);
  EXPECT_TRUE(has(french_team, "Travail social"));
  EXPECT_TRUE(has(french_team, "Évaluation médicale"));
  EXPECT_TRUE(has(french_team, "Bien-être"));
  EXPECT_FALSE(has(french_team, "Social work"));
  // What the (Flemish) team wrote of itself is in its own language, not in English.
  for (auto* english : {"Every citizen of our region", "We handle each request",
                        "Nobody in our region", "We are easy to reach", "We learn from every"}) {
    EXPECT_FALSE(has(french_team, english)) << english;
  }
  auto french_teams = f.get("/teams");
  EXPECT_TRUE(has(french_teams, "Anvers"));
  EXPECT_TRUE(has(french_teams, "Gand"));
  EXPECT_FALSE(has(french_teams, "Ghent"));
  EXPECT_FALSE(has(french_teams, "Antwerpen"));
  auto figures = f.get("/figures");
  ASSERT_EQ(figures.status, 200);
  EXPECT_TRUE(has(figures, "Bruxelles"));
  EXPECT_TRUE(has(figures, "Agence des allocations (démo)"));
  EXPECT_FALSE(has(figures, "Ghent"));
  EXPECT_FALSE(has(figures, "Brussels"));
  auto staffing = settled(f, "/staffing?team=" + team);
  ASSERT_EQ(staffing.status, 200);
  EXPECT_TRUE(has(staffing, "Travail social")) << staffing.body;
  EXPECT_FALSE(has(staffing, "Social work"));
  auto week = f.get("/teams/" + team + "/week");
  ASSERT_EQ(week.status, 200);
  EXPECT_TRUE(has(week, "Bureau d’Anvers") || has(week, "Bureau de ")) << week.body;
  EXPECT_FALSE(has(week, " office<"));
  auto api = f.get("/api/v1/competences", {{"Accept", "application/json"}});
  EXPECT_TRUE(has(api, "Travail social")) << api.body;
  EXPECT_FALSE(has(api, "Social work"));
  back_to_english(f);

  auto e = demo_->signed_in("coworker");
  auto english_team = e.get("/teams/" + team);
  EXPECT_TRUE(has(english_team, "Social work"));
  EXPECT_FALSE(has(english_team, "Maatschappelijk werk"));
}

TEST_F(NamesPagesTest, TheDirectoryFindsACompetenceByItsNameInAnyLanguageAndShowsTheVisitors) {
  auto v = reading("coworker", "nl");
  auto found = v.get("/people?q=maatschappelijk");
  ASSERT_EQ(found.status, 200);
  EXPECT_TRUE(has(found, "Maatschappelijk werk")) << found.body;
  EXPECT_FALSE(has(found, "Social work"));
  back_to_english(v);
  auto french = demo_->signed_in("coworker").get("/people?q=travail+social");
  EXPECT_TRUE(has(french, "Social work")) << french.body;  // found in French, shown in English
}

TEST_F(NamesPagesTest, ACoachOpeningARoundChoosesARegionByItsNameInTheirLanguage) {
  auto v = reading("admin", "fr");
  auto rounds = v.get("/rounds");
  ASSERT_EQ(rounds.status, 200);
  EXPECT_TRUE(has(rounds, "Anvers")) << rounds.body;
  EXPECT_TRUE(has(rounds, "Bruxelles"));
  EXPECT_FALSE(has(rounds, "Brussels"));
  back_to_english(v);
}

std::string demo_database() {
  return NamesPagesTest::database();
}

std::string one(const std::string& sql) {
  auto db = store::Database::open(demo_database());
  auto r = db->acquire()->query(sql);
  return r.empty() ? "" : r.rows[0].text(0);
}

TEST_F(NamesPagesTest, AnAdministratorNamesACompetenceInEachLanguageAndEveryoneReadsIt) {
  auto admin = demo_->signed_in("admin");
  auto page = admin.get("/admin/names?kind=competence");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page, "name=\"nl:social_work\" value=\"Maatschappelijk werk\""));
  EXPECT_TRUE(has(page, "name=\"fr:social_work\" value=\"Travail social\""));
  const std::string audited =
      "SELECT count(*) FROM audit_log WHERE action = 'names.edit' AND subject = "
      "'names:competence' AND actor = 'user:admin' AND detail = '2 names changed'";
  auto before = std::stoi(one(audited));
  auto saved = admin.post("/admin/names?kind=competence", {{"nl:social_work", "  Sociaal werk "},
                                                           {"fr:social_work", "Service social"},
                                                           {"en:social_work", "Social work"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location").value_or(""), "/admin/names?kind=competence&saved=1");
  EXPECT_EQ(one("SELECT name FROM names WHERE kind = 'competence' AND code = 'social_work' AND "
                "language = 'nl'"),
            "Sociaal werk");
  EXPECT_EQ(std::stoi(one(audited)), before + 1);
  auto v = reading("coworker", "fr");
  EXPECT_TRUE(has(v.get("/teams/" + coworker_team()), "Service social"));
  // The directory finds it by its new name too.
  EXPECT_TRUE(has(v.get("/people?q=service+social"), "Service social"));
  back_to_english(v);
  // Put the demo's names back for the other tests.
  ASSERT_EQ(admin
                .post("/admin/names?kind=competence", {{"nl:social_work", "Maatschappelijk werk"},
                                                       {"fr:social_work", "Travail social"}})
                .status,
            303);
}

TEST_F(NamesPagesTest, ABadNameComesBackWithWhatWasTypedAndNothingSaved) {
  auto admin = demo_->signed_in("admin");
  std::string too_long(201, 'x');
  auto r = admin.post(
      "/admin/names?kind=role",
      {{"nl:quality", "Kwaliteit & <zorg>"}, {"fr:quality", too_long}, {"en:quality", "Quality"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(has(r, "Un nom compte au plus 200") || has(r, "A name has at most 200 characters"))
      << r.body;
  EXPECT_TRUE(has(r, "value=\"Kwaliteit &amp; &lt;zorg&gt;\""));  // kept, escaped
  EXPECT_TRUE(has(r, "value=\"" + too_long + "\""));
  EXPECT_EQ(one("SELECT name FROM names WHERE kind = 'role' AND code = 'quality' AND language = "
                "'nl'"),
            "Kwaliteit");
  auto unknown = admin.post("/admin/names?kind=role", {{"nl:no_such_role", "Niets"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(one("SELECT count(*) FROM names WHERE code = 'no_such_role'"), "0");
  EXPECT_EQ(admin.get("/admin/names?kind=nothing").status, 404);
  EXPECT_EQ(admin.post("/admin/names?kind=nothing", {{"nl:x", "y"}}).status, 404);
}

TEST_F(NamesPagesTest, OnlyAdministratorsSeeOrChangeTheNames) {
  Visitor anonymous(demo_->port());
  auto r = anonymous.get("/admin/names");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_FALSE(has(r, "Maatschappelijk"));
  anonymous.get("/request");  // an anonymous CSRF token, so the refusal is the route's
  EXPECT_EQ(anonymous.post("/admin/names?kind=role", {{"nl:quality", "Anoniem"}}).status, 403);
  for (auto* who : {"coworker", "coach"}) {
    auto v = demo_->signed_in(who);
    auto page = v.get("/admin/names?kind=competence");
    EXPECT_EQ(page.status, 403) << who;
    EXPECT_FALSE(has(page, "Maatschappelijk")) << who;
    EXPECT_EQ(v.post("/admin/names?kind=role", {{"nl:quality", "Van mij"}}).status, 403) << who;
  }
  auto admin = demo_->signed_in("admin");
  EXPECT_EQ(admin.post("/admin/names?kind=role", {{"nl:quality", "Zonder token"}}, "").status,
            403);  // no CSRF token
  EXPECT_EQ(one("SELECT name FROM names WHERE kind = 'role' AND code = 'quality' AND language = "
                "'nl'"),
            "Kwaliteit");
  EXPECT_TRUE(has(admin.get("/"), "href=\"/admin/names\""));
  EXPECT_FALSE(has(demo_->signed_in("coach").get("/"), "href=\"/admin/names\""));
}

}  // namespace
}  // namespace ploeg::test
