// A regional team with a member of every competence the process needs, on
// SQLite and PostgreSQL: what the handling tests act in.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "casework/demo_backend.hpp"
#include "casework/handling.hpp"
#include "casework/requests.hpp"
#include "casework/store.hpp"
#include "support/acting.hpp"

namespace ploeg::casework {

class HandlingTest : public testing::DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    // A postcode whose team has a member of every competence the process needs.
    auto lease = db_->acquire();
    for (auto& r : lease->query("SELECT postcode FROM region_postcodes ORDER BY postcode").rows) {
      auto route = sql::route(*lease, r.text(0));
      if (!route || route->team.empty()) continue;
      auto team = lease->query("SELECT id FROM teams WHERE code = $1", {route->team});
      team_id_ = team.rows[0].integer(0);
      if (member_with("medical").person.id && member_with("payment").person.id &&
          member_with("decision").person.id) {
        postcode_ = r.text(0);
        team_ = route->team;
        break;
      }
    }
  }

  // A member of the team holding `competence` (and, when asked, not holding
  // `lacking`), as an actor; person_id 0 when there is none.
  Actor member_with(const std::string& competence, const std::string& lacking = "") {
    auto found = query(
        "SELECT p.id FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.team_id = $1 "
        "AND EXISTS (SELECT 1 FROM person_competences pc JOIN competences k ON k.id = "
        "pc.competence_id WHERE pc.person_id = p.id AND k.code = $2) AND NOT EXISTS (SELECT 1 "
        "FROM person_competences pc JOIN competences k ON k.id = pc.competence_id WHERE "
        "pc.person_id = p.id AND k.code = $3) ORDER BY p.id",
        {team_id_, competence, lacking});
    if (found.empty()) return {};
    auto id = found.rows[0].integer(0);
    return ::ploeg::testing::acting_as(*db_, id, "user:p" + std::to_string(id));
  }

  // Someone of another regional team.
  Actor outsider() {
    auto found = query(
        "SELECT m.person_id FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.kind = "
        "'regional' AND t.id <> $1 AND NOT EXISTS (SELECT 1 FROM memberships o WHERE "
        "o.person_id = m.person_id AND o.team_id = $1) ORDER BY m.person_id LIMIT 1",
        {team_id_});
    auto id = found.rows.at(0).integer(0);
    return ::ploeg::testing::acting_as(*db_, id, "user:outsider");
  }

  Receipt file(const std::string& type, std::vector<std::string> conditions = {},
               const std::string& key = "k1") {
    NewRequest r;
    r.type = type;
    r.conditions = std::move(conditions);
    r.postcode = postcode_;
    r.name = "Jan Janssens";
    r.email = "jan@example.be";
    r.description = "I can no longer work after an accident.";
    r.submission_key = key;
    auto filed = file_request(*db_, r);
    EXPECT_TRUE(filed.receipt);
    return *filed.receipt;
  }

  std::int64_t figure(const std::string& column, const std::string& scope = "team",
                      std::int64_t id = -1) {
    auto found = query("SELECT sum(" + column +
                           ") FROM figures WHERE scope = $1 AND scope_id = $2 AND period = 'month'",
                       {scope, id < 0 ? team_id_ : id});
    return found.rows.at(0).is_null(0) ? 0 : found.rows.at(0).integer(0);
  }

  // Takes and completes the current step by a member holding its competence.
  void do_step(const std::string& reference, const std::string& decision = "granted") {
    auto view = open_request(*db_, member_with("intake"), reference).view;
    ASSERT_TRUE(view);
    auto current = std::find_if(view->steps.begin(), view->steps.end(), [](const StepState& s) {
      return s.state == StepState::State::current;
    });
    ASSERT_NE(current, view->steps.end());
    auto who = member_with(current->competence);
    ASSERT_NE(who.person.id, 0) << current->competence;
    auto taken = take_step(*db_, who, reference, current->code);
    ASSERT_TRUE(taken.ok()) << current->code << " " << taken.first_key();
    StepResult result{current->code, "Done: " + current->name, "", ""};
    if (current->code == "decision") {
      result.decision = decision;
      result.motivation = "The medical and social assessments support the request.";
    }
    auto done = complete_step(*db_, who, reference, result);
    ASSERT_TRUE(done.ok()) << current->code << " "
                           << (done.errors.empty() ? "" : done.errors[0].message);
  }

  std::string postcode_;
  std::string team_;
  std::int64_t team_id_ = 0;
};

}  // namespace ploeg::casework
