// End to end on the real server: a colleague takes over a step held by
// someone who is ill, the holder reads it on the request's timeline; the
// queue flags a step held too long and the team sets how long that is. Who
// may do it, for every kind of visitor:
//
//   POST /requests/{ref}/take-over    members of the handling team who hold
//                                     the step's competence; a member without
//                                     it 403 with why; anyone else 403 and
//                                     nothing of the request in the body.
//   POST /teams/{code}/queue/settings members of the team; others 403.
#include <gtest/gtest.h>

#include "casework/server/casework_pages_fixture.hpp"

namespace ploeg::test {
namespace {

class HoldingPagesTest : public CaseworkPagesTest {
 protected:
  struct Held {
    std::string reference;
    std::string team_code;
    std::int64_t team_id = 0;
    std::int64_t holder = 0;
  };
  // A request filed in Gent (not the demo logins' team), its intake taken by
  // a member who holds the competence.
  static Held held_request() {
    auto link = file("parking_card", "9000");
    Held h;
    h.reference = reference_on(Visitor(demo_->port()).get(link).body);
    h.team_id = count("SELECT team_id FROM requests WHERE reference = $1", {h.reference});
    h.team_code = db()->acquire()
                      ->query("SELECT code FROM teams WHERE id = $1", {h.team_id})
                      .rows.at(0)
                      .text(0);
    h.holder = member(h.team_id, "intake");
    EXPECT_EQ(
        as(h.holder).post("/requests/" + h.reference + "/take", {{"step_code", "intake"}}).status,
        303);
    return h;
  }

  // Another member of the team who holds the competence.
  static std::int64_t colleague_of(const Held& h) {
    auto found = db()->acquire()->query(
        "SELECT m.person_id FROM memberships m JOIN person_competences pc ON pc.person_id = "
        "m.person_id JOIN competences c ON c.id = pc.competence_id WHERE m.team_id = $1 AND "
        "c.code = 'intake' AND m.person_id <> $2 ORDER BY m.person_id LIMIT 1",
        {h.team_id, h.holder});
    if (!found.empty()) return found.rows[0].integer(0);
    auto other = db()->acquire()
                     ->query(
                         "SELECT person_id FROM memberships WHERE team_id = $1 AND person_id <> "
                         "$2 ORDER BY person_id LIMIT 1",
                         {h.team_id, h.holder})
                     .rows.at(0)
                     .integer(0);
    db()->acquire()->query(
        "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, 2 FROM "
        "competences WHERE code = 'intake'",
        {other});
    return other;
  }

  static std::int64_t holder_of(const std::string& reference) {
    return count("SELECT coalesce(holder_id, 0) FROM requests WHERE reference = $1", {reference});
  }
};

TEST_F(HoldingPagesTest, AColleagueTakesOverAStepFromSomeoneWhoIsIll) {
  auto h = held_request();
  auto colleague = as(colleague_of(h));
  auto page = colleague.get("/requests/" + h.reference);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "action=\"/requests/" + h.reference + "/take-over\""));
  EXPECT_TRUE(has(page, "value=\"ill\""));

  // Without a reason: the form comes back and says what to fix.
  auto missing = colleague.post("/requests/" + h.reference + "/take-over",
                                {{"step_code", "intake"}, {"reason", ""}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(has(missing, "Say why you take it over"));
  EXPECT_EQ(holder_of(h.reference), h.holder);

  auto over = colleague.post("/requests/" + h.reference + "/take-over",
                             {{"step_code", "intake"}, {"reason", "ill"}});
  ASSERT_EQ(over.status, 303) << over.body;
  EXPECT_EQ(over.header("Location").value_or(""), "/requests/" + h.reference + "?done=taken_over");
  EXPECT_NE(holder_of(h.reference), h.holder);
  // The timeline says it in the reader's language, reason included.
  auto seen = as(h.holder).get("/requests/" + h.reference);
  EXPECT_TRUE(has(seen, "Took over “Intake” (ill)")) << seen.body;
  auto dutch = as(h.holder);
  dutch.post("/language", {{"lang", "nl"}});
  EXPECT_TRUE(has(dutch.get("/requests/" + h.reference), "Nam “Onthaal” over (ziek)"));
  dutch.post("/language", {{"lang", "en"}});  // the account keeps its language
}

TEST_F(HoldingPagesTest, OnlyMembersWhoHoldTheCompetenceTakeOverAndOthersLearnNothing) {
  auto h = held_request();
  auto path = "/requests/" + h.reference + "/take-over";
  const std::vector<std::pair<std::string, std::string>> form = {{"step_code", "intake"},
                                                                 {"reason", "absent"}};
  // A member without the competence: 403, and the page says why.
  auto without = as(member(h.team_id, "intake", false));
  auto refused = without.post(path, form);
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(has(refused, "which you do not hold")) << refused.body;
  EXPECT_FALSE(has(without.get("/requests/" + h.reference), "/take-over\""));

  // Everyone outside the team: 403 and nothing of the citizen or the request.
  auto outsiders = {std::string("coworker"), std::string("coach"), std::string("admin")};
  for (auto& who : outsiders) {
    auto r = demo_->signed_in(who).post(path, form);
    EXPECT_EQ(r.status, 403) << who;
    EXPECT_FALSE(has(r, citizen_name)) << who;
    EXPECT_FALSE(has(r, "Intake")) << who;
  }
  // Anonymous: no session, no CSRF token of one: refused before anything.
  Visitor anonymous(demo_->port());
  anonymous.get("/");
  EXPECT_EQ(anonymous.post(path, form).status, 403);
  EXPECT_EQ(holder_of(h.reference), h.holder);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'request.take_over.refused' AND "
                  "subject = $1",
                  {"request:" + h.reference}),
            4);  // the member without the competence and the three outsiders
}

TEST_F(HoldingPagesTest, TheQueueFlagsAStepHeldLongerThanTheTeamAllows) {
  auto h = held_request();
  // Taken three weeks ago: at least fifteen working days.
  db()->acquire()->query(
      "UPDATE requests SET taken_at = taken_at - 21 * 86400 WHERE reference = $1", {h.reference});
  auto member = as(h.holder);
  auto queue = member.get("/teams/" + h.team_code + "/queue");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(has(queue, "working days</span>")) << queue.body;

  auto settings = "/teams/" + h.team_code + "/queue/settings";
  auto bad = member.post(settings, {{"held_days", "0"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "Choose between 1 and 60 working days"));
  EXPECT_EQ(member.post(settings, {{"held_days", "ten"}}).status, 422);
  auto saved = member.post(settings, {{"held_days", "30"}});
  ASSERT_EQ(saved.status, 303);
  auto after = member.get(saved.header("Location").value_or(""));
  EXPECT_TRUE(has(after, "longer than 30 working days is flagged"));
  EXPECT_FALSE(has(after, "working days</span>"));

  for (auto& who : {std::string("coworker"), std::string("coach"), std::string("admin")}) {
    EXPECT_EQ(demo_->signed_in(who).post(settings, {{"held_days", "2"}}).status, 403) << who;
  }
  EXPECT_EQ(count("SELECT held_too_long_days FROM casework_team_settings WHERE team_id = $1",
                  {h.team_id}),
            30);
}

}  // namespace
}  // namespace ploeg::test
