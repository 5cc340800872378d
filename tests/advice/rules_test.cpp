// The advice process's rules alone: the due day in working days, when the
// author may decide, the objections and concerns a decision must answer.
#include "advice/rules.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace ploeg::advice {
namespace {

std::int64_t day_of(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

TEST(AdviceRules, AdviceIsDueTenWorkingDaysLater) {
  // Asked on Monday 7 December 2026: due two weeks later, Monday 21 December.
  EXPECT_EQ(add_working_days(day_of(2026, 12, 7), default_advice_working_days),
            day_of(2026, 12, 21));
  // Asked on a Friday, one working day later is the Monday.
  EXPECT_EQ(add_working_days(day_of(2026, 12, 11), 1), day_of(2026, 12, 14));
  // Asked on a Saturday, five working days later is the next Friday.
  EXPECT_EQ(add_working_days(day_of(2026, 12, 12), 5), day_of(2026, 12, 18));
  EXPECT_EQ(add_working_days(day_of(2026, 12, 12), 0), day_of(2026, 12, 12));
}

TEST(AdviceRules, WorkingDaysAgreeWithCountingDayByDay) {
  // The test's own count: step a day at a time, count Monday to Friday.
  for (std::int64_t start = day_of(2026, 11, 30); start < day_of(2026, 12, 21); ++start) {
    for (int n = 1; n <= 40; ++n) {
      std::int64_t day = start;
      int counted = 0;
      while (counted < n) {
        ++day;
        using namespace std::chrono;
        weekday w{sys_days{days{day}}};
        if (w != Saturday && w != Sunday) ++counted;
      }
      ASSERT_EQ(add_working_days(start, n), day) << "start " << start << " n " << n;
    }
  }
}

TEST(AdviceRules, CodesReadBackAndOthersAreRefused) {
  for (auto s : {State::draft, State::asking, State::decided, State::withdrawn})
    EXPECT_EQ(state_of(code_of(s)), s);
  for (auto s : {Stance::support, Stance::concern, Stance::objection, Stance::pass})
    EXPECT_EQ(stance_of(code_of(s)), s);
  EXPECT_EQ(code_of(Stance::objection), "objection");
  EXPECT_FALSE(stance_of("veto"));
  EXPECT_FALSE(state_of(""));
}

const std::vector<Adviser> advisers = {
    {1, "An Peeters", true}, {2, "Luc Dubois", true}, {3, "Sara Janssens", false}};

TEST(AdviceRules, BeforeTheDueDayTheAuthorWaitsForEveryRequiredAdviser) {
  auto due = day_of(2026, 12, 21);
  std::vector<Advice> advice = {{10, 1, Stance::support, 1, true, 100}};
  auto problems = decide_too_early(day_of(2026, 12, 14), due, advisers, advice);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "advice_decide_too_early");
  EXPECT_EQ(problems[0].field, "decision");
  ASSERT_EQ(problems[0].values.size(), 2u);
  EXPECT_EQ(problems[0].values[0].second, "Luc Dubois");  // An answered; Sara is optional
  EXPECT_NE(problems[0].message.find("Luc Dubois"), std::string::npos);
  // On the due day itself advice may still come: still too early.
  EXPECT_EQ(decide_too_early(due, due, advisers, advice).size(), 1u);
  // The day after, the author decides whoever has not answered.
  EXPECT_TRUE(decide_too_early(due + 1, due, advisers, advice).empty());
  // Before it, once every required adviser answered (a pass is an answer).
  advice.push_back({11, 2, Stance::pass, 1, true, 101});
  EXPECT_TRUE(decide_too_early(day_of(2026, 12, 14), due, advisers, advice).empty());
  EXPECT_TRUE(missing_required(advisers, advice).empty());
}

TEST(AdviceRules, AdviceFromSomeoneNotAskedIsOptionalAndMarked) {
  EXPECT_TRUE(was_asked(advisers, 3));
  EXPECT_FALSE(was_asked(advisers, 42));
  // Their advice does not stand in for a required adviser's.
  std::vector<Advice> advice = {{10, 42, Stance::support, 1, false, 100}};
  EXPECT_EQ(missing_required(advisers, advice).size(), 2u);
}

TEST(AdviceRules, EachAdvisersLastAdviceCounts) {
  std::vector<Advice> advice = {{10, 1, Stance::objection, 1, true, 100},
                                {11, 2, Stance::concern, 1, true, 110},
                                {12, 1, Stance::support, 2, true, 120}};
  auto last = latest_advice(advice);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0].id, 12);  // An's support on version 2 replaced her objection
  EXPECT_EQ(last[1].id, 11);
}

TEST(AdviceRules, EveryObjectionAndConcernNeedsAnAnswer) {
  std::vector<Advice> advice = {{10, 2, Stance::concern, 1, true, 100},
                                {11, 1, Stance::objection, 1, true, 110},
                                {12, 3, Stance::support, 1, true, 120},
                                {13, 42, Stance::objection, 1, false, 130}};
  std::map<std::int64_t, std::string> names = {{42, "Ines Martin"}};
  auto problems =
      unanswered(advisers, advice, {{11, "We start in March instead."}, {10, "  "}}, names);
  // Ines's objection (not asked, still an objection) and Luc's concern,
  // whose answer is blank; objections first.
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "answer_13");
  EXPECT_EQ(problems[0].key, "advice_unanswered_objection");
  EXPECT_EQ(problems[0].values[0].second, "Ines Martin");
  EXPECT_EQ(problems[1].field, "answer_10");
  EXPECT_EQ(problems[1].key, "advice_unanswered_concern");
  EXPECT_EQ(problems[1].message, "the concern of Luc Dubois has no answer");
  EXPECT_TRUE(unanswered(advisers, advice, {{10, "Yes"}, {11, "Yes"}, {13, "Yes"}}).empty());
}

}  // namespace
}  // namespace ploeg::advice
