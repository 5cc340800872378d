// End to end on the real server: a co-worker's home shows their work; the
// queue is searched and filtered. Who may:
//
//   GET /                          anyone; "Your work" for a person of the
//                                  organisation, about them only.
//   GET /teams/{code}/queue?q=...  members of the team (names of what is
//                                  found, audited); everyone else 403 with no
//                                  name; anonymous sent to sign in.
#include <gtest/gtest.h>

#include "casework/server/casework_pages_fixture.hpp"

namespace ploeg::test {
namespace {

class MyWorkPagesTest : public CaseworkPagesTest {};

TEST_F(MyWorkPagesTest, TheHomeShowsTheStepsIHoldAndMyTeamsQueueWithItsLinks) {
  auto link = file("parking_card", "9000");
  auto reference = reference_on(Visitor(demo_->port()).get(link).body);
  auto team_id = count("SELECT team_id FROM requests WHERE reference = $1", {reference});
  auto code =
      db()->acquire()->query("SELECT code FROM teams WHERE id = $1", {team_id}).rows.at(0).text(0);
  auto person = member(team_id, "intake");
  auto me = as(person);
  ASSERT_EQ(me.post("/requests/" + reference + "/take", {{"step_code", "intake"}}).status, 303);

  auto home = me.get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(has(home, "Your work"));
  EXPECT_TRUE(has(home, "href=\"/requests/" + reference + "\""));
  EXPECT_TRUE(has(home, "href=\"/teams/" + code + "/queue\""));
  EXPECT_TRUE(has(home, "href=\"/figures/teams/" + code + "\""));
  auto in_progress =
      count("SELECT count(*) FROM requests WHERE team_id = $1 AND finished_at IS NULL", {team_id});
  EXPECT_TRUE(has(home, std::to_string(in_progress) + " request")) << in_progress;
  // The home names no citizen: references only.
  EXPECT_FALSE(has(home, citizen_name));
  // The team page links its queue for its members, its figures for everyone.
  auto team_page = me.get("/teams/" + code);
  EXPECT_TRUE(has(team_page, "href=\"/teams/" + code + "/queue\""));
  auto others = demo_->signed_in("coworker").get("/teams/" + code);
  EXPECT_FALSE(has(others, "href=\"/teams/" + code + "/queue\""));
  EXPECT_TRUE(has(others, "href=\"/figures/teams/" + code + "\""));

  // The administrator is nobody of the organisation; a guest is not signed in.
  EXPECT_FALSE(has(demo_->signed_in("admin").get("/"), "Your work"));
  auto guest = Visitor(demo_->port()).get("/");
  EXPECT_EQ(guest.status, 200);
  EXPECT_FALSE(has(guest, "Your work"));
}

TEST_F(MyWorkPagesTest, MembersSearchTheQueueByNameEverySearchIsAuditedOthersAreRefused) {
  auto link = file("parking_card", "9000");
  auto reference = reference_on(Visitor(demo_->port()).get(link).body);
  auto team_id = count("SELECT team_id FROM requests WHERE reference = $1", {reference});
  auto code =
      db()->acquire()->query("SELECT code FROM teams WHERE id = $1", {team_id}).rows.at(0).text(0);
  auto path = "/teams/" + code + "/queue?q=vermeulen&type=parking_card";
  auto searches = [] {
    return count("SELECT count(*) FROM audit_log WHERE action = 'queue.search'", {});
  };

  auto before = searches();
  auto found = as(member(team_id, "intake")).get(path);
  ASSERT_EQ(found.status, 200);
  EXPECT_TRUE(has(found, citizen_name));
  EXPECT_TRUE(has(found, reference));
  EXPECT_TRUE(has(found, "it is in the audit log"));
  EXPECT_EQ(searches(), before + 1);
  // Filters alone show no names.
  auto filtered = as(member(team_id, "intake")).get("/teams/" + code + "/queue?type=parking_card");
  EXPECT_TRUE(has(filtered, reference));
  EXPECT_FALSE(has(filtered, citizen_name));
  EXPECT_EQ(searches(), before + 1);
  // Too long a search: 422, nothing searched.
  auto too_long =
      as(member(team_id, "intake")).get("/teams/" + code + "/queue?q=" + std::string(101, 'a'));
  EXPECT_EQ(too_long.status, 422);

  for (auto& who : {std::string("coworker"), std::string("coach"), std::string("admin")}) {
    auto r = demo_->signed_in(who).get(path);
    EXPECT_EQ(r.status, 403) << who;
    EXPECT_FALSE(has(r, citizen_name)) << who;
    EXPECT_FALSE(has(r, reference)) << who;
  }
  auto anonymous = Visitor(demo_->port()).get(path);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_FALSE(has(anonymous, citizen_name));
  EXPECT_EQ(searches(), before + 1);
}

}  // namespace
}  // namespace ploeg::test
