// Working groups (issue 20, item 6): anyone signed in starts a voluntary group
// with a purpose, an end day or none ("standing"), and the largest share of a
// week its members give (setting advice_group_max_share_percent, 20 unless
// set). People join with a share, change it and leave; the starter or an
// administrator closes it. A person's time adds their teams' shares and their
// groups' shares; a join or a change that takes them past 100% is done all
// the same and says so with a warning naming the total. Each change is one
// transaction with its audit entry ("working_group.*", subject
// "working_group:CODE").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/field_error.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::advice {

// Migration 112: working_groups and working_group_members (one open
// membership per person and group; a left membership is kept with left_at).
void register_group_migrations(store::Migrations& migrations);

inline constexpr std::size_t max_group_name = 120;      // characters
inline constexpr std::size_t max_group_purpose = 2000;  // characters
inline constexpr int default_group_max_share = 20;      // percent, without the setting

// The setting advice_group_max_share_percent (1..100), or 20 when it is not
// set or not a number in range.
int group_max_share_setting(store::Connection& c);

// --- what comes of a change --------------------------------------------------

// A change to a group: the group's code (the new one when started) and, when
// the change gave someone a share, their time afterwards. `warnings` never
// refuse anything (the verdict stays ok): the page shows them beside the
// confirmation. The one warning so far: field "share_percent", key
// "advice_group_over_full_time", values {{"total", "120"}}, when the person's
// teams and groups add up to more than 100% of their time.
struct GroupChange : Outcome {
  std::string code;
  int total_percent = 0;  // the person's time after a start, join or share change
  std::vector<FieldError> warnings;
};

// --- the commands -------------------------------------------------------------
//
// Refusals, the same in every command:
// - forbidden, field "form", "advice_group_no_person": the actor is nobody of
//   the organisation (not signed in, the command line, an unlinked account);
// - not_found, field "group", "advice_group_unknown": no group with the code;
// - conflict, field "group", "advice_group_closed": closed, or past its end day.

struct NewGroup {
  std::string name;           // 1..120 characters, trimmed
  std::string purpose;        // 1..2000 characters, trimmed, line breaks kept (LF)
  std::string ends;           // "YYYY-MM-DD" after today, or "" for a standing group
  int share_percent = 0;      // the starter's own share: 1..max share
  int max_share_percent = 0;  // 0: the setting; else 1..100
};

// Starts a group and makes the starter its first member. Its code is made
// from the name ("Telewerk & welzijn" -> "telewerk-welzijn"), with "-2",
// "-3", ... when taken. Invalid, field by field: name ("advice_group_name_
// missing", "advice_group_text_too_long" with {max}), purpose (the same two
// with "purpose_missing"), ends ("advice_group_ends_not_a_day",
// "advice_group_ends_not_after_today"), max_share_percent and share_percent
// ("advice_group_share_range" with {max}).
GroupChange start_group(store::Database& db, const Actor& actor, const NewGroup& group);

// The actor joins with a share of 1..the group's max ("advice_group_share_
// range"); conflict "advice_group_already_member" when they are in it.
GroupChange join_group(store::Database& db, const Actor& actor, const std::string& code,
                       int share_percent);

// The actor's share in a group they are in; conflict "advice_group_not_member"
// when they are not.
GroupChange change_group_share(store::Database& db, const Actor& actor, const std::string& code,
                               int share_percent);

// The actor leaves; conflict "advice_group_not_member" when not in it.
GroupChange leave_group(store::Database& db, const Actor& actor, const std::string& code);

// Closes the group and ends every membership. The starter or an
// administrator only (forbidden, "advice_group_close_forbidden").
GroupChange close_group(store::Database& db, const Actor& actor, const std::string& code);

// --- reading ------------------------------------------------------------------

struct GroupSummary {
  std::string code;
  std::string name;
  std::string purpose;
  std::optional<std::int64_t> ends_day;  // absent: standing
  int max_share_percent = 0;
  int member_count = 0;
  std::optional<std::int64_t> closed_at;
};

struct GroupMember {
  std::int64_t person_id = 0;
  std::string name;
  std::string email;
  int share_percent = 0;
  std::int64_t joined_at = 0;
};

struct Group : GroupSummary {
  std::optional<std::int64_t> created_by;  // absent: the starter left the organisation
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::vector<GroupMember> members;  // open memberships, by name
};

// Groups neither closed nor past their end day (`today`), by name.
std::vector<GroupSummary> open_groups(store::Connection& c, std::int64_t today);

// A group by code, closed or not, with its current members.
std::optional<Group> find_group(store::Connection& c, const std::string& code);

struct GroupShare {
  std::string code;
  std::string name;
  int share_percent = 0;
};

// The open groups (as open_groups) a person is in, by name.
std::vector<GroupShare> groups_of(store::Connection& c, std::int64_t person_id, std::int64_t today);

// --- a person's time ----------------------------------------------------------

struct StarRole {
  std::string team_code;
  std::string team_name;
  std::string role_code;
  std::string role_name;
};

// Where a person's time goes: their team memberships (share_percent of their
// own time, organisation's memberships table) and their open groups. Star
// roles carry no share of their own: they are done within the team's share,
// and are listed for the page.
struct PersonTime {
  std::vector<GroupShare> teams;   // largest share first, then by code
  std::vector<GroupShare> groups;  // as groups_of
  std::vector<StarRole> roles;     // by team code, then role code
  int total_percent = 0;           // teams + groups
  bool over_full_time() const { return total_percent > 100; }
};

PersonTime person_time(store::Connection& c, std::int64_t person_id, std::int64_t today);

}  // namespace ploeg::advice
