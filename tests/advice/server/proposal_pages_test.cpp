// End to end: proposals under the advice process on the real `ploeg serve`
// with the demo organisation. A co-worker writes a draft nobody else can
// see or touch, asks advice of the advisers ploeg suggests (with why), is
// refused a decision while a required adviser has not answered, and decides
// answering the objection; the open decision log lists and searches what is
// asked and decided. Each route refuses the people it is not for with its
// exact status and nothing of the draft.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "app/ploeg_server.hpp"
#include "casework/server/casework_pages_fixture.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class ProposalPagesTest : public CaseworkPagesTest {
 protected:
  // A person's name as the page shows it (escaped as HTML).
  static std::string name_of(std::int64_t person_id) {
    auto name = db()->acquire()
                    ->query("SELECT name FROM people WHERE id = $1", {person_id})
                    .rows.at(0)
                    .text(0);
    std::string shown;
    for (char ch : name) {
      switch (ch) {
        case '&':
          shown += "&amp;";
          break;
        case '<':
          shown += "&lt;";
          break;
        case '>':
          shown += "&gt;";
          break;
        case '"':
          shown += "&quot;";
          break;
        case '\'':
          shown += "&apos;";
          break;
        default:
          shown += ch;
      }
    }
    return shown;
  }
  // The person the demo's coach login is: the coach of the first regional team.
  static std::int64_t demo_coach() {
    return count("SELECT coach_id FROM teams WHERE kind = 'regional' ORDER BY code LIMIT 1", {});
  }
};

std::string first(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m[1].str();
}

std::vector<std::string> all_of(const std::string& text, const std::string& pattern) {
  std::vector<std::string> found;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    found.push_back((*it)[1].str());
  return found;
}

TEST_F(ProposalPagesTest,
       ADraftIsAskedAdviceOfTheSuggestedAdvisersAndDecidedAnsweringTheObjection) {
  auto coach = demo_coach();
  // A regional team the demo coach neither coaches nor is in, with three members at least.
  auto team_id = count(
      "SELECT min(t.id) FROM teams t WHERE t.kind = 'regional' AND (t.coach_id IS NULL OR "
      "t.coach_id <> $1) AND $1 NOT IN (SELECT person_id FROM memberships WHERE team_id = t.id) "
      "AND (SELECT count(*) FROM memberships m WHERE m.team_id = t.id) >= 3",
      {coach});
  auto team_code =
      db()->acquire()->query("SELECT code FROM teams WHERE id = $1", {team_id}).rows.at(0).text(0);
  auto author_id = count("SELECT min(person_id) FROM memberships WHERE team_id = $1", {team_id});
  // People of another regional team, in neither the first team nor coaching anything.
  auto others = db()->acquire()->query(
      "SELECT DISTINCT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
      "t.kind = 'regional' AND t.id <> $1 AND m.person_id NOT IN (SELECT person_id FROM "
      "memberships WHERE team_id = $1) AND m.person_id NOT IN (SELECT coach_id FROM teams WHERE "
      "coach_id IS NOT NULL) ORDER BY m.person_id LIMIT 2",
      {team_id});
  ASSERT_EQ(others.rows.size(), 2u);
  auto outsider_id = others.rows[0].integer(0);
  auto optional_id = others.rows[1].integer(0);

  auto author = as(author_id);
  auto form = author.get("/proposals/new");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(has(form, "name=\"team\" value=\"" + team_code + "\""));
  EXPECT_TRUE(has(form, "name=\"advice_working_days\" value=\"10\""));

  // Refused forms come back with what was typed and the field's message.
  const std::string title = "Telework on Fridays in our region";
  const std::string problem = "The Friday queue is short and the office is half empty.";
  http::Fields draft = {{"title", ""},
                        {"problem", problem},
                        {"proposal", "Everyone may work from home on Fridays."},
                        {"team", team_code},
                        {"advice_working_days", "10"},
                        {"review_date", ""}};
  auto untitled = author.post("/proposals", draft);
  EXPECT_EQ(untitled.status, 422);
  EXPECT_TRUE(has(untitled, "Give the proposal a title.")) << untitled.body;
  EXPECT_TRUE(has(untitled, problem));
  draft[0].second = title;
  draft[5].second = "next spring";
  auto undated = author.post("/proposals", draft);
  EXPECT_EQ(undated.status, 422);
  EXPECT_TRUE(has(undated, "Give the review date as a date, like 2027-03-01."));
  draft[5].second = "";
  auto created = author.post("/proposals", draft);
  ASSERT_EQ(created.status, 303) << created.body;
  auto location = created.header("Location").value_or("");
  auto reference = first(location, R"(^/proposals/(P-\d+)\?done=created$)");
  ASSERT_FALSE(reference.empty()) << location;
  auto page = "/proposals/" + reference;

  // The draft: the author's own, listed apart; to anyone else as if there were none.
  auto log = author.get("/proposals");
  ASSERT_EQ(log.status, 200);
  EXPECT_TRUE(has(log, "Your drafts"));
  EXPECT_TRUE(has(log, "href=\"" + page + "\">" + title + "</a>"));
  auto mine = author.get(page);
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(has(mine, "<h1 id=\"proposal-heading\">" + title + "</h1>"));
  EXPECT_TRUE(has(mine, "A draft: only you see it."));

  std::vector<std::pair<std::string, Visitor>> visitors;
  auto team_member_id =
      count("SELECT min(person_id) FROM memberships WHERE team_id = $1 AND person_id <> $2",
            {team_id, author_id});
  visitors.emplace_back("member of the affected team", as(team_member_id));
  visitors.emplace_back("member of another team", as(outsider_id));
  visitors.emplace_back("coach of other teams", demo_->signed_in("coach"));
  visitors.emplace_back("administrator", demo_->signed_in("admin"));
  for (auto& [who, v] : visitors) {
    auto r = v.get(page);
    EXPECT_EQ(r.status, 404) << who;
    EXPECT_TRUE(has(r, "There is no such proposal.")) << who;
    EXPECT_FALSE(has(r, title)) << who;
    EXPECT_FALSE(has(r, problem)) << who;
    EXPECT_FALSE(has(v.get("/proposals"), title)) << who;
    int expected = who == "administrator" ? 403 : 404;
    for (auto* action : {"/ask", "/advice", "/decide", "/withdraw"}) {
      auto p = v.post(page + action, {{"adviser", std::to_string(author_id)},
                                      {"stance", "objection"},
                                      {"text", "No."},
                                      {"decision", "Yes."}});
      EXPECT_EQ(p.status, expected) << who << action;
      EXPECT_FALSE(has(p, title)) << who << action;
      EXPECT_FALSE(has(p, problem)) << who << action;
    }
  }
  EXPECT_EQ(visitors[3].second.get("/proposals/new").status, 403);
  EXPECT_EQ(visitors[3].second.post("/proposals", draft).status, 403);
  auto unknown = author.get("/proposals/P-99999");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(has(unknown, "There is no such proposal."));
  Visitor anonymous(demo_->port());
  anonymous.get("/");
  for (auto* path : {"/proposals", "/proposals/new"}) {
    auto r = anonymous.get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("Location").value_or("").rfind("/login", 0), 0u) << path;
  }
  auto anonymous_page = anonymous.get(page);
  EXPECT_EQ(anonymous_page.status, 303);
  EXPECT_FALSE(has(anonymous_page, title));
  for (auto* action : {"/ask", "/advice", "/decide", "/withdraw"}) {
    auto r = anonymous.post(page + action, {{"stance", "support"}});
    EXPECT_EQ(r.status, 403) << action;
    EXPECT_FALSE(has(r, title));
  }
  EXPECT_EQ(anonymous.post("/proposals", draft).status, 403);
  EXPECT_EQ(
      count("SELECT count(*) FROM proposals WHERE state = 'draft' AND reference = $1", {reference}),
      1);

  // The advisers ploeg suggests, with why: one required for the team, pre-ticked.
  auto required_id_text = first(mine.body, R"re(name="adviser" value="(\d+)" checked)re");
  ASSERT_FALSE(required_id_text.empty()) << mine.body;
  auto required_id = std::stoll(required_id_text);
  EXPECT_NE(required_id, author_id);
  EXPECT_EQ(count("SELECT count(*) FROM memberships WHERE team_id = $1 AND person_id = $2",
                  {team_id, required_id}),
            1);
  auto team_name = first(mine.body, R"re(<span class="list-item">([^<]+)</span>)re");
  ASSERT_FALSE(team_name.empty());
  auto reasons = first(mine.body, "<label for=\"adviser-" + required_id_text +
                                      "\">[^<]+</label> <span class=\"muted\">([^<]+)</span>");
  EXPECT_TRUE(has(mine, "<label for=\"adviser-" + required_id_text + "\">" + name_of(required_id) +
                            "</label>"));
  EXPECT_NE(reasons.find(team_name), std::string::npos) << reasons;
  EXPECT_TRUE(reasons.find("member of " + team_name) != std::string::npos ||
              reasons.find("role in " + team_name) != std::string::npos)
      << reasons;
  EXPECT_TRUE(has(mine, "name=\"required\" value=\"" + required_id_text + "\" checked"));
  // In Dutch, the reasons are Dutch.
  ASSERT_EQ(author.post("/language", {{"lang", "nl"}}).status, 303);
  auto dutch = author.get(page);
  auto dutch_team = first(dutch.body, R"re(<span class="list-item">([^<]+)</span>)re");
  auto dutch_reasons =
      first(dutch.body, "<label for=\"adviser-" + required_id_text +
                            "\">[^<]+</label> <span class=\"muted\">([^<]+)</span>");
  EXPECT_TRUE(dutch_reasons.find("lid van " + dutch_team) != std::string::npos ||
              dutch_reasons.find("in " + dutch_team) != std::string::npos)
      << dutch_reasons;
  EXPECT_TRUE(has(dutch, "Advies vragen"));
  ASSERT_EQ(author.post("/language", {{"lang", "en"}}).status, 303);
  author.get(page);

  auto none = author.post(page + "/ask", {});
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(has(none, "Choose at least one adviser.")) << none.body;
  auto asked = author.post(page + "/ask", {{"adviser", required_id_text},
                                           {"required", required_id_text},
                                           {"adviser", std::to_string(optional_id)}});
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(asked.header("Location").value_or(""), page + "?done=asked");
  EXPECT_EQ(count("SELECT count(*) FROM proposal_advisers a JOIN proposals p ON p.id = "
                  "a.proposal_id WHERE p.reference = $1 AND a.required = 1 AND a.reasons <> ''",
                  {reference}),
            1);

  // Asking: everyone signed in reads it and who has not answered.
  for (auto& [who, v] : visitors) {
    auto r = v.get(page);
    EXPECT_EQ(r.status, 200) << who;
    EXPECT_TRUE(has(r, title)) << who;
    EXPECT_TRUE(has(r, "Not answered yet:")) << who;
    EXPECT_TRUE(has(r, name_of(required_id))) << who;
    EXPECT_TRUE(has(v.get("/proposals"), "href=\"" + page + "\"")) << who;
  }
  auto found = visitors[1].second.get("/proposals?q=fridays");
  EXPECT_EQ(found.status, 200);
  EXPECT_TRUE(has(found, "href=\"" + page + "\"")) << found.body;
  EXPECT_TRUE(has(found, "advice due by"));
  auto missed = visitors[1].second.get("/proposals?q=%25nothing%25");
  EXPECT_EQ(missed.status, 200);
  EXPECT_FALSE(has(missed, "href=\"" + page + "\""));
  EXPECT_TRUE(has(missed, "No proposal or decision matches your search."));
  EXPECT_EQ(visitors[1].second.get("/proposals?q=" + std::string(201, 'a')).status, 422);
  EXPECT_EQ(visitors[1].second.get("/proposals?q=" + std::string(200, 'a')).status, 200);

  // Who may do what while advice is asked.
  auto& admin = visitors[3].second;
  admin.get(page);
  EXPECT_FALSE(has(admin.get(page), "action=\"" + page + "/advice\""));
  EXPECT_EQ(admin.post(page + "/advice", {{"stance", "support"}, {"text", "Fine."}}).status, 403);
  auto& outsider = visitors[1].second;
  for (auto* action : {"/ask", "/decide", "/withdraw"}) {
    auto r = outsider.post(page + action, {{"decision", "Mine now."}});
    EXPECT_EQ(r.status, 403) << action;
    EXPECT_TRUE(has(r, "Only the author of the proposal can do this.")) << action;
  }
  auto own = author.post(page + "/advice", {{"stance", "support"}, {"text", "I agree with me."}});
  EXPECT_EQ(own.status, 403);
  EXPECT_TRUE(has(own, "You wrote this proposal: you decide on it, you do not advise on it."));
  auto pass = outsider.post(page + "/advice", {{"stance", "pass"}, {"text", ""}});
  EXPECT_EQ(pass.status, 422);
  EXPECT_TRUE(has(pass, "Only an adviser who was asked can pass; give your advice instead."))
      << pass.body;

  // Too early: the required adviser has not answered, and is named.
  auto early = author.post(page + "/decide", {{"decision", "We go ahead."}});
  EXPECT_EQ(early.status, 422);
  EXPECT_TRUE(has(early, "have not answered: " + name_of(required_id) + ".")) << early.body;
  EXPECT_TRUE(has(early, ">We go ahead.</textarea>"));

  // Advice: an objection from the required adviser, support for the author
  // only, a concern from a coach who was not asked.
  const std::string objection = "Fridays are when the citizens of our region drop in.";
  const std::string secret = "Fine by me, but my own team struggles on Fridays.";
  auto adviser = as(required_id);
  adviser.get(page);
  auto objected = adviser.post(page + "/advice", {{"stance", "objection"}, {"text", objection}});
  ASSERT_EQ(objected.status, 303) << objected.body;
  EXPECT_EQ(objected.header("Location").value_or(""), page + "?done=advised");
  auto optional = as(optional_id);
  optional.get(page);
  ASSERT_EQ(
      optional
          .post(page + "/advice", {{"stance", "support"}, {"text", secret}, {"author_only", "1"}})
          .status,
      303);
  auto& coach_visitor = visitors[2].second;
  coach_visitor.get(page);
  ASSERT_EQ(coach_visitor
                .post(page + "/advice", {{"stance", "concern"}, {"text", "Who answers the phone?"}})
                .status,
            303);

  auto read = outsider.get(page);
  EXPECT_TRUE(has(read, objection));
  EXPECT_TRUE(has(read, "Who answers the phone?"));
  EXPECT_TRUE(has(read, "not asked"));
  EXPECT_FALSE(has(read, secret));
  auto authors = author.get(page);
  EXPECT_TRUE(has(authors, secret));
  EXPECT_TRUE(has(authors, "for the author only"));
  auto fields = all_of(authors.body, R"re(name="(answer_\d+)")re");
  ASSERT_EQ(fields.size(), 2u) << authors.body;  // the objection, then the concern
  EXPECT_TRUE(has(authors, "Your answer to the objection of " + name_of(required_id)));

  auto unanswered = author.post(
      page + "/decide", {{"decision", "We go ahead."}, {fields[1], "Reception keeps a phone."}});
  EXPECT_EQ(unanswered.status, 422);
  EXPECT_TRUE(has(unanswered, "Answer the objection of " + name_of(required_id) + "."))
      << unanswered.body;
  EXPECT_TRUE(has(unanswered, ">Reception keeps a phone.</textarea>"));
  const std::string answer = "The office stays open on Fridays with two people on a rota.";
  const std::string decision = "From March, everyone may work from home on Fridays, with a rota.";
  auto decided = author.post(
      page + "/decide",
      {{"decision", decision}, {fields[0], answer}, {fields[1], "Reception keeps a phone."}});
  ASSERT_EQ(decided.status, 303) << decided.body;
  EXPECT_EQ(decided.header("Location").value_or(""), page + "?done=decided");

  auto shown = outsider.get(page);
  EXPECT_TRUE(has(shown, "Decided"));
  EXPECT_TRUE(has(shown, decision));
  EXPECT_TRUE(has(shown, objection));
  EXPECT_TRUE(has(shown, answer));
  EXPECT_FALSE(has(shown, "action=\"" + page + "/advice\""));
  auto decided_log = outsider.get("/proposals?q=rota");
  EXPECT_TRUE(has(decided_log, "href=\"" + page + "\"")) << decided_log.body;
  EXPECT_TRUE(has(decided_log, "decided on"));
  auto again = author.post(page + "/withdraw", {});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE subject = $1 AND action IN "
                  "('proposal.create', 'proposal.ask', 'proposal.advice', 'proposal.decide')",
                  {"proposal:" + reference}),
            6);
}

TEST_F(ProposalPagesTest, ExpertsAreSuggestedWithWhyAndTheAuthorWithdrawsTheDraft) {
  auto author_id = count("SELECT min(person_id) FROM memberships", {});
  auto author = as(author_id);
  author.get("/proposals/new");
  // The demo's people know about "gegevensbescherming" (data protection).
  auto created = author.post("/proposals", {{"title", "Gegevensbescherming in de wachtzaal"},
                                            {"problem", "Trop de bruit."},
                                            {"proposal", "Une salle sans téléphone."},
                                            {"advice_working_days", "5"}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto page = created.header("Location").value_or("");
  page = page.substr(0, page.find('?'));
  auto draft = author.get(page);
  ASSERT_EQ(draft.status, 200);
  auto expert = first(
      draft.body,
      R"re(<label for="adviser-(\d+)">[^<]+</label> <span class="muted">[^<]*expertise: gegevensbescherming)re");
  ASSERT_FALSE(expert.empty()) << draft.body;
  EXPECT_EQ(count("SELECT count(*) FROM person_expertise WHERE person_id = $1 AND tag = "
                  "'gegevensbescherming'",
                  {std::stoll(expert)}),
            1);
  // Optional: offered, not ticked.
  EXPECT_TRUE(has(draft, "name=\"adviser\" value=\"" + expert + "\">"));
  ASSERT_EQ(author.post("/language", {{"lang", "fr"}}).status, 303);
  EXPECT_TRUE(has(author.get(page), "expertise : gegevensbescherming"));

  auto other = as(count("SELECT min(id) FROM people WHERE id <> $1", {author_id}));
  other.get("/");
  EXPECT_EQ(other.post(page + "/withdraw", {}).status, 404);
  author.get(page);
  auto withdrawn = author.post(page + "/withdraw", {});
  ASSERT_EQ(withdrawn.status, 303);
  EXPECT_EQ(withdrawn.header("Location").value_or(""), page + "?done=withdrawn");
  auto shown = author.get(page + "?done=withdrawn");
  EXPECT_TRUE(has(shown, "Retirée"));
  EXPECT_TRUE(has(shown, "La proposition est retirée."));
  EXPECT_FALSE(has(shown, "action=\"" + page + "/withdraw\""));
  EXPECT_FALSE(has(shown, "action=\"" + page + "/ask\""));
  EXPECT_EQ(author.post(page + "/withdraw", {}).status, 409);
  auto log = author.get("/proposals");
  EXPECT_TRUE(has(log, "Registre ouvert des décisions"));
  EXPECT_FALSE(has(log, "Vos brouillons"));
}

// The demo's year of proposals fills the log a page at a time, newest
// first; the pages link to each other and keep the search.
TEST_F(ProposalPagesTest, TheDecisionLogIsReadAPageAtATime) {
  auto v = demo_->signed_in("coworker");
  auto shown = count("SELECT count(*) FROM proposals WHERE state IN ('asking', 'decided')", {});
  ASSERT_GT(shown, 25) << "the demo has a year of proposals";
  auto first_page = v.get("/proposals");
  ASSERT_EQ(first_page.status, 200);
  std::regex item(R"re(class="panel proposals__item")re");
  auto items = [&](const std::string& body) {
    return std::distance(std::sregex_iterator(body.begin(), body.end(), item),
                         std::sregex_iterator());
  };
  EXPECT_EQ(items(first_page.body), 25);
  EXPECT_TRUE(has(first_page, "href=\"/proposals?page=2\" rel=\"next\""));
  EXPECT_FALSE(has(first_page, "rel=\"prev\""));
  // The newest decision is on the first page.
  auto newest = db()->acquire()
                    ->query(
                        "SELECT reference FROM proposals WHERE state IN ('asking', "
                        "'decided') ORDER BY COALESCE(decided_at, asked_at, created_at) DESC, "
                        "id DESC LIMIT 1")
                    .rows.at(0)
                    .text(0);
  EXPECT_TRUE(has(first_page, "href=\"/proposals/" + newest + "\""));
  auto last = (shown + 24) / 25;
  auto last_page = v.get("/proposals?page=" + std::to_string(last));
  ASSERT_EQ(last_page.status, 200);
  EXPECT_EQ(items(last_page.body), shown - 25 * (last - 1));
  EXPECT_FALSE(has(last_page, "rel=\"next\""));
  EXPECT_TRUE(has(last_page, "rel=\"prev\""));
  EXPECT_EQ(v.get("/proposals?page=2001").status, 422);
  // A search's pages keep it.
  auto searched = v.get("/proposals?q=a");
  if (has(searched, "rel=\"next\"")) {
    EXPECT_TRUE(has(searched, "href=\"/proposals?page=2&amp;q=a\""));
  }
}

}  // namespace
}  // namespace ploeg::test
