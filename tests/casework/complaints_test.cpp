// Complaints answered, on SQLite and PostgreSQL: a complaint waits until a
// member of the handling team answers it; the citizen reads the answer and is
// mailed; a later complaint waits again; the figures count the answers and
// the days they took, checked against a count of our own.
#include "casework/complaints.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "casework/figures.hpp"
#include "casework/handling_fixture.hpp"
#include "casework/held_clock.hpp"
#include "casework/my_work.hpp"
#include "core/clock.hpp"
#include "store/backend.hpp"

namespace ploeg::casework {
namespace {

using ComplaintsTest = HandlingTest;

constexpr std::int64_t day_seconds = 24 * 3600;

TEST_P(ComplaintsTest, AComplaintWaitsUntilAMemberAnswersAndTheCitizenReadsTheAnswer) {
  testing::HeldClock held;
  auto receipt = file("parking_card", {"renewal"});
  Citizen citizen{receipt.status_token, "198.51.100.7", ""};
  auto member = member_with("intake");
  auto request_id =
      query("SELECT id FROM requests WHERE reference = $1", {receipt.reference}).rows[0].integer(0);

  // Nothing to answer yet.
  auto early = answer_complaint(*db_, member, receipt.reference, "Sorry.");
  EXPECT_EQ(early.verdict, Verdict::conflict);
  EXPECT_EQ(early.first_key(), "complaint_none_waiting");

  ASSERT_TRUE(complain(*db_, citizen, "Nobody called me back.").ok());
  auto complained_at = now_seconds();
  held.advance(3 * day_seconds);
  auto waiting = waiting_complaint(*db_->acquire(), request_id);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->text, "Nobody called me back.");
  EXPECT_EQ(waiting->complained_at, complained_at);
  auto on_queue = complaints_waiting(*db_->acquire(), team_id_);
  ASSERT_EQ(on_queue.size(), 1u);
  EXPECT_EQ(on_queue[0].reference, receipt.reference);

  // Refusals: someone of another team (403, audited by reference only), an
  // unknown request (404), an empty or too long answer (422).
  auto refused = answer_complaint(*db_, outsider(), receipt.reference, "Not mine to say.");
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  auto last = audit::recent(*db_, 1).at(0).event;
  EXPECT_EQ(last.action, "request.complaint.answer.refused");
  EXPECT_EQ(last.subject, "request:" + receipt.reference);
  EXPECT_EQ(answer_complaint(*db_, member, "NOPE-0000", "Sorry.").verdict, Verdict::not_found);
  auto empty = answer_complaint(*db_, member, receipt.reference, "   ");
  EXPECT_EQ(empty.verdict, Verdict::invalid);
  EXPECT_EQ(empty.first_key(), "complaint_answer_missing");
  auto too_long =
      answer_complaint(*db_, member, receipt.reference, std::string(max_answer_length + 1, 'x'));
  EXPECT_EQ(too_long.verdict, Verdict::invalid);
  EXPECT_EQ(too_long.first_key(), "case_text_too_long");
  EXPECT_EQ(query("SELECT count(*) FROM complaint_answers").rows[0].integer(0), 0);

  auto answered = answer_complaint(*db_, member, receipt.reference,
                                   "  We are sorry: your case worker calls you tomorrow.  ");
  ASSERT_TRUE(answered.ok()) << answered.first_key();
  EXPECT_FALSE(waiting_complaint(*db_->acquire(), request_id));
  EXPECT_TRUE(complaints_waiting(*db_->acquire(), team_id_).empty());
  // Answered once: the second answer finds nothing waiting.
  EXPECT_EQ(answer_complaint(*db_, member, receipt.reference, "Again.").verdict, Verdict::conflict);

  // The citizen reads it under their complaint.
  auto read = complaints_by_link(*db_->acquire(), receipt.status_token);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].text, "Nobody called me back.");
  EXPECT_EQ(read[0].answer, "We are sorry: your case worker calls you tomorrow.");
  EXPECT_EQ(read[0].answered_at, now_seconds());
  // The timeline of the request page shows it, with who answered.
  auto view = open_request(*db_, member, receipt.reference).view;
  ASSERT_TRUE(view);
  auto entry = std::find_if(view->timeline.begin(), view->timeline.end(),
                            [](const TimelineEntry& e) { return e.kind == "complaint_answered"; });
  ASSERT_NE(entry, view->timeline.end());
  EXPECT_EQ(entry->text, "We are sorry: your case worker calls you tomorrow.");
  EXPECT_FALSE(entry->person_name.empty());
  // Mailed, about the request by reference; the audit names the reference only.
  auto mails = query("SELECT about, recipient FROM mail_outbox WHERE kind = 'complaint_answered'");
  ASSERT_EQ(mails.rows.size(), 1u);
  EXPECT_EQ(mails.rows[0].text(0), "request:" + receipt.reference);
  EXPECT_EQ(mails.rows[0].text(1), "jan@example.be");
  auto audited = query(
      "SELECT subject, detail FROM audit_log WHERE action = 'request.complaint.answer' ORDER BY "
      "id");
  ASSERT_EQ(audited.rows.size(), 1u);
  EXPECT_EQ(audited.rows[0].text(0), "request:" + receipt.reference);
  EXPECT_EQ(audited.rows[0].text(1).find("sorry"), std::string::npos);
  EXPECT_EQ(figure("complaints_answered"), 1);
  EXPECT_EQ(figure("complaint_answer_days"), 3);

  // A later complaint waits again, is not counted again as a complaint, and
  // what the citizen adds before the answer joins it.
  held.advance(day_seconds);
  ASSERT_TRUE(complain(*db_, citizen, "The call never came.").ok());
  held.advance(60);
  ASSERT_TRUE(complain(*db_, citizen, "Still nothing.").ok());
  EXPECT_EQ(figure("complaints"), 1);
  waiting = waiting_complaint(*db_->acquire(), request_id);
  ASSERT_TRUE(waiting);
  EXPECT_NE(waiting->text.find("The call never came."), std::string::npos);
  EXPECT_NE(waiting->text.find("Still nothing."), std::string::npos);
  read = complaints_by_link(*db_->acquire(), receipt.status_token);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].answered_at, 0);
  ASSERT_TRUE(answer_complaint(*db_, member, receipt.reference, "We called you today.").ok());
  read = complaints_by_link(*db_->acquire(), receipt.status_token);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].answer, "We called you today.");
  EXPECT_EQ(figure("complaints_answered"), 2);
  EXPECT_EQ(figure("complaints_answered", "org", 0), 2);
}

TEST_P(ComplaintsTest, TheFiguresCountAnswersAndDaysAsOurOwnCountAndTheQueueOldestFirst) {
  testing::HeldClock held;
  auto member = member_with("intake");
  // Five requests complained about a day apart; answered in another order.
  std::vector<Receipt> receipts;
  for (int i = 0; i < 5; ++i) {
    receipts.push_back(file("parking_card", {"renewal"}, "k" + std::to_string(i)));
    Citizen citizen{receipts.back().status_token, "198.51.100.7", ""};
    ASSERT_TRUE(complain(*db_, citizen, "Complaint " + std::to_string(i)).ok());
    held.advance(day_seconds + 3600);
  }
  auto waiting = complaints_waiting(*db_->acquire(), team_id_);
  ASSERT_EQ(waiting.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(waiting[i].reference, receipts[i].reference);
  auto work = my_work(*db_->acquire(), member.person.id);
  auto team = std::find_if(work.teams.begin(), work.teams.end(),
                           [&](const TeamWork& t) { return t.team_code == team_; });
  ASSERT_NE(team, work.teams.end());
  EXPECT_EQ(team->complaints_waiting, 5);
  EXPECT_EQ(team->oldest_complaint_reference, receipts[0].reference);

  for (int i : {3, 0, 4}) {
    held.advance(2 * day_seconds + 7 * 3600);
    ASSERT_TRUE(
        answer_complaint(*db_, member, receipts[i].reference, "Answer " + std::to_string(i)).ok());
  }
  waiting = complaints_waiting(*db_->acquire(), team_id_);
  ASSERT_EQ(waiting.size(), 2u);
  EXPECT_EQ(waiting[0].reference, receipts[1].reference);
  EXPECT_EQ(waiting[1].reference, receipts[2].reference);
  work = my_work(*db_->acquire(), member.person.id);
  team = std::find_if(work.teams.begin(), work.teams.end(),
                      [&](const TeamWork& t) { return t.team_code == team_; });
  EXPECT_EQ(team->complaints_waiting, 2);
  EXPECT_EQ(team->oldest_complaint_reference, receipts[1].reference);

  // Our own count, from the rows themselves: per month of the answer, how
  // many and the whole days on the organisation's wall between the two.
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> by_month;
  for (auto& r : query("SELECT e.at, a.answered_at FROM complaint_answers a JOIN request_events e "
                       "ON e.id = a.complaint_event_id JOIN requests q ON q.id = a.request_id "
                       "WHERE q.team_id = $1",
                       {team_id_})
                     .rows) {
    auto month = figures::month_start(local_day(r.integer(1)));
    by_month[month].first += 1;
    by_month[month].second += local_day(r.integer(1)) - local_day(r.integer(0));
  }
  std::int64_t all = 0;
  for (auto& [month, counted] : by_month) {
    auto row = query(
        "SELECT complaints_answered, complaint_answer_days FROM figures WHERE scope = 'team' AND "
        "scope_id = $1 AND period = 'month' AND start_day = $2",
        {team_id_, month});
    ASSERT_EQ(row.rows.size(), 1u);
    EXPECT_EQ(row.rows[0].integer(0), counted.first);
    EXPECT_EQ(row.rows[0].integer(1), counted.second);
    all += counted.first;
  }
  EXPECT_EQ(all, 3);
  EXPECT_EQ(figure("complaints_answered"), 3);
  // The weeks add up to the same.
  auto weeks = query(
      "SELECT sum(complaints_answered), sum(complaint_answer_days) FROM figures WHERE scope = "
      "'team' AND scope_id = $1 AND period = 'week'",
      {team_id_});
  EXPECT_EQ(weeks.rows[0].integer(0), 3);
  EXPECT_EQ(weeks.rows[0].integer(1), figure("complaint_answer_days"));
}

PLOEG_INSTANTIATE_BACKENDS(ComplaintsTest);

}  // namespace
}  // namespace ploeg::casework
