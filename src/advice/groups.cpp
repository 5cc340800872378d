// Working groups: their tables (migration 112), the commands that start,
// join, change, leave and close them, and what the pages read: the open
// groups, one group with its members, a person's groups and their time.
#include "advice/groups.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <set>
#include <string_view>
#include <utility>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"

namespace ploeg::advice {

void register_group_migrations(store::Migrations& migrations) {
  // The starter may leave the organisation without taking the group along:
  // created_by becomes NULL and only an administrator closes it then.
  migrations.add(store::with_ids(112, "advice: working groups and their members", R"(
CREATE TABLE working_groups (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  ends_day BIGINT,
  max_share_percent INTEGER NOT NULL DEFAULT 20 CHECK (max_share_percent BETWEEN 1 AND 100),
  closed_at BIGINT
);
CREATE INDEX working_groups_name ON working_groups (name);
CREATE TABLE working_group_members (
  id {{id}},
  group_id BIGINT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE UNIQUE INDEX working_group_members_open ON working_group_members (group_id, person_id)
  WHERE left_at IS NULL;
CREATE INDEX working_group_members_person ON working_group_members (person_id, left_at);
)"));
}

int group_max_share_setting(store::Connection& c) {
  auto r = c.query("SELECT value FROM settings WHERE name = 'advice_group_max_share_percent'");
  if (r.empty()) return default_group_max_share;
  auto value = text::trimmed(r.rows[0].text(0));
  int n = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size() || n < 1 || n > 100) {
    return default_group_max_share;
  }
  return n;
}

namespace {

// A group is open while it is not closed and its end day (inclusive) has not
// passed; $N is today.
std::string open_condition(const std::string& alias, int today_parameter) {
  return alias + ".closed_at IS NULL AND (" + alias + ".ends_day IS NULL OR " + alias +
         ".ends_day >= $" + std::to_string(today_parameter) + ")";
}

// The group's code from its name: lower-case ASCII letters and digits, the
// accents of Dutch and French folded, everything else one '-'; at most 40
// characters; "group" when nothing is left.
std::string slug_of(std::string_view name) {
  static const std::pair<std::string_view, char> folds[] = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"à", 'a'},
      {"â", 'a'}, {"ä", 'a'}, {"À", 'a'}, {"ç", 'c'}, {"Ç", 'c'}, {"ï", 'i'}, {"î", 'i'},
      {"ô", 'o'}, {"ö", 'o'}, {"û", 'u'}, {"ü", 'u'}, {"ù", 'u'}};
  std::string out;
  bool dash = false;
  for (std::size_t i = 0; i < name.size() && out.size() < 40;) {
    char ch = 0;
    auto fold = std::find_if(std::begin(folds), std::end(folds),
                             [&](auto& f) { return name.substr(i, f.first.size()) == f.first; });
    if (fold != std::end(folds)) {
      ch = fold->second;
      i += fold->first.size();
    } else {
      ch = name[i++];
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += ch;
    } else {
      dash = true;
    }
  }
  return out.empty() ? "group" : out;
}

// The slug, or the slug with the lowest free "-N" (N >= 2). Slugs hold only
// [a-z0-9-], so LIKE finds no more than it should.
std::string free_code(store::Connection& c, const std::string& slug) {
  std::set<std::string> taken;
  for (auto& row : c.query("SELECT code FROM working_groups WHERE code = $1 OR code LIKE $2",
                           {slug, slug + "-%"})
                       .rows) {
    taken.insert(row.text(0));
  }
  if (!taken.contains(slug)) return slug;
  for (int n = 2;; ++n) {
    auto candidate = slug + "-" + std::to_string(n);
    if (!taken.contains(candidate)) return candidate;
  }
}

GroupChange refused(Verdict verdict, std::string field, std::string key, std::string message,
                    std::vector<std::pair<std::string, std::string>> values = {}) {
  GroupChange g;
  g.verdict = verdict;
  g.errors.push_back({std::move(field), std::move(key), std::move(message), std::move(values)});
  return g;
}

GroupChange invalid(std::vector<FieldError> problems) {
  GroupChange g;
  g.verdict = Verdict::invalid;
  g.errors = std::move(problems);
  return g;
}

GroupChange nobody() {
  return refused(Verdict::forbidden, "form", "advice_group_no_person",
                 "only people of the organisation take part in working groups");
}
GroupChange unknown() {
  return refused(Verdict::not_found, "group", "advice_group_unknown", "no such working group");
}
GroupChange closed() {
  return refused(Verdict::conflict, "group", "advice_group_closed",
                 "the working group is closed or past its end day");
}
GroupChange not_member() {
  return refused(Verdict::conflict, "group", "advice_group_not_member",
                 "you are not a member of this working group");
}

std::optional<FieldError> share_problem(int share, int max) {
  if (share >= 1 && share <= max) return std::nullopt;
  return FieldError{"share_percent",
                    "advice_group_share_range",
                    "give a share from 1 to " + std::to_string(max) + " percent",
                    {{"max", std::to_string(max)}}};
}

// A text field: trimmed with LF line breaks; a problem when empty or too long.
std::optional<FieldError> text_problem(const std::string& field, const std::string& value,
                                       std::size_t max, const char* missing_key,
                                       const char* missing_message) {
  if (value.empty()) return FieldError{field, missing_key, missing_message};
  if (text::characters(value) > max) {
    return FieldError{field,
                      "advice_group_text_too_long",
                      "shorten it to " + std::to_string(max) + " characters",
                      {{"max", std::to_string(max)}}};
  }
  return std::nullopt;
}

struct GroupRow {
  std::int64_t id = 0;
  std::string code;
  std::optional<std::int64_t> created_by;
  int max_share_percent = 0;
  bool open = false;
};

std::optional<GroupRow> group_row(store::Connection& c, const std::string& code,
                                  std::int64_t today) {
  if (code.empty() || code.size() > 60) return std::nullopt;
  auto r = c.query("SELECT g.id, g.code, g.created_by, g.max_share_percent, CASE WHEN " +
                       open_condition("g", 2) +
                       " THEN 1 ELSE 0 END FROM working_groups g WHERE g.code = $1",
                   {code, today});
  if (r.empty()) return std::nullopt;
  auto& row = r.rows[0];
  return GroupRow{row.integer(0), row.text(1), row.optional_integer(2),
                  static_cast<int>(row.integer(3)), row.integer(4) == 1};
}

// The open membership of a person in a group: its id and share.
std::optional<std::pair<std::int64_t, int>> membership(store::Connection& c, std::int64_t group_id,
                                                       std::int64_t person_id) {
  auto r = c.query(
      "SELECT id, share_percent FROM working_group_members WHERE group_id = $1 AND person_id = $2 "
      "AND left_at IS NULL",
      {group_id, person_id});
  if (r.empty()) return std::nullopt;
  return std::pair(r.rows[0].integer(0), static_cast<int>(r.rows[0].integer(1)));
}

void audit_group(store::Connection& c, const Actor& actor, const std::string& action,
                 const std::string& code, const std::string& detail) {
  audit::append(c, {actor.name, action, "working_group:" + code, detail, actor.remote_address,
                    actor.request_id});
}

// The person's total after a change, and the warning when it passes 100%.
void tell_time(store::Connection& c, std::int64_t person_id, std::int64_t today,
               GroupChange& change) {
  change.total_percent = person_time(c, person_id, today).total_percent;
  if (change.total_percent > 100) {
    auto total = std::to_string(change.total_percent);
    change.warnings.push_back({"share_percent",
                               "advice_group_over_full_time",
                               "this takes your time to " + total + "% of a full week",
                               {{"total", total}}});
  }
}

std::string share_detail(int share, int total) {
  return "share " + std::to_string(share) + "%, time " + std::to_string(total) + "%";
}

// Runs a change in one transaction; a unique index refusing it (a second
// open membership, or a code taken at the same moment) is a conflict.
template <typename Work>
GroupChange in_transaction(store::Database& db, const char* field, const char* key,
                           const char* message, Work&& work) {
  try {
    return db.transaction(std::forward<Work>(work));
  } catch (const store::ConstraintError&) {
    return refused(Verdict::conflict, field, key, message);
  }
}

}  // namespace

GroupChange start_group(store::Database& db, const Actor& actor, const NewGroup& group) {
  if (actor.person.nobody()) return nobody();
  auto name = text::trimmed(group.name);
  auto purpose = text::unix_lines(text::trimmed(group.purpose));
  auto ends_text = text::trimmed(group.ends);
  auto today = ploeg::today();

  std::vector<FieldError> problems;
  if (auto p = text_problem("name", name, max_group_name, "advice_group_name_missing",
                            "give the working group a name")) {
    problems.push_back(*p);
  }
  if (auto p = text_problem("purpose", purpose, max_group_purpose, "advice_group_purpose_missing",
                            "say what the working group is for")) {
    problems.push_back(*p);
  }
  std::optional<std::int64_t> ends_day;
  if (!ends_text.empty()) {
    ends_day = day_of_date(ends_text);
    if (!ends_day) {
      problems.push_back({"ends", "advice_group_ends_not_a_day",
                          "give the end day as YYYY-MM-DD, or none for a standing group"});
    } else if (*ends_day <= today) {
      problems.push_back({"ends",
                          "advice_group_ends_not_after_today",
                          "the end day must be after today",
                          {{"today", date_text(today)}}});
    }
  }
  int max = group.max_share_percent;
  if (max == 0) {
    max = group_max_share_setting(*db.acquire());
  } else if (max < 1 || max > 100) {
    problems.push_back({"max_share_percent",
                        "advice_group_share_range",
                        "give a share from 1 to 100 percent",
                        {{"max", "100"}}});
    max = 100;
  }
  if (auto p = share_problem(group.share_percent, max)) problems.push_back(*p);
  if (!problems.empty()) {
    return invalid(std::move(problems));
  }

  return in_transaction(
      db, "name", "advice_group_code_taken", "a working group of that name was started just now",
      [&](store::Connection& c) {
        GroupChange g;
        g.code = free_code(c, slug_of(name));
        auto now = now_seconds();
        auto id =
            c.query(
                 "INSERT INTO working_groups (code, name, purpose, created_by, created_at, "
                 "ends_day, max_share_percent) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                 "RETURNING id",
                 {g.code, name, purpose, actor.person.id, now,
                  ends_day ? store::Value{*ends_day} : store::Value{nullptr}, std::int64_t{max}})
                .rows.at(0)
                .integer(0);
        c.query(
            "INSERT INTO working_group_members (group_id, person_id, share_percent, joined_at) "
            "VALUES ($1, $2, $3, $4)",
            {id, actor.person.id, std::int64_t{group.share_percent}, now});
        tell_time(c, actor.person.id, today, g);
        audit_group(c, actor, "working_group.start", g.code,
                    name + " (" + (ends_day ? "until " + date_text(*ends_day) : "standing") +
                        ", up to " + std::to_string(max) + "%); " +
                        share_detail(group.share_percent, g.total_percent));
        return g;
      });
}

GroupChange join_group(store::Database& db, const Actor& actor, const std::string& code,
                       int share_percent) {
  if (actor.person.nobody()) return nobody();
  auto today = ploeg::today();
  return in_transaction(
      db, "group", "advice_group_already_member", "you are already a member of this working group",
      [&](store::Connection& c) {
        auto group = group_row(c, code, today);
        if (!group) return unknown();
        if (!group->open) return closed();
        if (membership(c, group->id, actor.person.id)) {
          return refused(Verdict::conflict, "group", "advice_group_already_member",
                         "you are already a member of this working group");
        }
        if (auto p = share_problem(share_percent, group->max_share_percent)) {
          return invalid({*p});
        }
        c.query(
            "INSERT INTO working_group_members (group_id, person_id, share_percent, joined_at) "
            "VALUES ($1, $2, $3, $4)",
            {group->id, actor.person.id, std::int64_t{share_percent}, now_seconds()});
        GroupChange g;
        g.code = group->code;
        tell_time(c, actor.person.id, today, g);
        audit_group(c, actor, "working_group.join", g.code,
                    share_detail(share_percent, g.total_percent));
        return g;
      });
}

GroupChange change_group_share(store::Database& db, const Actor& actor, const std::string& code,
                               int share_percent) {
  if (actor.person.nobody()) return nobody();
  auto today = ploeg::today();
  return db.transaction([&](store::Connection& c) {
    auto group = group_row(c, code, today);
    if (!group) return unknown();
    if (!group->open) return closed();
    auto member = membership(c, group->id, actor.person.id);
    if (!member) return not_member();
    if (auto p = share_problem(share_percent, group->max_share_percent)) {
      return invalid({*p});
    }
    c.query("UPDATE working_group_members SET share_percent = $1 WHERE id = $2",
            {std::int64_t{share_percent}, member->first});
    GroupChange g;
    g.code = group->code;
    tell_time(c, actor.person.id, today, g);
    audit_group(c, actor, "working_group.share", g.code,
                "from " + std::to_string(member->second) + "%; " +
                    share_detail(share_percent, g.total_percent));
    return g;
  });
}

GroupChange leave_group(store::Database& db, const Actor& actor, const std::string& code) {
  if (actor.person.nobody()) return nobody();
  auto today = ploeg::today();
  return db.transaction([&](store::Connection& c) {
    auto group = group_row(c, code, today);
    if (!group) return unknown();
    auto member = membership(c, group->id, actor.person.id);
    if (!member) return not_member();
    c.query("UPDATE working_group_members SET left_at = $1 WHERE id = $2",
            {now_seconds(), member->first});
    GroupChange g;
    g.code = group->code;
    g.total_percent = person_time(c, actor.person.id, today).total_percent;
    audit_group(c, actor, "working_group.leave", g.code,
                "gave " + std::to_string(member->second) + "%; time " +
                    std::to_string(g.total_percent) + "%");
    return g;
  });
}

GroupChange close_group(store::Database& db, const Actor& actor, const std::string& code) {
  if (actor.person.nobody() && !actor.admin()) return nobody();
  auto today = ploeg::today();
  return db.transaction([&](store::Connection& c) {
    auto group = group_row(c, code, today);
    if (!group) return unknown();
    bool starter = !actor.person.nobody() && group->created_by == actor.person.id;
    if (!starter && !actor.admin()) {
      return refused(Verdict::forbidden, "group", "advice_group_close_forbidden",
                     "only whoever started the working group or an administrator closes it");
    }
    auto now = now_seconds();
    auto marked =
        c.query("UPDATE working_groups SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
                {now, group->id});
    if (marked.affected != 1) return closed();
    auto ended = c.query(
        "UPDATE working_group_members SET left_at = $1 WHERE group_id = $2 AND left_at IS NULL",
        {now, group->id});
    GroupChange g;
    g.code = group->code;
    audit_group(c, actor, "working_group.close", g.code,
                std::to_string(ended.affected) + " members left it");
    return g;
  });
}

std::vector<GroupSummary> open_groups(store::Connection& c, std::int64_t today) {
  std::vector<GroupSummary> out;
  auto r = c.query(
      "SELECT g.code, g.name, g.purpose, g.ends_day, g.max_share_percent, "
      "(SELECT count(*) FROM working_group_members m WHERE m.group_id = g.id AND m.left_at IS "
      "NULL) FROM working_groups g WHERE " +
          open_condition("g", 1) + " ORDER BY g.name, g.code",
      {today});
  for (auto& row : r.rows) {
    GroupSummary s;
    s.code = row.text(0);
    s.name = row.text(1);
    s.purpose = row.text(2);
    s.ends_day = row.optional_integer(3);
    s.max_share_percent = static_cast<int>(row.integer(4));
    s.member_count = static_cast<int>(row.integer(5));
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<Group> find_group(store::Connection& c, const std::string& code) {
  if (code.empty() || code.size() > 60) return std::nullopt;
  auto r = c.query(
      "SELECT g.id, g.code, g.name, g.purpose, g.ends_day, g.max_share_percent, g.closed_at, "
      "g.created_by, coalesce(p.name, ''), g.created_at FROM working_groups g LEFT JOIN people p "
      "ON p.id = g.created_by WHERE g.code = $1",
      {code});
  if (r.empty()) return std::nullopt;
  auto& row = r.rows[0];
  Group g;
  auto id = row.integer(0);
  g.code = row.text(1);
  g.name = row.text(2);
  g.purpose = row.text(3);
  g.ends_day = row.optional_integer(4);
  g.max_share_percent = static_cast<int>(row.integer(5));
  g.closed_at = row.optional_integer(6);
  g.created_by = row.optional_integer(7);
  g.created_by_name = row.text(8);
  g.created_at = row.integer(9);
  for (auto& m : c.query("SELECT p.id, p.name, p.email, m.share_percent, m.joined_at FROM "
                         "working_group_members m JOIN people p ON p.id = m.person_id WHERE "
                         "m.group_id = $1 AND m.left_at IS NULL ORDER BY p.name, p.id",
                         {id})
                     .rows) {
    g.members.push_back(
        {m.integer(0), m.text(1), m.text(2), static_cast<int>(m.integer(3)), m.integer(4)});
  }
  g.member_count = static_cast<int>(g.members.size());
  return g;
}

std::vector<GroupShare> groups_of(store::Connection& c, std::int64_t person_id,
                                  std::int64_t today) {
  std::vector<GroupShare> out;
  for (auto& row : c.query("SELECT g.code, g.name, m.share_percent FROM working_group_members m "
                           "JOIN working_groups g ON g.id = m.group_id WHERE m.person_id = $1 "
                           "AND m.left_at IS NULL AND " +
                               open_condition("g", 2) + " ORDER BY g.name, g.code",
                           {person_id, today})
                       .rows) {
    out.push_back({row.text(0), row.text(1), static_cast<int>(row.integer(2))});
  }
  return out;
}

PersonTime person_time(store::Connection& c, std::int64_t person_id, std::int64_t today) {
  PersonTime t;
  for (auto& row : c.query("SELECT t.code, t.name, m.share_percent FROM memberships m JOIN teams t "
                           "ON t.id = m.team_id WHERE m.person_id = $1 "
                           "ORDER BY m.share_percent DESC, t.code",
                           {person_id})
                       .rows) {
    t.teams.push_back({row.text(0), row.text(1), static_cast<int>(row.integer(2))});
  }
  t.groups = groups_of(c, person_id, today);
  for (auto& row : c.query("SELECT t.code, t.name, r.code, r.name FROM role_assignments a JOIN "
                           "teams t ON t.id = a.team_id JOIN roles r ON r.id = a.role_id WHERE "
                           "a.person_id = $1 ORDER BY t.code, r.code",
                           {person_id})
                       .rows) {
    t.roles.push_back({row.text(0), row.text(1), row.text(2), row.text(3)});
  }
  for (auto& s : t.teams) t.total_percent += s.share_percent;
  for (auto& s : t.groups) t.total_percent += s.share_percent;
  return t;
}

}  // namespace ploeg::advice
