// Accepting a week's proposal is one transaction: the plan, the appointments'
// members and rooms, the desks. All of it lands, or none of it: a failure in
// the last part (the desks) leaves the database exactly as it was, and a
// desk another transaction takes meanwhile is no failure but a day on the
// waiting list that the accept reports.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "weekplan/week_backend.hpp"

namespace ploeg::weekplan::testing {
namespace {

using roster::Where;

class AcceptTest : public WeekBackendTest {
 protected:
  // Ann in on Monday and Tuesday, Bart and Cas on Tuesday; Ann's medical
  // examination in the office on Tuesday morning, Bart's video intake on
  // Wednesday; an office talk nobody was proposed for on Thursday.
  void SetUp() override {
    WeekBackendTest::SetUp();
    propose(ann, {"office", "office", "home", "home", "home"});
    propose(bart, {"home", "office", "home", "field", "home"});
    propose(cas, {"home", "office", "off", "home", "home"});
    examination = appointment(1, 9 * 60 + 30, "medical", Where::office, ann);
    video = appointment(2, 14 * 60, "intake", Where::video, bart);
    talk = appointment(3, 10 * 60, "intake", Where::office, 0);
  }

  Accepted accept_now() {
    auto t = week();
    return db_->transaction([&](store::Connection& c) { return accept(c, t, now); });
  }

  // What an accept writes to, in a fixed order, to compare before and after.
  std::vector<std::string> state() {
    std::vector<std::string> all;
    for (auto* sql :
         {"SELECT 'plan', team_id, person_id, day, place FROM week_plans ORDER BY 2, 3, 4",
          "SELECT 'appointment', id, day, COALESCE(person_id, 0), COALESCE(proposed_person_id, 0) "
          "FROM week_appointments ORDER BY id",
          "SELECT 'room', room_id, day, part, appointment_id FROM room_bookings ORDER BY 2, 3, 4",
          "SELECT 'desk', desk_id, day, part, person_id, booked_at FROM desk_bookings ORDER BY 2, "
          "3, 4",
          "SELECT 'waiting', office_id, day, person_id, part FROM desk_waiting ORDER BY id"}) {
      auto part = rows(sql);
      all.insert(all.end(), part.begin(), part.end());
    }
    return all;
  }

  // Refuses every new desk booking, as a failing last part of the accept.
  void refuse_desk_bookings() {
    auto lease = db_->acquire();
    if (postgresql()) {
      lease->execute_script(
          "CREATE FUNCTION refuse_desk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
          "EXCEPTION 'refused'; END $$; CREATE TRIGGER refuse_desk BEFORE INSERT ON desk_bookings "
          "FOR EACH ROW EXECUTE FUNCTION refuse_desk();");
    } else {
      lease->execute_script(
          "CREATE TRIGGER refuse_desk BEFORE INSERT ON desk_bookings BEGIN SELECT RAISE(ABORT, "
          "'refused'); END;");
    }
  }

  std::int64_t examination = 0, video = 0, talk = 0;
};

TEST_P(AcceptTest, WritesThePlanGivesTheAppointmentsAndBooksTheDesksInOneGo) {
  // Ann had booked a desk for Wednesday, a day the plan has her at home.
  ASSERT_EQ(book(ann, monday + 2).placement, workplace::Placement::booked);

  auto accepted = accept_now();

  EXPECT_TRUE(accepted.without_desk.empty());
  EXPECT_TRUE(accepted.without_room.empty());
  auto where = "WHERE team_id = $1 AND day >= $2 AND day < $3 ORDER BY person_id, day";
  auto plan = rows(std::string("SELECT person_id, day, place FROM week_plans ") + where,
                   {team1, monday, monday + 5});
  EXPECT_EQ(plan.size(), 15u);
  EXPECT_EQ(plan, rows(std::string("SELECT person_id, day, place FROM week_proposals ") + where,
                       {team1, monday, monday + 5}));

  EXPECT_EQ(rows("SELECT id, COALESCE(person_id, 0) FROM week_appointments ORDER BY id"),
            (std::vector<std::string>{std::to_string(examination) + "|" + std::to_string(ann),
                                      std::to_string(video) + "|" + std::to_string(bart),
                                      std::to_string(talk) + "|0"}));
  EXPECT_EQ(rows("SELECT appointment_id, room_id, day, part FROM room_bookings"),
            (std::vector<std::string>{std::to_string(examination) + "|" + std::to_string(room) +
                                      "|" + std::to_string(monday + 1) + "|am"}))
      << "the office examination holds the room; the video call and the unassigned talk none";

  // Desks: the neighbourhood first, in the order of the members' names.
  EXPECT_EQ(desks_of(ann, monday), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));
  EXPECT_EQ(desks_of(ann, monday + 1), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));
  EXPECT_EQ(desks_of(bart, monday + 1), (std::vector<std::string>{"am:T1-2", "pm:T1-2"}));
  EXPECT_EQ(desks_of(cas, monday + 1), (std::vector<std::string>{"am:G-1", "pm:G-1"}));
  EXPECT_TRUE(desks_of(ann, monday + 2).empty()) << "a home day gives the desk back";
  EXPECT_EQ(count("desk_bookings"), 8);
  EXPECT_EQ(count("desk_waiting"), 0);
}

TEST_P(AcceptTest, AFullOfficeLeavesThatDayOnTheWaitingListAndTheAcceptSaysSo) {
  // Two people of another team hold two of the four desks on Tuesday.
  ASSERT_EQ(book(dirk, monday + 1).placement, workplace::Placement::booked);
  ASSERT_EQ(book(eva, monday + 1).placement, workplace::Placement::booked);

  auto accepted = accept_now();

  EXPECT_EQ(accepted.without_desk, (std::vector<std::string>{"cas (tue)"}));
  EXPECT_EQ(desks_of(ann, monday + 1), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));
  EXPECT_EQ(desks_of(bart, monday + 1), (std::vector<std::string>{"am:T1-2", "pm:T1-2"}));
  EXPECT_TRUE(desks_of(cas, monday + 1).empty());
  EXPECT_EQ(workplace::waiting_position(*db_->acquire(), office, monday + 1, cas), 1);
  EXPECT_EQ(query("SELECT COUNT(*) FROM week_plans WHERE team_id = $1", {team1}).rows[0].integer(0),
            15)
      << "the whole plan is accepted all the same";
  EXPECT_EQ(count("room_bookings"), 1);
}

TEST_P(AcceptTest, AFailureInTheLastPartLeavesTheDatabaseAsItWas) {
  // An earlier accept of the week gave Ann a plan and a desk on Wednesday;
  // Gus waits for a desk on Tuesday.
  {
    auto lease = db_->acquire();
    for (int d = 0; d < 5; ++d)
      lease->query(
          "INSERT INTO week_plans (team_id, person_id, day, place) VALUES ($1, $2, $3, 'home')",
          {team1, ann, monday + d});
  }
  ASSERT_EQ(book(ann, monday + 2).placement, workplace::Placement::booked);
  ASSERT_EQ(book(dirk, monday + 1).placement, workplace::Placement::booked);
  ASSERT_EQ(book(eva, monday + 1).placement, workplace::Placement::booked);
  ASSERT_EQ(book(fien, monday + 1).placement, workplace::Placement::booked);
  ASSERT_EQ(book(gus, monday + 1).placement, workplace::Placement::booked);
  ASSERT_EQ(book(cas, monday + 1).placement, workplace::Placement::waiting);
  auto before = state();
  ASSERT_EQ(before.size(), 5u + 3u + 0u + 10u + 1u);
  refuse_desk_bookings();

  try {
    accept_now();
    ADD_FAILURE() << "the accept went through a refused desk booking";
  } catch (const store::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }

  EXPECT_EQ(state(), before) << "no plan, no members or rooms for appointments, no desks";
  EXPECT_EQ(rows("SELECT place FROM week_plans WHERE person_id = $1 ORDER BY day", {ann}),
            (std::vector<std::string>(5, "home")))
      << "the earlier plan is still the plan";

  // Only the desks stood in the way: without the refusal the same accept goes through.
  db_->acquire()->execute_script("DROP TRIGGER refuse_desk" +
                                 std::string(postgresql() ? " ON desk_bookings" : ""));
  auto accepted = accept_now();
  EXPECT_EQ(accepted.without_desk,
            (std::vector<std::string>{"ann (tue)", "bart (tue)", "cas (tue)"}))
      << "Tuesday is full";
  EXPECT_EQ(workplace::waiting_position(*db_->acquire(), office, monday + 1, cas), 1)
      << "Cas, waiting before, keeps the place in line";
  EXPECT_EQ(desks_of(ann, monday), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));
  EXPECT_EQ(rows("SELECT place FROM week_plans WHERE person_id = $1 ORDER BY day", {ann}),
            (std::vector<std::string>{"office", "office", "home", "home", "home"}));
}

// Another transaction books the last free desk while the accept runs: on
// PostgreSQL the accept's INSERT waits for it and then finds the desk taken
// (ON CONFLICT DO NOTHING, no error), so the accept carries on and commits,
// that day on the waiting list. SQLite lets one writer in at a time: the
// accept waits at its BEGIN and then sees the desk taken.
TEST_P(AcceptTest, ADeskTakenMeanwhileLeavesThatDayWaitingAndTheRestIsAccepted) {
  for (auto person : {dirk, eva, fien})
    ASSERT_EQ(book(person, monday + 1).placement, workplace::Placement::booked);
  {
    auto lease = db_->acquire();
    lease->query("DELETE FROM week_proposals WHERE person_id IN ($1, $2)", {bart, cas});
  }
  auto last = rows(
      "SELECT d.id, d.code FROM desks d WHERE d.code <> 'X-1' AND NOT EXISTS (SELECT 1 FROM "
      "desk_bookings b WHERE b.desk_id = d.id AND b.day = $1)",
      {monday + 1});
  ASSERT_EQ(last.size(), 1u) << "one desk left on Tuesday";
  auto last_id = std::stoll(last[0].substr(0, last[0].find('|')));
  auto last_code = last[0].substr(last[0].find('|') + 1);
  auto t = week();
  auto other = db_->acquire();
  other->query(postgresql() ? "BEGIN" : "BEGIN IMMEDIATE");
  for (auto* part : {"am", "pm"})
    other->query(
        "INSERT INTO desk_bookings (desk_id, day, part, person_id, booked_at) VALUES ($1, $2, $3, "
        "$4, $5)",
        {last_id, monday + 1, std::string(part), gus, now});

  auto accepting = std::async(std::launch::async, [&] {
    return db_->transaction([&](store::Connection& c) { return accept(c, t, now); });
  });
  bool waited = true;
  if (postgresql()) {
    // Until the accept's INSERT waits for the other transaction's row.
    auto watch = db_->acquire();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (watch->query("SELECT 1 FROM pg_locks WHERE NOT granted").empty() &&
           (waited = std::chrono::steady_clock::now() < deadline))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  other->query("COMMIT");
  EXPECT_TRUE(waited) << "the accept never waited for the other booking";
  auto accepted = accepting.get();

  EXPECT_EQ(accepted.without_desk, (std::vector<std::string>{"ann (tue)"}));
  EXPECT_EQ(desks_of(gus, monday + 1),
            (std::vector<std::string>{"am:" + last_code, "pm:" + last_code}));
  EXPECT_EQ(desks_of(ann, monday), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}))
      << "Monday was free";
  EXPECT_EQ(workplace::waiting_position(*db_->acquire(), office, monday + 1, ann), 1);
  EXPECT_EQ(query("SELECT COUNT(*) FROM week_plans WHERE person_id = $1", {ann}).rows[0].integer(0),
            5);
  EXPECT_EQ(
      query("SELECT COALESCE(person_id, 0) FROM week_appointments WHERE id = $1", {examination})
          .rows[0]
          .integer(0),
      ann);
}

PLOEG_INSTANTIATE_BACKENDS(AcceptTest);

}  // namespace
}  // namespace ploeg::weekplan::testing
