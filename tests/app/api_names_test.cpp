// End to end: the /api/v1 answers name the organisation's things (request
// types, steps, competences, star roles, regions, teams, offices) in the
// caller's language, chosen as for the pages: the ploeg_lang cookie, else the
// account's saved language, else Accept-Language, else English. Codes stay
// the same in every language. The names expected are the demo's own, written
// out here from where the demo takes them: src/organisation/demo_data.hpp
// (regions, competences, star roles; a regional team is its region's name and
// its number, demo_generator.cpp), src/casework/process.cpp
// (default_process_names: request types and steps) and
// src/workplace/booking.cpp (demo_office_names).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

namespace json = boost::json;

constexpr const char* password = "api-names-secret-password";

// A name in Dutch, French and English.
struct Trio {
  std::string nl, fr, en;
  const std::string& in(const std::string& lang) const {
    return lang == "nl" ? nl : lang == "fr" ? fr : en;
  }
};

const Trio gent{"Gent", "Gand", "Ghent"};
const Trio liege{"Luik", "Liège", "Liège"};
const Trio antwerpen{"Antwerpen", "Anvers", "Antwerp"};
const Trio gent_office{"Kantoor Gent", "Bureau de Gand", "Ghent office"};
const Trio knowledge{"Kennis", "Connaissances", "Knowledge"};

const std::map<std::string, Trio> request_types = {
    {"elderly_assistance",
     {"Tegemoetkoming voor hulp aan bejaarden", "Allocation pour l’aide aux personnes âgées",
      "Assistance for the elderly"}},
    {"income_replacement",
     {"Inkomensvervangende tegemoetkoming", "Allocation de remplacement de revenus",
      "Income replacement allowance"}},
    {"integration_allowance",
     {"Integratietegemoetkoming", "Allocation d’intégration", "Integration allowance"}},
    {"parking_card", {"Parkeerkaart", "Carte de stationnement", "Parking card"}},
};
const std::map<std::string, Trio> steps = {
    {"intake", {"Onthaal", "Accueil", "Intake"}},
    {"completeness_check",
     {"Controle op volledigheid", "Contrôle de complétude", "Completeness check"}},
    {"social_assessment", {"Sociaal onderzoek", "Enquête sociale", "Social assessment"}},
    {"medical_assessment", {"Medische beoordeling", "Évaluation médicale", "Medical assessment"}},
    {"decision", {"Beslissing", "Décision", "Decision"}},
    {"notification", {"Kennisgeving", "Notification", "Notification"}},
    {"payment", {"Betaling", "Paiement", "Payment"}},
};
const std::map<std::string, Trio> competences = {
    {"administration",
     {"Administratie (backoffice)", "Administration (back-office)",
      "Administration (back office)"}},
    {"decision", {"Beslissing & juridisch", "Décision & juridique", "Decision & legal"}},
    {"intake", {"Onthaal (frontoffice)", "Accueil (front-office)", "Intake (front office)"}},
    {"medical", {"Medische beoordeling", "Évaluation médicale", "Medical assessment"}},
    {"payment", {"Betaling", "Paiement", "Payment"}},
    {"social_work", {"Maatschappelijk werk", "Travail social", "Social work"}},
};

// A regional team of Ghent: the region's name and the team's number
// ("gent-03": "Gent 3", "Gand 3", "Ghent 3").
Trio gent_team(const std::string& code) {
  std::smatch m;
  static const std::regex numbered(R"(gent-0*([0-9]+))");
  EXPECT_TRUE(std::regex_match(code, m, numbered)) << code;
  auto n = " " + m[1].str();
  return {gent.nl + n, gent.fr + n, gent.en + n};
}

const Trio& of(const std::map<std::string, Trio>& names, const std::string& code) {
  static const Trio none;
  auto found = names.find(code);
  EXPECT_NE(found, names.end()) << code;
  return found == names.end() ? none : found->second;
}

// Each language, as a client's Accept-Language asks for it.
const std::vector<std::pair<std::string, std::string>> languages = {
    {"nl", "nl-BE,nl;q=0.9,en;q=0.5"}, {"fr", "fr-BE, fr;q=0.9"}, {"en", "en-GB,en;q=0.8"}};

json::value find_by(const json::value& list, const std::string& key, const std::string& value) {
  for (auto& item : list.as_array()) {
    if (str(item.at(key)) == value) return item;
  }
  ADD_FAILURE() << "no " << key << " " << value << " in " << json::serialize(list);
  return json::object{};
}

class ApiNamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-api-names-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::uint16_t port() { return demo_->port(); }
  static store::Result query(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return store::Database::open(demo_->database())->acquire()->query(sql, params);
  }

  // GET `target` as `who`, asking for a language; the answer parsed.
  static json::value get(Visitor& who, const std::string& target, const std::string& accept) {
    auto r = settled(who, target, {{"Accept-Language", accept}});  // staffing: computed by a job
    EXPECT_EQ(r.status, 200) << target << " " << accept << " " << r.body;
    return parsed(r);
  }

  // A co-worker's account of its own (no saved language), linked to
  // `person_id`; `tag` tells one test's accounts from another's.
  static Visitor as(std::int64_t person_id, const std::string& tag) {
    auto username = "api" + tag + std::to_string(person_id);
    auto email = query("SELECT email FROM people WHERE id = $1", {person_id}).rows.at(0).text(0);
    add_linked_account(demo_->database(), username, email, password);
    Visitor v(port());
    EXPECT_TRUE(v.sign_in(username, password));
    return v;
  }

  // Files a request as a citizen would, on the public form; its reference.
  static std::string file(const std::string& type, const std::string& postcode) {
    auto link = file_as_citizen(port(), {{"type", type},
                                         {"postcode", postcode},
                                         {"name", "Jan Peeters"},
                                         {"email", "jan.peeters@example.be"},
                                         {"description", "I ask for a parking card."}});
    return reference_on(Visitor(port()).get(link).body);
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(ApiNamesTest, ARequestNamesItsTypeStepsAndTeamInTheCallersLanguage) {
  auto reference = file("parking_card", "9000");  // Ghent; no renewal: with a medical assessment
  ASSERT_FALSE(reference.empty());
  auto team = query(
      "SELECT t.id, t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.reference = "
      "$1",
      {reference});
  auto team_id = team.rows.at(0).integer(0);
  auto code = team.rows.at(0).text(1);
  auto member_id = query(
                       "SELECT m.person_id FROM memberships m WHERE m.team_id = $1 ORDER BY "
                       "m.person_id LIMIT 1",
                       {team_id})
                       .rows.at(0)
                       .integer(0);
  auto member = as(member_id, "request");

  for (auto& [lang, accept] : languages) {
    auto list = get(member, "/api/v1/requests?limit=200", accept);
    auto queue = find_by(list.at("teams"), "code", code);
    EXPECT_EQ(str(queue.at("name")), gent_team(code).in(lang)) << lang;
    auto item = find_by(list.at("requests"), "reference", reference);
    EXPECT_EQ(str(item.at("type_name")), request_types.at("parking_card").in(lang)) << lang;
    EXPECT_EQ(str(item.at("team").at("code")), code);
    EXPECT_EQ(str(item.at("team").at("name")), gent_team(code).in(lang)) << lang;
    EXPECT_EQ(str(item.at("step").at("code")), "intake");
    EXPECT_EQ(str(item.at("step").at("name")), steps.at("intake").in(lang)) << lang;
    EXPECT_EQ(str(item.at("step").at("competence")), "intake");  // a code, the same in every one

    auto one = get(member, "/api/v1/requests/" + reference, accept);
    EXPECT_EQ(str(one.at("type").at("code")), "parking_card");
    EXPECT_EQ(str(one.at("type").at("name")), request_types.at("parking_card").in(lang)) << lang;
    EXPECT_EQ(str(one.at("team").at("code")), code);
    EXPECT_EQ(str(one.at("team").at("name")), gent_team(code).in(lang)) << lang;
    std::set<std::string> named;
    for (auto& step : one.at("steps").as_array()) {
      auto step_code = str(step.at("code"));
      EXPECT_EQ(str(step.at("name")), of(steps, step_code).in(lang)) << lang << " " << step_code;
      named.insert(step_code);
    }
    EXPECT_TRUE(named.count("intake") && named.count("medical_assessment")) << json::serialize(one);
  }
  // Without Accept-Language: English.
  auto plain = parsed(member.get("/api/v1/requests/" + reference));
  EXPECT_EQ(str(plain.at("type").at("name")), "Parking card");
  EXPECT_EQ(str(plain.at("team").at("name")), gent_team(code).en);
}

TEST_F(ApiNamesTest, FiguresNameRegionsAndTeamsInTheCallersLanguage) {
  auto admin = demo_->signed_in("admin");
  for (auto& [lang, accept] : languages) {
    auto all = get(admin, "/api/v1/figures", accept);
    EXPECT_EQ(str(find_by(all.at("regions"), "code", "gent").at("name")), gent.in(lang)) << lang;
    EXPECT_EQ(str(find_by(all.at("regions"), "code", "liege").at("name")), liege.in(lang)) << lang;
    EXPECT_EQ(str(find_by(all.at("regions"), "code", "antwerpen").at("name")), antwerpen.in(lang))
        << lang;

    auto one = get(admin, "/api/v1/figures?region=gent", accept);
    EXPECT_EQ(str(one.at("region").at("code")), "gent");
    EXPECT_EQ(str(one.at("region").at("name")), gent.in(lang)) << lang;
    ASSERT_FALSE(one.at("teams").as_array().empty());
    for (auto& t : one.at("teams").as_array()) {
      EXPECT_EQ(str(t.at("name")), gent_team(str(t.at("code"))).in(lang)) << lang;
    }

    auto team = get(admin, "/api/v1/teams/gent-01/figures", accept);
    EXPECT_EQ(str(team.at("team").at("name")), gent_team("gent-01").in(lang)) << lang;
    EXPECT_EQ(str(team.at("team").at("region_name")), gent.in(lang)) << lang;
  }
}

TEST_F(ApiNamesTest, ARoundNamesItsRegionTeamsAndCompetencesInTheCallersLanguage) {
  auto admin = demo_->signed_in("admin");
  admin.get("/rounds");
  auto opened = admin.post("/rounds", {{"title", "Names round"}, {"region", "gent"}});
  ASSERT_EQ(opened.status, 303) << opened.body;
  auto location = opened.header("Location").value_or("");
  auto id = location.substr(std::string("/rounds/").size(), location.find('?') - 8);

  for (auto& [lang, accept] : languages) {
    auto list = get(admin, "/api/v1/rounds", accept);
    bool listed = false;
    for (auto& r : list.at("rounds").as_array()) {
      if (std::to_string(r.at("id").as_int64()) != id) continue;
      listed = true;
      EXPECT_EQ(str(r.at("region").at("code")), "gent");
      EXPECT_EQ(str(r.at("region").at("name")), gent.in(lang)) << lang;
    }
    EXPECT_TRUE(listed) << list;

    auto round = get(admin, "/api/v1/rounds/" + id, accept);
    EXPECT_EQ(str(round.at("region").at("name")), gent.in(lang)) << lang;
    ASSERT_FALSE(round.at("teams").as_array().empty());
    for (auto& t : round.at("teams").as_array()) {
      EXPECT_EQ(str(t.at("name")), gent_team(str(t.at("code"))).in(lang)) << lang;
    }
    // Nobody has chosen yet: every team lacks competences, each named.
    int lacks = 0;
    for (auto& t : round.at("board").at("teams").as_array()) {
      EXPECT_EQ(str(t.at("name")), gent_team(str(t.at("code"))).in(lang)) << lang;
      for (auto& l : t.at("lacking").as_array()) {
        ++lacks;
        auto competence = str(l.at("competence"));
        EXPECT_NE(str(l.at("text")).find(of(competences, competence).in(lang)), std::string::npos)
            << lang << " " << l;
      }
    }
    EXPECT_GT(lacks, 0) << round;
  }
}

TEST_F(ApiNamesTest, AWeekNamesItsTeamAndOfficeInTheCallersLanguage) {
  auto admin = demo_->signed_in("admin");
  for (auto& [lang, accept] : languages) {
    auto week = get(admin, "/api/v1/teams/gent-01/week?week=2026-W49", accept);
    EXPECT_EQ(str(week.at("team").at("code")), "gent-01");
    EXPECT_EQ(str(week.at("team").at("name")), gent_team("gent-01").in(lang)) << lang;
    EXPECT_EQ(str(week.at("office")), gent_office.in(lang)) << lang;
  }
}

TEST_F(ApiNamesTest, StaffingNamesItsScopeTypesAndCompetencesInTheCallersLanguage) {
  auto admin = demo_->signed_in("admin");
  for (auto& [lang, accept] : languages) {
    auto team = get(admin, "/api/v1/staffing?team=gent-01", accept);
    EXPECT_EQ(str(team.at("scope").at("code")), "gent-01");
    EXPECT_EQ(str(team.at("scope").at("name")), gent_team("gent-01").in(lang)) << lang;
    ASSERT_FALSE(team.at("demand").as_array().empty());
    for (auto& d : team.at("demand").as_array()) {
      EXPECT_EQ(str(d.at("name")), of(request_types, str(d.at("code"))).in(lang)) << lang;
    }
    ASSERT_TRUE(team.at("answer").is_object()) << team;
    ASSERT_FALSE(team.at("answer").at("roles").as_array().empty());
    for (auto& r : team.at("answer").at("roles").as_array()) {
      EXPECT_EQ(str(r.at("name")), of(competences, str(r.at("code"))).in(lang)) << lang;
    }
    auto region = get(admin, "/api/v1/staffing?region=gent", accept);
    EXPECT_EQ(str(region.at("scope").at("name")), gent.in(lang)) << lang;
  }
}

TEST_F(ApiNamesTest, TheOrganisationsRoutesNameInTheCallersLanguage) {
  auto admin = demo_->signed_in("admin");
  auto csrf = str(parsed(admin.get("/api/v1/session")).at("csrf"));
  for (auto& [lang, accept] : languages) {
    auto all = get(admin, "/api/v1/competences", accept);
    for (auto& c : all.at("competences").as_array()) {
      EXPECT_EQ(str(c.at("name")), of(competences, str(c.at("code"))).in(lang)) << lang;
    }
    auto regions = get(admin, "/api/v1/regions", accept);
    EXPECT_EQ(str(find_by(regions.at("regions"), "code", "gent").at("name")), gent.in(lang));
    auto team = get(admin, "/api/v1/teams/gent-01", accept);
    EXPECT_EQ(str(team.at("name")), gent_team("gent-01").in(lang)) << lang;
    EXPECT_EQ(str(team.at("region").at("name")), gent.in(lang)) << lang;
    EXPECT_EQ(str(find_by(team.at("roles"), "code", "knowledge").at("name")), knowledge.in(lang));
    auto teams = get(admin, "/api/v1/teams", accept);
    EXPECT_EQ(str(find_by(teams.at("teams"), "code", "gent-01").at("name")),
              gent_team("gent-01").in(lang));
    // The role as the answer to an edit names it too (DELETE: left vacant).
    auto released = admin.send("DELETE", "/api/v1/teams/gent-01/roles/knowledge", "",
                               {{"X-CSRF-Token", csrf}, {"Accept-Language", accept}});
    ASSERT_EQ(released.status, 200) << released.body;
    EXPECT_EQ(str(parsed(released).at("code")), "knowledge");
    EXPECT_EQ(str(parsed(released).at("name")), knowledge.in(lang)) << lang;
  }
}

// The language is chosen as for the pages: the ploeg_lang cookie first, then
// the account's saved language, then Accept-Language, then English.
TEST_F(ApiNamesTest, TheLanguageIsChosenAsThePagesChooseIt) {
  auto admin = demo_->signed_in("admin");
  const std::string path = "/api/v1/figures?region=gent";
  auto name = [&](Visitor& who, HeaderList headers) {
    auto r = who.get(path, std::move(headers));
    EXPECT_EQ(r.status, 200) << r.body;
    return str(parsed(r).at("region").at("name"));
  };
  EXPECT_EQ(name(admin, {}), gent.en);
  EXPECT_EQ(name(admin, {{"Accept-Language", "de-DE, es;q=0.8"}}), gent.en);  // none of ours
  EXPECT_EQ(name(admin, {{"Accept-Language", "de-DE, fr;q=0.5"}}), gent.fr);

  // A visitor's switch: its cookie (and, signed in, the account's choice).
  auto someone =
      as(query("SELECT id FROM people ORDER BY id LIMIT 1").rows.at(0).integer(0), "switch");
  someone.get("/");
  auto switched = someone.post("/language", {{"lang", "fr"}, {"back", "/"}});
  ASSERT_EQ(switched.status, 303) << switched.body;
  ASSERT_EQ(someone.cookies()["ploeg_lang"], "fr");
  EXPECT_EQ(name(someone, {{"Accept-Language", "nl"}}), gent.fr);
  someone.cookies().erase("ploeg_lang");  // the account's saved choice still holds
  EXPECT_EQ(name(someone, {{"Accept-Language", "nl"}}), gent.fr);
  someone.cookies()["ploeg_lang"] = "nl";  // the cookie comes first
  EXPECT_EQ(name(someone, {{"Accept-Language", "en"}}), gent.nl);
}

// The API's description says so, on every route tested above.
TEST_F(ApiNamesTest, TheDescriptionSaysNamesFollowTheLanguage) {
  auto r = http_request(port(), "GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = parsed(r);
  EXPECT_NE(str(doc.at("info").at("description")).find("Names follow the caller's language"),
            std::string::npos);
  const auto& parameter = doc.at("components").at("parameters").at("AcceptLanguage");
  EXPECT_EQ(str(parameter.at("name")), "Accept-Language");
  EXPECT_EQ(str(parameter.at("in")), "header");
  EXPECT_FALSE(parameter.at("required").as_bool());
  const std::vector<std::pair<std::string, std::string>> operations = {
      {"get", "/api/v1/requests"},
      {"get", "/api/v1/requests/{reference}"},
      {"get", "/api/v1/figures"},
      {"get", "/api/v1/teams/{code}/figures"},
      {"get", "/api/v1/rounds"},
      {"get", "/api/v1/rounds/{id}"},
      {"get", "/api/v1/teams/{code}/week"},
      {"get", "/api/v1/staffing"},
      {"get", "/api/v1/competences"},
      {"get", "/api/v1/regions"},
      {"get", "/api/v1/teams"},
      {"get", "/api/v1/teams/{code}"},
      {"delete", "/api/v1/teams/{code}/roles/{role}"}};
  for (auto& [method, path] : operations) {
    auto operation = json::serialize(doc.at("paths").at(path).at(method));
    EXPECT_NE(operation.find("#/components/parameters/AcceptLanguage"), std::string::npos)
        << method << " " << path;
  }
}

}  // namespace
}  // namespace ploeg::test
