// Reading the figures back: medians and 90th percentiles from the
// histogram, the backlog counted from the very first period, shares, week
// and month boundaries, roll-ups, the open backlog's age and similar teams
// that do better; on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>

#include "app/platform.hpp"
#include "casework/demo_backend.hpp"
#include "casework/figures.hpp"
#include "casework/figures_read.hpp"
#include "casework/process.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::casework::figures {
namespace {

using namespace std::chrono;

constexpr std::int64_t day_seconds = 86400;

// Seconds since 1970 of noon on a date.
std::int64_t noon(int y, unsigned m, unsigned d) {
  auto days = sys_days{year{y} / month{m} / std::chrono::day{d}}.time_since_epoch().count();
  return days * day_seconds + 12 * 3600;
}

class FiguresTest : public casework::testing::DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    // Regional teams by region, the first region with at least two.
    for (auto& r : query("SELECT region_id, id FROM teams WHERE kind = 'regional' AND region_id "
                         "IS NOT NULL ORDER BY region_id, id")
                       .rows) {
      teams_by_region_[r.integer(0)].push_back(r.integer(1));
    }
    for (auto& [region, teams] : teams_by_region_) {
      if (teams.size() >= 2) {
        region_ = region;
        break;
      }
    }
    ASSERT_NE(region_, 0);
    a_ = teams_by_region_[region_][0];
    b_ = teams_by_region_[region_][1];
  }

  // Runs `fill` on a Tally and saves it in one transaction.
  template <typename Fill>
  void tally(Fill fill) {
    db_->transaction([&](store::Connection& c) {
      Tally t(c);
      fill(t);
      t.save(c);
    });
  }

  // A request received at `at` and decided `days` whole days later.
  static void decided_after(Tally& t, std::int64_t team, std::int64_t at, int days,
                            int target = 30) {
    t.received(team, at, 1);
    t.decided(team, at, at + days * day_seconds + 3600, target);
  }

  std::map<std::int64_t, std::vector<std::int64_t>> teams_by_region_;
  std::int64_t region_ = 0, a_ = 0, b_ = 0;
};

TEST_P(FiguresTest, MedianAndP90ComeFromTheHistogramByNearestRank) {
  // Team a: five decisions of 7 days each. Team b: received Monday 2 March
  // 2026, decided after 1, 2, 3, 4 (that week), 10 (the next) and 20 days
  // (the week of 16 March).
  tally([&](Tally& t) {
    for (int i = 0; i < 5; ++i) decided_after(t, a_, noon(2026, 3, 9), 7);
  });
  tally([&](Tally& t) {
    for (int days : {1, 2, 3, 4, 10, 20}) decided_after(t, b_, noon(2026, 3, 2), days);
  });
  auto lease = db_->acquire();
  auto now = noon(2026, 3, 20);
  EXPECT_EQ(recent_median_days(*lease, a_, now), 7);
  // Six values 1 2 3 4 10 20: rank 3 for the median, rank 6 (5.4 up) for p90.
  EXPECT_EQ(recent_median_days(*lease, b_, now), 3);
  auto f = range_total(*lease, {"team", b_}, "week", figures::day_of(noon(2026, 3, 2)),
                       figures::day_of(now));
  EXPECT_EQ(f.decided, 6);
  EXPECT_EQ(f.median_days, 3);
  EXPECT_EQ(f.p90_days, 20);
  // No decisions for a team, or none in the last 13 weeks: nothing.
  auto other = teams_by_region_.rbegin()->second.front();
  EXPECT_FALSE(recent_median_days(*lease, other, now));
  EXPECT_FALSE(recent_median_days(*lease, b_, now + 14 * 7 * day_seconds));
  // Eleven weeks on, the week of 2 March has fallen out: 10 and 20 are left.
  EXPECT_EQ(recent_median_days(*lease, b_, now + 11 * 7 * day_seconds), 10);
  EXPECT_EQ(recent_median_days(*lease, b_, now, 1), 20);  // this week only
}

TEST(Percentile, RanksAreRoundedUpAndEmptyIsNothing) {
  EXPECT_FALSE(percentile({}, 50));
  EXPECT_EQ(percentile({{5, 1}}, 50), 5);
  EXPECT_EQ(percentile({{5, 1}}, 90), 5);
  Histogram h{{1, 9}, {30, 1}};  // ten decisions: nine in a day, one in thirty
  EXPECT_EQ(percentile(h, 50), 1);
  EXPECT_EQ(percentile(h, 90), 1);
  h[30] = 2;  // eleven: rank 10 for p90
  EXPECT_EQ(percentile(h, 90), 30);
}

TEST_P(FiguresTest, TheBacklogCountsEveryPeriodBeforeTheRangeToo) {
  tally([&](Tally& t) {
    for (int i = 0; i < 4; ++i) t.received(a_, noon(2026, 1, 5), 1);  // week of 5 January
    t.received(a_, noon(2026, 2, 2), 1);
    t.received(a_, noon(2026, 2, 2), 1);
    t.decided(a_, noon(2026, 1, 5), noon(2026, 2, 3), 30);
    t.moved(a_, b_, noon(2026, 1, 5), noon(2026, 2, 10));  // one goes to team b
    t.received(b_, noon(2026, 2, 11), 1);
    t.moved(b_, a_, noon(2026, 2, 11), noon(2026, 2, 17));  // and one comes back
  });
  auto lease = db_->acquire();
  // The range starts after all of January: its four requests still count.
  auto points =
      series(*lease, {"team", a_}, "week", day_of(noon(2026, 2, 2)), day_of(noon(2026, 2, 22)));
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].start_day, week_start(day_of(noon(2026, 2, 2))));
  EXPECT_EQ(points[0].backlog, 4 + 2 - 1);
  EXPECT_EQ(points[1].backlog, 4);  // one moved out
  EXPECT_EQ(points[2].backlog, 5);  // one moved in
  EXPECT_EQ(points[1].moved_out, 1);
  EXPECT_EQ(points[2].moved_in, 1);
  auto b =
      series(*lease, {"team", b_}, "month", day_of(noon(2026, 2, 1)), day_of(noon(2026, 2, 28)));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].backlog, 1);
  // A move between two teams of one region leaves the region's backlog as it is.
  auto region = series(*lease, {"region", region_}, "month", day_of(noon(2026, 1, 1)),
                       day_of(noon(2026, 2, 28)));
  ASSERT_EQ(region.size(), 2u);
  EXPECT_EQ(region[0].backlog, 4);
  EXPECT_EQ(region[1].backlog, 4 + 2 - 1 + 1);
  EXPECT_EQ(region[1].moved_in + region[1].moved_out, 0);
  // Weeks and months agree at the end of February.
  auto weeks =
      series(*lease, {"team", a_}, "week", day_of(noon(2026, 1, 1)), day_of(noon(2026, 3, 1)));
  auto months =
      series(*lease, {"team", a_}, "month", day_of(noon(2026, 1, 1)), day_of(noon(2026, 2, 28)));
  ASSERT_FALSE(weeks.empty());
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(weeks.back().backlog, months.back().backlog);
  // The backlog now, and how long it waited.
  auto open = open_backlog(*lease, {"team", a_}, day_of(noon(2026, 2, 12)));
  EXPECT_EQ(open.open, 5);
  EXPECT_EQ(open.oldest_age_days, day_of(noon(2026, 2, 12)) - day_of(noon(2026, 1, 5)));
  // Ages: 2 x 38 days (January), 2 x 10 days (2 February), 1 x 1 day: rank 3.
  EXPECT_EQ(open.median_age_days, 10);
  EXPECT_EQ(open_backlog(*lease, {"team", teams_by_region_.rbegin()->second.front()}, 0).open, 0);
}

TEST_P(FiguresTest, SharesSatisfactionAndComplaintsPer100) {
  tally([&](Tally& t) {
    decided_after(t, a_, noon(2026, 4, 1), 10, 14);  // in target
    decided_after(t, a_, noon(2026, 4, 1), 14, 14);  // on the target day: in target
    decided_after(t, a_, noon(2026, 4, 1), 15, 14);  // late
    decided_after(t, a_, noon(2026, 4, 1), 3, 14);
    t.rated(a_, noon(2026, 4, 20), 5);
    t.rated(a_, noon(2026, 4, 20), 4);
    t.rated(a_, noon(2026, 4, 21), 2);
    t.complained(a_, noon(2026, 4, 22));
  });
  auto f = range_total(*db_->acquire(), {"team", a_}, "month", day_of(noon(2026, 4, 1)),
                       day_of(noon(2026, 4, 30)));
  EXPECT_EQ(f.received, 4);
  EXPECT_EQ(f.decided, 4);
  EXPECT_DOUBLE_EQ(*f.share_in_target(), 0.75);
  EXPECT_DOUBLE_EQ(*f.satisfaction(), 11.0 / 3);
  EXPECT_DOUBLE_EQ(*f.share_good(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*f.complaints_per_100(), 25.0);
  Figures none;
  EXPECT_FALSE(none.share_in_target());
  EXPECT_FALSE(none.satisfaction());
  EXPECT_FALSE(none.complaints_per_100());
}

// Local midnight in Brussels, the organisation's zone, as a UTC moment.
std::int64_t brussels_midnight(int y, unsigned m, unsigned d) {
  return utc_of_local(local_day(noon(y, m, d)), 0);
}

TEST_P(FiguresTest, WeeksStartOnMondayAndMonthsOnTheFirst) {
  // Sunday 1 March 2026 23:59:59 and Monday 2 March 00:00:00, Brussels time.
  auto monday = brussels_midnight(2026, 3, 2);
  auto sunday_late = monday - 1;
  // Saturday 31 January and Sunday 1 February.
  tally([&](Tally& t) {
    t.received(a_, sunday_late, 1);
    t.received(a_, monday, 1);
    t.received(a_, monday, 1);
    t.received(b_, noon(2026, 1, 31), 1);
    t.received(b_, noon(2026, 2, 1), 1);
  });
  auto lease = db_->acquire();
  auto weeks =
      series(*lease, {"team", a_}, "week", day_of(noon(2026, 2, 23)), day_of(noon(2026, 3, 8)));
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].start_day, day_of(noon(2026, 2, 23)));
  EXPECT_EQ(weeks[1].start_day, day_of(monday));
  EXPECT_EQ(weeks[0].received, 1);
  EXPECT_EQ(weeks[1].received, 2);
  auto months =
      series(*lease, {"team", b_}, "month", day_of(noon(2025, 12, 15)), day_of(noon(2026, 3, 1)));
  ASSERT_EQ(months.size(), 4u);  // December to March
  EXPECT_EQ(months[1].start_day, day_of(noon(2026, 1, 1)));
  EXPECT_EQ(months[2].start_day, day_of(noon(2026, 2, 1)));
  EXPECT_EQ(months[3].start_day, day_of(noon(2026, 3, 1)));
  EXPECT_EQ(months[0].received, 0);
  EXPECT_EQ(months[1].received, 1);
  EXPECT_EQ(months[2].received, 1);
  EXPECT_EQ(months[3].backlog, 2);
  // A range across New Year holds both months; an empty range none.
  EXPECT_EQ(period_starts("month", day_of(noon(2025, 12, 31)), day_of(noon(2026, 1, 1))).size(),
            2u);
  EXPECT_EQ(period_starts("week", day_of(noon(2026, 3, 8)), day_of(noon(2026, 3, 1))).size(), 0u);
}

// The week and month a request counts in are the organisation's, with its
// daylight saving: filed at 00:30 on a Monday in Brussels (22:30 or 23:30
// UTC on the Sunday) it belongs to that Monday's week; at 00:30 on the first
// of a month, to that month. Throughput counts calendar days there.
TEST_P(FiguresTest, AMomentCountsInTheOrganisationsDayWeekAndMonth) {
  struct Case {
    const char* what;
    int y;
    unsigned m, d;
    int minutes;  // after local midnight
    int utc_offset;
  };
  for (auto& c :
       std::vector<Case>{{"Monday after the spring switch", 2026, 3, 30, 30, 120},
                         {"Monday after the autumn switch", 2026, 10, 26, 30, 60},
                         {"the spring switch itself, 03:30", 2026, 3, 29, 3 * 60 + 30, 120},
                         {"a winter Monday", 2026, 12, 7, 30, 60}}) {
    auto day = local_day(noon(c.y, c.m, c.d));
    auto at = utc_of_local(day, c.minutes);
    EXPECT_EQ(at, day * day_seconds + c.minutes * 60 - c.utc_offset * 60) << c.what;
    EXPECT_EQ(utc_offset_minutes(at), c.utc_offset) << c.what;
    EXPECT_EQ(day_of(at), day) << c.what;
    EXPECT_EQ(week_start(day_of(at)), day - (day + 3) % 7) << c.what;
  }
  // Tallied: a request filed at 00:30 on Monday 30 March 2026 is in the week
  // of 30 March; one filed at 00:30 on Wednesday 1 April is in April, not March.
  auto monday = local_day(noon(2026, 3, 30));
  auto filed = utc_of_local(monday, 30);
  auto first_of_april = utc_of_local(monday + 2, 30);
  tally([&](Tally& t) {
    t.received(a_, filed, 1);
    t.received(b_, first_of_april, 1);
    // Decided on Wednesday at 01:00: two calendar days, though 48.5 hours.
    t.decided(a_, filed, utc_of_local(monday + 2, 60), 30);
  });
  auto lease = db_->acquire();
  auto weeks = series(*lease, {"team", a_}, "week", monday - 7, monday);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].received, 0) << "not in the week of Sunday 29 March (UTC's day)";
  EXPECT_EQ(weeks[1].start_day, monday);
  EXPECT_EQ(weeks[1].received, 1);
  EXPECT_EQ(weeks[1].median_days, std::optional<std::int64_t>(2));
  auto months = series(*lease, {"team", b_}, "month", monday - 40, monday + 5);
  ASSERT_EQ(months.size(), 3u);  // February to April
  EXPECT_EQ(months[1].start_day, local_day(noon(2026, 3, 1)));
  EXPECT_EQ(months[1].received, 0) << "not in March (UTC's month)";
  EXPECT_EQ(months[2].start_day, local_day(noon(2026, 4, 1)));
  EXPECT_EQ(months[2].received, 1) << "in April";
  EXPECT_EQ(throughput_days(filed, utc_of_local(monday + 2, 60)), 2);
  EXPECT_EQ(throughput_days(utc_of_local(monday, 23 * 60 + 59), utc_of_local(monday + 1, 1)), 1)
      << "two minutes across midnight are one calendar day";
}

TEST_P(FiguresTest, RegionAndOrganisationAreTheSumOfTheirTeams) {
  // Every regional team gets a different load, some decided, rated, moved.
  tally([&](Tally& t) {
    int i = 0;
    for (auto& [region, teams] : teams_by_region_) {
      for (auto team : teams) {
        ++i;
        for (int n = 0; n < i % 5 + 1; ++n) {
          auto at = noon(2026, 5, 1 + (i + n) % 28);
          t.received(team, at, 1);
          if ((i + n) % 2) t.decided(team, at, at + (n + i % 7) * day_seconds, 7);
          if ((i + n) % 3 == 0) t.rated(team, at + day_seconds, 1 + (i + n) % 5);
          if ((i + n) % 4 == 0) t.complained(team, at + day_seconds);
        }
      }
    }
    t.received(a_, noon(2026, 5, 3), 1);
    t.moved(a_, teams_by_region_.rbegin()->second.front(), noon(2026, 5, 3), noon(2026, 5, 20));
  });
  auto lease = db_->acquire();
  auto first = day_of(noon(2026, 5, 1)), last = day_of(noon(2026, 6, 30));
  auto check = [&](const Scope& scope, std::optional<std::int64_t> region) {
    auto teams = side_by_side(*lease, region, "week", first, last, last);
    auto whole = range_total(*lease, scope, "week", first, last);
    Figures sum;
    std::int64_t open_now = 0;
    for (auto& t : teams) {
      sum.received += t.figures.received;
      sum.decided += t.figures.decided;
      sum.decided_in_target += t.figures.decided_in_target;
      sum.ratings += t.figures.ratings;
      sum.rating_sum += t.figures.rating_sum;
      sum.complaints += t.figures.complaints;
      sum.backlog += t.figures.backlog;
      open_now += t.now.open;
    }
    EXPECT_GT(sum.received, 0);
    EXPECT_EQ(whole.received, sum.received);
    EXPECT_EQ(whole.decided, sum.decided);
    EXPECT_EQ(whole.decided_in_target, sum.decided_in_target);
    EXPECT_EQ(whole.ratings, sum.ratings);
    EXPECT_EQ(whole.rating_sum, sum.rating_sum);
    EXPECT_EQ(whole.complaints, sum.complaints);
    EXPECT_EQ(whole.backlog, sum.backlog);
    EXPECT_EQ(open_backlog(*lease, scope, last).open, open_now);
  };
  check({"region", region_}, region_);
  check({"org", 0}, std::nullopt);
  // Months say the same as weeks over whole months.
  auto months = range_total(*lease, {"org", 0}, "month", first, last);
  auto weeks = range_total(*lease, {"org", 0}, "week", week_start(first), last);
  EXPECT_EQ(months.received, weeks.received);
  EXPECT_EQ(months.median_days, weeks.median_days);
}

TEST_P(FiguresTest, PeersAreAlikeTeamsThatDoBetterWithWhomToAsk) {
  auto lease = db_->acquire();
  auto types = region_types(*lease);
  std::map<std::int64_t, std::int64_t> members;
  for (auto& r : lease->query("SELECT team_id, COUNT(*) FROM memberships GROUP BY team_id").rows) {
    members[r.integer(0)] = r.integer(1);
  }
  std::map<std::int64_t, std::int64_t> region_of;
  for (auto& [region, teams] : teams_by_region_) {
    for (auto t : teams) region_of[t] = region;
  }
  // Another team of the same kind of region within 40% of a_'s size, and
  // one of the other kind.
  std::int64_t alike = 0, other_kind = 0;
  for (auto& [team, region] : region_of) {
    if (team == a_) continue;
    auto ratio = static_cast<double>(std::min(members[team], members[a_])) /
                 std::max(members[team], members[a_]);
    if (types[region] == types[region_of[a_]] && ratio >= 0.6 && !alike) alike = team;
    if (types[region] != types[region_of[a_]] && !other_kind) other_kind = team;
  }
  ASSERT_NE(alike, 0);
  ASSERT_NE(other_kind, 0);
  std::int64_t worse = 0;
  for (auto& [team, region] : region_of) {
    if (team != a_ && team != alike && types[region] == types[region_of[a_]] && !worse &&
        std::min(members[team], members[a_]) * 10 >= 6 * std::max(members[team], members[a_])) {
      worse = team;
    }
  }
  tally([&](Tally& t) {
    for (int i = 0; i < 6; ++i) {
      decided_after(t, a_, noon(2026, 6, 1), 10);
      decided_after(t, alike, noon(2026, 6, 1), 4);
      decided_after(t, other_kind, noon(2026, 6, 1), 1);  // better, but not alike
      if (worse) decided_after(t, worse, noon(2026, 6, 1), 20);
    }
  });
  auto today = day_of(noon(2026, 6, 30));
  auto found =
      find_peers(*lease, a_, Measure::median_days, "month", day_of(noon(2026, 6, 1)), today, today);
  ASSERT_TRUE(found.own_value);
  EXPECT_EQ(*found.own_value, 10);
  EXPECT_EQ(found.members, members[a_]);
  ASSERT_EQ(found.peers.size(), 1u);
  auto& peer = found.peers[0];
  EXPECT_EQ(peer.team.team_id, alike);
  EXPECT_DOUBLE_EQ(peer.value, 4);
  EXPECT_DOUBLE_EQ(peer.better_by, 6);
  // The contacts are the holders of its knowledge and quality roles.
  auto holders = lease->query(
      "SELECT ra.person_id FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE "
      "ra.team_id = $1 AND r.code IN ('knowledge', 'quality')",
      {alike});
  EXPECT_EQ(peer.contacts.size(), holders.rows.size());
  for (auto& c : peer.contacts) EXPECT_FALSE(c.name.empty());
  // The case mix: so far both received only requests of type 1 (alike).
  // When all of a_'s new ones are of type 1 and all of the other's of
  // another type, they are unlike; once the other's are mostly type 1
  // again, alike but less so than at first.
  auto file = [&](std::int64_t team, std::int64_t type, int n) {
    tally([&](Tally& t) {
      for (int i = 0; i < n; ++i) t.received(team, noon(2026, 6, 2), type);
    });
  };
  file(a_, 1, 8);
  file(alike, 2, 8);
  EXPECT_TRUE(
      find_peers(*lease, a_, Measure::median_days, "month", day_of(noon(2026, 6, 1)), today, today)
          .peers.empty());
  file(alike, 1, 40);  // now 46 of 54 of type 1
  auto mixed =
      find_peers(*lease, a_, Measure::median_days, "month", day_of(noon(2026, 6, 1)), today, today);
  ASSERT_EQ(mixed.peers.size(), 1u);
  EXPECT_LT(mixed.peers[0].similarity, found.peers[0].similarity);
  EXPECT_GT(mixed.peers[0].similarity, 0.8);

  // Other measures: higher is better for satisfaction; too few ratings compare nothing.
  auto by_rating = find_peers(*lease, a_, Measure::satisfaction, "month", day_of(noon(2026, 6, 1)),
                              today, today);
  EXPECT_FALSE(by_rating.own_value);
  EXPECT_TRUE(by_rating.peers.empty());
  EXPECT_EQ(measure_named("share_in_target"), Measure::share_in_target);
  EXPECT_FALSE(measure_named("nonsense"));
}

PLOEG_INSTANTIATE_BACKENDS(FiguresTest);

}  // namespace
}  // namespace ploeg::casework::figures
