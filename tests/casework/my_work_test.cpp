// Finding work, on SQLite and PostgreSQL: the queue filtered by type, step
// and age and searched by reference or name (each search audited with what
// it showed), and a co-worker's own work: the steps they hold, their team's
// queue and oldest request, what colleagues took over from them.
#include "casework/my_work.hpp"

#include <gtest/gtest.h>

#include <set>

#include "casework/handling_fixture.hpp"
#include "casework/held_clock.hpp"
#include "core/clock.hpp"

namespace ploeg::casework {
namespace {

class MyWorkTest : public HandlingTest {
 protected:
  Receipt file_named(const std::string& type, const std::string& name, const std::string& key,
                     std::vector<std::string> conditions = {}) {
    NewRequest r;
    r.type = type;
    r.conditions = std::move(conditions);
    r.postcode = postcode_;
    r.name = name;
    r.email = "someone@example.be";
    r.description = "A request for the tests of finding work.";
    r.submission_key = key;
    auto filed = file_request(*db_, r);
    EXPECT_TRUE(filed.receipt);
    return *filed.receipt;
  }

  std::set<std::string> shown(const QueueFilter& filter) {
    auto answer = team_queue(*db_, member_with("intake"), team_, filter);
    EXPECT_EQ(answer.verdict, Verdict::ok);
    std::set<std::string> refs;
    if (answer.queue) {
      for (auto& i : answer.queue->items) refs.insert(i.reference);
    }
    return refs;
  }
};

TEST_P(MyWorkTest, TheQueueIsFilteredByTypeStepAndAgeAndSearchedByReferenceOrName) {
  testing::HeldClock clock;
  auto old = file_named("income_replacement", "Jan Peeters", "k-old");
  clock.advance(20 * 24 * 3600);
  auto card = file_named("parking_card", "Marie 50%_Janssens", "k-card", {"renewal"});
  auto other = file_named("income_replacement", "Eva Claes", "k-other");
  // The second income request moves on to its next step.
  auto intake = member_with("intake");
  ASSERT_TRUE(take_step(*db_, intake, other.reference, "intake").ok());
  ASSERT_TRUE(complete_step(*db_, intake, other.reference, {"intake", "Registered.", "", ""}).ok());

  EXPECT_EQ(shown({}), (std::set<std::string>{old.reference, card.reference, other.reference}));
  EXPECT_EQ(shown({"income_replacement", "", 0, ""}),
            (std::set<std::string>{old.reference, other.reference}));
  EXPECT_EQ(shown({"", "intake", 0, ""}), (std::set<std::string>{old.reference, card.reference}));
  EXPECT_EQ(shown({"income_replacement", "intake", 0, ""}), (std::set<std::string>{old.reference}));
  EXPECT_EQ(shown({"", "", 14, ""}), (std::set<std::string>{old.reference}));
  EXPECT_TRUE(shown({"", "", 30, ""}).empty());

  // A reference from its start, in any case; a name anywhere in it.
  EXPECT_EQ(shown({"", "", 0, old.reference.substr(0, 9)}), (std::set<std::string>{old.reference}));
  auto lower = card.reference;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(shown({"", "", 0, lower}), (std::set<std::string>{card.reference}));
  EXPECT_EQ(shown({"", "", 0, "  peeters "}), (std::set<std::string>{old.reference}));
  // % and _ are letters of the search, not wildcards.
  EXPECT_EQ(shown({"", "", 0, "50%_j"}), (std::set<std::string>{card.reference}));
  EXPECT_EQ(shown({"", "", 0, "%"}), (std::set<std::string>{card.reference}));
  EXPECT_TRUE(shown({"", "", 0, "5_%"}).empty());  // as wildcards it would match "50%_"

  // A search shows names, and only then.
  auto searched = team_queue(*db_, intake, team_, {"", "", 0, "claes"}).queue;
  ASSERT_EQ(searched->items.size(), 1u);
  EXPECT_EQ(searched->items[0].citizen_name, "Eva Claes");
  auto unsearched = team_queue(*db_, intake, team_);
  for (auto& i : unsearched.queue->items) EXPECT_TRUE(i.citizen_name.empty());
}

TEST_P(MyWorkTest, EverySearchIsAuditedWithWhatItShowedAndOnlyMembersSearch) {
  auto found = file_named("income_replacement", "Jan Peeters", "k-1");
  auto intake = member_with("intake");
  auto before =
      query("SELECT count(*) FROM audit_log WHERE action = 'queue.search'").rows.at(0).integer(0);
  team_queue(*db_, intake, team_, {"", "", 0, "peeters"});
  team_queue(*db_, intake, team_, {"income_replacement", "", 7, ""});  // no search: no entry
  auto entries = query(
      "SELECT actor, subject, detail FROM audit_log WHERE action = 'queue.search' ORDER BY id");
  ASSERT_EQ(static_cast<std::int64_t>(entries.rows.size()), before + 1);
  auto& last = entries.rows.back();
  EXPECT_EQ(last.text(0), intake.name);
  EXPECT_EQ(last.text(1), "team:" + team_);
  EXPECT_EQ(last.text(2), "1 shown: " + found.reference);
  // The name searched for is not in the log: it is personal data.
  EXPECT_EQ(last.text(2).find("eeters"), std::string::npos);

  EXPECT_EQ(team_queue(*db_, outsider(), team_, {"", "", 0, "peeters"}).verdict,
            Verdict::forbidden);
  EXPECT_EQ(team_queue(*db_, intake, team_, {"", "", 0, std::string(101, 'a')}).verdict,
            Verdict::invalid);
  EXPECT_EQ(team_queue(*db_, intake, team_, {"", "", 0, std::string(100, 'a')}).verdict,
            Verdict::ok);
}

TEST_P(MyWorkTest, MyWorkShowsTheStepsIHoldMyTeamsQueueAndWhatWasTakenOverFromMe) {
  testing::HeldClock clock;
  auto first = file_named("income_replacement", "Jan Peeters", "k-1");
  clock.advance(3 * 24 * 3600);
  auto second = file_named("income_replacement", "Eva Claes", "k-2");
  auto third = file_named("income_replacement", "Piet Maes", "k-3");
  auto me = member_with("intake");
  ASSERT_TRUE(take_step(*db_, me, second.reference, "intake").ok());
  ASSERT_TRUE(take_step(*db_, me, third.reference, "intake").ok());

  auto lease = db_->acquire();
  auto work = my_work(*lease, me.person.id);
  std::set<std::string> mine;
  for (auto& s : work.steps) {
    mine.insert(s.reference);
    EXPECT_EQ(s.step_code, "intake");
    EXPECT_EQ(s.team_code, team_);
    EXPECT_FALSE(s.held_too_long);
  }
  EXPECT_EQ(mine, (std::set<std::string>{second.reference, third.reference}));
  auto team = std::find_if(work.teams.begin(), work.teams.end(),
                           [&](const TeamWork& t) { return t.team_code == team_; });
  ASSERT_NE(team, work.teams.end());
  auto counted = query(
      "SELECT count(*), count(*) - count(holder_id), min(submitted_at) FROM requests WHERE "
      "team_id = $1 AND finished_at IS NULL",
      {team_id_});
  EXPECT_EQ(team->in_progress, counted.rows.at(0).integer(0));
  EXPECT_EQ(team->waiting, counted.rows.at(0).integer(1));
  EXPECT_EQ(team->oldest_submitted_at, counted.rows.at(0).integer(2));
  EXPECT_EQ(team->oldest_reference, first.reference);
  EXPECT_TRUE(work.taken_over.empty());

  // A colleague takes one over: it leaves my steps and is told to me.
  auto colleague_id = query(
                          "SELECT p.id FROM memberships m JOIN people p ON p.id = m.person_id "
                          "JOIN person_competences pc ON pc.person_id = p.id JOIN competences k "
                          "ON k.id = pc.competence_id WHERE m.team_id = $1 AND k.code = 'intake' "
                          "AND p.id <> $2 ORDER BY p.id",
                          {team_id_, me.person.id})
                          .rows.at(0)
                          .integer(0);
  auto colleague = ::ploeg::testing::acting_as(*db_, colleague_id, "user:colleague");
  ASSERT_TRUE(take_over(*db_, colleague, third.reference, "intake", "leave").ok());
  work = my_work(*lease, me.person.id);
  ASSERT_EQ(work.steps.size(), 1u);
  EXPECT_EQ(work.steps[0].reference, second.reference);
  ASSERT_EQ(work.taken_over.size(), 1u);
  EXPECT_EQ(work.taken_over[0].reference, third.reference);
  EXPECT_EQ(work.taken_over[0].reason, "leave");
  EXPECT_EQ(work.taken_over[0].step_name, "Intake");
  // Two weeks later it is old news.
  clock.advance((taken_over_days + 1) * 24 * 3600);
  EXPECT_TRUE(my_work(*lease, me.person.id).taken_over.empty());
  // Nobody of the organisation has no work.
  auto none = my_work(*lease, 0);
  EXPECT_TRUE(none.steps.empty());
  EXPECT_TRUE(none.teams.empty());
}

PLOEG_INSTANTIATE_BACKENDS(MyWorkTest);

}  // namespace
}  // namespace ploeg::casework
