#include "organisation/editing.hpp"

#include <algorithm>
#include <set>

#include "audit/audit.hpp"
#include "core/text.hpp"
#include "organisation/directory.hpp"
#include "web/site.hpp"

namespace ploeg::organisation::editing {
namespace {

FieldError too_long(const std::string& field, std::size_t max) {
  return {field,
          "edit_too_long",
          field + " is longer than " + std::to_string(max) + " characters",
          {{"max", std::to_string(max)}}};
}

Result invalid(std::vector<FieldError> errors) {
  return {Verdict::invalid, std::move(errors)};
}

audit::Event event(const Actor& editor, std::string action, std::string subject,
                   std::string detail) {
  return {editor.name,       std::move(action),     std::move(subject),
          std::move(detail), editor.remote_address, editor.request_id};
}

std::optional<std::int64_t> team_id(store::Connection& c, const std::string& code) {
  auto found = c.query("SELECT id FROM teams WHERE code = $1", {code});
  if (found.empty()) return std::nullopt;
  return found.rows[0].integer(0);
}

// Runs `change` in a transaction after the team exists and the editor may
// edit it; the check and the change see the same data.
template <typename Change>
Result team_change(store::Database& db, const Actor& editor, const std::string& team_code,
                   Change change) {
  Result result;
  db.transaction([&](store::Connection& c) {
    auto id = team_id(c, team_code);
    if (!id) {
      result.verdict = Verdict::not_found;
    } else if (!may_edit_team(editor, team_code)) {
      result.verdict = Verdict::forbidden;
    } else {
      result = change(c, *id);
    }
    return result.verdict == Verdict::ok;
  });
  return result;
}

}  // namespace

bool may_edit_team(const Actor& editor, const std::string& team_code) {
  if (editor.admin()) return true;
  return std::any_of(editor.person.teams.begin(), editor.person.teams.end(),
                     [&](const Person::TeamShare& t) { return t.code == team_code; });
}

bool may_edit_person(const Actor& editor, std::int64_t person_id) {
  return editor.admin() || (editor.person.id != 0 && editor.person.id == person_id);
}

Result set_team_texts(store::Database& db, const Actor& editor, const std::string& team_code,
                      const std::string& vision, const std::string& values) {
  std::vector<FieldError> errors;
  auto new_vision = text::trimmed(vision);
  auto new_values = text::trimmed(values);
  if (text::characters(new_vision) > max_text_length)
    errors.push_back(too_long("vision", max_text_length));
  if (text::characters(new_values) > max_text_length)
    errors.push_back(too_long("values", max_text_length));
  if (!errors.empty()) return invalid(std::move(errors));
  return team_change(db, editor, team_code, [&](store::Connection& c, std::int64_t id) {
    c.query("UPDATE teams SET vision = $1, team_values = $2 WHERE id = $3",
            {new_vision, new_values, id});
    audit::append(c, event(editor, "team.vision", "team:" + team_code, "vision and values"));
    return Result{};
  });
}

Result assign_role(store::Database& db, const Actor& editor, const std::string& team_code,
                   const std::string& role_code, const std::string& holder_email,
                   const std::string& since, const std::string& next_rotation) {
  std::vector<FieldError> errors;
  if (!valid_date(since)) {
    errors.push_back({"since", "edit_date_invalid",
                      "since is not a date: write it as YYYY-MM-DD, like 2026-11-23"});
  }
  if (!valid_date(next_rotation)) {
    errors.push_back({"next_rotation", "edit_date_invalid",
                      "next_rotation is not a date: write it as YYYY-MM-DD, like 2026-11-23"});
  } else if (valid_date(since) && next_rotation <= since) {
    errors.push_back({"next_rotation", "edit_rotation_before_since",
                      "next_rotation must come after since: choose a later date"});
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return team_change(db, editor, team_code, [&](store::Connection& c, std::int64_t team) {
    auto role = c.query("SELECT id FROM roles WHERE code = $1", {role_code});
    if (role.empty()) return Result{Verdict::not_found, {}};
    auto holder = c.query(
        "SELECT p.id FROM people p JOIN memberships m ON m.person_id = p.id AND m.team_id = $1 "
        "WHERE p.email = $2",
        {team, text::trimmed(holder_email)});
    if (holder.empty()) {
      return invalid(
          {{"holder",
            "edit_holder_not_member",
            holder_email + " is not a member of team " + team_code + "; choose one of its members",
            {{"team", team_code}}}});
    }
    auto role_id = role.rows[0].integer(0);
    c.query("DELETE FROM role_assignments WHERE team_id = $1 AND role_id = $2", {team, role_id});
    c.query(
        "INSERT INTO role_assignments (team_id, role_id, person_id, since, next_rotation) "
        "VALUES ($1, $2, $3, $4, $5)",
        {team, role_id, holder.rows[0].integer(0), since, next_rotation});
    audit::append(
        c, event(editor, "role.assign", "team:" + team_code,
                 role_code + " to " + text::trimmed(holder_email) + " until " + next_rotation));
    return Result{};
  });
}

Result release_role(store::Database& db, const Actor& editor, const std::string& team_code,
                    const std::string& role_code) {
  return team_change(db, editor, team_code, [&](store::Connection& c, std::int64_t team) {
    auto removed = c.query(
        "DELETE FROM role_assignments WHERE team_id = $1 AND role_id = (SELECT id FROM roles "
        "WHERE code = $2) RETURNING person_id",
        {team, role_code});
    if (removed.empty()) return Result{Verdict::not_found, {}};
    audit::append(c, event(editor, "role.release", "team:" + team_code, role_code));
    return Result{};
  });
}

Result set_profile(store::Database& db, const Actor& editor, std::int64_t person_id,
                   const std::vector<std::string>& expertise, const std::string& ask_me_about) {
  std::vector<FieldError> errors;
  std::set<std::string> tags;
  for (auto& tag : expertise) {
    auto t = text::trimmed(tag);
    if (t.empty()) continue;
    if (text::characters(t) > max_tag_length) {
      errors.push_back(
          {"expertise",
           "edit_tag_too_long",
           "the tag '" + t + "' is longer than " + std::to_string(max_tag_length) + " characters",
           {{"tag", t}, {"max", std::to_string(max_tag_length)}}});
    }
    tags.insert(t);
  }
  if (tags.size() > max_tags) {
    errors.push_back({"expertise",
                      "edit_too_many_tags",
                      "too many expertise tags: keep at most " + std::to_string(max_tags),
                      {{"max", std::to_string(max_tags)}}});
  }
  auto line = text::trimmed(ask_me_about);
  if (line.find('\n') != std::string::npos) {
    errors.push_back(
        {"ask_me_about", "edit_one_line", "ask_me_about must be one line: remove the line breaks"});
  } else if (text::characters(line) > max_ask_me_about_length) {
    errors.push_back(too_long("ask_me_about", max_ask_me_about_length));
  }
  if (!errors.empty()) return invalid(std::move(errors));

  Result result;
  db.transaction([&](store::Connection& c) {
    auto found = c.query("SELECT email FROM people WHERE id = $1", {person_id});
    if (found.empty()) {
      result.verdict = Verdict::not_found;
      return false;
    }
    if (!may_edit_person(editor, person_id)) {
      result.verdict = Verdict::forbidden;
      return false;
    }
    c.query("UPDATE people SET ask_me_about = $1 WHERE id = $2", {line, person_id});
    c.query("DELETE FROM person_expertise WHERE person_id = $1", {person_id});
    for (auto& tag : tags) {
      c.query("INSERT INTO person_expertise (person_id, tag) VALUES ($1, $2)", {person_id, tag});
    }
    directory::reindex_person(c, person_id);
    audit::append(c, event(editor, "person.profile", "person:" + found.rows[0].text(0),
                           std::to_string(tags.size()) + " expertise tags, ask-me-about"));
    return true;
  });
  return result;
}

bool link_account(store::Connection& c, std::int64_t user_id, const std::string& person_email) {
  auto person =
      c.query("SELECT id FROM people WHERE email = lower($1)", {text::trimmed(person_email)});
  if (person.empty()) return false;
  auto id = person.rows[0].integer(0);
  c.query("DELETE FROM account_people WHERE user_id = $1 OR person_id = $2", {user_id, id});
  c.query("INSERT INTO account_people (user_id, person_id) VALUES ($1, $2)", {user_id, id});
  return true;
}

std::string link_account(store::Database& db, const std::string& username,
                         const std::string& person_email, const std::string& actor) {
  std::string problem;
  db.transaction([&](store::Connection& c) {
    auto user = c.query("SELECT id FROM users WHERE username = $1", {username});
    if (user.empty()) {
      problem = "no account is called '" + username + "' (see: ploeg user list)";
    } else if (!link_account(c, user.rows[0].integer(0), person_email)) {
      problem = "nobody in the organisation has the e-mail '" + person_email + "'";
    } else {
      audit::append(
          c, {actor, "account.link", "user:" + username, text::trimmed(person_email), "", ""});
    }
    return problem.empty();
  });
  return problem;
}

std::optional<std::int64_t> person_of_account(store::Connection& c, std::int64_t user_id) {
  auto found = c.query("SELECT person_id FROM account_people WHERE user_id = $1", {user_id});
  if (found.empty()) return std::nullopt;
  return found.rows[0].integer(0);
}

bool valid_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::vector<std::string> split_tags(const std::string& line) {
  std::vector<std::string> tags;
  std::string tag;
  for (char ch : line + ";") {
    if (ch == ';' || ch == ',' || ch == '\n') {
      auto t = text::trimmed(tag);
      if (!t.empty()) tags.push_back(t);
      tag.clear();
    } else {
      tag += ch;
    }
  }
  return tags;
}

void register_migrations(store::Migrations& migrations) {
  // Which account is which person: what lets a member edit their own team.
  const char* script = R"(
CREATE TABLE account_people (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE
);
)";
  migrations.add({13, "organisation: accounts linked to people", script, script});
}

}  // namespace ploeg::organisation::editing
