// End to end: the inbox on the real `ploeg serve`. An adviser asked for
// advice finds it in their inbox and on their home page, linked to the
// proposal, marks it read and chooses their mail; nobody else reads or
// marks it, an account that is no person has no inbox, and a visitor who
// is not signed in is sent to sign in.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "app/ploeg_server.hpp"
#include "casework/server/casework_pages_fixture.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class InboxPagesTest : public CaseworkPagesTest {};

std::string match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

TEST_F(InboxPagesTest, AnAdviserFindsTheAskInTheirInboxAndChoosesTheirMail) {
  auto team = db()->acquire()->query(
      "SELECT t.id, t.code FROM teams t WHERE t.kind = 'regional' AND (SELECT count(*) FROM "
      "memberships m WHERE m.team_id = t.id) >= 3 ORDER BY t.code LIMIT 1");
  auto team_id = team.rows.at(0).integer(0);
  auto members = db()->acquire()->query(
      "SELECT person_id FROM memberships WHERE team_id = $1 ORDER BY person_id LIMIT 3", {team_id});
  auto author_id = members.rows.at(0).integer(0);
  auto adviser_id = members.rows.at(1).integer(0);
  auto other_id = members.rows.at(2).integer(0);

  auto author = as(author_id);
  author.get("/proposals/new");
  auto made = author.post("/proposals", {{"title", "Inbox: a quiet hour on Mondays"},
                                         {"problem", "Mondays are loud."},
                                         {"proposal", "No calls before ten on Mondays."},
                                         {"team", team.rows[0].text(1)},
                                         {"advice_working_days", "10"}});
  ASSERT_EQ(made.status, 303) << made.body;
  auto reference = match(made.header("Location").value_or(""), R"re(/proposals/(P-\d+))re");
  ASSERT_FALSE(reference.empty());
  author.get("/proposals/" + reference);
  auto asked = author.post(
      "/proposals/" + reference + "/ask",
      {{"adviser", std::to_string(adviser_id)}, {"required", std::to_string(adviser_id)}});
  ASSERT_EQ(asked.status, 303) << asked.body;

  // The adviser's inbox and home page say so, linked to the proposal.
  auto adviser = as(adviser_id);
  auto box = adviser.get("/inbox");
  ASSERT_EQ(box.status, 200) << box.body;
  EXPECT_TRUE(has(box, "Your advice is asked"));
  EXPECT_TRUE(
      has(box, "<a href=\"/proposals/" + reference + "\">Inbox: a quiet hour on Mondays</a>"));
  EXPECT_TRUE(has(box, "1 unread item."));
  auto home = adviser.get("/");
  EXPECT_TRUE(has(home, "1 unread item.")) << home.body;
  EXPECT_TRUE(has(home, "href=\"/inbox\""));
  auto item = match(box.body, R"re(action="/inbox/(\d+)/read")re");
  ASSERT_FALSE(item.empty());

  // Nobody else marks it read: not theirs, not found.
  auto other = as(other_id);
  other.get("/inbox");
  auto not_theirs = other.post("/inbox/" + item + "/read", {});
  EXPECT_EQ(not_theirs.status, 404);
  EXPECT_TRUE(has(not_theirs, "There is no such item in your inbox."));
  EXPECT_FALSE(has(other.get("/inbox"), "quiet hour")) << "another person's inbox shown";
  EXPECT_EQ(count("SELECT count(*) FROM inbox_items WHERE id = $1 AND read_at IS NULL",
                  {std::stoll(item)}),
            1);

  // The adviser marks it read.
  auto read = adviser.post("/inbox/" + item + "/read", {});
  EXPECT_EQ(read.status, 303);
  box = adviser.get("/inbox?done=read");
  EXPECT_TRUE(has(box, "0 unread items."));
  EXPECT_TRUE(has(box, "Marked read."));

  // Mail settings: a digest nobody knows is refused and nothing is saved.
  auto bad = adviser.post("/inbox/settings", {{"digest", "weekly"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "Choose a daily digest or none."));
  EXPECT_EQ(count("SELECT count(*) FROM inbox_settings WHERE person_id = $1", {adviser_id}), 0);
  auto saved =
      adviser.post("/inbox/settings", {{"digest", "none"}, {"immediate", "asked_for_advice"}});
  EXPECT_EQ(saved.status, 303);
  box = adviser.get("/inbox?done=settings");
  EXPECT_TRUE(has(box, "id=\"inbox-digest-none\" name=\"digest\" value=\"none\" checked"));
  EXPECT_TRUE(has(box, "value=\"asked_for_advice\" checked"));
  EXPECT_TRUE(has(box, "Your mail settings are saved."));

  // An account that is no person has no inbox; a visitor not signed in signs in first.
  auto admin = demo_->signed_in("admin");
  auto refused = admin.get("/inbox");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(has(refused, "Only people of the organisation have an inbox."));
  EXPECT_EQ(admin.post("/inbox/read-all", {}).status, 403);
  EXPECT_EQ(admin.post("/inbox/settings", {{"digest", "none"}}).status, 403);
  Visitor anonymous(demo_->port());
  anonymous.get("/");
  auto sign_in = anonymous.get("/inbox");
  EXPECT_EQ(sign_in.status, 303);
  EXPECT_EQ(sign_in.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_EQ(anonymous.post("/inbox/" + item + "/read", {}).status, 403);
  EXPECT_EQ(adviser.get("/inbox?page=1001").status, 422);
}

}  // namespace
}  // namespace ploeg::test
