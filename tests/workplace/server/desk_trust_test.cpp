// Who may book or give back a desk for someone else over the API (issue 18):
// the person themselves, the coach of a team they are in, an administrator;
// nobody else, and a refusal says nothing of the person. Every booking and
// release is in the audit log: who, for whom, the day, the office, the desk.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "workplace/server/trust_cast.hpp"

namespace ploeg::test {
namespace {

using trust::Who;

class WorkplaceTrust : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = std::make_unique<DemoServer>("ploeg-desk-trust-", trust::add_accounts);
    team_ = trust::team_of(demo_->database());
    auto db = store::Database::open(demo_->database());
    office_ = db->acquire()
                  ->query("SELECT code FROM offices WHERE region_id = $1", {team_.region_id})
                  .rows.at(0)
                  .text(0);
  }
  static void TearDownTestSuite() { demo_.reset(); }

  // The headers of a JSON call with the visitor's session and CSRF token.
  static HeaderList api_headers(Visitor& v) {
    HeaderList headers{{"Content-Type", "application/json"}};
    auto session = v.get("/api/v1/session");
    std::smatch m;
    if (std::regex_search(session.body, m, std::regex(R"re("csrf":"([^"]+)")re")))
      headers.emplace_back("X-CSRF-Token", m[1]);
    std::string cookie;
    for (auto& [name, value] : v.cookies())
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
    return headers;
  }

  static HttpResponse book(Who who, std::int64_t person, std::int64_t day) {
    auto v = trust::visitor(*demo_, who);
    return http_request(demo_->port(), "POST", "/api/v1/desk-bookings",
                        "{\"office\":\"" + office_ + "\",\"day\":\"" + date_text(day) +
                            "\",\"person\":" + std::to_string(person) + "}",
                        api_headers(v));
  }

  // A refusal names no one: not the person's name, e-mail or desk.
  static void names_no_one(const HttpResponse& r) {
    EXPECT_EQ(r.body.find(team_.teammate_name), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(team_.teammate_email), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("\"desk\""), std::string::npos) << r.body;
  }

  static inline std::unique_ptr<DemoServer> demo_;
  static inline trust::Team team_;
  static inline std::string office_;
};

// Each standing books for the teammate on a day of its own.
TEST_F(WorkplaceTrust, OnlyTheTeamsCoachAndAdministratorsBookForATeammate) {
  struct Case {
    Who who;
    int status;
  };
  const Case cases[] = {{Who::anonymous, 401}, {Who::member, 403},      {Who::other_member, 403},
                        {Who::coach, 201},     {Who::other_coach, 403}, {Who::admin, 201}};
  std::int64_t day = today() + 1;
  for (auto& c : cases) {
    SCOPED_TRACE(trust::name_of(c.who));
    auto r = book(c.who, team_.teammate, day++);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (c.status == 403) {
      EXPECT_NE(
          r.body.find(
              R"({"error":{"code":"forbidden","message":"You may book a desk for yourself only, or for someone in a team you coach.","field":"person"}})"),
          std::string::npos)
          << r.body;
      names_no_one(r);
    }
    if (c.status == 401) names_no_one(r);
  }
  // A coach of other teams learns nothing of whether a person exists either.
  auto unknown = book(Who::other_coach, 999999999, today() + 1);
  EXPECT_EQ(unknown.status, 403) << unknown.body;
  auto unknown_admin = book(Who::admin, 999999999, today() + 1);
  EXPECT_EQ(unknown_admin.status, 404) << unknown_admin.body;
  // Acting for themselves, everyone of the organisation keeps what they had.
  auto own = book(Who::member, team_.member, today() + 8);
  EXPECT_EQ(own.status, 201) << own.body;
}

TEST_F(WorkplaceTrust, OnlyTheTeamsCoachAndAdministratorsGiveBackATeammatesDesk) {
  struct Case {
    Who who;
    int status;
  };
  const Case cases[] = {{Who::anonymous, 401}, {Who::member, 403},      {Who::other_member, 403},
                        {Who::coach, 200},     {Who::other_coach, 403}, {Who::admin, 200}};
  std::int64_t day = today() + 10;
  for (auto& c : cases) {
    SCOPED_TRACE(trust::name_of(c.who));
    ASSERT_EQ(book(Who::admin, team_.teammate, day).status, 201);
    auto v = trust::visitor(*demo_, c.who);
    auto id = date_text(day) + "." + std::to_string(team_.teammate);
    auto by_id =
        http_request(demo_->port(), "DELETE", "/api/v1/desk-bookings/" + id, "", api_headers(v));
    EXPECT_EQ(by_id.status, c.status) << by_id.body;
    if (c.status == 403) {
      EXPECT_NE(
          by_id.body.find(
              R"({"error":{"code":"forbidden","message":"You may give back your own desk only, or that of someone in a team you coach.","field":"id"}})"),
          std::string::npos)
          << by_id.body;
      names_no_one(by_id);
    }
    // The same by office, day and person.
    auto by_query =
        http_request(demo_->port(), "DELETE",
                     "/api/v1/desk-bookings?office=" + office_ + "&day=" + date_text(day) +
                         "&person=" + std::to_string(team_.teammate),
                     "", api_headers(v));
    EXPECT_EQ(by_query.status, c.status == 200 ? 200 : c.status) << by_query.body;
    if (c.status != 200) {
      names_no_one(by_query);
      auto db = store::Database::open(demo_->database());
      auto held = db->acquire()->query(
          "SELECT COUNT(*) FROM desk_bookings WHERE person_id = $1 AND day = $2",
          {team_.teammate, day});
      EXPECT_EQ(held.rows[0].integer(0), 2) << "the refused leave the desk as it was";
    }
    ++day;
  }
}

TEST_F(WorkplaceTrust, EveryBookingAndReleaseIsAudited) {
  std::int64_t day = today() + 20;
  auto booked = book(Who::coach, team_.teammate, day);
  ASSERT_EQ(booked.status, 201) << booked.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(booked.body, m, std::regex(R"re("desk":"([^"]+)")re")));
  std::string desk = m[1];
  auto entries = trust::audited(demo_->database(), "workplace.desk_booked");
  ASSERT_FALSE(entries.empty());
  auto& last = entries.back();
  EXPECT_EQ(last.actor, "user:coach");
  EXPECT_EQ(last.subject, "person:" + std::to_string(team_.teammate));
  EXPECT_EQ(last.detail,
            "day " + date_text(day) + ", office " + office_ + ", desk " + desk + ", day");

  auto v = trust::visitor(*demo_, Who::coach);
  auto id = date_text(day) + "." + std::to_string(team_.teammate);
  ASSERT_EQ(http_request(demo_->port(), "DELETE", "/api/v1/desk-bookings/" + id, "", api_headers(v))
                .status,
            200);
  auto released = trust::audited(demo_->database(), "workplace.desk_released");
  ASSERT_FALSE(released.empty());
  EXPECT_EQ(released.back().actor, "user:coach");
  EXPECT_EQ(released.back().subject, "person:" + std::to_string(team_.teammate));
  EXPECT_EQ(released.back().detail, "day " + date_text(day) + ", office " + office_);
  // A refusal writes no booking entry.
  auto before = trust::audited(demo_->database(), "workplace.desk_booked").size();
  EXPECT_EQ(book(Who::other_coach, team_.teammate, day).status, 403);
  EXPECT_EQ(trust::audited(demo_->database(), "workplace.desk_booked").size(), before);
  // No entry names the person: ids only.
  for (auto& e : trust::audited(demo_->database(), "workplace.desk_booked")) {
    EXPECT_EQ(e.detail.find(team_.teammate_name), std::string::npos) << e.detail;
    EXPECT_EQ(e.detail.find(team_.teammate_email), std::string::npos) << e.detail;
  }
}

}  // namespace
}  // namespace ploeg::test
