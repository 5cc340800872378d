// The demo's year of the advice process on both backends: every state is
// there, each decision answers every objection and concern and came after
// its advice was due (checked with the rules, not the generator), Walloon
// teams write in French, and a second run adds nothing.
#include <gtest/gtest.h>

#include <set>

#include "advice/demo.hpp"
#include "advice/demo_organisation.hpp"
#include "advice/demo_texts.hpp"
#include "advice/rules.hpp"
#include "app/platform.hpp"
#include "core/clock.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::advice {
namespace {

constexpr std::int64_t year_end = 1795000000;  // 2026-11-18

class DemoAdviceTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    testing::with_demo_organisation(*db_, 300);
  }
};

TEST_P(DemoAdviceTest, AYearOfProposalsThatKeepTheRules) {
  auto made = create_demo_advice(*db_, year_end, 1);
  ASSERT_TRUE(made);
  EXPECT_GT(made->proposals, 50);
  EXPECT_GT(made->advice, 3 * made->proposals / 2);
  EXPECT_GE(made->groups, 3);
  auto lease = db_->acquire();
  auto& c = *lease;
  std::set<std::string> states;
  for (auto& r : c.query("SELECT DISTINCT state FROM proposals").rows) states.insert(r.text(0));
  EXPECT_EQ(states, (std::set<std::string>{"asking", "decided", "draft", "withdrawn"}));

  auto decided = c.query(
      "SELECT id, advice_due_day, decided_at, decision FROM proposals WHERE state = 'decided'");
  ASSERT_GT(decided.rows.size(), 20u);
  for (auto& p : decided.rows) {
    EXPECT_GT(local_day(p.integer(2)), p.integer(1)) << "decided before advice was due";
    EXPECT_FALSE(p.text(3).empty());
    std::vector<Adviser> advisers;
    for (auto& a : c.query("SELECT person_id, required FROM proposal_advisers WHERE proposal_id "
                           "= $1",
                           {p.integer(0)})
                       .rows)
      advisers.push_back({a.integer(0), "#" + a.text(0), a.integer(1) != 0});
    EXPECT_FALSE(advisers.empty());
    std::vector<Advice> advice;
    std::map<std::int64_t, std::string> answers;
    for (auto& a : c.query("SELECT id, person_id, stance, at, answer FROM advice WHERE "
                           "proposal_id = $1",
                           {p.integer(0)})
                       .rows) {
      advice.push_back({a.integer(0), a.integer(1), *stance_of(a.text(2)), 1, true, a.integer(3)});
      EXPECT_LT(a.integer(3), p.integer(2)) << "advice after the decision";
      if (!a.text(4).empty()) answers[a.integer(0)] = a.text(4);
    }
    EXPECT_TRUE(unanswered(advisers, advice, answers).empty()) << "proposal " << p.text(0);
  }
  // Nobody advises on their own proposal, and drafts have no advisers.
  EXPECT_EQ(c.query("SELECT count(*) FROM advice a JOIN proposals p ON p.id = a.proposal_id "
                    "WHERE a.person_id = p.author_id")
                .rows.at(0)
                .integer(0),
            0);
  EXPECT_EQ(c.query("SELECT count(*) FROM proposal_advisers a JOIN proposals p ON p.id = "
                    "a.proposal_id WHERE p.state = 'draft'")
                .rows.at(0)
                .integer(0),
            0);
  // A Walloon team's proposals are in French.
  std::set<std::string> french;
  for (auto& s : demo::subjects) french.insert(s.title.fr);
  auto walloon = c.query(
      "SELECT p.title FROM proposals p JOIN memberships m ON m.person_id = p.author_id JOIN "
      "proposal_teams x ON x.proposal_id = p.id AND x.team_id = m.team_id JOIN teams t ON t.id = "
      "m.team_id JOIN regions g ON g.id = t.region_id WHERE g.code IN ('namur', 'liege', 'mons')");
  ASSERT_FALSE(walloon.rows.empty());
  for (auto& r : walloon.rows) EXPECT_TRUE(french.count(r.text(0))) << r.text(0);
  // Groups have members, their starter among them.
  EXPECT_EQ(c.query("SELECT count(*) FROM working_groups g WHERE NOT EXISTS (SELECT 1 FROM "
                    "working_group_members m WHERE m.group_id = g.id AND m.person_id = "
                    "g.created_by)")
                .rows.at(0)
                .integer(0),
            0);
  // Advisers of what asks advice now, and the teams of last month's
  // decisions, have it in their inbox, all of it mailed already.
  auto inbox_count = [&](const std::string& where) {
    return c.query("SELECT count(*) FROM inbox_items WHERE " + where).rows.at(0).integer(0);
  };
  EXPECT_GT(inbox_count("kind = 'decision_affects_my_team'"), 0);
  EXPECT_EQ(inbox_count("mailed_at IS NULL"), 0);
  EXPECT_EQ(inbox_count("kind = 'asked_for_advice' AND about_reference NOT IN (SELECT 'proposal:' "
                        "|| reference FROM proposals WHERE state = 'asking')"),
            0);
  // A second run adds nothing.
  EXPECT_FALSE(create_demo_advice(*db_, year_end, 1));
}

PLOEG_INSTANTIATE_BACKENDS(DemoAdviceTest);

}  // namespace
}  // namespace ploeg::advice
