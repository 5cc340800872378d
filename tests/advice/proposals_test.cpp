// Proposals under the advice process on SQLite and PostgreSQL: a draft only
// its author sees, advice asked and given (asked or not, for the author
// only), a decision refused while required advisers are missing or an
// objection is unanswered, and nothing written by a refused command.
#include <gtest/gtest.h>

#include "advice/demo_organisation.hpp"
#include "advice/inbox.hpp"
#include "advice/proposals.hpp"
#include "advice/suggest_store.hpp"
#include "app/platform.hpp"
#include "core/clock.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/directory.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"

namespace ploeg::advice {

// Reasons as gtest prints them when a comparison fails.
void PrintTo(const Reason& r, std::ostream* out) {
  *out << "{" << r.kind << ", " << r.subject << ", " << r.team << "}";
}

namespace {

class ProposalTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    testing::with_demo_organisation(*db_, 60);
    // Two regional teams and four people of them: the author and three others.
    auto lease = db_->acquire();
    auto teams = lease->query(
        "SELECT t.id, t.code FROM teams t WHERE t.kind = 'regional' AND (SELECT count(*) FROM "
        "memberships m WHERE m.team_id = t.id) >= 3 ORDER BY t.code LIMIT 2");
    ASSERT_EQ(teams.rows.size(), 2u);
    team_a_ = teams.rows[0].text(1);
    team_b_ = teams.rows[1].text(1);
    auto people = [&](std::int64_t team) {
      std::vector<std::int64_t> ids;
      for (auto& r : lease
                         ->query("SELECT m.person_id FROM memberships m WHERE m.team_id = $1 "
                                 "ORDER BY m.person_id",
                                 {team})
                         .rows)
        ids.push_back(r.integer(0));
      return ids;
    };
    auto a = people(teams.rows[0].integer(0));
    auto b = people(teams.rows[1].integer(0));
    author_ = testing::acting_as(*db_, a[0], "user:author");
    x_ = testing::acting_as(*db_, a[1], "user:x");
    y_ = testing::acting_as(*db_, b[0], "user:y");
    z_ = testing::acting_as(*db_, b[1], "user:z");
    w_ = testing::acting_as(*db_, a[2], "user:w");  // never asked
  }

  ProposalInput input() const {
    ProposalInput in;
    in.title = "Telework on Fridays";
    in.problem = "The office is half empty on Fridays.";
    in.proposal = "Both teams work from home on Fridays.";
    in.teams = {team_a_, team_b_};
    return in;
  }

  std::int64_t count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return db_->acquire()->query(sql, params).rows.at(0).integer(0);
  }

  std::string asked() {
    auto made = create_proposal(*db_, author_, input());
    EXPECT_TRUE(made.ok()) << made.first_key();
    auto o = ask_advice(*db_, author_, made.reference,
                        {{x_.person.id, true, "holds the planning role"},
                         {y_.person.id, true, "member of " + team_b_},
                         {z_.person.id, false, ""}});
    EXPECT_TRUE(o.ok()) << o.first_key();
    return made.reference;
  }

  std::string team_a_, team_b_;
  Actor author_, x_, y_, z_, w_;
};

TEST_P(ProposalTest, ADraftIsItsAuthorsAlone) {
  auto made = create_proposal(*db_, author_, input());
  ASSERT_TRUE(made.ok()) << made.first_key();
  EXPECT_EQ(made.reference.rfind("P-", 0), 0u);
  auto lease = db_->acquire();
  auto mine = proposal_view(*lease, author_, made.reference);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->state, State::draft);
  EXPECT_EQ(mine->title, "Telework on Fridays");
  ASSERT_EQ(mine->teams.size(), 2u);
  EXPECT_EQ(mine->teams[0].first, team_a_);
  // Anyone else: as if there were none.
  EXPECT_FALSE(proposal_view(*lease, x_, made.reference));
  EXPECT_TRUE(
      give_advice(*db_, x_, made.reference, "support", "Good idea", false).is(Verdict::not_found));
  EXPECT_TRUE(
      ask_advice(*db_, x_, made.reference, {{y_.person.id, true, ""}}).is(Verdict::not_found));
  // Withdrawn before advice was asked, it stays the author's.
  auto withdrawn = create_proposal(*db_, author_, input());
  ASSERT_TRUE(withdraw(*db_, author_, withdrawn.reference).ok());
  EXPECT_FALSE(proposal_view(*lease, x_, withdrawn.reference));
  EXPECT_EQ(proposal_view(*lease, author_, withdrawn.reference)->state, State::withdrawn);
  // Nobody of the organisation (an account linked to no person) writes none.
  Actor nobody;
  nobody.name = "user:admin";
  nobody.role = "admin";
  EXPECT_TRUE(create_proposal(*db_, nobody, input()).is(Verdict::forbidden));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'proposal.create'"), 2);
}

TEST_P(ProposalTest, BadInputIsRefusedFieldByFieldAndNothingIsWritten) {
  auto in = input();
  in.title = "  ";
  in.teams.push_back("atlantis-01");
  in.decider = "team:" + team_b_;  // the author is not in it
  in.advice_working_days = 0;
  in.review_day = today();
  auto made = create_proposal(*db_, author_, in);
  ASSERT_TRUE(made.is(Verdict::invalid));
  std::vector<std::string> fields;
  for (auto& e : made.errors) fields.push_back(e.field + ":" + e.key);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"title:advice_title_missing", "teams:advice_unknown_team",
                                      "advice_working_days:advice_days_out_of_range",
                                      "review_day:advice_review_not_after_today",
                                      "decider:advice_decider_not_yours"}));
  EXPECT_EQ(count("SELECT count(*) FROM proposals"), 0);
  // The author's own team may decide.
  auto ok = input();
  ok.decider = "team:" + team_a_;
  EXPECT_TRUE(create_proposal(*db_, author_, ok).ok());
}

TEST_P(ProposalTest, AskingAdviceWithABadAdviserWritesNothing) {
  auto made = create_proposal(*db_, author_, input());
  auto o =
      ask_advice(*db_, author_, made.reference,
                 {{x_.person.id, true, ""}, {y_.person.id, true, ""}, {x_.person.id, false, ""}});
  ASSERT_TRUE(o.is(Verdict::invalid));
  EXPECT_EQ(o.first_key(), "advice_adviser_unknown");
  EXPECT_EQ(count("SELECT count(*) FROM proposal_advisers"), 0);
  auto lease = db_->acquire();
  EXPECT_EQ(proposal_view(*lease, author_, made.reference)->state, State::draft);
  EXPECT_TRUE(ask_advice(*db_, author_, made.reference, {}).is(Verdict::invalid));
  EXPECT_TRUE(ask_advice(*db_, author_, made.reference, {{author_.person.id, true, ""}})
                  .is(Verdict::invalid));
}

TEST_P(ProposalTest, AdviceIsAskedGivenAndTheDecisionAnswersEveryObjection) {
  auto ref = asked();
  {
    auto lease = db_->acquire();
    auto seen = proposal_view(*lease, w_, ref);  // visible to all from now
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->state, State::asking);
    EXPECT_EQ(seen->advice_due_day, add_working_days(today(), 10));
    ASSERT_EQ(seen->advisers.size(), 3u);
    EXPECT_TRUE(seen->advisers[0].required);
    EXPECT_FALSE(seen->advisers[2].required);
    EXPECT_EQ(seen->advisers[2].person_id, z_.person.id);
  }
  ASSERT_TRUE(give_advice(*db_, x_, ref, "objection", "Fridays are our intake day.", false).ok());
  ASSERT_TRUE(give_advice(*db_, z_, ref, "concern", "Mind the phone duty.", true).ok());
  ASSERT_TRUE(give_advice(*db_, w_, ref, "support", "Yes please.", false).ok());
  // Refusals: a pass from someone not asked, an empty text, the author, a stance nobody knows.
  EXPECT_EQ(give_advice(*db_, w_, ref, "pass", "", false).first_key(), "advice_pass_not_asked");
  EXPECT_EQ(give_advice(*db_, y_, ref, "concern", " ", false).first_key(), "advice_text_missing");
  EXPECT_TRUE(give_advice(*db_, author_, ref, "support", "I agree", false).is(Verdict::forbidden));
  EXPECT_TRUE(give_advice(*db_, y_, ref, "veto", "No", false).is(Verdict::invalid));
  EXPECT_EQ(count("SELECT count(*) FROM advice"), 3);
  EXPECT_EQ(count("SELECT asked FROM advice WHERE person_id = $1", {w_.person.id}), 0);

  // Y (required) has not answered and advice is not due yet: refused, naming Y.
  auto lease = db_->acquire();
  auto y_name =
      lease->query("SELECT name FROM people WHERE id = $1", {y_.person.id}).rows.at(0).text(0);
  auto early = decide(*db_, author_, ref, "We do it.", {});
  ASSERT_TRUE(early.is(Verdict::invalid));
  bool named = false;
  for (auto& e : early.errors) {
    if (e.key == "advice_decide_too_early") named = e.values.at(0).second == y_name;
  }
  EXPECT_TRUE(named) << y_name;
  ASSERT_TRUE(give_advice(*db_, y_, ref, "pass", "", false).ok());

  // Every required adviser answered: now the objection and the concern need answers.
  auto view = proposal_view(*lease, author_, ref);
  std::int64_t objection = 0, concern = 0;
  for (auto& a : view->advice) {
    if (a.stance == Stance::objection) objection = a.id;
    if (a.stance == Stance::concern) concern = a.id;
  }
  auto missing = decide(*db_, author_, ref, "We do it.", {{objection, "Intake moves to Monday."}});
  ASSERT_TRUE(missing.is(Verdict::invalid));
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].field, "answer_" + std::to_string(concern));
  EXPECT_EQ(count("SELECT count(*) FROM proposals WHERE state = 'decided'"), 0);
  // Someone else may not decide.
  EXPECT_TRUE(decide(*db_, x_, ref, "No.", {}).is(Verdict::forbidden));

  ASSERT_TRUE(decide(*db_, author_, ref, "We do it from March.",
                     {{objection, "Intake moves to Monday."}, {concern, "Phone duty rotates."}})
                  .ok());
  // Each was told in their inbox: the advisers when asked, the author of
  // each piece of advice, and everyone of the affected teams of the decision.
  auto kinds_of = [&](const Actor& who) {
    std::vector<std::string> kinds;
    for (auto& item : inbox(*lease, who.person.id, 20, 0).items) {
      EXPECT_EQ(item.about_reference, "proposal:" + ref);
      kinds.push_back(item.kind);
    }
    return kinds;
  };
  EXPECT_EQ(kinds_of(x_),
            (std::vector<std::string>{"decision_affects_my_team", "asked_for_advice"}));
  EXPECT_EQ(kinds_of(author_), (std::vector<std::string>(4, "advice_received")));
  auto bystander = lease->query(
      "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.code = $1 "
      "AND m.person_id NOT IN ($2, $3) ORDER BY m.person_id LIMIT 1",
      {team_b_, y_.person.id, z_.person.id});
  ASSERT_FALSE(bystander.empty());
  auto told = inbox(*lease, bystander.rows[0].integer(0), 20, 0);
  ASSERT_EQ(told.items.size(), 1u);
  EXPECT_EQ(told.items[0].kind, "decision_affects_my_team");
  EXPECT_EQ(told.items[0].about_title, "Telework on Fridays");

  // An administrator (nobody of the organisation) reads it, without the
  // advice that was for the author only.
  Actor admin;
  admin.name = "user:admin";
  admin.role = "admin";
  auto as_admin = proposal_view(*lease, admin, ref);
  ASSERT_TRUE(as_admin);
  EXPECT_FALSE(as_admin->is_author);
  for (auto& a : as_admin->advice) EXPECT_NE(a.id, concern);

  auto decided = proposal_view(*lease, x_, ref);
  EXPECT_EQ(decided->state, State::decided);
  EXPECT_EQ(decided->decision, "We do it from March.");
  // X reads the answer to the objection; Z's advice was for the author only.
  bool answer_seen = false;
  for (auto& a : decided->advice) {
    EXPECT_NE(a.person_id, z_.person.id) << "author-only advice shown to another adviser";
    if (a.id == objection) answer_seen = a.answer == "Intake moves to Monday.";
  }
  EXPECT_TRUE(answer_seen);
  bool z_sees_own = false;
  auto as_z = proposal_view(*lease, z_, ref);
  for (auto& a : as_z->advice) z_sees_own |= a.id == concern;
  EXPECT_TRUE(z_sees_own);
  // Decided: nothing more changes.
  EXPECT_TRUE(edit_proposal(*db_, author_, ref, input()).is(Verdict::conflict));
  EXPECT_TRUE(withdraw(*db_, author_, ref).is(Verdict::conflict));
  EXPECT_TRUE(give_advice(*db_, w_, ref, "support", "Late", false).is(Verdict::conflict));
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE subject = $1 AND action LIKE 'proposal.%'",
                  {"proposal:" + ref}),
            1 + 1 + 4 + 1);  // create, ask, four pieces of advice, decide
}

TEST_P(ProposalTest, AfterTheDueDayTheAuthorDecidesWithoutTheMissing) {
  auto ref = asked();
  db_->acquire()->query("UPDATE proposals SET advice_due_day = $1 WHERE reference = $2",
                        {today() - 1, ref});
  EXPECT_TRUE(decide(*db_, author_, ref, "We do it.", {}).ok());
}

TEST_P(ProposalTest, ChangingAProposalThatAsksAdviceMakesANewVersion) {
  auto ref = asked();
  ASSERT_TRUE(give_advice(*db_, x_, ref, "support", "Fine", false).ok());
  auto in = input();
  in.proposal = "Both teams work from home on Fridays, intake excepted.";
  ASSERT_TRUE(edit_proposal(*db_, author_, ref, in).ok());
  auto lease = db_->acquire();
  auto v = proposal_view(*lease, x_, ref);
  EXPECT_EQ(v->version, 2);
  EXPECT_EQ(v->proposal, in.proposal);
  EXPECT_EQ(v->advice.at(0).version, 1);  // the advice was on the first version
  auto old = lease->query(
      "SELECT v.version, v.proposal FROM proposal_versions v JOIN proposals p ON p.id = "
      "v.proposal_id WHERE p.reference = $1",
      {ref});
  ASSERT_EQ(old.rows.size(), 1u);
  EXPECT_EQ(old.rows[0].integer(0), 1);
  EXPECT_EQ(old.rows[0].text(1), "Both teams work from home on Fridays.");
  EXPECT_TRUE(edit_proposal(*db_, x_, ref, in).is(Verdict::forbidden));
  ASSERT_TRUE(withdraw(*db_, author_, ref).ok());
  EXPECT_EQ(proposal_view(*lease, x_, ref)->state, State::withdrawn);
}

// The suggestions for a proposal that mentions the planning role: each
// affected team's planner (or, when that is the author, the member with the
// largest share), the teams' coaches, whoever's expertise matches the title,
// and the author of an earlier decision on the same word. The expected
// advisers are read here from the tables directly.
TEST_P(ProposalTest, SuggestedAdvisersComeFromTheOrganisation) {
  EXPECT_EQ(subject_words("Planning: telework on FRIDAYS, telework!"),
            (std::vector<std::string>{"planning", "telework", "fridays"}));
  auto lease = db_->acquire();
  auto& c = *lease;
  // Someone outside both teams knows about telework.
  auto expert =
      c.query(
           "SELECT p.id, p.name FROM people p WHERE p.id NOT IN (SELECT person_id "
           "FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.code IN "
           "($1, $2)) AND p.id NOT IN (SELECT coach_id FROM teams WHERE coach_id IS NOT NULL) "
           "ORDER BY p.id LIMIT 1",
           {team_a_, team_b_})
          .rows.at(0);
  c.query("INSERT INTO person_expertise (person_id, tag) VALUES ($1, 'telework policy')",
          {expert.integer(0)});
  organisation::directory::reindex_person(c, expert.integer(0));
  // An earlier decision on telework, by W.
  auto earlier_in = input();
  earlier_in.title = "Telework days for intake";
  auto earlier = create_proposal(*db_, w_, earlier_in);
  ASSERT_TRUE(ask_advice(*db_, w_, earlier.reference, {{x_.person.id, false, ""}}).ok());
  c.query("UPDATE proposals SET advice_due_day = $1 WHERE reference = $2",
          {today() - 1, earlier.reference});
  ASSERT_TRUE(decide(*db_, w_, earlier.reference, "Two days.", {}).ok());

  auto in = input();
  in.title = "Planning telework on Fridays";
  auto made = create_proposal(*db_, author_, in);
  auto suggested = suggested_advisers(c, made.reference);
  ASSERT_GE(suggested.size(), 2u);

  for (std::size_t i = 0; i < 2; ++i) {
    auto code = i == 0 ? team_a_ : team_b_;
    auto planner = c.query(
        "SELECT a.person_id FROM role_assignments a JOIN roles r ON r.id = "
        "a.role_id JOIN teams t ON t.id = a.team_id WHERE r.code = 'planning' "
        "AND t.code = $1",
        {code});
    std::int64_t expected = 0;
    std::string kind = "team_member";
    if (!planner.empty() && planner.rows[0].integer(0) != author_.person.id) {
      expected = planner.rows[0].integer(0);
      kind = "star_role";
    } else {
      expected = c.query(
                      "SELECT m.person_id FROM memberships m JOIN people p ON p.id = "
                      "m.person_id JOIN teams t ON t.id = m.team_id WHERE t.code = $1 AND "
                      "m.person_id <> $2 ORDER BY m.share_percent DESC, p.name, p.id LIMIT 1",
                      {code, author_.person.id})
                     .rows.at(0)
                     .integer(0);
    }
    EXPECT_EQ(suggested[i].person_id, expected) << code;
    EXPECT_TRUE(suggested[i].required);
    ASSERT_FALSE(suggested[i].reasons.empty());
    EXPECT_EQ(suggested[i].reasons[0].kind, kind) << code;
    EXPECT_EQ(suggested[i].reasons[0].team, code);
  }
  auto reasons_of = [&](std::int64_t person) {
    for (auto& s : suggested) {
      if (s.person_id == person) return s.reasons;
    }
    return std::vector<Reason>{};
  };
  EXPECT_EQ(reasons_of(expert.integer(0)),
            (std::vector<Reason>{{"expertise", "telework policy", ""}}));
  auto w_reasons = reasons_of(w_.person.id);
  EXPECT_NE(std::find(w_reasons.begin(), w_reasons.end(),
                      Reason{"earlier_decision", earlier.reference, ""}),
            w_reasons.end());
  auto coach =
      c.query("SELECT coach_id FROM teams WHERE code = $1 AND coach_id IS NOT NULL", {team_a_});
  if (!coach.empty() && coach.rows[0].integer(0) != author_.person.id) {
    auto r = reasons_of(coach.rows[0].integer(0));
    EXPECT_NE(std::find(r.begin(), r.end(), Reason{"coach", "", team_a_}), r.end());
  }
  for (auto& s : suggested) EXPECT_NE(s.person_id, author_.person.id);
  EXPECT_TRUE(suggested_advisers(c, "P-99999").empty());
}

PLOEG_INSTANTIATE_BACKENDS(ProposalTest);

}  // namespace
}  // namespace ploeg::advice
