// Who may change what, on both backends: members edit their own team, people
// their own profile, administrators everything; every change is audited and
// a refused or invalid one changes nothing. And the read views the team
// pages and the API show agree with the organisation they read.
#include "organisation/editing.hpp"
#include "support/acting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/platform.hpp"
#include "audit/audit.hpp"
#include "organisation/coverage.hpp"
#include "organisation/demo_generator.hpp"
#include "organisation/directory.hpp"
#include "organisation/store.hpp"
#include "organisation/teams.hpp"
#include "store/backend.hpp"

namespace ploeg::organisation {
namespace {

class EditingTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
    generated_ = generate_demo(300, 3);
    db_->transaction([&](store::Connection& c) {
      sql::save(c, generated_);
      directory::reindex_people(c);
    });
    // Two regional teams and a member of the first who is not in the second.
    std::vector<std::string> regional;
    for (auto& t : generated_.teams) {
      if (t.kind == "regional") regional.push_back(t.code);
    }
    ASSERT_GE(regional.size(), 2u);
    std::sort(regional.begin(), regional.end());
    own_team_ = regional[0];
    other_team_ = regional[1];
    for (auto& m : generated_.memberships) {
      if (m.team == own_team_ && !member_of(m.person, other_team_)) {
        member_email_ = m.person;
        break;
      }
    }
    ASSERT_FALSE(member_email_.empty());
    for (auto& m : generated_.memberships) {
      if (m.team == other_team_ && !member_of(m.person, own_team_)) {
        outsider_email_ = m.person;
        break;
      }
    }
    ASSERT_FALSE(outsider_email_.empty());
    member_ = testing::acting_as(*db_, person_id(member_email_), "user:member");
    admin_ = testing::acting_as(*db_, 0, "user:admin", "admin");
  }

  bool member_of(const std::string& email, const std::string& team) const {
    return std::any_of(generated_.memberships.begin(), generated_.memberships.end(),
                       [&](const Membership& m) { return m.person == email && m.team == team; });
  }

  std::int64_t person_id(const std::string& email) {
    return query("SELECT id FROM people WHERE email = $1", {email}).rows.at(0).integer(0);
  }

  std::string vision(const std::string& team) {
    return query("SELECT vision FROM teams WHERE code = $1", {team}).rows.at(0).text(0);
  }

  // The newest audit entry's id (0: none yet): a refused edit leaves it alone.
  std::int64_t last_audit_id() {
    auto newest = audit::recent(*db_, 1);
    return newest.empty() ? 0 : newest[0].id;
  }

  audit::Entry last_audit() {
    auto newest = audit::recent(*db_, 1);
    EXPECT_EQ(newest.size(), 1u);
    return newest.empty() ? audit::Entry{} : newest[0];
  }

  std::string role_holder(const std::string& team, const std::string& role) {
    auto found = query(
        "SELECT p.email FROM role_assignments a JOIN teams t ON t.id = a.team_id JOIN roles r ON "
        "r.id = a.role_id JOIN people p ON p.id = a.person_id WHERE t.code = $1 AND r.code = $2",
        {team, role});
    return found.empty() ? "" : found.rows[0].text(0);
  }

  Organisation generated_;
  std::string own_team_, other_team_, member_email_, outsider_email_;
  Actor member_, admin_;
};

TEST_P(EditingTest, MembersEditTheirOwnTeamAndNotAnother) {
  auto before = last_audit_id();
  auto saved = editing::set_team_texts(*db_, member_, own_team_, "  We decide together. ", "Trust");
  ASSERT_EQ(saved.verdict, Verdict::ok);
  EXPECT_EQ(vision(own_team_), "We decide together.");  // trimmed
  auto entry = last_audit();
  EXPECT_GT(entry.id, before);
  EXPECT_EQ(entry.event.action, "team.vision");
  EXPECT_EQ(entry.event.subject, "team:" + own_team_);
  EXPECT_EQ(entry.event.actor, "user:member");

  auto other_vision = vision(other_team_);
  auto audited = last_audit_id();
  auto refused = editing::set_team_texts(*db_, member_, other_team_, "Taken over", "");
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  EXPECT_EQ(vision(other_team_), other_vision);
  EXPECT_EQ(last_audit_id(), audited);

  // Roles of another team are out of reach too.
  auto role = generated_.roles.at(0).code;
  auto holder = role_holder(other_team_, role);
  EXPECT_EQ(editing::assign_role(*db_, member_, other_team_, role, outsider_email_, "2026-01-01",
                                 "2027-01-01")
                .verdict,
            Verdict::forbidden);
  EXPECT_EQ(editing::release_role(*db_, member_, other_team_, role).verdict, Verdict::forbidden);
  EXPECT_EQ(role_holder(other_team_, role), holder);
  EXPECT_EQ(last_audit_id(), audited);

  // Someone who is nobody in the organisation edits no team.
  Actor nobody = testing::acting_as(*db_, 0, "user:guest");
  EXPECT_EQ(editing::set_team_texts(*db_, nobody, own_team_, "x", "y").verdict, Verdict::forbidden);
  EXPECT_EQ(editing::set_team_texts(*db_, member_, "NO-SUCH-TEAM", "x", "y").verdict,
            Verdict::not_found);
}

TEST_P(EditingTest, APersonEditsTheirOwnProfileAndNotSomeoneElses) {
  auto before = last_audit_id();
  auto saved = editing::set_profile(*db_, member_, member_.person.id,
                                    {" tax law ", "appeals", "tax law", ""}, "Appeals in Ghent");
  ASSERT_EQ(saved.verdict, Verdict::ok);
  auto lease = db_->acquire();
  auto page = directory::person(*lease, member_.person.id);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->expertise, (std::vector<std::string>{"appeals", "tax law"}));
  EXPECT_EQ(page->ask_me_about, "Appeals in Ghent");
  auto entry = last_audit();
  EXPECT_GT(entry.id, before);
  EXPECT_EQ(entry.event.action, "person.profile");
  EXPECT_EQ(entry.event.subject, "person:" + member_email_);

  auto outsider = person_id(outsider_email_);
  auto theirs = directory::person(*lease, outsider);
  auto audited = last_audit_id();
  auto refused = editing::set_profile(*db_, member_, outsider, {"hijacked"}, "nothing");
  EXPECT_EQ(refused.verdict, Verdict::forbidden);
  auto after = directory::person(*lease, outsider);
  EXPECT_EQ(after->expertise, theirs->expertise);
  EXPECT_EQ(after->ask_me_about, theirs->ask_me_about);
  EXPECT_EQ(last_audit_id(), audited);
}

TEST_P(EditingTest, AnAdministratorEditsEverything) {
  auto outsider = person_id(outsider_email_);
  auto start = last_audit_id();
  EXPECT_EQ(editing::set_team_texts(*db_, admin_, other_team_, "Admin vision", "").verdict,
            Verdict::ok);
  EXPECT_EQ(vision(other_team_), "Admin vision");
  EXPECT_EQ(editing::set_profile(*db_, admin_, outsider, {"pensions"}, "").verdict, Verdict::ok);
  auto role = generated_.roles.at(1).code;
  EXPECT_EQ(editing::assign_role(*db_, admin_, other_team_, role, outsider_email_, "2026-03-01",
                                 "2027-03-01")
                .verdict,
            Verdict::ok);
  EXPECT_EQ(role_holder(other_team_, role), outsider_email_);
  EXPECT_EQ(last_audit().event.action, "role.assign");
  EXPECT_EQ(editing::release_role(*db_, admin_, other_team_, role).verdict, Verdict::ok);
  EXPECT_EQ(role_holder(other_team_, role), "");
  EXPECT_EQ(last_audit().event.action, "role.release");
  // Four edits, four entries, in order.
  auto entries = audit::recent(*db_, 10);
  std::vector<std::string> actions;
  for (auto& e : entries) {
    if (e.id > start) actions.push_back(e.event.action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"role.release", "role.assign", "person.profile",
                                               "team.vision"}));
}

TEST_P(EditingTest, ARoleForANonMemberIsInvalidAndNamesTheHolder) {
  auto role = generated_.roles.at(0).code;
  auto holder = role_holder(own_team_, role);
  auto audited = last_audit_id();
  auto result = editing::assign_role(*db_, member_, own_team_, role, outsider_email_, "2026-01-01",
                                     "2027-01-01");
  ASSERT_EQ(result.verdict, Verdict::invalid);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].field, "holder");
  EXPECT_NE(result.errors[0].message.find(outsider_email_), std::string::npos)
      << result.errors[0].message;
  EXPECT_EQ(role_holder(own_team_, role), holder);
  EXPECT_EQ(last_audit_id(), audited);

  // A member may take it.
  ASSERT_EQ(editing::assign_role(*db_, member_, own_team_, role, member_email_, "2026-01-01",
                                 "2027-01-01")
                .verdict,
            Verdict::ok);
  EXPECT_EQ(role_holder(own_team_, role), member_email_);
  EXPECT_EQ(editing::assign_role(*db_, member_, own_team_, "no-such-role", member_email_,
                                 "2026-01-01", "2027-01-01")
                .verdict,
            Verdict::not_found);
}

TEST_P(EditingTest, DatesAreValidated) {
  auto role = generated_.roles.at(0).code;
  auto holder = role_holder(own_team_, role);
  auto field_of = [&](const std::string& since, const std::string& next) {
    auto r = editing::assign_role(*db_, member_, own_team_, role, member_email_, since, next);
    EXPECT_EQ(r.verdict, Verdict::invalid) << since << " " << next;
    return r.errors.empty() ? std::string() : r.errors[0].field;
  };
  EXPECT_EQ(field_of("2026-02-30", "2027-01-01"), "since");
  EXPECT_EQ(field_of("23/11/2026", "2027-01-01"), "since");
  EXPECT_EQ(field_of("2026-01-01", "2027-13-01"), "next_rotation");
  EXPECT_EQ(field_of("2026-06-01", "2026-06-01"), "next_rotation");  // must come after
  EXPECT_EQ(field_of("2026-06-01", "2025-06-01"), "next_rotation");
  EXPECT_EQ(role_holder(own_team_, role), holder);

  EXPECT_TRUE(editing::valid_date("2028-02-29"));
  EXPECT_FALSE(editing::valid_date("2027-02-29"));
  EXPECT_FALSE(editing::valid_date("2100-02-29"));
  EXPECT_TRUE(editing::valid_date("2000-02-29"));
  EXPECT_FALSE(editing::valid_date("2026-1-01"));
  EXPECT_FALSE(editing::valid_date(""));
}

TEST_P(EditingTest, AProfileEditIsFoundByTheDirectory) {
  auto lease = db_->acquire();
  EXPECT_EQ(directory::search(*lease, "zwaluwnesten", 1).total, 0);
  ASSERT_EQ(editing::set_profile(*db_, member_, member_.person.id, {"zwaluwnesten"}, "").verdict,
            Verdict::ok);
  auto found = directory::search(*lease, "zwaluwnesten", 1);
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.hits[0].id, member_.person.id);
  // Tags replaced are no longer found.
  ASSERT_EQ(editing::set_profile(*db_, member_, member_.person.id, {"other"}, "").verdict,
            Verdict::ok);
  EXPECT_EQ(directory::search(*lease, "zwaluwnesten", 1).total, 0);
}

TEST_P(EditingTest, TooLongTextIsInvalidAndNothingChanges) {
  auto before = vision(own_team_);
  auto result = editing::set_team_texts(*db_, member_, own_team_,
                                        std::string(editing::max_text_length + 1, 'v'), "short");
  ASSERT_EQ(result.verdict, Verdict::invalid);
  EXPECT_EQ(result.errors.at(0).field, "vision");
  EXPECT_EQ(vision(own_team_), before);
  auto profile = editing::set_profile(*db_, member_, member_.person.id, {}, "two\nlines");
  ASSERT_EQ(profile.verdict, Verdict::invalid);
  EXPECT_EQ(profile.errors.at(0).field, "ask_me_about");
}

void expect_same(const Coverage& actual, const Coverage& expected, const std::string& team) {
  EXPECT_EQ(actual.competences, expected.competences) << team;
  EXPECT_EQ(actual.size, expected.size) << team;
  EXPECT_EQ(actual.below_min, expected.below_min) << team;
  EXPECT_EQ(actual.above_max, expected.above_max) << team;
  EXPECT_EQ(actual.complete(), expected.complete()) << team;
}

TEST_P(EditingTest, TeamViewsAgreeWithTheWholeOrganisation) {
  auto lease = db_->acquire();
  auto o = sql::load(*lease);
  std::map<std::string, const Person*> by_email;
  for (auto& p : o.people) by_email[p.email] = &p;
  std::map<std::string, std::vector<const Person*>> members;
  for (auto& m : o.memberships) members[m.team].push_back(by_email.at(m.person));

  auto statuses = teams::team_statuses(*lease);
  ASSERT_EQ(statuses.size(), o.teams.size());
  std::map<std::string, const teams::TeamStatus*> status_of;
  for (auto& s : statuses) status_of[s.code] = &s;
  ASSERT_EQ(status_of.size(), o.teams.size());  // every team once

  for (auto& team : o.teams) {
    auto expected = coverage(team, members[team.code]);
    auto detail = teams::team_detail(*lease, team.code);
    ASSERT_TRUE(detail.has_value()) << team.code;
    expect_same(detail->coverage, expected, team.code);
    EXPECT_EQ(detail->members.size(), members[team.code].size()) << team.code;
    EXPECT_EQ(detail->team.required_mix, team.required_mix) << team.code;
    ASSERT_TRUE(status_of.count(team.code)) << team.code;
    expect_same(status_of[team.code]->coverage, expected, team.code);
  }
  // Regions first, by name; teams without a region last.
  EXPECT_TRUE(std::is_sorted(statuses.begin(), statuses.end(), [](auto& a, auto& b) {
    return std::tuple(a.region_name.empty(), a.region_name) <
           std::tuple(b.region_name.empty(), b.region_name);
  }));
  EXPECT_FALSE(teams::team_detail(*lease, "NO-SUCH-TEAM").has_value());
}

TEST_P(EditingTest, TheRolesOverviewListsEveryAssignment) {
  auto lease = db_->acquire();
  auto o = sql::load(*lease);
  auto overview = teams::roles_overview(*lease);
  ASSERT_EQ(overview.size(), o.roles.size());
  std::set<std::tuple<std::string, std::string, std::string, std::string>> listed;
  std::map<std::int64_t, std::string> email_of;
  for (auto& r : lease->query("SELECT id, email FROM people").rows) {
    email_of[r.integer(0)] = r.text(1);
  }
  for (auto& role : overview) {
    for (auto& h : role.holders) {
      listed.insert({role.role.code, h.team_code, email_of[h.person_id], h.next_rotation});
    }
  }
  std::set<std::tuple<std::string, std::string, std::string, std::string>> expected;
  for (auto& a : o.role_assignments) expected.insert({a.role, a.team, a.person, a.next_rotation});
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(listed, expected);
}

TEST_P(EditingTest, RotationsDueAreThoseOfThePersonsTeamsSoonestFirstOverdueFlagged) {
  auto lease = db_->acquire();
  auto o = sql::load(*lease);
  ASSERT_FALSE(o.role_assignments.empty());
  // Someone in a team with star roles, and what the organisation says is due
  // in their teams by a date, counted here from the loaded organisation.
  auto& held = o.role_assignments.front();
  std::string person;
  for (auto& m : o.memberships) {
    if (m.team == held.team) person = m.person;
  }
  auto person_id =
      lease->query("SELECT id FROM people WHERE email = $1", {person}).rows.at(0).integer(0);
  std::set<std::string> teams_of;
  for (auto& m : o.memberships) {
    if (m.person == person) teams_of.insert(m.team);
  }
  const std::string today = "2026-12-07", until = "2027-01-06";
  std::multiset<std::tuple<std::string, std::string, std::string, bool>> expected;
  for (auto& a : o.role_assignments) {
    if (teams_of.count(a.team) && a.next_rotation <= until) {
      expected.insert({a.next_rotation, a.team, a.role, a.next_rotation < today});
    }
  }
  auto due = teams::rotations_due(*lease, person_id, today, until);
  std::multiset<std::tuple<std::string, std::string, std::string, bool>> listed;
  for (auto& d : due) listed.insert({d.next_rotation, d.team_code, d.role_code, d.overdue});
  EXPECT_EQ(listed, expected);
  EXPECT_TRUE(std::is_sorted(due.begin(), due.end(),
                             [](auto& a, auto& b) { return a.next_rotation < b.next_rotation; }));
  // A rotation moved to the far past is due and overdue; to the far future, not due.
  lease->query(
      "UPDATE role_assignments SET next_rotation = '2000-01-01' WHERE team_id = (SELECT id FROM "
      "teams WHERE code = $1)",
      {held.team});
  due = teams::rotations_due(*lease, person_id, today, until);
  ASSERT_FALSE(due.empty());
  EXPECT_EQ(due.front().next_rotation, "2000-01-01");
  EXPECT_TRUE(due.front().overdue);
  EXPECT_FALSE(due.front().holder_name.empty());
  lease->query("UPDATE role_assignments SET next_rotation = '2999-01-01'");
  EXPECT_TRUE(teams::rotations_due(*lease, person_id, today, until).empty());
}

PLOEG_INSTANTIATE_BACKENDS(EditingTest);

}  // namespace
}  // namespace ploeg::organisation
