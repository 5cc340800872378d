// Working groups (issue 20, item 6) on SQLite and PostgreSQL: starting,
// joining, changing a share, leaving and closing; a person's time across
// teams and groups with the warning past 100%; the refusals, each with its
// verdict and field; the audit entries; nothing written by a refused change.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "advice/demo_organisation.hpp"
#include "advice/groups.hpp"
#include "app/platform.hpp"
#include "core/clock.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/store.hpp"
#include "store/backend.hpp"
#include "support/acting.hpp"

namespace ploeg::advice {
namespace {

class GroupsTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    testing::with_demo_organisation(*db_, 60);
    // Two people whose teams take all their time, and one at 70%.
    auto full = query(
        "SELECT person_id FROM memberships GROUP BY person_id HAVING sum(share_percent) = 100 "
        "ORDER BY person_id");
    ASSERT_GE(full.rows.size(), 4u);
    ann_ = full.rows[0].integer(0);
    bob_ = full.rows[1].integer(0);
    eva_ = full.rows[2].integer(0);
    auto single = query(
        "SELECT person_id FROM memberships GROUP BY person_id HAVING count(*) = 1 AND "
        "sum(share_percent) = 100 ORDER BY person_id DESC");
    ASSERT_FALSE(single.empty());
    part_ = single.rows[0].integer(0);
    ASSERT_NE(part_, ann_);
    ASSERT_NE(part_, bob_);
    ASSERT_NE(part_, eva_);
    query("UPDATE memberships SET share_percent = 70 WHERE person_id = $1", {part_});
  }

  Actor as(std::int64_t person, const std::string& role = "coworker") {
    return testing::acting_as(*db_, person, "user:p" + std::to_string(person), role);
  }

  GroupChange start(const Actor& who, const std::string& name, int share = 10,
                    const std::string& ends = "") {
    NewGroup g;
    g.name = name;
    g.purpose = "Make telework work for every team.\r\nAnd report.";
    g.ends = ends;
    g.share_percent = share;
    return start_group(*db_, who, g);
  }

  std::int64_t audits(const std::string& action, const std::string& subject) {
    return query("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2",
                 {action, subject})
        .rows.at(0)
        .integer(0);
  }

  std::int64_t ann_ = 0, bob_ = 0, eva_ = 0, part_ = 0;
};

TEST_P(GroupsTest, StartJoinLeaveAndClose) {
  auto ann = as(ann_), bob = as(bob_);
  auto ends = date_text(today() + 60);
  auto started = start(ann, "  Telewerk & Welzijn  ", 10, ends);
  ASSERT_TRUE(started.ok()) << started.first_key();
  EXPECT_EQ(started.code, "telewerk-welzijn");

  auto lease = db_->acquire();
  auto& c = *lease;
  auto group = find_group(c, "telewerk-welzijn");
  ASSERT_TRUE(group);
  EXPECT_EQ(group->name, "Telewerk & Welzijn");
  EXPECT_EQ(group->purpose, "Make telework work for every team.\nAnd report.");
  ASSERT_TRUE(group->ends_day);
  EXPECT_EQ(*group->ends_day, today() + 60);
  EXPECT_EQ(group->max_share_percent, 20);  // the setting's default
  EXPECT_EQ(group->created_by, ann_);
  ASSERT_EQ(group->members.size(), 1u);
  EXPECT_EQ(group->members[0].person_id, ann_);
  EXPECT_EQ(group->members[0].share_percent, 10);
  EXPECT_FALSE(group->members[0].name.empty());

  // The same name again gets the next free code; a standing group has no end.
  auto second = start(bob, "Telewerk en welzijn!", 5);
  ASSERT_TRUE(second.ok()) << second.first_key();
  EXPECT_EQ(second.code, "telewerk-en-welzijn");
  auto third = start(bob, "telewerk & welzijn", 5);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third.code, "telewerk-welzijn-2");
  EXPECT_FALSE(find_group(c, "telewerk-welzijn-2")->ends_day);

  auto joined = join_group(*db_, bob, "telewerk-welzijn", 15);
  ASSERT_TRUE(joined.ok()) << joined.first_key();
  group = find_group(c, "telewerk-welzijn");
  ASSERT_EQ(group->members.size(), 2u);
  EXPECT_EQ(group->member_count, 2);

  auto open = open_groups(c, today());
  ASSERT_EQ(open.size(), 3u);
  auto listed =
      std::find_if(open.begin(), open.end(), [](auto& g) { return g.code == "telewerk-welzijn"; });
  ASSERT_NE(listed, open.end());
  EXPECT_EQ(listed->member_count, 2);
  EXPECT_EQ(listed->name, "Telewerk & Welzijn");
  ASSERT_TRUE(listed->ends_day);

  auto mine = groups_of(c, bob_, today());
  ASSERT_EQ(mine.size(), 3u);  // two started, one joined
  EXPECT_EQ(
      std::count_if(mine.begin(), mine.end(),
                    [](auto& g) { return g.code == "telewerk-welzijn" && g.share_percent == 15; }),
      1);

  auto changed = change_group_share(*db_, bob, "telewerk-welzijn", 5);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(find_group(c, "telewerk-welzijn")->members.size(), 2u);

  auto left = leave_group(*db_, bob, "telewerk-welzijn");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(find_group(c, "telewerk-welzijn")->member_count, 1);
  EXPECT_EQ(groups_of(c, bob_, today()).size(), 2u);
  // Leaving twice: not a member any more. Rejoining is a new membership.
  EXPECT_TRUE(leave_group(*db_, bob, "telewerk-welzijn").is(Verdict::conflict));
  ASSERT_TRUE(join_group(*db_, bob, "telewerk-welzijn", 3).ok());
  EXPECT_EQ(query("SELECT count(*) FROM working_group_members m JOIN working_groups g ON g.id = "
                  "m.group_id WHERE g.code = 'telewerk-welzijn' AND m.person_id = $1",
                  {bob_})
                .rows[0]
                .integer(0),
            2);

  auto closed = close_group(*db_, ann, "telewerk-welzijn");
  ASSERT_TRUE(closed.ok()) << closed.first_key();
  group = find_group(c, "telewerk-welzijn");
  ASSERT_TRUE(group->closed_at);
  EXPECT_TRUE(group->members.empty());
  EXPECT_EQ(open_groups(c, today()).size(), 2u);
  EXPECT_EQ(groups_of(c, ann_, today()).size(), 0u);

  // Each change is in the audit log, about the group.
  EXPECT_EQ(audits("working_group.start", "working_group:telewerk-welzijn"), 1);
  EXPECT_EQ(audits("working_group.start", "working_group:telewerk-welzijn-2"), 1);
  EXPECT_EQ(audits("working_group.join", "working_group:telewerk-welzijn"), 2);
  EXPECT_EQ(audits("working_group.share", "working_group:telewerk-welzijn"), 1);
  EXPECT_EQ(audits("working_group.leave", "working_group:telewerk-welzijn"), 1);
  EXPECT_EQ(audits("working_group.close", "working_group:telewerk-welzijn"), 1);
  auto entry = query(
      "SELECT actor, detail FROM audit_log WHERE action = 'working_group.join' ORDER BY id LIMIT "
      "1");
  EXPECT_EQ(entry.rows[0].text(0), "user:p" + std::to_string(bob_));
  EXPECT_EQ(entry.rows[0].text(1), "share 15%, time 125%");
}

TEST_P(GroupsTest, PersonTimeAddsTeamsAndGroupsAndWarnsPastFullTime) {
  auto ann = as(ann_), part = as(part_);
  auto lease = db_->acquire();
  auto& c = *lease;

  auto before = person_time(c, part_, today());
  EXPECT_EQ(before.total_percent, 70);
  ASSERT_EQ(before.teams.size(), 1u);
  EXPECT_EQ(before.teams[0].share_percent, 70);
  EXPECT_TRUE(before.groups.empty());

  // 70% + 20%: within a full week, no warning.
  auto started = start(part, "Onthaal", 20);
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started.total_percent, 90);
  EXPECT_TRUE(started.warnings.empty());

  // Ann's teams take 100%: joining with 20% is done, with a warning at 120%.
  auto joined = join_group(*db_, ann, started.code, 20);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined.total_percent, 120);
  ASSERT_EQ(joined.warnings.size(), 1u);
  EXPECT_EQ(joined.warnings[0].key, "advice_group_over_full_time");
  EXPECT_EQ(joined.warnings[0].field, "share_percent");
  ASSERT_EQ(joined.warnings[0].values.size(), 1u);
  EXPECT_EQ(joined.warnings[0].values[0].first, "total");
  EXPECT_EQ(joined.warnings[0].values[0].second, "120");
  EXPECT_TRUE(find_group(c, started.code)->members.size() == 2u);
  auto time = person_time(c, ann_, today());
  EXPECT_EQ(time.total_percent, 120);
  EXPECT_TRUE(time.over_full_time());
  ASSERT_EQ(time.groups.size(), 1u);
  EXPECT_EQ(time.groups[0].code, started.code);

  // A second group takes Part past 100% too; lowering a share brings the
  // total back and the warning goes.
  auto other = start(ann, "Digitale post", 5);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other.total_percent, 125);
  ASSERT_EQ(other.warnings.size(), 1u);
  EXPECT_EQ(other.warnings[0].values[0].second, "125");
  auto more = join_group(*db_, part, other.code, 15);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more.total_percent, 105);
  ASSERT_EQ(more.warnings.size(), 1u);
  EXPECT_EQ(more.warnings[0].values[0].second, "105");
  auto lower = change_group_share(*db_, part, other.code, 10);
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower.total_percent, 100);
  EXPECT_TRUE(lower.warnings.empty());
  EXPECT_FALSE(person_time(c, part_, today()).over_full_time());

  // A closed group no longer counts.
  ASSERT_TRUE(close_group(*db_, ann, other.code).ok());
  EXPECT_EQ(person_time(c, part_, today()).total_percent, 90);
  EXPECT_EQ(person_time(c, ann_, today()).total_percent, 120);
}

TEST_P(GroupsTest, StarRolesAreListedWithoutAShare) {
  auto holder = query(
      "SELECT a.person_id, t.code, r.code FROM role_assignments a JOIN teams t ON "
      "t.id = a.team_id JOIN roles r ON r.id = a.role_id ORDER BY a.person_id, "
      "t.code, r.code LIMIT 1");
  ASSERT_FALSE(holder.empty());
  auto person = holder.rows[0].integer(0);
  auto lease = db_->acquire();
  auto time = person_time(*lease, person, today());
  ASSERT_FALSE(time.roles.empty());
  EXPECT_EQ(time.roles[0].team_code, holder.rows[0].text(1));
  EXPECT_EQ(time.roles[0].role_code, holder.rows[0].text(2));
  EXPECT_FALSE(time.roles[0].role_name.empty());
  auto teams = query("SELECT sum(share_percent) FROM memberships WHERE person_id = $1", {person});
  EXPECT_EQ(time.total_percent, teams.rows[0].integer(0));
}

TEST_P(GroupsTest, TheSettingSetsTheLargestShare) {
  query("INSERT INTO settings (name, value) VALUES ('advice_group_max_share_percent', '30')");
  auto started = start(as(part_), "Kennisdeling", 30);
  ASSERT_TRUE(started.ok()) << started.first_key();
  auto lease = db_->acquire();
  EXPECT_EQ(find_group(*lease, started.code)->max_share_percent, 30);
  auto refused = join_group(*db_, as(ann_), started.code, 31);
  ASSERT_TRUE(refused.is(Verdict::invalid));
  EXPECT_EQ(refused.errors.at(0).field, "share_percent");
  EXPECT_EQ(refused.errors.at(0).key, "advice_group_share_range");
  EXPECT_EQ(refused.errors.at(0).values.at(0).second, "30");
}

TEST_P(GroupsTest, BadInputIsRefusedFieldByFieldAndNothingIsWritten) {
  auto ann = as(ann_);
  auto empty = start(ann, "   ", 10);
  ASSERT_TRUE(empty.is(Verdict::invalid));
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].field, "name");
  EXPECT_EQ(empty.errors[0].key, "advice_group_name_missing");

  NewGroup g;
  g.name = std::string(121, 'x');
  g.purpose = "";
  g.ends = date_text(today() - 1);
  g.share_percent = 21;
  auto many = start_group(*db_, ann, g);
  ASSERT_TRUE(many.is(Verdict::invalid));
  ASSERT_EQ(many.errors.size(), 4u);
  EXPECT_EQ(many.errors[0].field, "name");
  EXPECT_EQ(many.errors[0].key, "advice_group_text_too_long");
  EXPECT_EQ(many.errors[1].field, "purpose");
  EXPECT_EQ(many.errors[1].key, "advice_group_purpose_missing");
  EXPECT_EQ(many.errors[2].field, "ends");
  EXPECT_EQ(many.errors[2].key, "advice_group_ends_not_after_today");
  EXPECT_EQ(many.errors[3].field, "share_percent");
  EXPECT_EQ(many.errors[3].key, "advice_group_share_range");

  // 120 characters (accents count once) are fine; today is not after today.
  g.name = std::string(118, 'x') + "éé";
  g.purpose = "p";
  g.ends = date_text(today());
  g.share_percent = 0;
  auto edge = start_group(*db_, ann, g);
  ASSERT_TRUE(edge.is(Verdict::invalid));
  ASSERT_EQ(edge.errors.size(), 2u);
  EXPECT_EQ(edge.errors[0].field, "ends");
  EXPECT_EQ(edge.errors[1].field, "share_percent");
  g.ends = "31-12-2099";
  g.share_percent = 5;
  auto not_a_day = start_group(*db_, ann, g);
  ASSERT_TRUE(not_a_day.is(Verdict::invalid));
  EXPECT_EQ(not_a_day.first_key(), "advice_group_ends_not_a_day");
  g.max_share_percent = 101;
  g.ends = "";
  auto too_large = start_group(*db_, ann, g);
  ASSERT_TRUE(too_large.is(Verdict::invalid));
  EXPECT_EQ(too_large.errors.at(0).field, "max_share_percent");

  EXPECT_EQ(count("working_groups"), 0);
  EXPECT_EQ(count("working_group_members"), 0);
  EXPECT_EQ(query("SELECT count(*) FROM audit_log WHERE action LIKE 'working_group.%'")
                .rows[0]
                .integer(0),
            0);

  g.max_share_percent = 0;
  auto fine = start_group(*db_, ann, g);
  ASSERT_TRUE(fine.ok()) << fine.first_key();
  EXPECT_EQ(fine.code, std::string(118, 'x').substr(0, 40));
}

TEST_P(GroupsTest, RefusalsCarryTheirVerdict) {
  auto ann = as(ann_), bob = as(bob_), eva = as(eva_);
  auto started = start(ann, "Onthaal", 10);
  ASSERT_TRUE(started.ok());
  auto code = started.code;

  // Nobody of the organisation takes part.
  Actor visitor;
  visitor.name = "anonymous";
  EXPECT_TRUE(start(visitor, "Iets", 10).is(Verdict::forbidden));
  EXPECT_TRUE(join_group(*db_, visitor, code, 10).is(Verdict::forbidden));
  EXPECT_EQ(join_group(*db_, command_line_actor(), code, 10).first_key(), "advice_group_no_person");

  // Joining twice.
  auto twice = join_group(*db_, ann, code, 5);
  ASSERT_TRUE(twice.is(Verdict::conflict));
  EXPECT_EQ(twice.errors.at(0).field, "group");
  EXPECT_EQ(twice.first_key(), "advice_group_already_member");

  // Unknown groups, whatever the command.
  for (auto& result :
       {join_group(*db_, bob, "no-such-group", 5), change_group_share(*db_, bob, "no-such", 5),
        leave_group(*db_, bob, "no-such"), close_group(*db_, ann, "no-such"),
        join_group(*db_, bob, "", 5), join_group(*db_, bob, std::string(5000, 'a'), 5)}) {
    EXPECT_TRUE(result.is(Verdict::not_found));
    EXPECT_EQ(result.first_key(), "advice_group_unknown");
  }

  // A share out of range; a share change by a non-member.
  EXPECT_TRUE(join_group(*db_, bob, code, 0).is(Verdict::invalid));
  EXPECT_TRUE(join_group(*db_, bob, code, 21).is(Verdict::invalid));
  EXPECT_EQ(change_group_share(*db_, bob, code, 5).first_key(), "advice_group_not_member");
  EXPECT_TRUE(change_group_share(*db_, bob, code, 5).is(Verdict::conflict));
  EXPECT_TRUE(change_group_share(*db_, ann, code, 25).is(Verdict::invalid));

  // Closing: someone else may not, even a member; an administrator may.
  ASSERT_TRUE(join_group(*db_, bob, code, 5).ok());
  auto by_bob = close_group(*db_, bob, code);
  ASSERT_TRUE(by_bob.is(Verdict::forbidden));
  EXPECT_EQ(by_bob.first_key(), "advice_group_close_forbidden");
  {
    auto lease = db_->acquire();
    EXPECT_FALSE(find_group(*lease, code)->closed_at);
  }
  auto admin = as(eva_, "admin");
  ASSERT_TRUE(close_group(*db_, admin, code).ok());
  EXPECT_EQ(audits("working_group.close", "working_group:" + code), 1);

  // A closed group: no joining, no closing again.
  EXPECT_TRUE(join_group(*db_, eva, code, 5).is(Verdict::conflict));
  EXPECT_EQ(join_group(*db_, eva, code, 5).first_key(), "advice_group_closed");
  EXPECT_TRUE(close_group(*db_, ann, code).is(Verdict::conflict));
  EXPECT_TRUE(change_group_share(*db_, ann, code, 5).is(Verdict::conflict));

  // A group past its end day is not open any more.
  auto ending = start(ann, "Zomerplan", 10, date_text(today() + 3));
  ASSERT_TRUE(ending.ok());
  query("UPDATE working_groups SET ends_day = $1 WHERE code = $2", {today() - 1, ending.code});
  EXPECT_EQ(join_group(*db_, bob, ending.code, 5).first_key(), "advice_group_closed");
  // The database itself holds one open membership per person and group.
  EXPECT_THROW(query("INSERT INTO working_group_members (group_id, person_id, share_percent, "
                     "joined_at) SELECT id, $1, 5, 0 FROM working_groups WHERE code = $2",
                     {ann_, ending.code}),
               store::ConstraintError);
  auto lease = db_->acquire();
  EXPECT_TRUE(open_groups(*lease, today()).empty());
  EXPECT_EQ(person_time(*lease, ann_, today()).total_percent, 100);
}

PLOEG_INSTANTIATE_BACKENDS(GroupsTest);

}  // namespace
}  // namespace ploeg::advice
