// End to end: four eyes on the real `ploeg serve` with the demo's rules
// (income replacement: a second co-worker above € 1.000 a month, at level
// 2). The preparer's grant waits, unmailed and unseen by the citizen; the
// preparer and a co-worker under the level are refused with why, anyone
// outside the team with nothing; a second co-worker sends it back, then
// confirms it, and only then the citizen's mail and letter come. The
// administrator's rule form, and the delegations on the person page.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/ploeg_server.hpp"
#include "casework/server/casework_pages_fixture.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class ReviewPagesTest : public CaseworkPagesTest {
 protected:
  // Three members of the team with the decision competence at levels 2
  // (the preparer), 3 (the confirmer) and 1.
  static std::vector<std::int64_t> deciders(std::int64_t team_id) {
    auto d = db();
    auto members = d->acquire()->query(
        "SELECT person_id FROM memberships WHERE team_id = $1 ORDER BY person_id LIMIT 3",
        {team_id});
    std::vector<std::int64_t> ids;
    const std::int64_t levels[] = {2, 3, 1};
    for (std::size_t i = 0; i < members.rows.size(); ++i) {
      auto id = members.rows[i].integer(0);
      d->acquire()->query(
          "DELETE FROM person_competences WHERE person_id = $1 AND competence_id = (SELECT id "
          "FROM competences WHERE code = 'decision')",
          {id});
      d->acquire()->query(
          "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, $2 "
          "FROM competences WHERE code = 'decision'",
          {id, levels[i]});
      ids.push_back(id);
    }
    return ids;
  }
  static std::int64_t decision_mails(const std::string& reference) {
    return count("SELECT count(*) FROM mail_outbox WHERE kind = 'decision_taken' AND about = $1",
                 {"request:" + reference});
  }
};

TEST_F(ReviewPagesTest, AGrantAboveTheThresholdIsMailedOnlyOnceASecondCoWorkerConfirmsIt) {
  auto link = file("income_replacement", "9000");
  Visitor citizen(demo_->port());
  auto reference = reference_on(citizen.get(link).body);
  ASSERT_FALSE(reference.empty());
  auto team_id = count("SELECT team_id FROM requests WHERE reference = $1", {reference});
  auto ids = deciders(team_id);
  ASSERT_EQ(ids.size(), 3u);
  // Up to its decision step (intake, completeness, social, medical done),
  // taken by the preparer.
  db()->acquire()->query(
      "UPDATE requests SET step_index = 4, holder_id = $1, taken_at = $2 WHERE reference = $3",
      {ids[0], std::int64_t{1790000000}, reference});
  auto page = "/requests/" + reference;

  auto preparer = as(ids[0]);
  auto form = preparer.get(page);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(has(form, "Amount granted, in euros a month"));
  EXPECT_TRUE(has(form, "A grant of more than €1,000.00 needs a second co-worker"));
  const std::string motivation = "The assessments show a lasting loss of earning capacity.";
  http::Fields grant = {{"step_code", "decision"},
                        {"outcome", "Both assessments read."},
                        {"decision", "granted"},
                        {"motivation", motivation},
                        {"amount", "1.500,00"}};
  auto bad = preparer.post(page + "/complete", grant);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "Give the amount granted in euros, like 1234.56")) << bad.body;
  grant.back().second = "1500,00";
  auto proposed = preparer.post(page + "/complete", grant);
  ASSERT_EQ(proposed.status, 303) << proposed.body;

  // Waiting: the citizen hears and sees nothing of it.
  EXPECT_EQ(decision_mails(reference), 0);
  auto status = citizen.get(link);
  EXPECT_FALSE(has(status, "Your request is granted"));
  EXPECT_FALSE(has(status, motivation));
  EXPECT_FALSE(has(status, "letter.pdf"));
  EXPECT_EQ(citizen.get(link + "/letter.pdf").status, 409);
  auto waiting = preparer.get(page);
  EXPECT_TRUE(has(waiting, "Proposed decision, awaiting confirmation"));
  EXPECT_TRUE(has(waiting, "€1,500.00 a month"));
  EXPECT_TRUE(has(waiting, "You prepared this decision: a second co-worker confirms it"));
  EXPECT_FALSE(has(waiting, "action=\"" + page + "/confirm\""));

  // The preparer and a co-worker under the level: 403 with why.
  auto own = preparer.post(page + "/confirm", {});
  EXPECT_EQ(own.status, 403);
  EXPECT_TRUE(has(own, "You prepared this decision, so you cannot confirm it")) << own.body;
  ASSERT_EQ(preparer.post("/language", {{"lang", "nl"}}).status, 303);
  auto own_nl = preparer.post(page + "/confirm", {});
  EXPECT_EQ(own_nl.status, 403);
  EXPECT_TRUE(has(own_nl, "U hebt deze beslissing voorbereid, dus u kunt ze niet bevestigen"));
  auto low = as(ids[2]);
  low.get(page);
  auto under = low.post(page + "/confirm", {});
  EXPECT_EQ(under.status, 403);
  EXPECT_TRUE(has(under, "needs the decision competence at level 2 of 3 or higher")) << under.body;

  // Outside the team: 403 and nothing of the request.
  auto outsider_id = count(
      "SELECT min(m.person_id) FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.kind "
      "= 'regional' AND t.id <> $1 AND m.person_id NOT IN (SELECT person_id FROM memberships "
      "WHERE team_id = $1)",
      {team_id});
  std::vector<std::pair<std::string, Visitor>> others;
  others.emplace_back("member of another team", as(outsider_id));
  others.emplace_back("coach of other teams", demo_->signed_in("coach"));
  others.emplace_back("administrator", demo_->signed_in("admin"));
  for (auto& [who, visitor] : others) {
    visitor.get("/");
    for (auto* action : {"/confirm", "/send-back"}) {
      auto r = visitor.post(page + action, {{"reason", "Looks wrong to me."}});
      EXPECT_EQ(r.status, 403) << who << action;
      EXPECT_FALSE(has(r, citizen_name)) << who;
      EXPECT_FALSE(has(r, motivation)) << who;
      EXPECT_FALSE(has(r, "1,500.00")) << who;
    }
  }
  Visitor anonymous(demo_->port());
  anonymous.get("/");
  auto r = anonymous.post(page + "/confirm", {});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(has(r, motivation));
  EXPECT_EQ(decision_mails(reference), 0);
  // The preparer twice, the one under the level, the three outside the team.
  auto refusals = [&](const std::string& action) {
    return count("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2",
                 {action, "request:" + reference});
  };
  EXPECT_EQ(refusals("decision.confirm.refused"), 6);
  EXPECT_EQ(refusals("decision.send_back.refused"), 3);

  // A second co-worker sends it back with a reason; the preparer decides again.
  auto confirmer = as(ids[1]);
  auto home = confirmer.get("/");
  EXPECT_TRUE(has(home, "1 decision waits for your confirmation:")) << home.body;
  EXPECT_TRUE(has(home, "href=\"" + page + "\">" + reference + "</a>"));
  EXPECT_FALSE(has(preparer.get("/"), "my-work__confirm"));
  auto seen = confirmer.get(page);
  ASSERT_TRUE(has(seen, "action=\"" + page + "/confirm\"")) << seen.body;
  auto short_reason = confirmer.post(page + "/send-back", {{"reason", "no"}});
  EXPECT_EQ(short_reason.status, 422);
  EXPECT_TRUE(has(short_reason, "why the decision goes back"));
  auto back = confirmer.post(page + "/send-back", {{"reason", "Check the income again."}});
  ASSERT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(back.header("Location").value_or(""), page + "?done=sent_back");
  auto again = preparer.get(page);
  EXPECT_TRUE(has(again, "Check the income again."));
  EXPECT_TRUE(has(again, "action=\"" + page + "/complete\""));
  ASSERT_EQ(preparer.post(page + "/complete", grant).status, 303);

  // Confirmed: decided, mailed, and the citizen reads it with the amount.
  auto confirmed = confirmer.post(page + "/confirm", {});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(confirmed.header("Location").value_or(""), page + "?done=confirmed");
  EXPECT_EQ(decision_mails(reference), 1);
  status = citizen.get(link);
  EXPECT_TRUE(has(status, "Your request is granted"));
  EXPECT_TRUE(has(status, "Amount granted: €1,500.00 a month."));
  EXPECT_EQ(citizen.get(link + "/letter.pdf").status, 200);
  EXPECT_EQ(count("SELECT amount_cents FROM requests WHERE reference = $1", {reference}), 150000);
  for (auto* action : {"decision.proposed", "decision.sent_back", "decision.confirmed"}) {
    EXPECT_GE(count("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2",
                    {std::string(action), "request:" + reference}),
              1)
        << action;
  }
}

TEST_F(ReviewPagesTest, OnlyAnAdministratorSetsTheRuleAndABadThresholdIsSaidWhy) {
  const http::Fields rule = {
      {"amount", "once"}, {"when", "above"}, {"threshold", "250,50"}, {"level", "3"}};
  auto path = "/admin/process/parking_card/review";
  auto coworker = demo_->signed_in("coworker");
  coworker.get("/");
  EXPECT_EQ(coworker.post(path, rule).status, 403);
  auto coach = demo_->signed_in("coach");
  coach.get("/");
  EXPECT_EQ(coach.post(path, rule).status, 403);
  Visitor anonymous(demo_->port());
  anonymous.get("/");
  EXPECT_EQ(anonymous.post(path, rule).status, 403);

  auto admin = demo_->signed_in("admin");
  auto page = admin.get("/admin/process");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "action=\"/admin/process/parking_card/review\""));
  auto wrong = rule;
  wrong[2].second = "12,345";
  auto refused = admin.post(path, wrong);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(has(refused, "Give the threshold in euros, like 1000 or 1000.50")) << refused.body;
  EXPECT_TRUE(has(refused, "value=\"12,345\""));
  EXPECT_EQ(admin.post("/admin/process/no_such_type/review", rule).status, 404);
  auto saved = admin.post(path, rule);
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(count("SELECT v.threshold_cents FROM request_type_reviews v JOIN request_types t ON "
                  "t.id = v.request_type_id WHERE t.code = $1",
                  {std::string("parking_card")}),
            25050);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'casework.review_rule' AND "
                  "subject = 'request_type:parking_card'",
                  {}),
            1);
  EXPECT_TRUE(has(admin.get("/admin/process"), "value=\"250.50\""));
}

TEST_F(ReviewPagesTest, ThePersonPageAndTheRegisterSayWhoMayDecideWhat) {
  auto team_id = count("SELECT min(team_id) FROM memberships", {});
  auto ids = deciders(team_id);
  ASSERT_EQ(ids.size(), 3u);
  auto viewer = demo_->signed_in("coworker");
  auto high = viewer.get("/people/" + std::to_string(ids[1]));
  ASSERT_EQ(high.status, 200);
  EXPECT_TRUE(has(high, "May decide"));
  EXPECT_TRUE(has(high, "Income replacement allowance: may decide and confirm")) << high.body;
  auto low = viewer.get("/people/" + std::to_string(ids[2]));
  EXPECT_TRUE(has(low,
                  "Income replacement allowance: may prepare decisions; confirming needs "
                  "level 2 of 3"))
      << low.body;
  ASSERT_EQ(viewer.post("/language", {{"lang", "fr"}}).status, 303);
  EXPECT_TRUE(has(viewer.get("/people/" + std::to_string(ids[1])), "Peut décider"));

  auto name =
      db()->acquire()->query("SELECT name FROM people WHERE id = $1", {ids[1]}).rows.at(0).text(0);
  auto admin = demo_->signed_in("admin");
  auto register_page = admin.get("/casework/delegations");
  ASSERT_EQ(register_page.status, 200);
  EXPECT_TRUE(has(register_page, "Who may decide which request types"));
  EXPECT_TRUE(has(register_page, "href=\"/people/" + std::to_string(ids[1]) + "\""));
  EXPECT_EQ(register_page.header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(demo_->signed_in("coach").get("/casework/delegations").status, 200);
  Visitor anonymous(demo_->port());
  auto anon = anonymous.get("/casework/delegations");
  EXPECT_EQ(anon.status, 303);
  EXPECT_FALSE(has(anon, name));
}

}  // namespace
}  // namespace ploeg::test
