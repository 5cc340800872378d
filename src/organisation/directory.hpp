// The directory: "who knows about X?". A full-text index over each person's
// name, competences, expertise tags, ask-me-about line and teams (SQLite FTS5;
// PostgreSQL tsvector with a GIN index), and the person page's facts.
// Every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::organisation::directory {

inline constexpr int page_size = 50;

// Rebuilds the search index from the people tables. Run it after
// organisation::sql::save() (and after any other change to people, their
// competences, expertise or teams), in the same transaction.
void reindex_people(store::Connection& c);
// The same for one person: after an edit of their profile or teams.
void reindex_person(store::Connection& c, std::int64_t person_id);

// The searchable words of a user's query: split on anything that is not a
// letter or a digit (bytes of multi-byte UTF-8 characters count as letters),
// at most 16 of them. What reaches the database is built only from these.
std::vector<std::string> query_words(const std::string& query);

struct Hit {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> teams;        // team names, by name
  std::vector<std::string> competences;  // competence names, by name
  std::vector<std::string> expertise;    // all tags, by tag
};

struct Results {
  std::int64_t total = 0;  // every match, not only this page's
  std::vector<Hit> hits;   // at most page_size
  bool more = false;       // a next page exists
};

// People matching every word of `query` as a word prefix, best first (an
// exact name match first of all); an empty query lists everyone by name.
// `page` counts from 1.
// Team and competence names in `language` (their fallback name without one).
Results search(store::Connection& c, const std::string& query, int page,
               const std::string& language = "");

struct PersonTeam {
  std::string name;
  int share_percent = 0;
  std::string code;  // /teams/{code}
};
struct PersonRole {
  std::string role;
  std::string team;
  std::string team_code;
};
struct PersonCompetenceLevel {
  std::string name;
  int level = 1;
};

struct PersonPage {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::vector<std::string> languages;  // codes, sorted
  int fte_permille = 0;
  std::vector<PersonTeam> teams;
  std::vector<PersonRole> roles;
  std::vector<PersonTeam> coached;  // the teams this person coaches (share_percent unused)
  std::vector<PersonCompetenceLevel> competences;
  std::vector<std::string> expertise;
  std::string ask_me_about;
};

// Team, role and competence names in `language` (their fallback name without one).
std::optional<PersonPage> person(store::Connection& c, std::int64_t id,
                                 const std::string& language = "");

void register_migrations(store::Migrations& migrations);

}  // namespace ploeg::organisation::directory
