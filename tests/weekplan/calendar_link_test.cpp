// A person's calendar link on both backends (issue 18): the feed finds it by
// the token's hash, its owner's page can read it again, making a new one
// ends the old, and a new password of the person's account ends it too.
#include <gtest/gtest.h>

#include "weekplan/calendar.hpp"
#include "weekplan/week_backend.hpp"

namespace ploeg::weekplan::testing {
namespace {

class CalendarLinkTest : public WeekBackendTest {
 protected:
  // An account linked to `person`, its password last changed at `changed`.
  std::int64_t account(std::int64_t person, const std::string& name, std::int64_t changed) {
    auto id = query(
                  "INSERT INTO users (username, display_name, role, password_hash, language, "
                  "created_at, password_changed_at, disabled) VALUES ($1, $1, 'coworker', 'x', "
                  "'nl', $2, $2, 0) RETURNING id",
                  {name, changed})
                  .rows.at(0)
                  .integer(0);
    query("INSERT INTO account_people (user_id, person_id) VALUES ($1, $2)", {id, person});
    return id;
  }
};

TEST_P(CalendarLinkTest, TheOwnersPageReadsTheLinkAgainAndTheFeedFindsItByItsHash) {
  auto lease = db_->acquire();
  EXPECT_FALSE(calendar_link(*lease, ann).has_value());
  auto token = new_calendar_token(*lease, ann, now);
  auto link = calendar_link(*lease, ann);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->token, token);
  EXPECT_FALSE(link->ended);
  auto owner = calendar_owner(*lease, token);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->person_id, ann);
  EXPECT_EQ(owner->language, "en") << "no account: English";
  EXPECT_FALSE(calendar_owner(*lease, token + "x").has_value());
  // A new one ends the old.
  auto renewed = new_calendar_token(*lease, ann, now + 60);
  EXPECT_NE(renewed, token);
  EXPECT_FALSE(calendar_owner(*lease, token).has_value());
  EXPECT_EQ(calendar_link(*lease, ann)->token, renewed);
}

TEST_P(CalendarLinkTest, ANewPasswordEndsTheLinksMadeBeforeIt) {
  auto user = account(bart, "bart", now - 3600);
  auto lease = db_->acquire();
  auto token = new_calendar_token(*lease, bart, now);
  ASSERT_TRUE(calendar_owner(*lease, token).has_value());
  EXPECT_EQ(calendar_owner(*lease, token)->language, "nl");
  // The password changes: the link ends, and the page can say so.
  lease->query("UPDATE users SET password_changed_at = $1 WHERE id = $2", {now + 60, user});
  EXPECT_FALSE(calendar_owner(*lease, token).has_value());
  auto link = calendar_link(*lease, bart);
  ASSERT_TRUE(link.has_value());
  EXPECT_TRUE(link->ended);
  // One made after the change works; so does it whatever the clocks say:
  // a password stamped by a process whose clock runs behind still ends it.
  auto after = new_calendar_token(*lease, bart, now + 120);
  EXPECT_TRUE(calendar_owner(*lease, after).has_value());
  EXPECT_FALSE(calendar_link(*lease, bart)->ended);
  lease->query("UPDATE users SET password_changed_at = $1 WHERE id = $2", {now - 7200, user});
  EXPECT_FALSE(calendar_owner(*lease, after).has_value());
  // Another person's account changes nothing of this one's link.
  auto other = account(cas, "cas", now - 3600);
  auto kept = new_calendar_token(*lease, bart, now + 180);
  lease->query("UPDATE users SET password_changed_at = $1 WHERE id = $2", {now + 240, other});
  EXPECT_TRUE(calendar_owner(*lease, kept).has_value());
}

PLOEG_INSTANTIATE_BACKENDS(CalendarLinkTest);

}  // namespace
}  // namespace ploeg::weekplan::testing
