// Which menu item a page belongs to: the one that covers its path most
// specifically, by whole segments.
#include <gtest/gtest.h>

#include "web/site.hpp"

namespace ploeg::web {
namespace {

TEST(NavMatch, WholeSegmentsOnly) {
  NavItem request{"/request", "nav_request", "public"};
  EXPECT_GT(nav_match(request, "/request"), 0u);
  EXPECT_GT(nav_match(request, "/request/receipt"), 0u);
  EXPECT_EQ(nav_match(request, "/requests/R-1"), 0u);
  EXPECT_EQ(nav_match(request, "/"), 0u);
}

TEST(NavMatch, HomeIsOnlyTheHomePage) {
  NavItem home{"/", "nav_home", "public"};
  EXPECT_GT(nav_match(home, "/"), 0u);
  EXPECT_EQ(nav_match(home, "/teams"), 0u);
}

TEST(NavMatch, TheMostSpecificPatternWins) {
  NavItem teams{"/teams", "teams_nav", "signed_in"};
  NavItem casework{"/casework", "nav_casework", "signed_in", {"/teams/*/queue", "/requests"}};
  // A team's queue is casework, its page and the map are the teams'.
  EXPECT_GT(nav_match(casework, "/teams/antwerpen-01/queue"),
            nav_match(teams, "/teams/antwerpen-01/queue"));
  EXPECT_GT(nav_match(teams, "/teams/antwerpen-01"), nav_match(casework, "/teams/antwerpen-01"));
  EXPECT_EQ(nav_match(casework, "/teams/antwerpen-01/roles"), 0u);
  EXPECT_GT(nav_match(casework, "/requests/R-2026-1"), 0u);
  EXPECT_EQ(nav_match(teams, "/requests/R-2026-1"), 0u);
}

}  // namespace
}  // namespace ploeg::web
