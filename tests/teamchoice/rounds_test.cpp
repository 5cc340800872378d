// Team choice rounds on SQLite and PostgreSQL, on the 300-person demo
// organisation: who may open a round and choose, what a choice may hold, what
// the board counts, that the optimiser's proposal keeps every rule, and that
// accepting it writes the memberships with an audit entry for each move.
#include "teamchoice/rounds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/platform.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"

namespace ploeg::teamchoice {
namespace {

class RoundsTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    auto o = organisation::generate_demo(300, 1);
    db_->transaction([&](store::Connection& c) { organisation::sql::save(c, o); });
    // The region with the most regional teams, so there is a choice to make.
    auto region = query(
        "SELECT g.code, g.id FROM regions g JOIN teams t ON t.region_id = g.id AND t.kind = "
        "'regional' GROUP BY g.code, g.id ORDER BY count(*) DESC, g.code LIMIT 1");
    region_ = region.rows.at(0).text(0);
    region_id_ = region.rows.at(0).integer(1);
  }

  Actor coach() const { return {"user:coach", 0, "coach", 0, "127.0.0.1", "test"}; }
  Actor as(std::int64_t person_id, const std::string& role = "coworker") const {
    return {"user:p" + std::to_string(person_id), 0, role, person_id, "127.0.0.1", "test"};
  }

  std::int64_t open() {
    auto opened = open_round(*db_, coach(), "Spring round", region_);
    EXPECT_TRUE(opened) << (opened.errors.empty() ? "" : opened.errors[0].message);
    return opened.id;
  }

  Round round(std::int64_t id) {
    auto lease = db_->acquire();
    auto r = load_round(*lease, id);
    EXPECT_TRUE(r.has_value());
    return *r;
  }

  // Someone in a regional team of another region: never in the round.
  std::int64_t outsider() {
    return query(
               "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE "
               "t.kind = 'regional' AND t.region_id <> $1 AND NOT EXISTS (SELECT 1 FROM "
               "memberships o JOIN teams u ON u.id = o.team_id WHERE o.person_id = m.person_id "
               "AND u.region_id = $1 AND u.kind = 'regional') ORDER BY m.person_id LIMIT 1",
               {region_id_})
        .rows.at(0)
        .integer(0);
  }

  std::string first_error(const Result& r) { return r.errors.empty() ? "" : r.errors[0].key; }

  std::int64_t audited(const std::string& action) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1", {action}).rows[0].integer(0);
  }

  std::string region_;
  std::int64_t region_id_ = 0;
};

TEST_P(RoundsTest, OpeningTakesTheRegionsTeamsAndTheirMembers) {
  auto id = open();
  auto r = round(id);
  auto teams =
      query("SELECT count(*) FROM teams WHERE kind = 'regional' AND region_id = $1", {region_id_})
          .rows[0]
          .integer(0);
  auto people = query(
                    "SELECT count(DISTINCT m.person_id) FROM memberships m JOIN teams t ON t.id = "
                    "m.team_id WHERE t.kind = 'regional' AND t.region_id = $1",
                    {region_id_})
                    .rows[0]
                    .integer(0);
  EXPECT_GE(teams, 2);
  EXPECT_EQ(static_cast<std::int64_t>(r.teams.size()), teams);
  EXPECT_EQ(static_cast<std::int64_t>(r.people.size()), people);
  EXPECT_EQ(r.summary.status, "open");
  EXPECT_EQ(audited("teamchoice.open"), 1);
}

TEST_P(RoundsTest, OnlyCoachesAndAdministratorsOpenRounds) {
  auto refused = open_round(*db_, as(1), "Mine", region_);
  EXPECT_EQ(refused.outcome, Outcome::refused);
  auto bad = open_round(*db_, coach(), "  ", "no-such-region");
  EXPECT_EQ(bad.outcome, Outcome::invalid);
  std::set<std::string> keys;
  for (auto& e : bad.errors) keys.insert(e.key);
  EXPECT_TRUE(keys.count("rounds_error_title"));
  EXPECT_TRUE(keys.count("rounds_error_region"));
  EXPECT_EQ(count("team_rounds"), 0);
}

TEST_P(RoundsTest, AChoiceHoldsUpToThreeTeamsAndColleaguesOfTheRound) {
  auto id = open();
  auto r = round(id);
  auto me = r.people[0].id;
  auto other = r.people[1].id;
  auto a = r.teams[0].id, b = r.teams[1].id;
  auto foreign =
      query("SELECT id FROM teams WHERE region_id <> $1 OR region_id IS NULL LIMIT 1", {region_id_})
          .rows[0]
          .integer(0);

  EXPECT_EQ(first_error(record_choice(*db_, as(me), id, {}, {})), "rounds_error_no_first");
  EXPECT_EQ(first_error(record_choice(*db_, as(me), id, {foreign}, {})),
            "rounds_error_team_unknown");
  EXPECT_EQ(first_error(record_choice(*db_, as(me), id, {a, a}, {})), "rounds_error_team_twice");
  EXPECT_EQ(first_error(record_choice(*db_, as(me), id, {a}, {me})), "rounds_error_colleague_self");
  EXPECT_EQ(first_error(record_choice(*db_, as(me), id, {a}, {outsider()})),
            "rounds_error_colleague_unknown");
  if (r.teams.size() >= 4) {
    EXPECT_EQ(
        first_error(record_choice(*db_, as(me), id, {a, b, r.teams[2].id, r.teams[3].id}, {})),
        "rounds_error_too_many");
  }
  EXPECT_EQ(count("team_round_chosen"), 0);

  auto stranger = record_choice(*db_, as(outsider()), id, {a}, {});
  EXPECT_EQ(stranger.outcome, Outcome::refused);

  ASSERT_TRUE(record_choice(*db_, as(me), id, {a, b}, {other}));
  {
    auto lease = db_->acquire();
    auto saved = load_choice(*lease, id, me);
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->teams, (std::vector<std::int64_t>{a, b}));
    EXPECT_EQ(saved->liked, (std::vector<std::int64_t>{other}));
  }
  // Changed while the round is open: the new choice replaces the old.
  ASSERT_TRUE(record_choice(*db_, as(me), id, {b}, {}));
  {
    auto lease = db_->acquire();
    auto saved = load_choice(*lease, id, me);
    EXPECT_EQ(saved->teams, (std::vector<std::int64_t>{b}));
    EXPECT_TRUE(saved->liked.empty());
  }
  EXPECT_EQ(audited("teamchoice.choose"), 2);
}

TEST_P(RoundsTest, TheBoardCountsFirstChoicesAndWhatEachTeamLacks) {
  auto id = open();
  auto r = round(id);
  // Half the people put the first team first, the rest the second team.
  std::map<std::int64_t, std::vector<std::int64_t>> chose;
  for (std::size_t i = 0; i < r.people.size(); ++i) {
    auto team = r.teams[i % 2].id;
    ASSERT_TRUE(
        record_choice(*db_, as(r.people[i].id), id, {team, r.teams[2 % r.teams.size()].id}, {}));
    chose[team].push_back(r.people[i].id);
  }
  auto lease = db_->acquire();
  auto board = load_board(*lease, round(id));
  EXPECT_EQ(board.chosen, static_cast<std::int64_t>(r.people.size()));
  ASSERT_EQ(board.teams.size(), r.teams.size());
  for (auto& t : board.teams) {
    EXPECT_EQ(t.size, static_cast<int>(chose[t.team.id].size())) << t.team.code;
    // What it lacks, counted here straight from the tables.
    std::set<std::string> expected;
    for (auto& req : lease
                         ->query("SELECT k.code, q.minimum FROM team_requirements q JOIN "
                                 "competences k ON k.id = q.competence_id WHERE q.team_id = $1",
                                 {t.team.id})
                         .rows) {
      std::int64_t holders = 0;
      for (auto person : chose[t.team.id]) {
        holders += lease
                       ->query(
                           "SELECT count(*) FROM person_competences pc JOIN competences k "
                           "ON k.id = pc.competence_id WHERE pc.person_id = $1 AND k.code = "
                           "$2",
                           {person, req.text(0)})
                       .rows[0]
                       .integer(0);
      }
      if (holders < req.integer(1)) expected.insert(req.text(0));
    }
    std::set<std::string> lacking;
    for (auto& l : t.lacking) lacking.insert(l.competence);
    EXPECT_EQ(lacking, expected) << t.team.code;
  }
  // A team nobody chose first lacks every competence it requires.
  if (r.teams.size() > 2) {
    EXPECT_EQ(board.teams[2].size, 0);
    EXPECT_FALSE(board.teams[2].lacking.empty());
  }
}

TEST_P(RoundsTest, TheAcceptedProposalKeepsEveryRuleAndIsAudited) {
  auto id = open();
  auto r = round(id);
  // Everyone wants the first team most: it cannot take them all.
  for (auto& p : r.people) {
    ASSERT_TRUE(record_choice(*db_, as(p.id), id, {r.teams[0].id}, {}));
  }
  EXPECT_EQ(publish(*db_, coach(), id).outcome, Outcome::invalid);  // nothing to publish yet
  EXPECT_EQ(run_optimiser(*db_, as(r.people[0].id), id).outcome, Outcome::refused);
  ASSERT_TRUE(run_optimiser(*db_, coach(), id, 20));
  Proposal proposal;
  {
    auto lease = db_->acquire();
    proposal = load_proposal(*lease, round(id));
  }
  ASSERT_TRUE(proposal.exists);
  ASSERT_TRUE(proposal.feasible) << (proposal.violations.empty() ? "" : proposal.violations[0]);
  EXPECT_LE(static_cast<double>(proposal.objective), proposal.bound + 1e-6);
  ASSERT_EQ(proposal.placements.size(), r.people.size());
  std::map<std::int64_t, int> size;
  for (auto& placement : proposal.placements) {
    ASSERT_NE(r.team(placement.team_id), nullptr);
    ++size[placement.team_id];
    if (placement.team_id != r.teams[0].id) {
      EXPECT_FALSE(placement.reason.empty());
    }
  }
  for (auto& t : r.teams) {
    EXPECT_GE(size[t.id], t.min_size) << t.code;
    EXPECT_LE(size[t.id], t.max_size) << t.code;
  }

  EXPECT_EQ(accept(*db_, coach(), id).outcome, Outcome::invalid);  // not published yet
  ASSERT_TRUE(publish(*db_, coach(), id));
  EXPECT_EQ(record_choice(*db_, as(r.people[0].id), id, {r.teams[1].id}, {}).outcome,
            Outcome::invalid);
  EXPECT_EQ(accept(*db_, as(r.people[0].id), id).outcome, Outcome::refused);
  auto accepted = accept(*db_, coach(), id);
  ASSERT_TRUE(accepted);
  EXPECT_GT(accepted.changed, 0);
  EXPECT_EQ(audited("membership.move"), accepted.changed);
  EXPECT_EQ(audited("teamchoice.accept"), 1);

  // Each person is now in exactly their proposed team among the round's teams,
  // and every team meets its competence minimums.
  for (auto& placement : proposal.placements) {
    auto held = query(
        "SELECT m.team_id FROM memberships m JOIN team_round_teams rt ON rt.team_id = "
        "m.team_id AND rt.round_id = $1 WHERE m.person_id = $2",
        {id, placement.person_id});
    ASSERT_EQ(held.rows.size(), 1u);
    EXPECT_EQ(held.rows[0].integer(0), placement.team_id);
  }
  auto short_teams = query(
      "SELECT count(*) FROM team_requirements q JOIN team_round_teams rt ON rt.team_id = "
      "q.team_id AND rt.round_id = $1 WHERE q.minimum > (SELECT count(*) FROM memberships m "
      "JOIN person_competences pc ON pc.person_id = m.person_id AND pc.competence_id = "
      "q.competence_id WHERE m.team_id = q.team_id)",
      {id});
  EXPECT_EQ(short_teams.rows[0].integer(0), 0);
  EXPECT_EQ(round(id).summary.status, "accepted");
  EXPECT_EQ(accept(*db_, coach(), id).outcome, Outcome::invalid);  // once only
}

TEST_P(RoundsTest, OnlyPeopleOfTheRoundAndManagersMayLookAtIt) {
  auto id = open();
  auto r = round(id);
  EXPECT_TRUE(may_view(r, as(r.people[0].id)));
  EXPECT_TRUE(may_view(r, coach()));
  EXPECT_FALSE(may_view(r, as(outsider())));
  EXPECT_FALSE(may_view(r, as(0)));
}

PLOEG_INSTANTIATE_BACKENDS(RoundsTest);

}  // namespace
}  // namespace ploeg::teamchoice
