// The team's own rules for its week, on both backends: a coverage rule needs a
// competence enough members hold (else it is refused as invalid and nothing
// is written), rules are listed daily ones first, a rule of another team
// cannot be removed, and the office days are replaced as a whole. The
// workplace policy is read and saved through workplace's functions.
#include <gtest/gtest.h>

#include "weekplan/rules.hpp"
#include "weekplan/week_backend.hpp"

namespace ploeg::weekplan::testing {
namespace {

class RulesTest : public WeekBackendTest {
 protected:
  Outcome add(std::int64_t team, const std::string& competence, int minimum,
              std::optional<int> weekday = std::nullopt) {
    return db_->transaction([&](store::Connection& c) {
      return add_rule(c, team, {competence, minimum, roster::Place::office, weekday});
    });
  }
  std::string count_rules() { return rows("SELECT COUNT(*) FROM team_rules").at(0); }
};

TEST_P(RulesTest, ARuleNeedsEnoughHoldersAndTheListPutsDailyRulesFirst) {
  auto before = count_rules();
  auto too_many = add(team1, "medical", 2);  // only Ann holds it
  EXPECT_EQ(too_many.verdict, Verdict::invalid);
  EXPECT_EQ(too_many.first_key(), "week_rules_too_few_holders");
  EXPECT_EQ(too_many.errors.at(0).field, "competence");
  auto unknown = add(team1, "juggling", 1);
  EXPECT_EQ(unknown.verdict, Verdict::invalid);
  EXPECT_EQ(unknown.first_key(), "week_appointment_unknown_competence");
  EXPECT_EQ(count_rules(), before) << "a refused rule writes nothing";

  ASSERT_TRUE(add(team1, "intake", 3, 2).ok());  // Wednesday: Ann, Bart and Cas
  ASSERT_TRUE(add(team1, "medical", 1).ok());    // every day
  auto rules = team_rules(*db_->acquire(), team1);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].competence, "medical");
  EXPECT_FALSE(rules[0].weekday);
  EXPECT_EQ(rules[0].holders, 1);
  EXPECT_EQ(rules[1].competence, "intake");
  EXPECT_EQ(rules[1].weekday, 2);
  EXPECT_EQ(rules[1].minimum, 3);
  EXPECT_EQ(rules[1].holders, 3);
  EXPECT_EQ(rules[1].place, "office");
  EXPECT_TRUE(team_rules(*db_->acquire(), team2).empty());

  auto id = rules[0].id;
  EXPECT_FALSE(db_->transaction([&](store::Connection& c) { return remove_rule(c, team2, id); }))
      << "another team's rule stays";
  EXPECT_TRUE(db_->transaction([&](store::Connection& c) { return remove_rule(c, team1, id); }));
  EXPECT_EQ(team_rules(*db_->acquire(), team1).size(), 1u);
}

TEST_P(RulesTest, OfficeDaysAreReplacedAsAWholeAndThePolicyIsWorkplaces) {
  db_->transaction([&](store::Connection& c) { set_office_days(c, team1, {3, 1, 1}); });
  EXPECT_EQ(office_days(*db_->acquire(), team1), (std::vector<int>{1, 3}));
  db_->transaction([&](store::Connection& c) { set_office_days(c, team1, {}); });
  EXPECT_TRUE(office_days(*db_->acquire(), team1).empty());

  auto policy = workplace::policy(*db_->acquire());
  EXPECT_EQ(policy.max_home_days, 3);
  EXPECT_EQ(policy.booking_horizon_days, 28);
  db_->transaction([&](store::Connection& c) { workplace::save_policy(c, {2, 14}); });
  EXPECT_EQ(workplace::policy(*db_->acquire()).max_home_days, 2);
  EXPECT_EQ(workplace::booking_horizon(*db_->acquire()), 14);
}

PLOEG_INSTANTIATE_BACKENDS(RulesTest);

}  // namespace
}  // namespace ploeg::weekplan::testing
