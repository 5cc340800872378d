// Who may act on a team's week (issue 18), route by route: the team's
// members, its coach and administrators plan it; a member of another team
// and a coach of other teams are refused (403) with nothing of the team's
// people in the answer; what a person does for themselves (their desk,
// their days off, their calendar link) stays theirs. Every change is in the
// audit log: who, for whom, what.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"
#include "workplace/server/trust_cast.hpp"

namespace ploeg::test {
namespace {

using trust::Who;
using week::date_of;
using week::monday_in;

class WeekTrustTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-week-trust-", trust::add_accounts);
    team_ = trust::team_of(demo_->database());
  }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  static std::string week() { return "/teams/" + team_.code + "/week"; }

  // A refusal shows nothing of the team's people.
  static void names_no_one(const HttpResponse& r) {
    EXPECT_EQ(r.body.find(team_.teammate_name), std::string::npos);
    EXPECT_EQ(r.body.find(team_.teammate_email), std::string::npos);
  }

  // The member's week with every day in the office, proposed and accepted.
  static void plan_in_office(Visitor& member, const std::string& start) {
    member.get(week() + "?start=" + start);
    ASSERT_EQ(member.post(week() + "/days-off", {{"start", start}}).status, 303);
    ASSERT_EQ(member
                  .post(week() + "/mine", {{"start", start},
                                           {"day_0", "office"},
                                           {"day_1", "office"},
                                           {"day_2", "office"},
                                           {"day_3", "office"},
                                           {"day_4", "office"}})
                  .status,
              303);
    ASSERT_EQ(propose_week(member, week(), start).ended, "done");
    ASSERT_EQ(member.post(week() + "/accept", {{"start", start}}).status, 303);
  }

  // A desk free all day of the week's first day, in the team's office.
  static std::string free_desk(std::int64_t day) {
    auto r = database()->acquire()->query(
        "SELECT d.id FROM desks d JOIN zones z ON z.id = d.zone_id JOIN floors f ON f.id = "
        "z.floor_id JOIN offices o ON o.id = f.office_id WHERE o.region_id = $1 AND NOT EXISTS "
        "(SELECT 1 FROM desk_bookings b WHERE b.desk_id = d.id AND b.day = $2) ORDER BY d.code "
        "DESC LIMIT 1",
        {team_.region_id, day});
    return std::to_string(r.rows.at(0).integer(0));
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline trust::Team team_;
};

struct Expected {
  Who who;
  int status;
};

TEST_F(WeekTrustTest, SeeingProposingAndAcceptingTheWeekAreForTheTeamItsCoachAndAdministrators) {
  auto monday = monday_in(2);
  auto start = date_of(monday);
  auto member = trust::visitor(*demo_, Who::member);
  ASSERT_EQ(propose_week(member, week(), start).ended, "done");
  const Expected seeing[] = {{Who::anonymous, 303},    {Who::member, 200},
                             {Who::other_member, 403}, {Who::coach, 200},
                             {Who::other_coach, 403},  {Who::admin, 200}};
  const Expected acting[] = {{Who::anonymous, 403},    {Who::member, 303},
                             {Who::other_member, 403}, {Who::coach, 303},
                             {Who::other_coach, 403},  {Who::admin, 303}};
  for (auto& e : seeing) {
    SCOPED_TRACE(trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto page = v.get(week() + "?start=" + start);
    EXPECT_EQ(page.status, e.status);
    if (e.status == 200) {
      EXPECT_NE(page.body.find(team_.teammate_name), std::string::npos);
    }
    if (e.status == 303) {
      EXPECT_EQ(page.header("Location").value_or("").rfind("/login?next=", 0), 0u);
    }
    if (e.status == 403) {
      EXPECT_NE(page.body.find("its coach and administrators see its week"), std::string::npos)
          << page.body;
      names_no_one(page);
    }
    auto check = v.get(week() + "/check?start=" + start + "&day_0=office");
    EXPECT_EQ(check.status, e.status == 200 ? 200 : e.status);
    if (e.status != 200) names_no_one(check);
  }
  for (auto* action : {"/propose", "/accept"}) {
    for (auto& e : acting) {
      SCOPED_TRACE(std::string(action) + " by " + trust::name_of(e.who));
      auto v = trust::visitor(*demo_, e.who);
      auto before =
          trust::audited(demo_->database(),
                         std::string("weekplan.") + (action[1] == 'p' ? "proposed" : "accepted"))
              .size();
      // A proposal is made by a job: wait for it, as the page does.
      auto r = action[1] == 'p' ? propose_week(v, week(), start).posted
                                : v.post(week() + action, {{"start", start}});
      EXPECT_EQ(r.status, e.status) << r.body;
      auto after =
          trust::audited(demo_->database(),
                         std::string("weekplan.") + (action[1] == 'p' ? "proposed" : "accepted"))
              .size();
      EXPECT_EQ(after, before + (e.status == 303 ? 1 : 0)) << "one entry for each done";
      if (e.status == 403) names_no_one(r);
    }
  }
}

TEST_F(WeekTrustTest, ADesksDaysOffAndTheCalendarLinkAreThePersonsOwn) {
  auto monday = monday_in(1);
  auto start = date_of(monday);
  auto member = trust::visitor(*demo_, Who::member);
  plan_in_office(member, start);
  auto booked = database()->acquire()->query(
      "SELECT MIN(day) FROM desk_bookings WHERE person_id = $1 AND day >= $2 AND day < $3",
      {team_.member, monday, monday + 5});
  ASSERT_FALSE(booked.rows.at(0).is_null(0)) << "an office day with a desk";
  auto first = booked.rows[0].integer(0);
  auto day = std::to_string(first - monday);
  // A desk: the visitor's own, as a member of the team; nobody moves another's.
  const Expected desk[] = {{Who::anonymous, 403}, {Who::member, 303},      {Who::other_member, 403},
                           {Who::coach, 403},     {Who::other_coach, 403}, {Who::admin, 403}};
  for (auto& e : desk) {
    SCOPED_TRACE(std::string("desk by ") + trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto r = v.post(week() + "/desk", {{"start", start}, {"day", day}, {"desk", free_desk(first)}});
    EXPECT_EQ(r.status, e.status) << r.body;
    if (e.status == 403) names_no_one(r);
  }
  // Days off: a member's own.
  const Expected off[] = {{Who::anonymous, 403}, {Who::member, 303},      {Who::other_member, 403},
                          {Who::coach, 403},     {Who::other_coach, 403}, {Who::admin, 403}};
  for (auto& e : off) {
    SCOPED_TRACE(std::string("days off by ") + trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto r = v.post(week() + "/days-off", {{"start", start}});
    EXPECT_EQ(r.status, e.status) << r.body;
    if (e.status == 403) names_no_one(r);
  }
  // A calendar link: anyone who sees the week and is a person of the
  // organisation (the demo administrator is nobody in particular).
  const Expected link[] = {{Who::anonymous, 403}, {Who::member, 303},      {Who::other_member, 403},
                           {Who::coach, 303},     {Who::other_coach, 403}, {Who::admin, 403}};
  for (auto& e : link) {
    SCOPED_TRACE(std::string("calendar by ") + trust::name_of(e.who));
    auto v = trust::visitor(*demo_, e.who);
    auto r = v.post(week() + "/calendar", {{"start", start}, {"replace", "yes"}});
    EXPECT_EQ(r.status, e.status) << r.body;
    if (e.status == 403) names_no_one(r);
  }
}

TEST_F(WeekTrustTest, EveryChangeOfTheWeekIsAuditedWithWhoForWhomAndWhat) {
  auto monday = monday_in(3);
  auto start = date_of(monday);
  auto coach = trust::visitor(*demo_, Who::coach);
  auto member = trust::visitor(*demo_, Who::member);
  auto team = "team:" + team_.code;
  // Appointments, changed by the team's coach.
  coach.get(week() + "?start=" + start);
  ASSERT_EQ(coach
                .post(week() + "/appointments", {{"start", start},
                                                 {"day", "2"},
                                                 {"time", "14:00"},
                                                 {"competence", "intake"},
                                                 {"where", "office"}})
                .status,
            303);
  auto added = trust::audited(demo_->database(), "weekplan.appointment_added");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].actor, "user:coach");
  EXPECT_EQ(added[0].subject, team);
  auto id = database()
                ->acquire()
                ->query(
                    "SELECT id FROM week_appointments WHERE team_id = $1 AND day = $2 "
                    "ORDER BY id DESC LIMIT 1",
                    {team_.id, monday + 2})
                .rows.at(0)
                .integer(0);
  auto ap = std::to_string(id);
  EXPECT_EQ(added[0].detail, "appointment " + ap + ", day " + date_of(monday + 2) +
                                 " 14:00, 60 minutes, office, competence intake");
  auto holder = database()->acquire()->query(
      "SELECT pc.person_id FROM person_competences pc JOIN competences k ON k.id = "
      "pc.competence_id JOIN memberships m ON m.person_id = pc.person_id WHERE k.code = 'intake' "
      "AND m.team_id = $1 ORDER BY pc.person_id LIMIT 1",
      {team_.id});
  auto given_to = std::to_string(holder.rows.at(0).integer(0));
  ASSERT_EQ(coach
                .post(week() + "/appointments/give",
                      {{"start", start}, {"appointment", ap}, {"person", given_to}})
                .status,
            303);
  auto given = trust::audited(demo_->database(), "weekplan.appointment_given");
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].detail, "appointment " + ap + " to person:" + given_to);
  ASSERT_EQ(coach
                .post(week() + "/appointments/move", {{"start", start},
                                                      {"appointment", ap},
                                                      {"date", date_of(monday + 3)},
                                                      {"time", "10:00"},
                                                      {"minutes", "30"},
                                                      {"where", "video"}})
                .status,
            303);
  auto moved = trust::audited(demo_->database(), "weekplan.appointment_moved");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].detail,
            "appointment " + ap + " to day " + date_of(monday + 3) + " 10:00, 30 minutes, video");
  ASSERT_EQ(
      coach.post(week() + "/appointments/remove", {{"start", start}, {"appointment", ap}}).status,
      303);
  auto removed = trust::audited(demo_->database(), "weekplan.appointment_removed");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].actor, "user:coach");
  EXPECT_EQ(removed[0].detail, "appointment " + ap);

  // The week, proposed by the member and accepted by the coach: the desks it
  // books are each in the log, for whom, which day, which desk.
  member.get(week() + "?start=" + start);
  ASSERT_EQ(member.post(week() + "/days-off", {{"start", start}}).status, 303);  // works every day
  ASSERT_EQ(member
                .post(week() + "/mine", {{"start", start},
                                         {"day_0", "office"},
                                         {"day_1", "office"},
                                         {"day_2", "office"},
                                         {"day_3", "office"},
                                         {"day_4", "office"}})
                .status,
            303);
  ASSERT_EQ(propose_week(member, week(), start).ended, "done");
  auto proposed = trust::audited(demo_->database(), "weekplan.proposed");
  ASSERT_FALSE(proposed.empty());
  EXPECT_EQ(proposed.back().actor, "user:coworker");
  EXPECT_EQ(proposed.back().subject, team);
  EXPECT_EQ(proposed.back().detail, "week of " + start);
  ASSERT_EQ(coach.post(week() + "/accept", {{"start", start}}).status, 303);
  auto accepted = trust::audited(demo_->database(), "weekplan.accepted");
  ASSERT_FALSE(accepted.empty());
  EXPECT_EQ(accepted.back().actor, "user:coach");
  EXPECT_EQ(accepted.back().subject, team);
  EXPECT_EQ(accepted.back().detail.rfind("week of " + start + ", ", 0), 0u);
  auto desk = database()->acquire()->query(
      "SELECT d.code, b.day FROM desk_bookings b JOIN desks d ON d.id = b.desk_id WHERE "
      "b.person_id = $1 AND b.day >= $2 AND b.day < $3 AND b.part = 'am' ORDER BY b.day LIMIT 1",
      {team_.member, monday, monday + 5});
  ASSERT_FALSE(desk.empty()) << "an office day with a desk";
  auto desk_day = desk.rows[0].integer(1);
  bool found = false;
  for (auto& e : trust::audited(demo_->database(), "workplace.desk_booked")) {
    if (e.subject != "person:" + std::to_string(team_.member)) continue;
    if (e.detail.find("day " + date_of(desk_day) + ",") != 0) continue;
    found = true;
    EXPECT_EQ(e.actor, "user:coach");
    EXPECT_NE(e.detail.find(", desk " + desk.rows[0].text(0) + ", team " + team_.code +
                            ", week accepted"),
              std::string::npos)
        << e.detail;
  }
  EXPECT_TRUE(found) << "the member's desk is in the log";

  // The member's desk, days off and calendar link.
  auto to = free_desk(desk_day);
  ASSERT_EQ(member
                .post(week() + "/desk",
                      {{"start", start}, {"day", std::to_string(desk_day - monday)}, {"desk", to}})
                .status,
            303);
  auto desk_moved = trust::audited(demo_->database(), "workplace.desk_moved");
  ASSERT_FALSE(desk_moved.empty());
  EXPECT_EQ(desk_moved.back().actor, "user:coworker");
  EXPECT_EQ(desk_moved.back().subject, "person:" + std::to_string(team_.member));
  auto to_code =
      database()->acquire()->query("SELECT code FROM desks WHERE id = $1", {std::stoll(to)});
  EXPECT_EQ(desk_moved.back().detail.rfind("day " + date_of(desk_day) + ", office ", 0), 0u);
  EXPECT_NE(desk_moved.back().detail.find(", desk " + to_code.rows.at(0).text(0) + ", team " +
                                          team_.code),
            std::string::npos)
      << desk_moved.back().detail;
  ASSERT_EQ(member.post(week() + "/days-off", {{"start", start}, {"off", "4"}}).status, 303);
  ASSERT_EQ(member.post(week() + "/days-off", {{"start", start}}).status, 303);
  auto days_off = trust::audited(demo_->database(), "weekplan.days_off");
  ASSERT_GE(days_off.size(), 2u);
  auto& set = days_off[days_off.size() - 2];
  EXPECT_EQ(set.subject, "person:" + std::to_string(team_.member));
  EXPECT_EQ(set.detail, "weekdays off (0 Monday .. 4 Friday): 4, team " + team_.code);
  EXPECT_EQ(days_off.back().detail,
            "weekdays off (0 Monday .. 4 Friday): none, team " + team_.code);
  ASSERT_EQ(member.post(week() + "/calendar", {{"start", start}, {"replace", "yes"}}).status, 303);
  auto links = trust::audited(demo_->database(), "weekplan.calendar_link");
  ASSERT_FALSE(links.empty());
  EXPECT_EQ(links.back().actor, "user:coworker");
  EXPECT_EQ(links.back().subject, "person:" + std::to_string(team_.member));
  // Never a token, never a person's name.
  auto token = database()->acquire()->query(
      "SELECT token FROM calendar_tokens WHERE person_id = $1", {team_.member});
  ASSERT_FALSE(token.empty());
  auto all = database()->acquire()->query("SELECT detail, subject FROM audit_log");
  for (auto& r : all.rows) {
    EXPECT_EQ(r.text(0).find(token.rows[0].text(0)), std::string::npos);
    EXPECT_EQ(r.text(0).find(team_.teammate_name), std::string::npos) << r.text(0);
  }
}

}  // namespace
}  // namespace ploeg::test
