// The advisers ploeg suggests, on a small organisation written out here:
// two affected teams, a coach, the directory's matches, a working group and
// an earlier decision; the expected list is worked out by hand.
#include "advice/suggest.hpp"

#include <gtest/gtest.h>

namespace ploeg::advice {
namespace {

SuggestInput telework_proposal() {
  SuggestInput in;
  in.author_id = 1;  // Ann, of gent-02
  in.star_role = "planning";
  in.teams = {{"gent-02",
               {{1, "Ann", {"planning"}}, {2, "Bart", {}}, {3, "Chris", {"planning"}}},
               {{90, "Coach Vera"}}},
              {"brugge-01", {{4, "Dirk", {"finance"}}, {5, "Els", {}}}, {{90, "Coach Vera"}}}};
  in.matches = {{6, "Fien", "expertise", "telework policy"}, {2, "Bart", "competence", "planning"}};
  in.groups = {{"hybrid-work", {{7, "Gert"}, {1, "Ann"}}}};
  in.earlier = {{8, "Hilde", "D-2026-0042"}, {6, "Fien", "D-2026-0042"}};
  return in;
}

TEST(AdviceSuggest, OneRequiredAdviserPerTeamTheRoleHolderFirstEachWithWhy) {
  auto s = suggest_advisers(telework_proposal());
  ASSERT_EQ(s.size(), 7u);
  // gent-02: Ann is the author, so Chris, the other planner, is required.
  EXPECT_EQ(s[0].person_id, 3);
  EXPECT_TRUE(s[0].required);
  EXPECT_EQ(s[0].reasons, (std::vector<Reason>{{"star_role", "planning", "gent-02"}}));
  // brugge-01 has no planner: its first member, Dirk, is required.
  EXPECT_EQ(s[1].person_id, 4);
  EXPECT_TRUE(s[1].required);
  EXPECT_EQ(s[1].reasons, (std::vector<Reason>{{"team_member", "", "brugge-01"}}));
  // Then the optional ones, most reasons first, then by name: Coach Vera
  // (she coaches both teams: once, with both reasons) and Fien (expertise
  // and an earlier decision); then Bart, Gert and Hilde with one each. Els,
  // of brugge-01, has no reason of her own: Dirk speaks for the team.
  EXPECT_EQ(s[2].person_id, 90);
  EXPECT_FALSE(s[2].required);
  EXPECT_EQ(s[2].reasons,
            (std::vector<Reason>{{"coach", "", "gent-02"}, {"coach", "", "brugge-01"}}));
  EXPECT_EQ(s[3].person_id, 6);
  EXPECT_EQ(s[3].reasons, (std::vector<Reason>{{"expertise", "telework policy", ""},
                                               {"earlier_decision", "D-2026-0042", ""}}));
  std::vector<std::int64_t> rest;
  for (std::size_t i = 4; i < s.size(); ++i) rest.push_back(s[i].person_id);
  EXPECT_EQ(rest, (std::vector<std::int64_t>{2, 7, 8}));
  EXPECT_EQ(s[4].reasons, (std::vector<Reason>{{"competence", "planning", ""}}));
  EXPECT_EQ(s[5].reasons, (std::vector<Reason>{{"working_group", "", "hybrid-work"}}));
  // The author is never suggested, not even as a working group's member.
  for (auto& x : s) EXPECT_NE(x.person_id, 1);
}

TEST(AdviceSuggest, OptionalSuggestionsAreCappedRequiredOnesNever) {
  auto in = telework_proposal();
  in.optional_limit = 2;
  auto s = suggest_advisers(in);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_TRUE(s[0].required && s[1].required);
  EXPECT_EQ(s[2].person_id, 90);
  EXPECT_EQ(s[3].person_id, 6);
}

TEST(AdviceSuggest, SomeoneInTwoAffectedTeamsIsOneTeamsRequiredAdviser) {
  SuggestInput in;
  in.author_id = 100;
  in.teams = {{"a", {{1, "Ann", {}}, {2, "Bart", {}}}, {}},
              {"b", {{1, "Ann", {}}}, {}},
              {"c", {{100, "Author", {}}}, {}}};
  auto s = suggest_advisers(in);
  // Ann is a's required adviser; b has nobody else, so no second required
  // adviser there; c's only member is the author.
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].person_id, 1);
  EXPECT_TRUE(s[0].required);
  EXPECT_EQ(s[0].reasons, (std::vector<Reason>{{"team_member", "", "a"}}));
}

TEST(AdviceSuggest, ReasonsAreKeptAsCodesAndReadBack) {
  std::vector<Reason> reasons = {{"star_role", "planning", "gent-02"},
                                 {"expertise", "telework | policy\nand more", ""},
                                 {"coach", "", "brugge-01"}};
  auto text = encode_reasons(reasons);
  EXPECT_EQ(text,
            "star_role|planning|gent-02\nexpertise|telework   policy and more|\ncoach||brugge-01");
  auto back = decode_reasons(text);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0], reasons[0]);
  EXPECT_EQ(back[1].subject, "telework   policy and more");
  EXPECT_EQ(back[2], reasons[2]);
  EXPECT_TRUE(decode_reasons("").empty());
  EXPECT_TRUE(decode_reasons("holds the planning role in Gent 2").empty());  // not codes
}

}  // namespace
}  // namespace ploeg::advice
