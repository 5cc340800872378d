// Desk bookings on both backends, each write inside the caller's
// transaction: booking twice is "already", a full office gives a place in
// line, a desk given back goes to the first one waiting, and a move to a
// taken desk changes nothing and leaves the transaction usable.
#include <gtest/gtest.h>

#include <algorithm>

#include "workplace/places_backend.hpp"

namespace ploeg::workplace::testing {
namespace {

class BookingTest : public PlacesBackendTest {
 protected:
  static constexpr std::int64_t tuesday = monday + 1;

  std::vector<std::int64_t> release(std::int64_t person) {
    return db_->transaction(
        [&](store::Connection& c) { return workplace::release(c, person, office, tuesday, now); });
  }
  int position(std::int64_t person) {
    return workplace::waiting_position(*db_->acquire(), office, tuesday, person);
  }
};

TEST_P(BookingTest, BookingTwiceIsAlreadyAndAFullOfficeGivesAPlaceInLine) {
  auto first = book(ann, tuesday, team1);
  ASSERT_EQ(first.placement, Placement::booked);
  ASSERT_TRUE(first.desk);
  EXPECT_EQ(first.desk->desk_code, "T1-1");
  EXPECT_EQ(first.desk->zone_name, "T1");
  EXPECT_EQ(first.desk->floor_name, "Ground floor");
  EXPECT_TRUE(first.desk->in_neighbourhood);
  EXPECT_EQ(desks_of(ann, tuesday), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));

  auto again = book(ann, tuesday, team1);
  EXPECT_EQ(again.placement, Placement::already);
  ASSERT_TRUE(again.desk);
  EXPECT_EQ(again.desk->desk_id, desks["T1-1"]);
  EXPECT_EQ(count("desk_bookings"), 2) << "nothing booked twice";

  EXPECT_EQ(book(bart, tuesday, team1).desk->desk_code, "T1-2");
  auto outside = book(cas, tuesday, team1);
  EXPECT_EQ(outside.desk->desk_code, "G-1") << "the neighbourhood is full: the open area";
  EXPECT_FALSE(outside.desk->in_neighbourhood);
  EXPECT_EQ(book(dirk, tuesday).desk->desk_code, "G-2");

  auto full = book(eva, tuesday);
  EXPECT_EQ(full.placement, Placement::waiting);
  EXPECT_EQ(full.waiting_position, 1);
  EXPECT_FALSE(full.desk);
  EXPECT_EQ(book(fien, tuesday).waiting_position, 2);
  EXPECT_EQ(book(eva, tuesday).waiting_position, 1) << "asking again keeps the place";
  EXPECT_EQ(count("desk_waiting"), 2);
  EXPECT_TRUE(desks_of(eva, tuesday).empty());
  EXPECT_EQ(count("desk_bookings"), 8);
}

TEST_P(BookingTest, ADayOutsideTheHorizonIsRefusedAndNothingIsWritten) {
  for (auto day : {today - 1, today + 29}) {
    auto refused = book(ann, day);
    EXPECT_EQ(refused.verdict, Verdict::invalid);
    EXPECT_EQ(refused.first_key(), "desk_outside_horizon");
  }
  EXPECT_EQ(book(ann, today + 28).placement, Placement::booked) << "the last day of the horizon";
  EXPECT_EQ(count("desk_bookings"), 2);
  EXPECT_EQ(count("desk_waiting"), 0);
}

TEST_P(BookingTest, ADeskGivenBackGoesToTheFirstWaiting) {
  for (auto person : {ann, bart, cas, dirk})
    ASSERT_EQ(book(person, tuesday, team1).placement, Placement::booked);
  ASSERT_EQ(book(eva, tuesday).placement, Placement::waiting);
  ASSERT_EQ(book(fien, tuesday).placement, Placement::waiting);

  EXPECT_EQ(release(ann), (std::vector<std::int64_t>{eva}));
  EXPECT_TRUE(desks_of(ann, tuesday).empty());
  EXPECT_EQ(desks_of(eva, tuesday), (std::vector<std::string>{"am:T1-1", "pm:T1-1"}));
  EXPECT_EQ(position(eva), 0) << "off the list once she has a desk";
  EXPECT_EQ(position(fien), 1) << "next in line";

  EXPECT_TRUE(release(fien).empty()) << "leaving the list frees no desk";
  EXPECT_EQ(position(fien), 0);
  EXPECT_TRUE(release(eva).empty()) << "nobody waits any more";
  EXPECT_EQ(rows("SELECT COUNT(*) FROM desk_bookings WHERE desk_id = $1", {desks["T1-1"]}),
            (std::vector<std::string>{"0"}));
  EXPECT_EQ(count("desk_bookings"), 6);
}

TEST_P(BookingTest, AMoveToATakenDeskChangesNothingAndTheTransactionGoesOn) {
  ASSERT_EQ(book(ann, tuesday, team1).desk->desk_code, "T1-1");
  ASSERT_EQ(book(bart, tuesday, team1).desk->desk_code, "T1-2");
  auto everything = [&] {
    return rows("SELECT desk_id, day, part, person_id, booked_at FROM desk_bookings ORDER BY 1, 3");
  };
  auto before = everything();

  std::vector<std::string> answers;
  db_->transaction([&](store::Connection& c) {
    answers.push_back(
        workplace::move_to_desk(c, ann, office, tuesday, desks["T1-2"], now + 60).first_key());
    answers.push_back(
        workplace::move_to_desk(c, ann, office, tuesday, desks["X-1"], now + 60).first_key());
    // The same transaction goes on after both refusals: Cas books a desk in it.
    workplace::BookingRequest r;
    r.person_id = cas;
    r.office_id = office;
    r.day = monday;
    EXPECT_EQ(workplace::book(c, r, today, 28, now).placement, Placement::booked);
  });
  EXPECT_EQ(answers, (std::vector<std::string>{"week_desk_taken", "week_desk_elsewhere"}));
  auto after = everything();
  ASSERT_EQ(after.size(), before.size() + 2) << "Cas's booking came through";
  after.erase(std::remove_if(after.begin(), after.end(),
                             [&](const std::string& row) {
                               return row.find("|" + std::to_string(monday) + "|") !=
                                      std::string::npos;
                             }),
              after.end());
  EXPECT_EQ(after, before) << "Ann and Bart keep their desks as they were, booked_at too";

  auto moved = db_->transaction([&](store::Connection& c) {
    return workplace::move_to_desk(c, ann, office, tuesday, desks["G-2"], now + 60);
  });
  EXPECT_TRUE(moved.ok()) << moved.first_key();
  EXPECT_EQ(desks_of(ann, tuesday), (std::vector<std::string>{"am:G-2", "pm:G-2"}));
  EXPECT_EQ(rows("SELECT COUNT(*) FROM desk_bookings WHERE desk_id = $1 AND day = $2",
                 {desks["T1-1"], tuesday}),
            (std::vector<std::string>{"0"}))
      << "the old desk is free";
}

PLOEG_INSTANTIATE_BACKENDS(BookingTest);

}  // namespace
}  // namespace ploeg::workplace::testing
