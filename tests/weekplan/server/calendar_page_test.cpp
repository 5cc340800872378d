// The calendar link on the week page, end to end (issue 18): making one is
// a POST and a redirect, so a reload never makes another; the page shows
// the current link again, to its owner only; replacing a working link must
// be confirmed; a new password ends the link, and the page says so. The
// token is in no address the server redirects to and in no audit entry.
// (Not a Week* suite: the password's moment and the link's are compared as
// the accounts' column has them, which a suite at a fixed PLOEG_NOW, whose
// every process starts its clock anew, would make the same second.)
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

using week::date_of;
using week::monday_in;

class CalendarLinkPageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-calendar-page-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }

  // The calendar link the page shows; "" none.
  static std::string shown(const HttpResponse& page) {
    std::smatch m;
    static const std::regex feed(
        R"re(id="week-feed" type="text" readonly value="http://[^/"]+(/calendar/[^"]+\.ics)")re");
    return std::regex_search(page.body, m, feed) ? m[1].str() : "";
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(CalendarLinkPageTest, MadeOnceShownAgainReplacedOnlyWhenConfirmedEndedByANewPassword) {
  auto team = week::coworker_team(*database());
  auto start = date_of(monday_in(1));
  auto week = "/teams/" + team.code + "/week";
  auto v = demo_->signed_in("coworker");
  auto page = v.get(week + "?start=" + start);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(shown(page), "");
  EXPECT_NE(page.body.find("Make my calendar link"), std::string::npos);
  EXPECT_EQ(page.body.find("name=\"replace\""), std::string::npos) << "nothing to replace yet";

  // Made: a redirect without the token, then the page shows it, and again on a reload.
  auto made = v.post(week + "/calendar", {{"start", start}});
  ASSERT_EQ(made.status, 303) << made.body;
  auto location = made.header("Location").value_or("");
  EXPECT_EQ(location, week + "?start=" + start + "&done=calendar_made");
  auto after = v.get(location);
  auto feed = shown(after);
  ASSERT_FALSE(feed.empty()) << after.body;
  EXPECT_NE(after.body.find("Your calendar link is ready"), std::string::npos);
  auto token = feed.substr(std::string("/calendar/").size());
  token = token.substr(0, token.size() - 4);
  EXPECT_EQ(location.find(token), std::string::npos);
  EXPECT_EQ(shown(v.get(week + "?start=" + start)), feed) << "a reload shows the same link";
  EXPECT_EQ(shown(v.get(week + "?start=" + start)), feed);
  EXPECT_EQ(http_request(demo_->port(), "GET", feed).status, 200);
  // Only its owner sees it: the team's coach on the same week does not.
  auto coach = demo_->signed_in("coach");
  auto coach_page = coach.get(week + "?start=" + start);
  ASSERT_EQ(coach_page.status, 200);
  EXPECT_EQ(coach_page.body.find(token), std::string::npos);

  // Replacing a working link asks for a confirmation; without it nothing changes.
  auto page_now = v.get(week + "?start=" + start);
  EXPECT_NE(page_now.body.find("Replace my calendar link"), std::string::npos);
  EXPECT_NE(page_now.body.find("Yes, end my current link"), std::string::npos);
  auto unconfirmed = v.post(week + "/calendar", {{"start", start}});
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_NE(unconfirmed.body.find("Tick the box to end your current link"), std::string::npos);
  EXPECT_NE(unconfirmed.body.find("aria-describedby=\"calendar-replace-error\""),
            std::string::npos);
  EXPECT_EQ(shown(unconfirmed), feed);
  EXPECT_EQ(http_request(demo_->port(), "GET", feed).status, 200) << "the link still works";
  auto replaced = v.post(week + "/calendar", {{"start", start}, {"replace", "yes"}});
  ASSERT_EQ(replaced.status, 303);
  auto renewed = shown(v.get(replaced.header("Location").value_or("")));
  ASSERT_FALSE(renewed.empty());
  EXPECT_NE(renewed, feed);
  EXPECT_EQ(http_request(demo_->port(), "GET", feed).status, 404) << "the old link ended";
  EXPECT_EQ(http_request(demo_->port(), "GET", renewed).status, 200);
  auto entries = database()->acquire()->query(
      "SELECT detail FROM audit_log WHERE action = 'weekplan.calendar_link' AND subject = $1 "
      "ORDER BY id",
      {"person:" + std::to_string(team.person)});
  ASSERT_EQ(entries.rows.size(), 2u);
  EXPECT_EQ(entries.rows[0].text(0), "made");
  EXPECT_EQ(entries.rows[1].text(0), "replaced; the old link ended");

  // A new password ends it; the page says so and makes a new one unasked.
  ASSERT_TRUE(
      run_ploeg({"user", "passwd", "coworker", "--password-stdin", "--database", demo_->database()},
                "calendar-page-secret\n")
          .success());
  auto gone = http_request(demo_->port(), "GET", renewed);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body.find("BEGIN:VCALENDAR"), std::string::npos);
  Visitor again(demo_->port());
  ASSERT_TRUE(again.sign_in("coworker", "calendar-page-secret"));
  auto ended = again.get(week + "?start=" + start);
  EXPECT_EQ(shown(ended), "");
  EXPECT_NE(ended.body.find("Your calendar link ended when your password changed"),
            std::string::npos);
  EXPECT_EQ(ended.body.find("name=\"replace\""), std::string::npos);
  auto fresh = again.post(week + "/calendar", {{"start", start}});
  ASSERT_EQ(fresh.status, 303);
  auto newest = shown(again.get(fresh.header("Location").value_or("")));
  ASSERT_FALSE(newest.empty());
  EXPECT_EQ(http_request(demo_->port(), "GET", newest).status, 200);
  // No audit entry holds a token.
  for (auto& r : database()->acquire()->query("SELECT detail FROM audit_log").rows) {
    for (auto* link : {&feed, &renewed, &newest}) {
      auto t = link->substr(10, link->size() - 14);
      EXPECT_EQ(r.text(0).find(t), std::string::npos) << r.text(0);
    }
  }
}

}  // namespace
}  // namespace ploeg::test
