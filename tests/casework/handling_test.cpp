// The team's side of a request on SQLite and PostgreSQL: pulled step by step
// by co-workers who hold each step's competence, decided with a motivation,
// rated, moved to another team; private to the handling team and audited.
#include "casework/handling.hpp"
#include "casework/handling_fixture.hpp"
#include "casework/handling_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "casework/citizen_questions.hpp"
#include "casework/demo_backend.hpp"
#include "casework/held_clock.hpp"
#include "casework/process.hpp"
#include "casework/requests.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"

namespace ploeg::casework {
namespace {

TEST_P(HandlingTest, ARequestGoesThroughEveryStepIsDecidedRatedAndCounted) {
  ASSERT_FALSE(postcode_.empty());
  auto receipt = file("income_replacement");
  auto intake = member_with("intake");
  auto queue = team_queue(*db_, intake, team_);
  ASSERT_EQ(queue.verdict, Verdict::ok);
  ASSERT_EQ(queue.queue->items.size(), 1u);
  EXPECT_EQ(queue.queue->items[0].reference, receipt.reference);
  EXPECT_EQ(queue.queue->items[0].step_code, "intake");
  EXPECT_TRUE(queue.queue->items[0].can_take);
  EXPECT_EQ(figure("received"), 1);

  Citizen citizen{receipt.status_token, "127.0.0.1", "test"};
  EXPECT_EQ(rate(*db_, citizen, 5, "").verdict, Verdict::conflict);  // not decided yet

  auto type = default_process().types;
  auto income = std::find_if(type.begin(), type.end(),
                             [](const RequestType& t) { return t.code == "income_replacement"; });
  for (std::size_t i = 0; i < income->steps.size(); ++i) do_step(receipt.reference, "refused");

  auto view = open_request(*db_, intake, receipt.reference).view;
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->finished);
  EXPECT_EQ(view->decision, "refused");
  EXPECT_TRUE(view->decided_at.has_value());
  EXPECT_EQ(view->contact_name, "Jan Janssens");
  for (auto& s : view->steps) EXPECT_EQ(s.state, StepState::State::done) << s.code;
  EXPECT_EQ(figure("decided"), 1);
  EXPECT_EQ(figure("decided", "org", 0), 1);
  EXPECT_EQ(query("SELECT count(*) FROM open_requests WHERE open_count <> 0").rows[0].integer(0),
            0);
  EXPECT_TRUE(team_queue(*db_, intake, team_).queue->items.empty());
  EXPECT_TRUE(status(*db_->acquire(), receipt.status_token)->decided);
  // The citizen is told twice, in the transactions that filed and decided:
  // received, then decided (mail/outbox.hpp), about the request by reference.
  auto mails = query("SELECT kind, about, recipient FROM mail_outbox ORDER BY id");
  ASSERT_EQ(mails.rows.size(), 2u);
  EXPECT_EQ(mails.rows[0].text(0), "request_received");
  EXPECT_EQ(mails.rows[1].text(0), "decision_taken");
  EXPECT_EQ(mails.rows[1].text(1), "request:" + receipt.reference);
  EXPECT_EQ(mails.rows[1].text(2), "jan@example.be");

  EXPECT_EQ(rate(*db_, citizen, 6, "").verdict, Verdict::invalid);
  EXPECT_TRUE(rate(*db_, citizen, 4, "Quick and clear.").ok());
  EXPECT_EQ(rate(*db_, citizen, 1, "").errors.at(0).key, "rating_done");
  EXPECT_EQ(figure("ratings"), 1);
  EXPECT_EQ(figure("ratings_good"), 1);
  EXPECT_EQ(figure("rating_sum"), 4);
  EXPECT_EQ(complain(*db_, citizen, "  ").verdict, Verdict::invalid);
  EXPECT_TRUE(complain(*db_, citizen, "Nobody called me back.").ok());
  EXPECT_EQ(figure("complaints"), 1);
  EXPECT_EQ(rate(*db_, {"no such token", "", ""}, 3, "").verdict, Verdict::not_found);
}

// A status link is a bearer secret with an end: a year after the decision.
TEST_P(HandlingTest, AStatusLinkStopsWorkingAYearAfterTheDecision) {
  testing::HeldClock held;
  auto receipt = file("income_replacement");
  // Open requests keep their link however long they take.
  held.advance(2 * 365 * 24 * 3600);
  ASSERT_TRUE(status(*db_->acquire(), receipt.status_token).has_value());
  auto type = default_process().types;
  auto income = std::find_if(type.begin(), type.end(),
                             [](const RequestType& t) { return t.code == "income_replacement"; });
  for (std::size_t i = 0; i < income->steps.size(); ++i) do_step(receipt.reference, "granted");
  held.advance(handling::status_link_lifetime_seconds);
  ASSERT_TRUE(status(*db_->acquire(), receipt.status_token).has_value());
  held.advance(1);
  EXPECT_FALSE(status(*db_->acquire(), receipt.status_token).has_value());
  Citizen citizen{receipt.status_token, "127.0.0.1", "test"};
  EXPECT_EQ(complain(*db_, citizen, "Too late?").verdict, Verdict::not_found);
}

TEST_P(HandlingTest, ACitizensComplaintsAreOneComplaintInTheFiguresWithEveryTextKept) {
  testing::HeldClock held;
  auto receipt = file("parking_card", {"renewal"});
  Citizen citizen{receipt.status_token, "198.51.100.7", ""};
  for (int i = 1; i <= 25; ++i) {
    auto said = complain(*db_, citizen, "Complaint number " + std::to_string(i) + ".");
    ASSERT_TRUE(said.ok()) << i << " " << said.first_key();
    held.advance(60);
  }
  // One complaint stands in the team's figures, however often it is sent.
  EXPECT_EQ(figure("complaints"), 1);
  EXPECT_EQ(figure("complaints", "org", 0), 1);
  auto events = query(
      "SELECT e.body FROM request_events e JOIN requests r ON r.id = e.request_id WHERE "
      "r.reference = $1 AND e.kind = 'complaint'",
      {receipt.reference});
  ASSERT_EQ(events.rows.size(), 1u);
  auto body = events.rows[0].text(0);
  for (int i = 1; i <= 25; ++i) {
    EXPECT_NE(body.find("Complaint number " + std::to_string(i) + "."), std::string::npos) << i;
  }
  // Each addition carries its time.
  EXPECT_NE(body.find("\n\n" + local_minute(now_seconds() - 60) + "\nComplaint number 25."),
            std::string::npos)
      << body;
  // Added, not counted: the audit says which.
  EXPECT_EQ(audit::recent(*db_, 1).at(0).event.action, "request.complaint.add");

  // What is added is bounded in all: the complaint stops growing, with a reason.
  Outcome full;
  for (int i = 0; i < 10 && full.ok(); ++i) {
    full = complain(*db_, citizen, std::string(max_note_length, 'x'));
  }
  EXPECT_EQ(full.verdict, Verdict::invalid);
  EXPECT_EQ(full.first_key(), "complaint_full");
  auto kept = query(
      "SELECT e.body FROM request_events e JOIN requests r ON r.id = e.request_id WHERE "
      "r.reference = $1 AND e.kind = 'complaint'",
      {receipt.reference});
  EXPECT_LE(text::characters(kept.rows.at(0).text(0)), max_complaint_length);
  EXPECT_EQ(figure("complaints"), 1);
}

TEST_P(HandlingTest, OnlyTheHandlingTeamSeesTheRequestAndEveryLookIsAudited) {
  auto receipt = file("parking_card", {"renewal"});
  auto stranger = outsider();
  auto refused = open_request(*db_, stranger, receipt.reference);
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  EXPECT_FALSE(refused.view);
  auto entries = audit::recent(*db_, 1);
  EXPECT_EQ(entries.at(0).event.action, "request.view.refused");
  EXPECT_EQ(entries.at(0).event.actor, "user:outsider");
  EXPECT_EQ(entries.at(0).event.subject, "request:" + receipt.reference);
  EXPECT_EQ(team_queue(*db_, stranger, team_).verdict, Verdict::forbidden);
  EXPECT_EQ(take_step(*db_, stranger, receipt.reference, "intake").verdict, Verdict::forbidden);
  EXPECT_EQ(audit::recent(*db_, 1).at(0).event.action, "request.take.refused");
  EXPECT_EQ(
      open_request(*db_, ::ploeg::testing::acting_as(*db_, 0, "user:nobody"), receipt.reference)
          .verdict,
      Verdict::forbidden);
  EXPECT_EQ(open_request(*db_, member_with("intake"), "2026-NONE-XXXX").verdict,
            Verdict::not_found);

  ASSERT_TRUE(open_request(*db_, member_with("intake"), receipt.reference).view);
  entries = audit::recent(*db_, 1);
  EXPECT_EQ(entries.at(0).event.action, "request.view");
  // The audit log names the request, never the citizen.
  EXPECT_EQ(entries.at(0).event.detail.find("Jan"), std::string::npos);
}

TEST_P(HandlingTest, AStepNeedsItsCompetenceAndOneHolderAndComesInOrder) {
  auto receipt = file("income_replacement");
  auto no_intake = member_with("decision", "intake");
  ASSERT_NE(no_intake.person.id, 0);
  auto refused = take_step(*db_, no_intake, receipt.reference, "intake");
  EXPECT_EQ(refused.verdict, Verdict::invalid);
  EXPECT_EQ(refused.errors.at(0).key, "case_competence_missing");
  // A decision on a request that is still at its intake.
  auto early = complete_step(*db_, no_intake, receipt.reference,
                             {"decision", "ok", "granted", "A motivation of enough length."});
  EXPECT_EQ(early.verdict, Verdict::conflict);
  EXPECT_EQ(early.errors.at(0).key, "case_step_moved");

  auto intake = member_with("intake");
  ASSERT_TRUE(take_step(*db_, intake, receipt.reference, "intake").ok());
  auto second = member_with("intake", "payment");
  if (second.person.id != intake.person.id && second.person.id != 0) {
    EXPECT_EQ(take_step(*db_, second, receipt.reference, "intake").errors.at(0).key, "case_taken");
    EXPECT_EQ(complete_step(*db_, second, receipt.reference, {"intake", "done", "", ""}).verdict,
              Verdict::conflict);
  }
  EXPECT_EQ(complete_step(*db_, intake, receipt.reference, {"intake", " ", "", ""}).verdict,
            Verdict::invalid);
  EXPECT_EQ(query("SELECT step_index FROM requests").rows[0].integer(0), 0);
  ASSERT_TRUE(complete_step(*db_, intake, receipt.reference, {"intake", "Seen.", "", ""}).ok());
  EXPECT_EQ(query("SELECT step_index FROM requests").rows[0].integer(0), 1);
}

TEST_P(HandlingTest, TheDecisionNeedsAChoiceAndAMotivation) {
  auto receipt = file("parking_card", {"renewal"});
  do_step(receipt.reference);  // intake
  do_step(receipt.reference);  // completeness check
  auto decider = member_with("decision");
  ASSERT_TRUE(take_step(*db_, decider, receipt.reference, "decision").ok());
  auto bad =
      complete_step(*db_, decider, receipt.reference, {"decision", "Decided.", "maybe", "ok"});
  EXPECT_EQ(bad.verdict, Verdict::invalid);
  std::vector<std::string> fields;
  for (auto& e : bad.errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"decision", "motivation"}));
  EXPECT_TRUE(query("SELECT decided_at FROM requests").rows[0].is_null(0));
  EXPECT_EQ(figure("decided"), 0);
}

TEST_P(HandlingTest, MedicalNotesAreForMedicalEyesOnly) {
  auto receipt = file("income_replacement");
  auto doctor = member_with("medical");
  auto other = member_with("intake", "medical");
  ASSERT_NE(other.person.id, 0);
  EXPECT_EQ(add_note(*db_, other, receipt.reference, "Diagnosis noted", true).errors.at(0).key,
            "case_medical_not_yours");
  ASSERT_TRUE(add_note(*db_, doctor, receipt.reference, "Diagnosis: secret", true).ok());
  ASSERT_TRUE(add_note(*db_, other, receipt.reference, "Called the citizen back", false).ok());
  auto seen_by_doctor = open_request(*db_, doctor, receipt.reference).view;
  auto seen_by_other = open_request(*db_, other, receipt.reference).view;
  auto has = [](const RequestView& v, const std::string& text) {
    return std::any_of(v.timeline.begin(), v.timeline.end(),
                       [&](const TimelineEntry& e) { return e.text == text; });
  };
  EXPECT_TRUE(has(*seen_by_doctor, "Diagnosis: secret"));
  EXPECT_FALSE(has(*seen_by_other, "Diagnosis: secret"));
  EXPECT_TRUE(has(*seen_by_other, "Called the citizen back"));
  EXPECT_EQ(seen_by_other->hidden_medical, 1);
  EXPECT_FALSE(seen_by_other->viewer_reads_medical);
}

TEST_P(HandlingTest, AStepIsHandedToAColleagueWhoCanDoIt) {
  auto receipt = file("parking_card", {"renewal"});
  auto a = member_with("intake");
  ASSERT_TRUE(take_step(*db_, a, receipt.reference, "intake").ok());
  auto cannot = member_with("payment", "intake");
  if (cannot.person.id) {
    EXPECT_EQ(hand_over(*db_, a, receipt.reference, cannot.person.id).verdict, Verdict::invalid);
  }
  auto view = open_request(*db_, a, receipt.reference).view;
  ASSERT_FALSE(view->can_take_over.empty());
  auto b = view->can_take_over[0].person_id;
  ASSERT_TRUE(hand_over(*db_, a, receipt.reference, b).ok());
  EXPECT_EQ(query("SELECT holder_id FROM requests").rows[0].integer(0), b);
  EXPECT_EQ(hand_over(*db_, a, receipt.reference, a.person.id).verdict,
            Verdict::conflict);  // not a's any more
  ASSERT_TRUE(release_step(*db_, a, receipt.reference).ok());
  EXPECT_TRUE(query("SELECT holder_id FROM requests").rows[0].is_null(0));
}

TEST_P(HandlingTest, TakeNextPullsTheOldestRequestTheCoWorkerCanDo) {
  auto first = file("parking_card", {"renewal"}, "a");
  auto second = file("parking_card", {"renewal"}, "b");
  query("UPDATE requests SET submitted_at = submitted_at - 100 WHERE reference = $1",
        {second.reference});
  auto intake = member_with("intake");
  auto taken = take_next(*db_, intake, team_);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken.reference, second.reference);
  EXPECT_EQ(take_next(*db_, intake, team_).reference, first.reference);
  EXPECT_EQ(take_next(*db_, intake, team_).errors.at(0).key, "case_nothing_to_take");
}

TEST_P(HandlingTest, WhenTheCitizenMovesTheRequestGoesToTheNewTeamWithItsHistory) {
  auto receipt = file("income_replacement");
  auto intake = member_with("intake");
  ASSERT_TRUE(take_step(*db_, intake, receipt.reference, "intake").ok());
  ASSERT_TRUE(add_note(*db_, intake, receipt.reference, "Moving to Arlon next week", false).ok());
  auto elsewhere = query(
      "SELECT p.postcode FROM region_postcodes p JOIN teams t ON t.region_id = p.region_id WHERE "
      "t.kind = 'regional' AND t.region_id <> (SELECT region_id FROM teams WHERE id = $1) ORDER "
      "BY p.postcode LIMIT 1",
      {team_id_});
  auto postcode = elsewhere.rows.at(0).text(0);
  EXPECT_EQ(move_to_postcode(*db_, intake, receipt.reference, postcode_, "moved").errors.at(0).key,
            "case_move_same_team");
  EXPECT_EQ(move_to_postcode(*db_, intake, receipt.reference, "0001", "").errors.size(), 2u);
  ASSERT_TRUE(move_to_postcode(*db_, intake, receipt.reference, postcode, "Moved house.").ok());

  auto route = sql::route(*db_->acquire(), postcode);
  auto new_team = query("SELECT id FROM teams WHERE code = $1", {route->team}).rows[0].integer(0);
  EXPECT_EQ(query("SELECT team_id FROM requests").rows[0].integer(0), new_team);
  EXPECT_TRUE(query("SELECT holder_id FROM requests").rows[0].is_null(0));
  // The old team has no access any more; the new one sees the whole history.
  EXPECT_EQ(open_request(*db_, intake, receipt.reference).verdict, Verdict::forbidden);
  auto newcomer = query("SELECT person_id FROM memberships WHERE team_id = $1 LIMIT 1", {new_team});
  Actor them = ::ploeg::testing::acting_as(*db_, newcomer.rows[0].integer(0), "user:new");
  auto view = open_request(*db_, them, receipt.reference).view;
  ASSERT_TRUE(view);
  std::vector<std::string> kinds;
  for (auto& e : view->timeline) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"filed", "taken", "note", "moved"}));
  EXPECT_EQ(figure("moved_out"), 1);
  EXPECT_EQ(figure("moved_in", "team", new_team), 1);
  EXPECT_EQ(query("SELECT open_count FROM open_requests WHERE scope = 'team' AND scope_id = $1",
                  {new_team})
                .rows.at(0)
                .integer(0),
            1);
}

// The time a step waits for the citizen is not the team's work: asking
// starts a wait (one, however often they ask), completing the step ends it.
TEST_P(HandlingTest, AskingTheCitizenStartsAWaitThatEndsWhenTheStepIsDone) {
  auto receipt = file("parking_card", {"renewal"});
  auto waits = [&](const std::string& condition) {
    return query(
               "SELECT count(*) FROM request_waits w JOIN requests r ON r.id = w.request_id "
               "WHERE r.reference = $1 AND w.reason = 'citizen' AND w.step_code = 'intake' AND " +
                   condition,
               {receipt.reference})
        .rows.at(0)
        .integer(0);
  };
  auto member = member_with("intake");
  ASSERT_TRUE(ask_citizen(*db_, member, receipt.reference, "Send a copy of your card.").ok());
  ASSERT_TRUE(ask_citizen(*db_, member, receipt.reference, "And your identity card.").ok());
  EXPECT_EQ(waits("w.ended_at IS NULL"), 1);
  // A refused question starts nothing.
  EXPECT_EQ(ask_citizen(*db_, outsider(), receipt.reference, "Anything?").verdict,
            Verdict::forbidden);
  EXPECT_EQ(waits("1 = 1"), 1);
  do_step(receipt.reference);
  EXPECT_EQ(waits("w.ended_at IS NULL"), 0);
  EXPECT_EQ(waits("w.ended_at >= w.started_at"), 1);
}

PLOEG_INSTANTIATE_BACKENDS(HandlingTest);

}  // namespace
}  // namespace ploeg::casework
