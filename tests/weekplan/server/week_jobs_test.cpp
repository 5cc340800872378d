// The week's proposal as a background job (issue 18 item 12): the POST
// answers at once, the page follows the job and offers to cancel it, one
// proposal a team at a time; following (GET /jobs/{id}) and cancelling
// (POST /jobs/{id}/cancel) are for whoever may plan the team's week, and a
// job of a team one may not plan is as unknown as one that does not exist.
#include <gtest/gtest.h>

#include <memory>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"
#include "workplace/server/trust_cast.hpp"

namespace ploeg::test {
namespace {

using trust::Who;

class WeekJobsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-week-jobs-", trust::add_accounts);
    team_ = trust::team_of(demo_->database());
  }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  static std::string week() { return "/teams/" + team_.code + "/week"; }

  // A proposal job of the team that is running as far as any server can tell
  // (its row moves), as when a slow one is under way: its id.
  static std::int64_t running_job(const std::string& start) {
    auto now = now_seconds();
    return database()
        ->acquire()
        ->query(
            "INSERT INTO jobs (kind, scope, about, status, progress_permille, started_by, "
            "created_at, updated_at) VALUES ('weekplan.propose', $1, $2, 'running', 420, "
            "'user:coach', $3, $3) RETURNING id",
            {"team:" + team_.code, start, now})
        .rows.at(0)
        .integer(0);
  }

  static std::int64_t jobs_of_team() {
    return database()
        ->acquire()
        ->query("SELECT count(*) FROM jobs WHERE scope = $1", {"team:" + team_.code})
        .rows.at(0)
        .integer(0);
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline trust::Team team_;
};

struct Expected {
  Who who;
  int status;
};

TEST_F(WeekJobsTest, AProposalIsAJobThePageFollowsAndItsResultIsStored) {
  auto start = week::date_of(week::monday_in(3));
  auto member = trust::visitor(*demo_, Who::member);
  member.get(week() + "?start=" + start);
  auto proposed = propose_week(member, week(), start);
  ASSERT_EQ(proposed.posted.status, 303);
  auto location = proposed.posted.header("Location").value_or("");
  EXPECT_NE(location.find("start=" + start), std::string::npos) << location;
  EXPECT_NE(location.find("&job="), std::string::npos) << location;
  EXPECT_EQ(proposed.ended, "done");
  // The page it comes back to says the proposal is ready and shows it.
  auto page = member.get(location);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("A proposal is ready"), std::string::npos);
  EXPECT_NE(page.body.find("week__proposal"), std::string::npos);
  // Stored once, audited at its start and at its end.
  auto db = database();
  auto lease = db->acquire();
  EXPECT_GT(lease
                ->query("SELECT count(*) FROM week_proposals WHERE team_id = $1 AND day >= $2",
                        {team_.id, week::monday_in(3)})
                .rows.at(0)
                .integer(0),
            0);
  auto started = trust::audited(demo_->database(), "job.start");
  ASSERT_FALSE(started.empty());
  EXPECT_EQ(started.back().actor, "user:coworker");
  EXPECT_EQ(started.back().subject, "team:" + team_.code);
  EXPECT_NE(started.back().detail.find(start), std::string::npos);
}

TEST_F(WeekJobsTest, FollowingAndCancellingAreForWhoMayPlanTheWeek) {
  auto start = week::date_of(week::monday_in(4));
  auto member = trust::visitor(*demo_, Who::member);
  member.get(week() + "?start=" + start);
  auto proposed = propose_week(member, week(), start);
  ASSERT_EQ(proposed.ended, "done");
  auto location = proposed.posted.header("Location").value_or("");
  auto id = location.substr(location.find("&job=") + 5);
  const Expected following[] = {{Who::anonymous, 303},    {Who::member, 200},
                                {Who::other_member, 404}, {Who::coach, 200},
                                {Who::other_coach, 404},  {Who::admin, 200}};
  for (auto& e : following) {
    SCOPED_TRACE(trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto r = v.get("/jobs/" + id);
    EXPECT_EQ(r.status, e.status);
    if (e.status == 200) {
      EXPECT_NE(r.body.find("\"status\":\"done\""), std::string::npos) << r.body;
      EXPECT_NE(r.body.find("\"active\":false"), std::string::npos) << r.body;
    } else {
      EXPECT_EQ(r.body.find("done"), std::string::npos) << r.body;
      EXPECT_EQ(r.body.find(team_.code), std::string::npos) << r.body;
    }
  }
  const Expected cancelling[] = {{Who::anonymous, 403},    {Who::member, 303},
                                 {Who::other_member, 404}, {Who::coach, 303},
                                 {Who::other_coach, 404},  {Who::admin, 303}};
  auto back = week() + "?start=" + start;
  for (auto& e : cancelling) {
    SCOPED_TRACE(trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    if (e.who != Who::anonymous) v.get(week() + "?start=" + start);  // a page's CSRF token
    auto r = v.post("/jobs/" + id + "/cancel", {{"return_to", back}});
    EXPECT_EQ(r.status, e.status) << r.body;
    if (e.status == 303) {
      EXPECT_EQ(r.header("Location").value_or(""), back);
    }
    if (e.status == 404) {
      EXPECT_EQ(r.body.find(team_.teammate_name), std::string::npos);
    }
  }
  // It had ended: nothing was cancelled, nothing audited as such.
  EXPECT_TRUE(trust::audited(demo_->database(), "job.cancel").empty());
  // The way back is a page of this site, never another's.
  auto v = trust::visitor(*demo_, Who::member);
  v.get(week() + "?start=" + start);
  auto away = v.post("/jobs/" + id + "/cancel", {{"return_to", "https://elsewhere.example/"}});
  EXPECT_EQ(away.status, 303);
  EXPECT_EQ(away.header("Location").value_or(""), "/");
  EXPECT_EQ(v.get("/jobs/99999999").status, 404);
  EXPECT_EQ(v.get("/jobs/abc").status, 404);
}

TEST_F(WeekJobsTest, ARunningProposalShowsWithItsProgressAndCanBeCancelled) {
  auto start = week::date_of(week::monday_in(5));
  auto id = std::to_string(running_job(start));
  auto member = trust::visitor(*demo_, Who::member);
  auto page = member.get(week() + "?start=" + start);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-job-url=\"/jobs/" + id + "\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Working on it: 42 % done."), std::string::npos);
  EXPECT_NE(page.body.find("action=\"/jobs/" + id + "/cancel\""), std::string::npos);
  // One proposal a team at a time: the button waits, and a second ask gets the running one.
  EXPECT_EQ(page.body.find("/week/propose\""), std::string::npos);
  auto before = jobs_of_team();
  auto again = member.post(week() + "/propose", {{"start", start}});
  ASSERT_EQ(again.status, 303);
  EXPECT_NE(again.header("Location").value_or("").find("done=propose_busy&job=" + id),
            std::string::npos);
  EXPECT_EQ(jobs_of_team(), before);
  auto busy = member.get(again.header("Location").value_or(""));
  EXPECT_NE(busy.body.find("being made already"), std::string::npos);
  // Its coach cancels it; the page says so, in the reader's language.
  auto coach = trust::visitor(*demo_, Who::coach);
  coach.get(week() + "?start=" + start);
  auto back = week() + "?start=" + start + "&job=" + id;
  auto cancelled = coach.post("/jobs/" + id + "/cancel", {{"return_to", back}});
  ASSERT_EQ(cancelled.status, 303);
  auto shown = coach.get(back);
  EXPECT_NE(shown.body.find("Cancelled: nothing was changed."), std::string::npos);
  EXPECT_NE(shown.body.find("/week/propose\""), std::string::npos) << "it can be asked again";
  auto state = coach.get("/jobs/" + id);
  EXPECT_NE(state.body.find("\"status\":\"cancelled\""), std::string::npos) << state.body;
  ASSERT_EQ(coach.post("/language", {{"lang", "nl"}}).status, 303);
  EXPECT_NE(coach.get(back).body.find("Geannuleerd: er is niets veranderd."), std::string::npos);
  ASSERT_EQ(coach.post("/language", {{"lang", "fr"}}).status, 303);
  EXPECT_NE(coach.get(back).body.find("Annulé : rien n’a été modifié."), std::string::npos);
  coach.post("/language", {{"lang", "en"}});
  auto audit = trust::audited(demo_->database(), "job.cancel");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "user:coach");
  EXPECT_EQ(audit[0].subject, "team:" + team_.code);
}

}  // namespace
}  // namespace ploeg::test
