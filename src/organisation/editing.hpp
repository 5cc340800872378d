// Who may change what, and the changes themselves. Everyone reads everything;
// members change their own team's vision, values and roles; a person changes
// their own expertise and ask-me-about line; administrators change all of it.
// Every change is checked here, on the server, and written to the audit log
// in the same transaction as the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "http/message.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::organisation::editing {

inline constexpr std::size_t max_text_length = 4000;  // vision, values
inline constexpr std::size_t max_ask_me_about_length = 200;
inline constexpr std::size_t max_tags = 20;
inline constexpr std::size_t max_tag_length = 60;

// Who edits (core/actor.hpp): the request's web::actor, or the command line.
using ploeg::Actor;

// saved (ok), forbidden (the editor may not), not_found, invalid (errors by field).
using Result = ploeg::Outcome;

bool may_edit_team(const Actor& editor, const std::string& team_code);
bool may_edit_person(const Actor& editor, std::int64_t person_id);

Result set_team_texts(store::Database& db, const Actor& editor, const std::string& team_code,
                      const std::string& vision, const std::string& values);

// Gives `role_code` in the team to `holder_email` (who must be a member),
// replacing any holder; dates are YYYY-MM-DD, the rotation after `since`.
Result assign_role(store::Database& db, const Actor& editor, const std::string& team_code,
                   const std::string& role_code, const std::string& holder_email,
                   const std::string& since, const std::string& next_rotation);
// Leaves the role vacant.
Result release_role(store::Database& db, const Actor& editor, const std::string& team_code,
                    const std::string& role_code);

// Replaces the person's expertise tags and ask-me-about line; tags are
// trimmed, deduplicated and sorted.
Result set_profile(store::Database& db, const Actor& editor, std::int64_t person_id,
                   const std::vector<std::string>& expertise, const std::string& ask_me_about);

// Links a sign-in account to a person of the organisation (one each).
// Returns false when no person has that e-mail.
bool link_account(store::Connection& c, std::int64_t user_id, const std::string& person_email);
std::optional<std::int64_t> person_of_account(store::Connection& c, std::int64_t user_id);
// The same by user name, audited (`ploeg user link`); an empty string when
// done, else what is wrong.
std::string link_account(store::Database& db, const std::string& username,
                         const std::string& person_email, const std::string& actor);

// "2026-11-23" is a real calendar date.
bool valid_date(const std::string& text);
// The expertise tags of a "tag; tag; tag" line.
std::vector<std::string> split_tags(const std::string& line);

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::organisation::editing
