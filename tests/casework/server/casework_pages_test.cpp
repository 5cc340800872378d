// End to end: the team's side of casework on the real `ploeg serve` with a
// demo organisation. A citizen files a request on the public form; co-workers
// of the team that handles their postcode take and complete every step from
// the queue; the citizen reads the decision and rates it once; a member of
// another team is refused the request page, and the refusal is audited.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "casework/server/casework_pages_fixture.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

TEST_F(CaseworkPagesTest, ARequestGoesThroughEveryStepAndIsRatedOnce) {
  auto link = file("parking_card", "9000");  // no renewal: with a medical assessment
  Visitor citizen(demo_->port());
  auto status = citizen.get(link);
  ASSERT_EQ(status.status, 200) << status.body;
  auto reference = reference_on(status.body);
  ASSERT_FALSE(reference.empty());
  EXPECT_FALSE(has(status, "name=\"score\""));  // no survey before the decision
  auto team = db()->acquire()->query(
      "SELECT t.id, t.code FROM requests r JOIN teams t ON t.id = r.team_id WHERE r.reference = $1",
      {reference});
  auto team_id = team.rows.at(0).integer(0);
  auto team_code = team.rows.at(0).text(1);
  auto page = "/requests/" + reference;

  // The queue of the request's team lists it, without personal data.
  auto intake = as(member(team_id, "intake"));
  auto home = intake.get("/casework");
  ASSERT_EQ(home.status, 303);
  EXPECT_EQ(home.header("Location").value_or(""), "/teams/" + team_code + "/queue");
  auto queue = intake.get("/teams/" + team_code + "/queue");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_TRUE(has(queue, ">" + reference + "</a>"));
  EXPECT_TRUE(has(queue, "action=\"" + page + "/take\""));
  EXPECT_FALSE(has(queue, citizen_name));
  EXPECT_FALSE(has(queue, citizen_email));
  // The menu marks casework as where the queue is, not the teams.
  EXPECT_TRUE(has(queue, "href=\"/casework\" aria-current=\"page\""));
  EXPECT_FALSE(has(queue, "href=\"/teams\" aria-current=\"page\""));

  // Each step in turn, by a member holding its competence.
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"intake", "intake"},
      {"completeness_check", "administration"},
      {"medical_assessment", "medical"},
      {"decision", "decision"},
      {"notification", "administration"}};
  const std::string medical_finding = "Walks 50 metres with a cane: confirmed by the doctor.";
  const std::string motivation = "The medical assessment confirms that walking is hard for you.";
  for (auto& [step, competence] : steps) {
    SCOPED_TRACE(step);
    auto worker = as(member(team_id, competence));
    auto before = worker.get(page);
    ASSERT_EQ(before.status, 200) << before.body;
    EXPECT_EQ(before.header("Cache-Control").value_or(""), "no-store");
    EXPECT_TRUE(has(before, citizen_name));  // the team sees the personal data
    ASSERT_TRUE(has(before, "name=\"step_code\" value=\"" + step + "\"")) << before.body;
    auto taken = worker.post(page + "/take", {{"step_code", step}});
    ASSERT_EQ(taken.status, 303) << taken.body;
    auto mine = worker.get(page);
    ASSERT_TRUE(has(mine, "action=\"" + page + "/complete\""));
    std::string outcome = step == "medical_assessment" ? medical_finding : "Done: " + step;
    http::Fields fields = {{"step_code", step}, {"outcome", outcome}};
    if (step == "decision") {
      // Too short a motivation: the page comes back with what was typed.
      auto short_one = worker.post(page + "/complete", {{"step_code", step},
                                                        {"outcome", outcome},
                                                        {"decision", "granted"},
                                                        {"motivation", "Yes."}});
      EXPECT_EQ(short_one.status, 422);
      EXPECT_TRUE(has(short_one, "at least 20 characters")) << short_one.body;
      EXPECT_TRUE(has(short_one, outcome));
      fields.emplace_back("decision", "granted");
      fields.emplace_back("motivation", motivation);
    }
    auto done = worker.post(page + "/complete", fields);
    ASSERT_EQ(done.status, 303) << done.body;
    EXPECT_EQ(done.header("Location").value_or(""), page + "?done=completed");
  }

  // The medical outcome: for medical co-workers only.
  auto medic = as(member(team_id, "medical")).get(page);
  EXPECT_TRUE(has(medic, medical_finding));
  auto other = as(member(team_id, "medical", false)).get(page);
  ASSERT_EQ(other.status, 200);
  EXPECT_FALSE(has(other, medical_finding));
  EXPECT_TRUE(has(other, "Medical: visible to medical co-workers only"));
  EXPECT_TRUE(has(other, "Every step done"));
  EXPECT_TRUE(has(other, motivation));

  // The citizen reads the decision and rates it, once.
  status = citizen.get(link);
  EXPECT_TRUE(has(status, "Your request is granted"));
  EXPECT_TRUE(has(status, motivation));
  ASSERT_TRUE(has(status, "name=\"score\""));
  auto rated = citizen.post(link + "/rating", {{"score", "4"}, {"comment", "Quick and kind."}});
  ASSERT_EQ(rated.status, 303) << rated.body;
  status = citizen.get(rated.header("Location").value_or(""));
  EXPECT_TRUE(has(status, "Thank you for your answer"));
  EXPECT_FALSE(has(status, "name=\"score\""));
  auto again = citizen.post(link + "/rating", {{"score", "1"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(count("SELECT rating FROM requests WHERE reference = $1", {reference}), 4);

  // A complaint, at any time.
  auto complained = citizen.post(link + "/complaint", {{"text", "The letter came late."}});
  ASSERT_EQ(complained.status, 303) << complained.body;
  EXPECT_TRUE(
      has(citizen.get(complained.header("Location").value_or("")), "We received your complaint"));
  EXPECT_EQ(count("SELECT count(*) FROM request_events e JOIN requests r ON r.id = e.request_id "
                  "WHERE r.reference = $1 AND e.kind = 'complaint'",
                  {reference}),
            1);

  // A member of another team: refused, and the refusal is in the audit log.
  auto outsider_id = db()->acquire()
                         ->query(
                             "SELECT person_id FROM memberships m JOIN teams t ON t.id = "
                             "m.team_id WHERE t.kind = 'regional' AND t.id <> $1 AND "
                             "m.person_id NOT IN (SELECT person_id FROM memberships WHERE "
                             "team_id = $1) ORDER BY person_id LIMIT 1",
                             {team_id})
                         .rows.at(0)
                         .integer(0);
  auto outsider = as(outsider_id);
  auto refused = outsider.get(page);
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(has(refused, citizen_name));
  EXPECT_EQ(outsider.get("/teams/" + team_code + "/queue").status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE actor = $1 AND subject = $2 AND action "
                  "LIKE '%refused'",
                  {"user:" + username_of(outsider_id), "request:" + reference}),
            1);
}

TEST_F(CaseworkPagesTest, TakeTheNextHandItOverAndGiveItBack) {
  auto link = file("parking_card", "9000");
  auto reference = reference_on(Visitor(demo_->port()).get(link).body);
  auto team_id = count("SELECT team_id FROM requests WHERE reference = $1", {reference});
  auto code =
      db()->acquire()->query("SELECT code FROM teams WHERE id = $1", {team_id}).rows.at(0).text(0);
  auto worker = as(member(team_id, "intake"));
  auto queue = worker.get("/teams/" + code + "/queue?only=mine");
  ASSERT_EQ(queue.status, 200);
  ASSERT_TRUE(has(queue, "/queue/take-next"));
  // The queue lists the oldest first: its first Take button is what the
  // button takes.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(queue.body, m, std::regex(R"re(action="/requests/([^"]+)/take")re")));
  auto oldest = m[1].str();
  auto taken = worker.post("/teams/" + code + "/queue/take-next", {});
  ASSERT_EQ(taken.status, 303) << taken.body;
  EXPECT_EQ(taken.header("Location").value_or(""), "/requests/" + oldest + "?done=taken");
  auto page = worker.get("/requests/" + oldest + "?done=taken");
  EXPECT_TRUE(has(page, "You took this step"));
  // Handed over to a colleague who holds every competence, who gives it back
  // to the queue.
  auto colleague = db()->acquire()
                       ->query(
                           "SELECT person_id FROM memberships WHERE team_id = $1 AND "
                           "person_id <> (SELECT person_id FROM account_people a JOIN users u "
                           "ON u.id = a.user_id WHERE u.username = $2) ORDER BY person_id LIMIT 1",
                           {team_id, username_of(member(team_id, "intake"))})
                       .rows.at(0)
                       .integer(0);
  db()->acquire()->query(
      "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, 2 FROM "
      "competences WHERE id NOT IN (SELECT competence_id FROM person_competences WHERE person_id "
      "= $1)",
      {colleague});
  page = worker.get("/requests/" + oldest);
  ASSERT_TRUE(has(page, "<option value=\"" + std::to_string(colleague) + "\""));
  auto handed =
      worker.post("/requests/" + oldest + "/hand-over", {{"to", std::to_string(colleague)}});
  ASSERT_EQ(handed.status, 303) << handed.body;
  EXPECT_EQ(count("SELECT holder_id FROM requests WHERE reference = $1", {oldest}), colleague);
  EXPECT_FALSE(has(worker.get("/requests/" + oldest), "/complete\""));
  ASSERT_EQ(as(colleague).post("/requests/" + oldest + "/release", {}).status, 303);
  EXPECT_EQ(
      count("SELECT count(*) FROM requests WHERE reference = $1 AND holder_id IS NULL", {oldest}),
      1);
}

// A citizen who gave no e-mail address has none on the request page: no
// empty "mailto:" link (axe: a link without text).
TEST_F(CaseworkPagesTest, TheCitizensEmailIsALinkOnlyWhenThereIsOne) {
  auto link = file("parking_card", "9000");
  Visitor citizen(demo_->port());
  auto reference = reference_on(citizen.get(link).body);
  ASSERT_FALSE(reference.empty());
  auto team_id = db()->acquire()
                     ->query("SELECT team_id FROM requests WHERE reference = $1", {reference})
                     .rows.at(0)
                     .integer(0);
  auto member_visitor = as(member(team_id, "intake"));
  auto page = member_visitor.get("/requests/" + reference);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, std::string("href=\"mailto:") + citizen_email + "\""));
  db()->acquire()->query(
      "UPDATE requests SET contact_email = '', contact_phone = '' WHERE reference = $1",
      {reference});
  page = member_visitor.get("/requests/" + reference);
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(has(page, "mailto:")) << "an empty e-mail link";
}

TEST_F(CaseworkPagesTest, FormsWithoutTheirCsrfTokenAreRefused) {
  auto link = file("parking_card", "9000");
  auto reference = reference_on(Visitor(demo_->port()).get(link).body);
  auto team_id = count("SELECT team_id FROM requests WHERE reference = $1", {reference});
  auto worker = as(member(team_id, "intake"));
  ASSERT_EQ(worker.get("/requests/" + reference).status, 200);
  auto events = [&] {
    return count(
        "SELECT count(*) FROM request_events e JOIN requests r ON r.id = e.request_id "
        "WHERE r.reference = $1",
        {reference});
  };
  auto before = events();
  EXPECT_EQ(worker.post("/requests/" + reference + "/notes", {{"text", "forged"}}, "").status, 403);
  EXPECT_EQ(worker.post("/requests/" + reference + "/take", {{"step_code", "intake"}}, "").status,
            403);
  Visitor citizen(demo_->port());
  citizen.get(link);
  EXPECT_EQ(citizen.post(link + "/complaint", {{"text", "forged"}}, "").status, 403);
  EXPECT_EQ(events(), before);
}

TEST_F(CaseworkPagesTest, UnknownRequestsAndTeamsAreNotFound) {
  auto v = demo_->signed_in("coworker");
  EXPECT_EQ(v.get("/requests/0000-AAAA-AAAA").status, 404);
  EXPECT_EQ(v.get("/teams/no-such-team/queue").status, 404);
  // The administrator is nobody of the organisation: no queue, said plainly.
  auto admin = demo_->signed_in("admin").get("/casework");
  EXPECT_EQ(admin.status, 200);
  EXPECT_TRUE(has(admin, "No queue for you"));
  // Not signed in: the team side is closed.
  Visitor anonymous(demo_->port());
  EXPECT_NE(anonymous.get("/casework").status, 200);
}

}  // namespace
}  // namespace ploeg::test
