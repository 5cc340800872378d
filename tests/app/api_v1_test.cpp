// End to end: the /api/v1 routes of what the pages show and do (issue 17,
// item 8), on the real `ploeg serve` with a demo organisation, as a program
// would use them: the session cookie, the CSRF token of GET /api/v1/session
// in X-CSRF-Token, JSON bodies. Each route is tried by an anonymous program,
// a member of the team concerned, a member of another team, a coach of other
// teams and an administrator: the exact status, what the body says, and no
// personal data of a citizen in a refusal.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <regex>
#include <set>

#include "app/json_answer.hpp"
#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

namespace json = boost::json;

constexpr const char* password = "api-v1-secret-password";
constexpr const char* citizen_name = "Griet Van Damme-Oosterlinck";
constexpr const char* citizen_email = "griet.vandamme@example.be";
constexpr const char* citizen_phone = "0470 12 34 56";
constexpr const char* citizen_story = "Since my fall I cannot walk further than the bakery.";

bool has(const HttpResponse& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// Nothing of the citizen in an answer to someone who may not see them.
void expect_no_citizen(const HttpResponse& r, const std::string& what) {
  for (const char* secret : {citizen_name, citizen_email, citizen_phone, citizen_story}) {
    EXPECT_FALSE(has(r, secret)) << what << " shows " << secret << ": " << r.body;
  }
}

// A signed-in program: session cookie, and the CSRF token from /api/v1/session.
class Client {
 public:
  Client(std::uint16_t port, const std::string& username, const std::string& secret)
      : visitor_(port), username_(username) {
    EXPECT_TRUE(visitor_.sign_in(username, secret)) << username;
    auto r = visitor_.get("/api/v1/session");
    EXPECT_EQ(r.status, 200) << r.body;
    csrf_ = str(parsed(r).at("csrf"));
  }
  HttpResponse get(const std::string& target, HeaderList headers = {}) {
    return visitor_.get(target, std::move(headers));
  }
  // GET until the answer no longer waits for a background job (202).
  HttpResponse settled(const std::string& target, HeaderList headers = {}) {
    return ploeg::test::settled(visitor_, target, std::move(headers));
  }
  HttpResponse post(const std::string& target, const std::string& body = "",
                    HeaderList headers = {}, bool with_csrf = true) {
    headers.emplace_back("Content-Type", "application/json");
    if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_);
    return visitor_.send("POST", target, body, std::move(headers));
  }
  HttpResponse post_json(const std::string& target, const json::value& body) {
    return post(target, json::serialize(body));
  }
  HttpResponse del(const std::string& target) {
    return visitor_.send("DELETE", target, "", {{"X-CSRF-Token", csrf_}});
  }
  const std::string& username() const { return username_; }

 private:
  Visitor visitor_;
  std::string username_;
  std::string csrf_;
};

class ApiV1Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-api-v1-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::uint16_t port() { return demo_->port(); }
  static std::unique_ptr<store::Database> db() { return store::Database::open(demo_->database()); }
  static store::Result query(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return db()->acquire()->query(sql, params);
  }
  static std::int64_t count(const std::string& sql, const std::vector<store::Value>& params) {
    return query(sql, params).rows.at(0).integer(0);
  }

  // A program signed in with an account of its own, linked to `person_id`,
  // with the role given (made once per person).
  static Client as(std::int64_t person_id, const std::string& role = "coworker") {
    auto& username = accounts_[role + std::to_string(person_id)];
    if (username.empty()) {
      username = "api" + role + std::to_string(person_id);
      auto email = query("SELECT email FROM people WHERE id = $1", {person_id}).rows.at(0).text(0);
      add_linked_account(demo_->database(), username, email, password, role);
    }
    return Client(port(), username, password);
  }
  static Client admin() { return Client(port(), "admin", demo_->password("admin")); }

  // A member of the team holding `competence` (one is given it when nobody does).
  static std::int64_t holder(std::int64_t team_id, const std::string& competence) {
    auto found = query(
        "SELECT m.person_id FROM memberships m JOIN person_competences pc ON pc.person_id = "
        "m.person_id JOIN competences c ON c.id = pc.competence_id WHERE m.team_id = $1 AND "
        "c.code = $2 ORDER BY m.person_id LIMIT 1",
        {team_id, competence});
    if (!found.empty()) return found.rows[0].integer(0);
    auto someone = query(
                       "SELECT person_id FROM memberships WHERE team_id = $1 ORDER BY person_id "
                       "DESC LIMIT 1",
                       {team_id})
                       .rows.at(0)
                       .integer(0);
    query(
        "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, 2 FROM "
        "competences WHERE code = $2",
        {someone, competence});
    return someone;
  }

  // A member of a regional team other than `team_id`, and not of it.
  static std::int64_t outsider(std::int64_t team_id) {
    return query(
               "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
               "t.kind = 'regional' AND t.id <> $1 AND m.person_id NOT IN (SELECT person_id "
               "FROM memberships WHERE team_id = $1) AND m.person_id NOT IN (SELECT coach_id "
               "FROM teams WHERE coach_id IS NOT NULL) ORDER BY m.person_id LIMIT 1",
               {team_id})
        .rows.at(0)
        .integer(0);
  }
  // A coach of regional teams, none of them `team_id`, and no member of it.
  static std::int64_t coach_elsewhere(std::int64_t team_id) {
    return query(
               "SELECT coach_id FROM teams WHERE coach_id IS NOT NULL AND kind = 'regional' AND "
               "coach_id NOT IN (SELECT coach_id FROM teams WHERE id = $1 AND coach_id IS NOT "
               "NULL) AND coach_id NOT IN (SELECT person_id FROM memberships WHERE team_id = $1) "
               "ORDER BY coach_id LIMIT 1",
               {team_id})
        .rows.at(0)
        .integer(0);
  }

  // Files a request as a citizen would, on the public form; its reference.
  static std::string file(const std::string& type, const std::string& postcode) {
    auto link = file_as_citizen(port(), {{"type", type},
                                         {"postcode", postcode},
                                         {"name", citizen_name},
                                         {"email", citizen_email},
                                         {"phone", citizen_phone},
                                         {"description", citizen_story}});
    return reference_on(Visitor(port()).get(link).body);
  }
  struct Filed {
    std::string reference;
    std::int64_t team_id = 0;
    std::string team_code;
  };
  static Filed file_one() {
    Filed f;
    f.reference = file("parking_card", "9000");  // no renewal: with a medical assessment
    EXPECT_FALSE(f.reference.empty());
    auto team = query(
        "SELECT t.id, t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.reference "
        "= $1",
        {f.reference});
    f.team_id = team.rows.at(0).integer(0);
    f.team_code = team.rows.at(0).text(1);
    return f;
  }
  static std::int64_t audited(const std::string& actor, const std::string& action,
                              const std::string& subject) {
    return count("SELECT count(*) FROM audit_log WHERE actor = $1 AND action = $2 AND subject = $3",
                 {actor, action, subject});
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline std::map<std::string, std::string> accounts_;  // role and person -> username
};

// ---------- requests ----------

TEST_F(ApiV1Test, RequestsAreForTheMembersOfTheHandlingTeamOnly) {
  auto filed = file_one();
  auto& ref = filed.reference;
  auto one = "/api/v1/requests/" + ref;
  auto take = one + "/steps/intake/take";

  // Anonymous: 401, whatever the route, before any CSRF check.
  for (auto [method, path] :
       {std::pair{"GET", std::string("/api/v1/requests")}, std::pair{"GET", one},
        std::pair{"POST", take}, std::pair{"POST", one + "/steps/intake/complete"},
        std::pair{"POST", one + "/decision"}}) {
    auto r = http_request(port(), method, path, method == std::string("POST") ? "{}" : "",
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 401) << method << " " << path;
    EXPECT_EQ(str(error_of(r)["code"]), "not_signed_in");
    expect_no_citizen(r, path);
  }

  // A member of the team: the request in the list (without personal data) and
  // on its own (with them), the look audited.
  auto member = as(holder(filed.team_id, "intake"));
  auto listed = member.get("/api/v1/requests?limit=200");
  ASSERT_EQ(listed.status, 200) << listed.body;
  expect_no_citizen(listed, "the list");
  auto list = parsed(listed);
  bool found = false;
  for (auto& item : list.at("requests").as_array()) {
    if (str(item.at("reference")) != ref) continue;
    found = true;
    EXPECT_EQ(str(item.at("team").at("code")), filed.team_code);
    EXPECT_EQ(str(item.at("step").at("code")), "intake");
    EXPECT_TRUE(item.at("holder").is_null());
    EXPECT_TRUE(item.at("can_take").as_bool());
  }
  EXPECT_TRUE(found) << listed.body;
  bool own_team = false;
  for (auto& t : list.at("teams").as_array()) own_team |= str(t.at("code")) == filed.team_code;
  EXPECT_TRUE(own_team);
  auto shown = member.get(one);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.header("Cache-Control").value_or(""), "no-store");
  auto request = parsed(shown);
  EXPECT_EQ(str(request.at("reference")), ref);
  EXPECT_EQ(str(request.at("team").at("code")), filed.team_code);
  EXPECT_EQ(str(request.at("citizen").at("name")), citizen_name);
  EXPECT_EQ(str(request.at("citizen").at("email")), citizen_email);
  EXPECT_EQ(str(request.at("description")), citizen_story);
  EXPECT_EQ(str(request.at("type").at("code")), "parking_card");
  auto& steps = request.at("steps").as_array();
  ASSERT_GE(steps.size(), 3u);
  EXPECT_EQ(str(steps[0].at("code")), "intake");
  EXPECT_EQ(str(steps[0].at("state")), "current");
  EXPECT_EQ(str(steps[1].at("state")), "waiting");
  EXPECT_TRUE(request.at("you").at("can_take").as_bool());
  EXPECT_EQ(audited("user:" + member.username(), "request.view", "request:" + ref), 1);

  // Everyone else: the request is not there (404), nothing of the citizen,
  // and the refusal is audited as on the page.
  auto other = as(outsider(filed.team_id));
  auto coach = as(coach_elsewhere(filed.team_id), "coach");
  auto administrator = admin();
  for (auto* who : {&other, &coach, &administrator}) {
    auto r = who->get(one);
    EXPECT_EQ(r.status, 404) << who->username() << " " << r.body;
    EXPECT_EQ(str(error_of(r)["code"]), "not_found");
    expect_no_citizen(r, who->username() + " GET");
    auto listing = who->get("/api/v1/requests?limit=200");
    EXPECT_EQ(listing.status, 200) << who->username();
    EXPECT_FALSE(has(listing, ref)) << who->username();
    expect_no_citizen(listing, who->username() + " list");
    for (auto& path : {take, one + "/steps/intake/complete", one + "/decision"}) {
      auto body = path == take ? std::string("") : std::string(R"({"outcome":"seen"})");
      auto w = who->post(path, body);
      EXPECT_EQ(w.status, 404) << who->username() << " " << path << " " << w.body;
      EXPECT_EQ(str(error_of(w)["code"]), "not_found");
      expect_no_citizen(w, who->username() + " " + path);
    }
    std::string actor = "user:" + who->username();
    EXPECT_EQ(audited(actor, "request.view.refused", "request:" + ref), 1) << actor;
    EXPECT_EQ(audited(actor, "request.take.refused", "request:" + ref), 1) << actor;
    EXPECT_EQ(audited(actor, "request.step.refused", "request:" + ref), 2) << actor;
    EXPECT_EQ(audited(actor, "request.view", "request:" + ref), 0) << actor;
  }
  // The administrator is nobody of the organisation: no team, no requests.
  auto none = parsed(administrator.get("/api/v1/requests"));
  EXPECT_EQ(none.at("total").as_int64(), 0);
  EXPECT_TRUE(none.at("teams").as_array().empty());
  // Nothing was taken by any of them.
  EXPECT_TRUE(parsed(member.get(one)).at("holder").is_null());
  // An unknown reference answers as a refused one.
  auto unknown = member.get("/api/v1/requests/NO-SUCH-REF");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(str(error_of(unknown)["code"]), "not_found");
}

TEST_F(ApiV1Test, TheListIsPagedWithABoundedLimit) {
  auto filed = file_one();
  file_one();
  auto member = as(holder(filed.team_id, "intake"));
  auto all = parsed(member.get("/api/v1/requests?limit=200"));
  auto total = all.at("total").as_int64();
  ASSERT_GE(total, 2);
  auto first = parsed(member.get("/api/v1/requests?limit=1"));
  EXPECT_EQ(first.at("total").as_int64(), total);
  EXPECT_EQ(first.at("limit").as_int64(), 1);
  ASSERT_EQ(first.at("requests").as_array().size(), 1u);
  auto second = parsed(member.get("/api/v1/requests?limit=1&offset=1"));
  ASSERT_EQ(second.at("requests").as_array().size(), 1u);
  EXPECT_EQ(str(first.at("requests").at(0).at("reference")),
            str(all.at("requests").at(0).at("reference")));
  EXPECT_EQ(str(second.at("requests").at(0).at("reference")),
            str(all.at("requests").at(1).at("reference")));
  // Oldest first.
  auto& items = all.at("requests").as_array();
  for (std::size_t i = 1; i < items.size(); ++i)
    EXPECT_LE(str(items[i - 1].at("submitted_at")), str(items[i].at("submitted_at")));
  for (auto [query, field] : {std::pair{"limit=0", "limit"}, std::pair{"limit=201", "limit"},
                              std::pair{"limit=x", "limit"}, std::pair{"offset=-1", "offset"},
                              std::pair{"offset=100001", "offset"}}) {
    auto r = member.get(std::string("/api/v1/requests?") + query);
    EXPECT_EQ(r.status, 400) << query;
    auto e = error_of(r);
    EXPECT_EQ(str(e["code"]), "bad_parameter") << query;
    EXPECT_EQ(str(e["field"]), field) << query;
  }
  // In the caller's language.
  auto nl = member.get("/api/v1/requests?limit=0", {{"Accept-Language", "nl-BE"}});
  EXPECT_EQ(str(error_of(nl)["message"]), "limit moet een geheel getal van 1 tot 200 zijn.");
}

TEST_F(ApiV1Test, MembersTakeCompleteAndDecideThroughTheApi) {
  auto filed = file_one();
  auto& ref = filed.reference;
  auto base = "/api/v1/requests/" + ref;
  auto intake = as(holder(filed.team_id, "intake"));

  // No CSRF token: refused before anything happens.
  auto forged = intake.post(base + "/steps/intake/take", "", {}, false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(str(error_of(forged)["code"]), "csrf");
  // A step that is not the current one: the request has moved on.
  auto stale = intake.post(base + "/steps/decision/take");
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto e = error_of(stale);
  EXPECT_EQ(str(e["code"]), "case_step_moved");  // the problem's key, the same in every language
  EXPECT_EQ(str(e["field"]), "step");
  // Completing a step nobody has taken.
  auto untaken = intake.post_json(base + "/steps/intake/complete", {{"outcome", "All there."}});
  EXPECT_EQ(untaken.status, 409) << untaken.body;
  EXPECT_EQ(str(error_of(untaken)["field"]), "outcome");

  auto taken = intake.post(base + "/steps/intake/take");
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(str(parsed(taken).at("done")), "taken");
  EXPECT_EQ(str(parsed(taken).at("reference")), ref);
  expect_no_citizen(taken, "take");
  EXPECT_EQ(audited("user:" + intake.username(), "request.take", "request:" + ref), 1);
  // Taken twice: a colleague (here: the same one) has it; said in French to a French client.
  auto again = intake.post(base + "/steps/intake/take", "", {{"Accept-Language", "fr"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(str(error_of(again)["message"]).find("a déjà pris cette étape"), std::string::npos)
      << again.body;

  // Bodies that cannot be used.
  auto not_json = intake.post(base + "/steps/intake/complete", "outcome=yes");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(str(error_of(not_json)["code"]), "invalid_json");
  auto unknown = intake.post_json(base + "/steps/intake/complete", {{"result", "x"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(str(error_of(unknown)["code"]), "unknown_field");
  EXPECT_EQ(str(error_of(unknown)["field"]), "result");
  auto number = intake.post_json(base + "/steps/intake/complete", {{"outcome", 5}});
  EXPECT_EQ(number.status, 422);
  EXPECT_EQ(str(error_of(number)["field"]), "outcome");
  auto empty = intake.post_json(base + "/steps/intake/complete", {{"outcome", "   "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(str(error_of(empty)["code"]), "case_outcome_missing");
  EXPECT_EQ(str(error_of(empty)["field"]), "outcome");
  EXPECT_EQ(str(error_of(empty)["message"]), "Write what came of this step.");

  auto done = intake.post_json(base + "/steps/intake/complete", {{"outcome", "Form complete."}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(str(parsed(done).at("done")), "completed");
  auto after = parsed(intake.get(base));
  EXPECT_EQ(str(after.at("steps").at(0).at("state")), "done");
  EXPECT_EQ(str(after.at("steps").at(0).at("outcome")), "Form complete.");
  EXPECT_EQ(str(after.at("steps").at(1).at("state")), "current");

  // Every next step by a member who holds its competence, up to the decision.
  bool decided = false;
  for (int guard = 0; guard < 10 && !decided; ++guard) {
    auto now = parsed(intake.get(base));
    std::string code, competence;
    for (auto& s : now.at("steps").as_array()) {
      if (str(s.at("state")) != "current") continue;
      code = str(s.at("code"));
      competence = str(s.at("competence"));
    }
    ASSERT_FALSE(code.empty()) << "finished before the decision";
    auto worker = as(holder(filed.team_id, competence));
    auto step = base + "/steps/" + code;
    ASSERT_EQ(worker.post(step + "/take").status, 200) << code;
    if (code != "decision") {
      auto r = worker.post_json(step + "/complete", {{"outcome", "Done: " + code}});
      ASSERT_EQ(r.status, 200) << code << " " << r.body;
      continue;
    }
    // The decision is not completed as a plain step.
    auto plain = worker.post_json(step + "/complete", {{"outcome", "Granted."}});
    EXPECT_EQ(plain.status, 422) << plain.body;
    EXPECT_EQ(str(error_of(plain)["field"]), "step");
    EXPECT_NE(str(error_of(plain)["message"]).find(base + "/decision"), std::string::npos);
    auto short_one = worker.post_json(
        base + "/decision",
        {{"outcome", "Checked."}, {"decision", "granted"}, {"motivation", "Too short."}});
    EXPECT_EQ(short_one.status, 422);
    EXPECT_EQ(str(error_of(short_one)["field"]), "motivation");
    auto bad = worker.post_json(base + "/decision", {{"outcome", ""}, {"decision", "maybe"}});
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(error_of(bad)["errors"].as_array().size(), 3u)
        << bad.body;  // outcome, decision, motivation
    // Another member who has not taken it may not decide.
    auto colleague = as(holder(filed.team_id, "intake"));
    if (colleague.username() != worker.username()) {
      auto not_holder = colleague.post_json(
          base + "/decision", {{"outcome", "x"},
                               {"decision", "granted"},
                               {"motivation", "The medical assessment supports the card."}});
      EXPECT_EQ(not_holder.status, 409) << not_holder.body;
    }
    auto decision = worker.post_json(base + "/decision",
                                     {{"outcome", "Checked against the rules."},
                                      {"decision", "granted"},
                                      {"motivation", "The medical assessment supports the card."}});
    ASSERT_EQ(decision.status, 200) << decision.body;
    EXPECT_EQ(str(parsed(decision).at("decision")), "granted");
    EXPECT_EQ(audited("user:" + worker.username(), "request.decide", "request:" + ref), 1);
    decided = true;
  }
  ASSERT_TRUE(decided);
  auto result = parsed(intake.get(base));
  ASSERT_TRUE(result.at("decision").is_object()) << result;
  EXPECT_EQ(str(result.at("decision").at("decision")), "granted");
  EXPECT_EQ(str(result.at("decision").at("motivation")),
            "The medical assessment supports the card.");
  // Decided twice: the request has moved on.
  auto twice = intake.post_json(
      base + "/decision",
      {{"outcome", "x"}, {"decision", "refused"}, {"motivation", "Once more, to be sure of it."}});
  EXPECT_EQ(twice.status, 409) << twice.body;
}

// ---------- the organisation's figures ----------

TEST_F(ApiV1Test, TheOrganisationsFiguresAreForEveryoneSignedIn) {
  auto r = http_request(port(), "GET", "/api/v1/figures");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(str(error_of(r)["code"]), "not_signed_in");

  auto team = query(
      "SELECT t.id, g.code, g.name FROM teams t JOIN regions g ON g.id = t.region_id "
      "WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1");
  auto team_id = team.rows.at(0).integer(0);
  auto region = team.rows.at(0).text(1);
  auto regions = count("SELECT count(*) FROM regions", {});
  auto teams_in_region = count(
      "SELECT count(*) FROM teams t JOIN regions g ON g.id = t.region_id WHERE g.code = $1 AND "
      "t.kind = 'regional'",
      {region});
  auto member = as(holder(team_id, "intake"));
  auto other = as(outsider(team_id));
  auto coach = as(coach_elsewhere(team_id), "coach");
  auto administrator = admin();
  for (auto* who : {&member, &other, &coach, &administrator}) {
    auto all = who->get("/api/v1/figures");
    ASSERT_EQ(all.status, 200) << who->username() << " " << all.body;
    auto o = parsed(all);
    EXPECT_TRUE(o.at("region").is_null());
    EXPECT_EQ(str(o.at("period")), "week");
    EXPECT_EQ(o.at("range_months").as_int64(), 3);
    EXPECT_EQ(static_cast<std::int64_t>(o.at("regions").as_array().size()), regions);
    EXPECT_GT(o.at("total").at("received").as_int64(), 0);
    EXPECT_GE(o.at("periods").as_array().size(), 13u);
    EXPECT_FALSE(o.as_object().contains("teams"));
  }
  auto one = parsed(member.get("/api/v1/figures?region=" + region + "&period=month&range=6"));
  EXPECT_EQ(str(one.at("region").at("code")), region);
  EXPECT_EQ(str(one.at("period")), "month");
  EXPECT_EQ(static_cast<std::int64_t>(one.at("teams").as_array().size()), teams_in_region);
  // The region's teams add up to the region.
  std::int64_t received = 0;
  for (auto& t : one.at("teams").as_array()) received += t.at("figures").at("received").as_int64();
  EXPECT_EQ(received, one.at("total").at("received").as_int64());

  for (auto [q, field] : {std::pair{"region=nowhere", "region"}, std::pair{"period=year", "period"},
                          std::pair{"range=5", "range"}}) {
    auto bad = member.get(std::string("/api/v1/figures?") + q);
    EXPECT_EQ(bad.status, 400) << q;
    EXPECT_EQ(str(error_of(bad)["code"]), "bad_parameter") << q;
    EXPECT_EQ(str(error_of(bad)["field"]), field) << q;
  }
  auto fr = member.get("/api/v1/figures?period=year", {{"Accept-Language", "fr-BE,fr;q=0.9"}});
  EXPECT_EQ(str(error_of(fr)["message"]), "period doit valoir week ou month.");
}

// ---------- team choice rounds ----------

TEST_F(ApiV1Test, RoundsShowToTheirPeopleCoachesAndAdministrators) {
  auto r = http_request(port(), "GET", "/api/v1/rounds");
  EXPECT_EQ(r.status, 401);
  // The demo coach opens a round for the region of the team they coach.
  auto team = query(
      "SELECT t.region_id, g.code FROM teams t JOIN regions g ON g.id = t.region_id "
      "WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1");
  auto region_id = team.rows.at(0).integer(0);
  auto region = team.rows.at(0).text(1);
  auto opener = demo_->signed_in("coach");
  opener.get("/rounds");
  auto opened = opener.post("/rounds", {{"title", "API round"}, {"region", region}});
  ASSERT_EQ(opened.status, 303) << opened.body;
  auto location = opened.header("Location").value_or("");
  auto id = location.substr(std::string("/rounds/").size(), location.find('?') - 8);
  auto path = "/api/v1/rounds/" + id;

  auto in_round = query(
                      "SELECT person_id FROM team_round_people WHERE round_id = $1 ORDER BY "
                      "person_id LIMIT 1",
                      {std::stoll(id)})
                      .rows.at(0)
                      .integer(0);
  auto not_in_round =
      query(
          "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.kind = "
          "'regional' AND t.region_id <> $1 AND m.person_id NOT IN (SELECT person_id FROM "
          "team_round_people WHERE round_id = $2) AND m.person_id NOT IN (SELECT coach_id FROM "
          "teams "
          "WHERE coach_id IS NOT NULL) ORDER BY m.person_id LIMIT 1",
          {region_id, std::stoll(id)})
          .rows.at(0)
          .integer(0);
  // A coach of teams of other regions only.
  auto coach_id = query(
                      "SELECT coach_id FROM teams WHERE coach_id IS NOT NULL AND coach_id NOT IN "
                      "(SELECT coach_id FROM teams WHERE region_id = $1 AND coach_id IS NOT "
                      "NULL) AND coach_id NOT IN (SELECT person_id FROM team_round_people WHERE "
                      "round_id = $2) ORDER BY coach_id LIMIT 1",
                      {region_id, std::stoll(id)})
                      .rows.at(0)
                      .integer(0);
  auto member = as(in_round);
  auto other = as(not_in_round);
  auto coach = as(coach_id, "coach");
  auto administrator = admin();

  auto listed_in = [&](Client& who) {
    auto list = who.get("/api/v1/rounds");
    EXPECT_EQ(list.status, 200) << who.username();
    auto rounds = parsed(list);
    for (auto& round : rounds.at("rounds").as_array()) {
      if (std::to_string(round.at("id").as_int64()) == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed_in(member));
  EXPECT_FALSE(listed_in(other));  // a co-worker sees their own rounds
  EXPECT_FALSE(listed_in(coach));  // coaches see the rounds of teams they coach (issue 18)
  EXPECT_TRUE(listed_in(administrator));

  auto mine = member.get(path);
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto round = parsed(mine);
  EXPECT_EQ(str(round.at("title")), "API round");
  EXPECT_EQ(str(round.at("status")), "open");
  EXPECT_EQ(str(round.at("region").at("code")), region);
  EXPECT_TRUE(round.at("member").as_bool());
  EXPECT_FALSE(round.at("manages").as_bool());
  EXPECT_TRUE(round.at("proposal").is_null());
  EXPECT_TRUE(round.at("you").at("choice").is_null());  // not chosen yet
  EXPECT_EQ(round.at("board").at("people").as_int64(), round.at("people").as_int64());
  EXPECT_EQ(round.at("teams").as_array().size(), round.at("board").at("teams").as_array().size());

  auto refused = other.get(path);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(str(error_of(refused)["code"]), "forbidden");
  EXPECT_EQ(str(error_of(refused)["message"]), "You are not one of the people of this round.");
  EXPECT_FALSE(has(refused, "API round"));
  auto nl = other.get(path, {{"Accept-Language", "nl"}});
  EXPECT_EQ(str(error_of(nl)["message"]), "U bent niet een van de mensen van deze ronde.");

  auto coached = coach.get(path);  // not a coach of this region's teams
  EXPECT_EQ(coached.status, 403) << coached.body;
  EXPECT_FALSE(has(coached, "API round"));
  auto managed = administrator.get(path);
  ASSERT_EQ(managed.status, 200);
  EXPECT_TRUE(parsed(managed).at("manages").as_bool());

  for (auto* missing : {"/api/v1/rounds/999999", "/api/v1/rounds/abc", "/api/v1/rounds/0"}) {
    auto none = administrator.get(missing);
    EXPECT_EQ(none.status, 404) << missing;
    EXPECT_EQ(str(error_of(none)["code"]), "not_found") << missing;
  }
}

// ---------- a team's week ----------

TEST_F(ApiV1Test, ATeamsWeekIsForItsMembersItsCoachAndAdministrators) {
  // The first regional team: the demo co-worker's, coached by the demo coach.
  auto team = query("SELECT id, code FROM teams WHERE kind = 'regional' ORDER BY code LIMIT 1");
  auto team_id = team.rows.at(0).integer(0);
  auto code = team.rows.at(0).text(1);
  auto path = "/api/v1/teams/" + code + "/week?week=2026-W49";
  auto r = http_request(port(), "GET", path);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(str(error_of(r)["code"]), "not_signed_in");

  auto member_id = holder(team_id, "intake");
  auto member = as(member_id);
  auto shown = member.get(path);
  ASSERT_EQ(shown.status, 200) << shown.body;
  auto week = parsed(shown);
  EXPECT_EQ(str(week.at("team").at("code")), code);
  EXPECT_EQ(str(week.at("week")), "2026-W49");
  ASSERT_EQ(week.at("days").as_array().size(), 5u);
  EXPECT_EQ(str(week.at("days").at(0).at("date")), "2026-11-30");
  EXPECT_EQ(str(week.at("days").at(4).at("date")), "2026-12-04");
  EXPECT_TRUE(week.at("you").at("member").as_bool());
  EXPECT_EQ(static_cast<std::int64_t>(week.at("members").as_array().size()),
            count("SELECT count(*) FROM memberships WHERE team_id = $1", {team_id}));
  bool listed = false;
  for (auto& m : week.at("members").as_array()) {
    listed |= m.at("id").as_int64() == member_id;
    EXPECT_EQ(m.at("days").as_array().size(), 5u);
  }
  EXPECT_TRUE(listed);
  EXPECT_TRUE(week.at("unmet").is_array());

  // Its coach plans it too, not as a member; so do administrators.
  Client own_coach(port(), "coach", demo_->password("coach"));
  auto coached = own_coach.get(path);
  ASSERT_EQ(coached.status, 200) << coached.body;
  EXPECT_FALSE(parsed(coached).at("you").at("member").as_bool());
  EXPECT_TRUE(parsed(coached).at("you").at("may_plan").as_bool());
  EXPECT_EQ(admin().get(path).status, 200);

  auto other = as(outsider(team_id));
  auto coach = as(coach_elsewhere(team_id), "coach");
  for (auto* who : {&other, &coach}) {
    auto refused = who->get(path);
    EXPECT_EQ(refused.status, 403) << who->username() << " " << refused.body;
    EXPECT_EQ(str(error_of(refused)["code"]), "forbidden");
    EXPECT_EQ(str(error_of(refused)["message"]),
              "Only the team's members, its coach and administrators see its week.");
  }

  // Weeks by their ISO name; week 53 only in a year that has one.
  EXPECT_EQ(str(parsed(member.get("/api/v1/teams/" + code + "/week?week=2026-W53"))
                    .at("days")
                    .at(0)
                    .at("date")),
            "2026-12-28");
  EXPECT_EQ(str(parsed(member.get("/api/v1/teams/" + code + "/week?week=2027-W01"))
                    .at("days")
                    .at(0)
                    .at("date")),
            "2027-01-04");
  for (auto* bad : {"2027-W53", "2026-W00", "2026-W54", "2026-12-01", "2026W49", ""}) {
    auto refused = member.get("/api/v1/teams/" + code + "/week?week=" + bad);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_EQ(str(error_of(refused)["field"]), "week") << bad;
  }
  // Without a week: this one.
  auto now = member.get("/api/v1/teams/" + code + "/week");
  EXPECT_EQ(now.status, 200);
  auto unknown = member.get("/api/v1/teams/no-such-team/week");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(str(error_of(unknown)["code"]), "not_found");
}

// ---------- desks ----------

TEST_F(ApiV1Test, ADeskIsBookedAndGivenBackByItsId) {
  auto team = query(
      "SELECT t.id, o.code FROM teams t JOIN offices o ON o.region_id = t.region_id "
      "WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1");
  auto team_id = team.rows.at(0).integer(0);
  auto office = team.rows.at(0).text(1);
  auto owner_id = holder(team_id, "intake");
  auto owner = as(owner_id);
  auto day = date_text(today() + 2);
  auto booked_now = [&] {
    return count("SELECT count(*) FROM desk_bookings WHERE person_id = $1 AND day = $2",
                 {owner_id, *day_of_date(day)});
  };
  auto book = [&] {
    auto r = owner.post_json("/api/v1/desk-bookings", {{"office", office}, {"day", day}});
    EXPECT_EQ(r.status, 201) << r.body;
    auto id = str(parsed(r).at("id"));
    EXPECT_EQ(id, day + "." + std::to_string(owner_id));
    EXPECT_EQ(booked_now(), 2);  // the morning and the afternoon
    return id;
  };
  auto id = book();
  auto path = "/api/v1/desk-bookings/" + id;

  auto anonymous = http_request(port(), "DELETE", path);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(str(error_of(anonymous)["code"]), "not_signed_in");
  auto other = as(outsider(team_id));
  auto refused = other.del(path);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(str(error_of(refused)["code"]), "forbidden");
  EXPECT_EQ(str(error_of(refused)["field"]), "id");
  EXPECT_EQ(booked_now(), 2);

  // A coach of other teams does not (issue 18); administrators give back anyone's desk.
  auto coach = as(coach_elsewhere(team_id), "coach");
  auto by_coach = coach.del(path);
  EXPECT_EQ(by_coach.status, 403) << by_coach.body;
  EXPECT_EQ(booked_now(), 2);
  ASSERT_EQ(admin().del(path).status, 200);
  EXPECT_EQ(booked_now(), 0);
  auto gone = owner.del(path);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(str(error_of(gone)["code"]), "not_found");

  id = book();
  auto own = owner.del("/api/v1/desk-bookings/" + id);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(booked_now(), 0);
  id = book();
  auto by_admin = admin().del("/api/v1/desk-bookings/" + id);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(booked_now(), 0);

  // Booking speaks the caller's language too.
  auto nowhere =
      owner.post("/api/v1/desk-bookings", R"({"office": "nowhere", "day": ")" + day + "\"}",
                 {{"Accept-Language", "nl"}});
  EXPECT_EQ(nowhere.status, 422) << nowhere.body;
  EXPECT_EQ(str(error_of(nowhere)["field"]), "office");
  EXPECT_EQ(str(error_of(nowhere)["message"]), "Er is geen kantoor \"nowhere\".");

  for (auto* bad : {"nonsense", "2026-13-01.5", "2026-12-08.", ".57", "2026-12-08.5x"}) {
    auto r = owner.del(std::string("/api/v1/desk-bookings/") + bad);
    EXPECT_EQ(r.status, 404) << bad;
    EXPECT_EQ(str(error_of(r)["field"]), "id") << bad;
  }
}

// ---------- staffing ----------

TEST_F(ApiV1Test, StaffingAnswersAreForEveryoneSignedIn) {
  auto team = query(
      "SELECT t.id, t.code, g.code FROM teams t JOIN regions g ON g.id = t.region_id "
      "WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1");
  auto team_id = team.rows.at(0).integer(0);
  auto code = team.rows.at(0).text(1);
  auto region = team.rows.at(0).text(2);
  auto path = "/api/v1/staffing?team=" + code;
  auto r = http_request(port(), "GET", path);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(str(error_of(r)["code"]), "not_signed_in");

  auto member = as(holder(team_id, "intake"));
  auto other = as(outsider(team_id));
  auto coach = as(coach_elsewhere(team_id), "coach");
  auto administrator = admin();
  auto members =
      count("SELECT count(DISTINCT person_id) FROM memberships WHERE team_id = $1", {team_id});
  // Computed by a background job: first 202 and the job to follow, then the answer.
  auto first = member.get(path);
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(first.header("Retry-After").value_or(""), "1");
  auto job = parsed(first).at("job");
  auto href = str(job.at("href"));
  EXPECT_EQ(href, "/jobs/" + std::to_string(job.at("id").as_int64()));
  EXPECT_EQ(member.settled(path).status, 200);
  EXPECT_EQ(member.get(href).status, 200);
  EXPECT_NE(member.get(href).body.find("\"status\":\"done\""), std::string::npos);
  for (auto* who : {&member, &other, &coach, &administrator}) {
    auto shown = who->settled(path);
    ASSERT_EQ(shown.status, 200) << who->username() << " " << shown.body;
    auto o = parsed(shown);
    EXPECT_EQ(str(o.at("scope").at("kind")), "team");
    EXPECT_EQ(str(o.at("scope").at("code")), code);
    EXPECT_EQ(o.at("scope").at("people").as_int64(), members);
    EXPECT_FALSE(o.at("demand").as_array().empty());
    ASSERT_TRUE(o.at("answer").is_object());
    EXPECT_FALSE(o.at("answer").at("roles").as_array().empty());
    EXPECT_GT(o.at("answer").at("computed_at").as_int64(), 0);
    EXPECT_EQ(o.at("assumptions").at("target_percent").as_int64(), 90);
    expect_no_citizen(shown, who->username());
  }
  // The assumptions are the page's form fields.
  auto strict = parsed(member.settled(path + "&target_percent=95&target_days=20&availability=70"));
  EXPECT_EQ(strict.at("assumptions").at("target_percent").as_int64(), 95);
  EXPECT_EQ(strict.at("assumptions").at("target_days").as_int64(), 20);
  auto whole = parsed(member.settled("/api/v1/staffing?region=" + region));
  EXPECT_EQ(str(whole.at("scope").at("kind")), "region");
  EXPECT_GE(whole.at("scope").at("teams").as_int64(), 1);

  auto none = member.get("/api/v1/staffing");
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(str(error_of(none)["field"]), "team");
  auto unknown = member.get("/api/v1/staffing?team=no-such-team");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(str(error_of(unknown)["code"]), "not_found");
  auto bad = member.get(path + "&target_days=0&availability=500", {{"Accept-Language", "fr"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto e = error_of(bad);
  EXPECT_EQ(str(e["code"]), "invalid");
  EXPECT_EQ(str(e["field"]), "target_days");
  EXPECT_EQ(e["errors"].as_array().size(), 2u);
  EXPECT_NE(str(e["message"]).find("« 0 »"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace ploeg::test
