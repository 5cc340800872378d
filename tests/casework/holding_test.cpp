// Steps nobody would act on, on SQLite and PostgreSQL: taken over by a
// colleague who holds the competence (with a reason, audited, the holder
// told), given back when their holder leaves the team, flagged when held
// longer than the team's setting in working days.
#include "casework/holding.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "casework/handling_fixture.hpp"
#include "casework/handling_support.hpp"
#include "casework/held_clock.hpp"
#include "casework/working_time.hpp"
#include "core/clock.hpp"

namespace ploeg::casework {
namespace {

using HoldingTest = HandlingTest;

std::int64_t day(const char* text) {
  return day_of_date(text).value();
}

// Mondays to Fridays counted with the standard library's calendar, one day
// at a time: the reference working_days_after is checked against.
int weekdays_by_calendar(std::int64_t from, std::int64_t to) {
  using namespace std::chrono;
  int count = 0;
  for (auto d = from + 1; d <= to; ++d) {
    weekday w{sys_days{days{d}}};
    if (w != Saturday && w != Sunday) ++count;
  }
  return count;
}

TEST(WorkingDays, CountMondayToFridayAfterTheFirstDayUpToTheLast) {
  // 2026-12-04 is a Friday, 2026-12-07 the Monday after.
  EXPECT_EQ(working_days_after(day("2026-12-04"), day("2026-12-07")), 1);
  EXPECT_EQ(working_days_after(day("2026-12-04"), day("2026-12-05")), 0);
  EXPECT_EQ(working_days_after(day("2026-12-07"), day("2026-12-14")), 5);
  EXPECT_EQ(working_days_after(day("2026-12-07"), day("2027-01-04")), 20);
  EXPECT_EQ(working_days_after(day("2026-12-07"), day("2026-12-07")), 0);
  EXPECT_EQ(working_days_after(day("2026-12-08"), day("2026-12-07")), 0);
  for (auto from = day("2026-11-01"); from < day("2026-11-15"); ++from) {
    for (auto to = from; to < from + 40; ++to) {
      ASSERT_EQ(working_days_after(from, to), weekdays_by_calendar(from, to))
          << date_text(from) << " .. " << date_text(to);
    }
  }
}

TEST_P(HoldingTest, AColleagueWithTheCompetenceTakesOverAStepWithAReasonAndTheHolderIsTold) {
  auto receipt = file("income_replacement");
  auto first = member_with("intake");
  auto taken = take_step(*db_, first, receipt.reference, "intake");
  ASSERT_TRUE(taken.ok()) << taken.first_key();
  auto second = query(
      "SELECT p.id FROM memberships m JOIN people p ON p.id = m.person_id JOIN "
      "person_competences pc ON pc.person_id = p.id JOIN competences k ON k.id = "
      "pc.competence_id WHERE m.team_id = $1 AND k.code = 'intake' AND p.id <> $2 ORDER BY p.id",
      {team_id_, first.person.id});
  ASSERT_FALSE(second.empty());
  auto colleague = ::ploeg::testing::acting_as(*db_, second.rows[0].integer(0), "user:colleague");

  // A reason is required, and it is one of the three.
  EXPECT_EQ(take_over(*db_, colleague, receipt.reference, "intake", "").first_key(),
            "case_take_over_reason");
  EXPECT_EQ(take_over(*db_, colleague, receipt.reference, "intake", "bored").verdict,
            Verdict::invalid);
  // The holder cannot take over from themselves.
  EXPECT_EQ(take_over(*db_, first, receipt.reference, "intake", "ill").first_key(),
            "case_take_over_own");

  auto over = take_over(*db_, colleague, receipt.reference, "intake", "ill");
  ASSERT_TRUE(over.ok()) << over.first_key();
  EXPECT_EQ(query("SELECT holder_id FROM requests WHERE reference = $1", {receipt.reference})
                .rows.at(0)
                .integer(0),
            colleague.person.id);
  auto told = taken_over_from(*db_->acquire(), first.person.id, 0);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].reference, receipt.reference);
  EXPECT_EQ(told[0].step_code, "intake");
  EXPECT_EQ(told[0].reason, "ill");
  EXPECT_EQ(told[0].by_name, handling::person_name(*db_->acquire(), colleague.person.id));
  // The colleague is told nothing of their own take-over.
  EXPECT_TRUE(taken_over_from(*db_->acquire(), colleague.person.id, 0).empty());
  auto audited = query(
      "SELECT actor, detail FROM audit_log WHERE action = 'request.take_over' AND subject = $1",
      {"request:" + receipt.reference});
  ASSERT_EQ(audited.rows.size(), 1u);
  EXPECT_EQ(audited.rows[0].text(0), "user:colleague");
  EXPECT_EQ(audited.rows[0].text(1),
            "intake from person " + std::to_string(first.person.id) + ": ill");
  auto view = open_request(*db_, first, receipt.reference).view;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->timeline.back().kind, "taken");
  EXPECT_EQ(view->timeline.back().text, "ill");
  EXPECT_TRUE(view->viewer_can_take_over);  // the first holder may take it back
}

TEST_P(HoldingTest, TakingOverNeedsTheCompetenceMembershipAndSomeoneHoldingTheStep) {
  auto receipt = file("income_replacement");
  auto holder = member_with("intake");
  auto without = member_with("decision", "intake");
  ASSERT_NE(without.person.id, 0);
  // Nobody holds it yet: take it, do not take it over.
  EXPECT_EQ(take_over(*db_, holder, receipt.reference, "intake", "absent").first_key(),
            "case_not_taken");
  ASSERT_TRUE(take_step(*db_, holder, receipt.reference, "intake").ok());

  auto refused = take_over(*db_, without, receipt.reference, "intake", "absent");
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  EXPECT_EQ(refused.first_key(), "case_take_over_competence");
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'request.take_over.refused' AND "
                  "subject = $1 AND detail = 'does not hold intake'",
                  {"request:" + receipt.reference})
                .rows.at(0)
                .integer(0),
            1);
  auto stranger = take_over(*db_, outsider(), receipt.reference, "intake", "absent");
  EXPECT_EQ(stranger.verdict, Verdict::forbidden);
  EXPECT_TRUE(stranger.errors.empty());  // a non-member learns nothing of the step
  EXPECT_EQ(take_over(*db_, holder, "2099-NONE-NONE", "intake", "ill").verdict, Verdict::not_found);
  // The page showed another step: the request moved on meanwhile.
  EXPECT_EQ(take_over(*db_, without, receipt.reference, "decision", "ill").first_key(),
            "case_step_moved");
  EXPECT_EQ(query("SELECT holder_id FROM requests WHERE reference = $1", {receipt.reference})
                .rows.at(0)
                .integer(0),
            holder.person.id);
}

TEST_P(HoldingTest, AStepHeldBySomeoneWhoLeftTheTeamGoesBackToTheQueue) {
  auto receipt = file("income_replacement");
  auto leaver = member_with("intake");
  ASSERT_TRUE(take_step(*db_, leaver, receipt.reference, "intake").ok());
  auto lease = db_->acquire();
  EXPECT_EQ(steps_held(*lease, leaver.person.id, team_id_), 1);
  // Nobody left: nothing is released.
  EXPECT_EQ(release_steps_of_leavers(*lease, leaver, team_id_), 0);

  lease->query("DELETE FROM memberships WHERE person_id = $1 AND team_id = $2",
               {leaver.person.id, team_id_});
  EXPECT_EQ(release_steps_of_leavers(*lease, leaver, team_id_), 1);
  auto row = lease->query("SELECT holder_id, taken_at FROM requests WHERE reference = $1",
                          {receipt.reference});
  EXPECT_TRUE(row.rows.at(0).is_null(0));
  EXPECT_TRUE(row.rows.at(0).is_null(1));
  auto event = lease->query(
      "SELECT e.person_id, e.body, e.step_code FROM request_events e JOIN requests r ON r.id = "
      "e.request_id WHERE r.reference = $1 AND e.kind = 'released'",
      {receipt.reference});
  ASSERT_EQ(event.rows.size(), 1u);
  EXPECT_EQ(event.rows[0].integer(0), leaver.person.id);
  EXPECT_EQ(event.rows[0].text(1), "left_team");
  EXPECT_EQ(event.rows[0].text(2), "intake");
  EXPECT_EQ(steps_held(*lease, leaver.person.id, team_id_), 0);
  // A colleague can take it from the queue again.
  auto colleague = member_with("intake");
  ASSERT_NE(colleague.person.id, leaver.person.id);
  EXPECT_TRUE(take_step(*db_, colleague, receipt.reference, "intake").ok());
}

TEST_P(HoldingTest, AStepHeldLongerThanTheTeamsSettingInWorkingDaysIsFlagged) {
  testing::HeldClock clock;
  // Taken on a Monday morning.
  auto monday = day("2026-11-30");
  clock::set_now(utc_of_local(monday, 9 * 60));
  auto receipt = file("income_replacement");
  auto holder = member_with("intake");
  ASSERT_TRUE(take_step(*db_, holder, receipt.reference, "intake").ok());
  auto item = [&] {
    auto queue = team_queue(*db_, holder, team_).queue;
    for (auto& i : queue->items) {
      if (i.reference == receipt.reference) return i;
    }
    ADD_FAILURE() << "not in the queue";
    return QueueItem{};
  };
  EXPECT_EQ(team_queue(*db_, holder, team_).queue->held_too_long_days, default_held_too_long_days);
  // The next Monday: five working days, not more than five.
  clock::set_now(utc_of_local(monday + 7, 9 * 60));
  EXPECT_EQ(item().held_working_days, 5);
  EXPECT_FALSE(item().held_too_long);
  clock::set_now(utc_of_local(monday + 8, 9 * 60));
  EXPECT_EQ(item().held_working_days, 6);
  EXPECT_TRUE(item().held_too_long);

  // The team allows ten working days.
  EXPECT_EQ(set_held_too_long_days(*db_, holder, team_, 0).first_key(), "queue_held_days_range");
  EXPECT_EQ(set_held_too_long_days(*db_, holder, team_, max_held_too_long_days + 1).verdict,
            Verdict::invalid);
  EXPECT_EQ(set_held_too_long_days(*db_, outsider(), team_, 10).verdict, Verdict::forbidden);
  EXPECT_EQ(set_held_too_long_days(*db_, holder, "no-such-team", 10).verdict, Verdict::not_found);
  ASSERT_TRUE(set_held_too_long_days(*db_, holder, team_, 10).ok());
  EXPECT_FALSE(item().held_too_long);
  EXPECT_EQ(held_too_long_days(*db_->acquire(), team_id_), 10);
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'queue.settings.refused'")
                .rows.at(0)
                .integer(0),
            1);
}

PLOEG_INSTANTIATE_BACKENDS(HoldingTest);

}  // namespace
}  // namespace ploeg::casework
