// Four eyes on decisions (casework/review.hpp): the rule alone, amounts in
// euro cents, and on SQLite and PostgreSQL a decision proposed, refused to
// its preparer and to a co-worker under the type's level, sent back and
// confirmed; only then decided, counted and mailed.
#include "casework/review.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "casework/handling_fixture.hpp"
#include "casework/handling_support.hpp"
#include "casework/letter.hpp"
#include "casework/my_work.hpp"
#include "casework/process.hpp"
#include "casework/requests.hpp"
#include "support/acting.hpp"

namespace ploeg::casework {
namespace {

TEST(ReviewRule, AlwaysRefusingAndAboveTheThresholdWhereEqualIsNotAbove) {
  ReviewRule never;
  EXPECT_FALSE(needs_confirmation(never, "granted", 999999));
  EXPECT_FALSE(needs_confirmation(never, "refused", std::nullopt));
  ReviewRule always;
  always.when = "always";
  EXPECT_TRUE(needs_confirmation(always, "granted", 1));
  EXPECT_TRUE(needs_confirmation(always, "refused", std::nullopt));
  ReviewRule refusing;
  refusing.when = "refusing";
  EXPECT_TRUE(needs_confirmation(refusing, "refused", std::nullopt));
  EXPECT_FALSE(needs_confirmation(refusing, "granted", 999999));
  ReviewRule above;
  above.amount = "monthly";
  above.when = "above";
  above.threshold_cents = 100000;
  EXPECT_FALSE(needs_confirmation(above, "granted", 99999));
  EXPECT_FALSE(needs_confirmation(above, "granted", 100000));  // equal is not above
  EXPECT_TRUE(needs_confirmation(above, "granted", 100001));
  EXPECT_FALSE(needs_confirmation(above, "refused", std::nullopt));
  EXPECT_FALSE(needs_confirmation(above, "granted", std::nullopt));
}

TEST(ReviewRule, EurosAreReadStrictlyAsCents) {
  EXPECT_EQ(parse_euros("1234"), 123400);
  EXPECT_EQ(parse_euros("1234,5"), 123450);
  EXPECT_EQ(parse_euros("1234.56"), 123456);
  EXPECT_EQ(parse_euros(" € 12,00 "), 1200);
  EXPECT_EQ(parse_euros("12,00 €"), 1200);
  EXPECT_EQ(parse_euros("0"), 0);
  EXPECT_EQ(parse_euros("1000000"), max_amount_cents);
  for (auto bad : {"", "€", "1.234,56", "1,234.56", "1 234", "-5", "12,345", "12.", ",5", "abc",
                   "1000000.01", "1e3", "12,3a", "99999999999999999999"}) {
    EXPECT_FALSE(parse_euros(bad)) << bad;
  }
}

TEST(ReviewRule, EachLanguageWritesEurosItsOwnWay) {
  EXPECT_EQ(format_euros(123456, "en"), "€1,234.56");
  EXPECT_EQ(format_euros(123456, "nl"), "€\u00a01.234,56");
  EXPECT_EQ(format_euros(123456, "fr"), "1\u202f234,56\u00a0€");
  EXPECT_EQ(format_euros(5, "en"), "€0.05");
  EXPECT_EQ(format_euros(100000000, "en"), "€1,000,000.00");
  EXPECT_EQ(plain_euros(123405), "1234.05");
}

TEST(ReviewRule, ProblemsNameTheirFieldAndTheDemosRulesAreValid) {
  for (auto& type : default_process().types) {
    SCOPED_TRACE(type.code);
    EXPECT_TRUE(check_rule(demo_review_rule(type.code)).empty());
  }
  EXPECT_EQ(demo_review_rule("income_replacement").when, "above");
  EXPECT_EQ(demo_review_rule("parking_card").amount, "none");
  auto first = [](const ReviewRule& r) {
    auto p = check_rule(r);
    return p.empty() ? std::string() : p[0].field + " " + p[0].key;
  };
  ReviewRule r;
  r.amount = "weekly";
  EXPECT_EQ(first(r), "amount review_amount_kind");
  r = {};
  r.when = "sometimes";
  EXPECT_EQ(first(r), "when review_when");
  r = {};
  r.when = "above";
  EXPECT_EQ(first(r), "when review_above_needs_amount");
  r.amount = "once";
  r.threshold_cents = -1;
  EXPECT_EQ(first(r), "threshold review_threshold");
  r.threshold_cents = max_amount_cents + 1;
  EXPECT_EQ(first(r), "threshold review_threshold");
  r.threshold_cents = max_amount_cents;
  EXPECT_EQ(first(r), "");
  r.level = 4;
  EXPECT_EQ(first(r), "level review_level");
}

class ReviewTest : public HandlingTest {
 protected:
  // Three members of the team with the decision competence at levels 2, 3
  // and 1: the preparer, the confirmer and one under the type's level 2.
  void SetUp() override {
    HandlingTest::SetUp();
    auto members = query("SELECT person_id FROM memberships WHERE team_id = $1 ORDER BY person_id",
                         {team_id_});
    ASSERT_GE(members.rows.size(), 3u);
    int levels[] = {2, 3, 1};
    for (int i = 0; i < 3; ++i) {
      auto id = members.rows[static_cast<std::size_t>(i)].integer(0);
      ids_[i] = id;
      query(
          "DELETE FROM person_competences WHERE person_id = $1 AND competence_id = (SELECT id "
          "FROM competences WHERE code = 'decision')",
          {id});
      query(
          "INSERT INTO person_competences (person_id, competence_id, level) SELECT $1, id, $2 "
          "FROM competences WHERE code = 'decision'",
          {id, std::int64_t{levels[i]}});
    }
    ReviewRule rule;
    rule.amount = "monthly";
    rule.when = "above";
    rule.threshold_cents = 100000;
    rule.level = 2;
    db_->transaction(
        [&](store::Connection& c) { return sql::save_review_rule(c, "income_replacement", rule); });
  }
  Actor who(int i) {
    return ::ploeg::testing::acting_as(*db_, ids_[i], "user:d" + std::to_string(i));
  }
  // Walks the request up to its decision step, taken by the preparer.
  void to_decision(const std::string& reference) {
    while (true) {
      auto view = open_request(*db_, who(0), reference).view;
      ASSERT_TRUE(view);
      auto current = std::find_if(view->steps.begin(), view->steps.end(), [](const StepState& s) {
        return s.state == StepState::State::current;
      });
      ASSERT_NE(current, view->steps.end());
      if (current->code == decision_step) break;
      do_step(reference);
    }
    ASSERT_TRUE(take_step(*db_, who(0), reference, decision_step).ok());
  }
  Outcome decide(const Actor& a, const std::string& reference, const std::string& decision,
                 const std::string& amount) {
    return complete_step(*db_, a, reference,
                         {decision_step, "Both assessments read.", decision,
                          "The assessments show a lasting loss of earning capacity.", amount});
  }
  std::int64_t mails(const std::string& reference) {
    return query("SELECT count(*) FROM mail_outbox WHERE kind = 'decision_taken' AND about = $1",
                 {"request:" + reference})
        .rows.at(0)
        .integer(0);
  }
  std::int64_t audited(const std::string& action, const std::string& reference) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2",
                 {action, "request:" + reference})
        .rows.at(0)
        .integer(0);
  }
  std::int64_t ids_[3] = {0, 0, 0};
};

TEST_P(ReviewTest, AGrantAtTheThresholdIsDecidedAloneWithItsAmount) {
  auto receipt = file("income_replacement");
  to_decision(receipt.reference);
  auto missing = decide(who(0), receipt.reference, "granted", "");
  ASSERT_EQ(missing.verdict, Verdict::invalid);
  EXPECT_EQ(missing.first_key(), "case_amount_invalid");
  EXPECT_EQ(decide(who(0), receipt.reference, "granted", "1.000,00").first_key(),
            "case_amount_invalid");
  auto done = decide(who(0), receipt.reference, "granted", "1000,00");
  ASSERT_TRUE(done.ok()) << done.first_key();
  EXPECT_FALSE(done.awaiting_confirmation);
  auto view = open_request(*db_, who(1), receipt.reference).view;
  ASSERT_TRUE(view && view->decided_at);
  EXPECT_EQ(view->amount_cents, 100000);
  EXPECT_EQ(view->amount_period, "monthly");
  EXPECT_EQ(mails(receipt.reference), 1);
  EXPECT_EQ(figure("decided"), 1);
  auto k = handling::load_case(*db_->acquire(), receipt.reference);
  auto facts = letter_facts(*db_->acquire(), *k);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->amount_cents, 100000);
}

TEST_P(ReviewTest, AboveTheThresholdASecondCoWorkerAtTheLevelConfirms) {
  auto receipt = file("income_replacement");
  const auto& reference = receipt.reference;
  to_decision(reference);
  auto proposed = decide(who(0), reference, "granted", "1000.01");
  ASSERT_TRUE(proposed.ok()) << proposed.first_key();
  EXPECT_TRUE(proposed.awaiting_confirmation);
  EXPECT_EQ(audited("decision.proposed", reference), 1);

  // A proposal: not decided, not mailed, not counted, not for the taking.
  auto view = open_request(*db_, who(1), reference).view;
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->decided_at);
  EXPECT_TRUE(view->awaiting_confirmation);
  EXPECT_FALSE(view->viewer_can_take);
  EXPECT_EQ(view->holder_id, 0);
  EXPECT_FALSE(status(*db_->acquire(), receipt.status_token)->decided);
  EXPECT_EQ(mails(reference), 0);
  EXPECT_EQ(figure("decided"), 0);
  EXPECT_EQ(take_step(*db_, who(1), reference, decision_step).first_key(), "decision_awaiting");
  auto queue = team_queue(*db_, who(1), team_);
  auto item = std::find_if(queue.queue->items.begin(), queue.queue->items.end(),
                           [&](const QueueItem& i) { return i.reference == reference; });
  ASSERT_NE(item, queue.queue->items.end());
  EXPECT_TRUE(item->awaiting_confirmation);
  EXPECT_FALSE(item->can_take);

  // On the home page of who may confirm it: not the preparer's, not the lower level's.
  auto to_confirm = [&](int i) {
    std::vector<std::string> all;
    for (auto& t : my_work(*db_->acquire(), ids_[i]).teams) {
      all.insert(all.end(), t.to_confirm.begin(), t.to_confirm.end());
    }
    return all;
  };
  EXPECT_EQ(to_confirm(1), std::vector<std::string>{reference});
  EXPECT_TRUE(to_confirm(0).empty());
  EXPECT_TRUE(to_confirm(2).empty());

  // The preparer, someone under the level, someone of another team: refused.
  auto own = confirm_decision(*db_, who(0), reference);
  EXPECT_EQ(own.verdict, Verdict::forbidden);
  EXPECT_EQ(own.first_key(), "decision_confirm_own");
  auto low = confirm_decision(*db_, who(2), reference);
  EXPECT_EQ(low.verdict, Verdict::forbidden);
  EXPECT_EQ(low.first_key(), "decision_confirm_level");
  auto other = confirm_decision(*db_, outsider(), reference);
  EXPECT_EQ(other.verdict, Verdict::forbidden);
  EXPECT_TRUE(other.errors.empty());
  EXPECT_EQ(send_back_decision(*db_, who(0), reference, "Check the income again.").first_key(),
            "decision_confirm_own");
  EXPECT_EQ(audited("decision.confirm.refused", reference), 3);
  EXPECT_EQ(mails(reference), 0);

  // Sent back with a reason: to the preparer, who decides again.
  EXPECT_EQ(send_back_decision(*db_, who(1), reference, "no").first_key(),
            "decision_send_back_reason");
  ASSERT_TRUE(send_back_decision(*db_, who(1), reference, "Check the income again.").ok());
  EXPECT_EQ(audited("decision.sent_back", reference), 1);
  view = open_request(*db_, who(0), reference).view;
  EXPECT_FALSE(view->awaiting_confirmation);
  EXPECT_EQ(view->holder_id, ids_[0]);
  EXPECT_FALSE(view->decided_at);
  EXPECT_EQ(confirm_decision(*db_, who(1), reference).first_key(), "decision_nothing_waits");
  ASSERT_TRUE(decide(who(0), reference, "granted", "1234.56").ok());

  // Confirmed: decided with the amount, counted, the citizen mailed.
  auto confirmed = confirm_decision(*db_, who(1), reference);
  ASSERT_TRUE(confirmed.ok()) << confirmed.first_key();
  EXPECT_EQ(audited("decision.confirmed", reference), 1);
  view = open_request(*db_, who(1), reference).view;
  ASSERT_TRUE(view->decided_at);
  EXPECT_EQ(view->decision, "granted");
  EXPECT_EQ(view->amount_cents, 123456);
  EXPECT_FALSE(view->awaiting_confirmation);
  EXPECT_TRUE(status(*db_->acquire(), receipt.status_token)->decided);
  EXPECT_EQ(mails(reference), 1);
  EXPECT_EQ(figure("decided"), 1);
  EXPECT_EQ(confirm_decision(*db_, who(1), reference).verdict, Verdict::conflict);
}

TEST_P(ReviewTest, ARefusalNeedsNoAmountAndOnlyAnAdministratorSetsTheRule) {
  auto receipt = file("income_replacement");
  to_decision(receipt.reference);
  auto refused = decide(who(0), receipt.reference, "refused", "");
  ASSERT_TRUE(refused.ok()) << refused.first_key();
  EXPECT_FALSE(refused.awaiting_confirmation);  // "above" asks nothing of a refusal
  EXPECT_FALSE(open_request(*db_, who(1), receipt.reference).view->amount_cents);

  ReviewRule rule;
  rule.when = "refusing";
  Actor admin;
  admin.name = "user:admin";
  admin.role = "admin";
  EXPECT_EQ(set_review_rule(*db_, who(1), "parking_card", rule).verdict, Verdict::forbidden);
  EXPECT_EQ(set_review_rule(*db_, admin, "no_such_type", rule).verdict, Verdict::not_found);
  auto bad = rule;
  bad.level = 0;
  EXPECT_EQ(set_review_rule(*db_, admin, "parking_card", bad).first_key(), "review_level");
  EXPECT_EQ(sql::review_rule(*db_->acquire(), "parking_card"), ReviewRule{});
  ASSERT_TRUE(set_review_rule(*db_, admin, "parking_card", rule).ok());
  EXPECT_EQ(sql::review_rule(*db_->acquire(), "parking_card"), rule);
  EXPECT_EQ(sql::review_rules(*db_->acquire()).size(), 2u);
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'casework.review_rule' AND "
                  "subject = 'request_type:parking_card'")
                .rows.at(0)
                .integer(0),
            1);
}

TEST_P(ReviewTest, DelegationsFollowTheDecisionCompetencesLevel) {
  auto of = [&](int i) {
    std::map<std::string, bool> confirms;
    for (auto& d : delegations_of(*db_->acquire(), ids_[i])) confirms[d.type_code] = d.confirms;
    return confirms;
  };
  auto low = of(2);
  ASSERT_EQ(low.size(), default_process().types.size());
  EXPECT_FALSE(low.at("income_replacement"));  // level 1 of the 2 it needs
  EXPECT_TRUE(of(1).at("income_replacement"));
  EXPECT_TRUE(of(0).at("income_replacement"));
  auto without = query(
                     "SELECT min(id) FROM people WHERE id NOT IN (SELECT pc.person_id FROM "
                     "person_competences pc JOIN competences k ON k.id = pc.competence_id WHERE "
                     "k.code = 'decision')")
                     .rows.at(0)
                     .integer(0);
  EXPECT_TRUE(delegations_of(*db_->acquire(), without).empty());
}

PLOEG_INSTANTIATE_BACKENDS(ReviewTest);

}  // namespace
}  // namespace ploeg::casework
