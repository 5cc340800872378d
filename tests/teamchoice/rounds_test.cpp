// Team choice rounds on SQLite and PostgreSQL, on the 300-person demo
// organisation: who may open a round and choose, what a choice may hold, what
// the board counts, that the optimiser's proposal keeps every rule, and that
// accepting it writes the memberships with an audit entry for each move.
#include "teamchoice/rounds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "teamchoice/round_fixture.hpp"

namespace ploeg::teamchoice {
namespace {

class RoundsTest : public fixture::RoundFixture {};

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
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  auto bad = open_round(*db_, admin(), "  ", "no-such-region");
  EXPECT_EQ(bad.verdict, Verdict::invalid);
  std::set<std::string> keys;
  for (auto& e : bad.errors) keys.insert(e.key);
  EXPECT_TRUE(keys.count("rounds_error_title"));
  EXPECT_TRUE(keys.count("rounds_error_region"));
  EXPECT_EQ(count("team_rounds"), 0);
}

TEST_P(RoundsTest, OnlyTheRegionsCoachesAndAdministratorsRunARound) {
  // A coach of no team of the region may neither open nor run its round.
  EXPECT_EQ(open_round(*db_, other_coach(), "Not mine", region_).verdict, Verdict::forbidden);
  EXPECT_EQ(audited("teamchoice.open.refused"), 1);
  EXPECT_EQ(count("team_rounds"), 0);
  auto id = open();
  auto r = round(id);
  {
    auto lease = db_->acquire();
    EXPECT_TRUE(may_manage(*lease, coach(), r));
    EXPECT_TRUE(may_manage(*lease, admin(), r));
    EXPECT_FALSE(may_manage(*lease, other_coach(), r));
    EXPECT_FALSE(may_manage(*lease, as(r.people[0].id), r));
    // A co-worker role does not become a coach by coaching a team.
    EXPECT_FALSE(may_manage(*lease, as(coach_), r));
  }
  EXPECT_EQ(run_optimiser(*db_, other_coach(), id, 5).verdict, Verdict::forbidden);
  EXPECT_EQ(publish(*db_, other_coach(), id).verdict, Verdict::forbidden);
  EXPECT_EQ(accept(*db_, other_coach(), id).verdict, Verdict::forbidden);
  EXPECT_EQ(close_round(*db_, other_coach(), id).verdict, Verdict::forbidden);
  for (auto action : {"teamchoice.optimise.refused", "teamchoice.publish.refused",
                      "teamchoice.accept.refused", "teamchoice.close.refused"}) {
    EXPECT_EQ(audited(action), 1) << action;
  }
  EXPECT_EQ(round(id).summary.status, "open");
  // Nor may they look at it (issue 18): a round is for its people, the
  // coaches of its teams and administrators.
  EXPECT_FALSE(may_view(r, other_coach()));
  EXPECT_TRUE(may_view(r, coach()));
  EXPECT_TRUE(may_view(r, admin()));
  EXPECT_TRUE(may_view(r, as(r.people[0].id)));
  EXPECT_FALSE(may_view(r, as(coach_))) << "a co-worker role coaching a team is no coach";
  auto listed = [&](const Actor& a) {
    for (auto& s : list_rounds(*db_->acquire(), a))
      if (s.id == id) return true;
    return false;
  };
  EXPECT_FALSE(listed(other_coach()));
  EXPECT_TRUE(listed(coach()));
  EXPECT_TRUE(listed(admin()));
  EXPECT_TRUE(listed(as(r.people[0].id)));
  // An administrator may run any round.
  EXPECT_TRUE(close_round(*db_, admin(), id));
  auto second = open_round(*db_, admin(), "Autumn round", region_);
  EXPECT_TRUE(second);
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
  EXPECT_EQ(stranger.verdict, Verdict::forbidden);

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
  EXPECT_EQ(publish(*db_, coach(), id).verdict, Verdict::invalid);  // nothing to publish yet
  EXPECT_EQ(run_optimiser(*db_, as(r.people[0].id), id).verdict, Verdict::forbidden);
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
      EXPECT_FALSE(placement.reason_kind.empty()) << placement.reason;
    }
  }
  for (auto& t : r.teams) {
    EXPECT_GE(size[t.id], t.min_size) << t.code;
    EXPECT_LE(size[t.id], t.max_size) << t.code;
  }

  EXPECT_EQ(accept(*db_, coach(), id).verdict, Verdict::invalid);  // not published yet
  ASSERT_TRUE(publish(*db_, coach(), id));
  EXPECT_EQ(record_choice(*db_, as(r.people[0].id), id, {r.teams[1].id}, {}).verdict,
            Verdict::invalid);
  EXPECT_EQ(accept(*db_, as(r.people[0].id), id).verdict, Verdict::forbidden);
  // The star roles held by people who leave a team of the round end with it:
  // someone who moves holds one in the team they leave.
  auto mover = std::find_if(proposal.placements.begin(), proposal.placements.end(),
                            [](const Placement& p) { return p.moved; });
  ASSERT_NE(mover, proposal.placements.end());
  auto left = r.person(mover->person_id)->current_team.value_or(0);
  auto role = query("SELECT id FROM roles ORDER BY code LIMIT 1").rows.at(0).integer(0);
  db_->transaction([&](store::Connection& c) {
    c.query("DELETE FROM role_assignments WHERE team_id = $1 AND role_id = $2", {left, role});
    c.query(
        "INSERT INTO role_assignments (team_id, role_id, person_id, since, next_rotation) VALUES "
        "($1, $2, $3, '2026-01-01', '2027-01-01')",
        {left, role, mover->person_id});
  });
  // The mover has also taken a casework step in the team they leave, and
  // someone who stays has taken one too: only the mover's goes back.
  auto stayer = std::find_if(
      proposal.placements.begin(), proposal.placements.end(),
      [&](const Placement& p) { return !p.moved && r.person(p.person_id)->current_team; });
  ASSERT_NE(stayer, proposal.placements.end());
  auto type = query(
                  "INSERT INTO request_types (code, name, target_days) VALUES ('held', 'Held', "
                  "30) RETURNING id")
                  .rows.at(0)
                  .integer(0);
  auto held_step = [&](const std::string& reference, std::int64_t team, std::int64_t holder) {
    query(
        "INSERT INTO requests (reference, submission_key, request_type_id, postcode, team_id, "
        "contact_name, description, submitted_at, holder_id, taken_at) VALUES ($1, $1, $2, "
        "'1000', $3, 'A citizen', 'A request', 1, $4, 1)",
        {reference, type, team, holder});
  };
  held_step("2026-MOVE-R001", left, mover->person_id);
  held_step("2026-STAY-R001", *r.person(stayer->person_id)->current_team, stayer->person_id);
  auto held_roles = count("role_assignments");
  std::int64_t ending = 0, releasing = 0;
  {
    auto lease = db_->acquire();
    ending = roles_accepting_ends(*lease, round(id));
    releasing = steps_accepting_releases(*lease, round(id));
  }
  EXPECT_EQ(releasing, 1);
  auto accepted = accept(*db_, coach(), id);
  ASSERT_TRUE(accepted);
  EXPECT_GT(accepted.changed, 0);
  EXPECT_EQ(audited("membership.move"), accepted.changed);
  EXPECT_EQ(audited("teamchoice.accept"), 1);
  EXPECT_GT(ending, 0);
  EXPECT_EQ(accepted.roles_ended, ending);
  EXPECT_EQ(count("role_assignments"), held_roles - ending);
  EXPECT_EQ(audited("role.ended"), ending);
  EXPECT_EQ(round(id).roles_ended, ending);
  EXPECT_EQ(accepted.steps_released, 1);
  EXPECT_EQ(round(id).steps_released, 1);
  EXPECT_TRUE(query("SELECT holder_id FROM requests WHERE reference = '2026-MOVE-R001'")
                  .rows.at(0)
                  .is_null(0));
  EXPECT_EQ(query("SELECT holder_id FROM requests WHERE reference = '2026-STAY-R001'")
                .rows.at(0)
                .integer(0),
            stayer->person_id);
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action = 'request.release' AND subject = "
                  "'request:2026-MOVE-R001'")
                .rows.at(0)
                .integer(0),
            1);
  auto entry = query("SELECT subject, detail FROM audit_log WHERE action = 'role.ended' LIMIT 1");
  EXPECT_EQ(entry.rows.at(0).text(0).rfind("team:", 0), 0u);
  EXPECT_NE(entry.rows[0].text(1).find("held by person:"), std::string::npos);

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
  EXPECT_EQ(accept(*db_, coach(), id).verdict, Verdict::invalid);  // once only
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
