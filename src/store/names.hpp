// What the organisation calls its things in each language: request types,
// conditions and steps, competences, regions, star roles, teams, offices,
// desk features and the organisation itself, each with a Dutch, French and
// English name. One table (`names`, migration 4) keyed by what is named
// (kind, code) and the language; the named thing's own `name` column stays
// as the fallback when a language has no name. Every feature reads it here:
//   - in a query, `names::sql(...)` picks the name in the query's language
//     (sorting and filtering by it then work in SQL);
//   - in a view, `Names` (one language's names, one query) answers
//     `names.of(kind, code, fallback)`; web::names(request) loads it at most
//     once per request.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::store {

// The languages a thing is named in, in the order forms and files show them.
inline const std::vector<std::string> name_languages = {"nl", "fr", "en"};

// The kinds of named things; a step's code is "request_type/step".
namespace kinds {
inline constexpr const char* competence = "competence";
inline constexpr const char* region = "region";
inline constexpr const char* role = "role";
inline constexpr const char* role_purpose = "role_purpose";                // code: the role's
inline constexpr const char* role_accountability = "role_accountability";  // "role/1", "role/2"
inline constexpr const char* team = "team";
inline constexpr const char* request_type = "request_type";
inline constexpr const char* condition = "condition";
inline constexpr const char* step = "step";
inline constexpr const char* office = "office";
inline constexpr const char* desk_feature = "desk_feature";
inline constexpr const char* organisation = "organisation";  // code "name"
}  // namespace kinds

// The longest name accepted, in characters of UTF-8 (bytes, to be exact).
inline constexpr std::size_t name_limit = 200;

struct Name {
  std::string kind;
  std::string code;
  std::string language;
  std::string name;
  bool operator==(const Name&) const = default;
};

// The names of one language.
class Names {
 public:
  Names() = default;
  explicit Names(std::string language) : language_(std::move(language)) {}

  const std::string& language() const { return language_; }
  void add(std::string_view kind, std::string_view code, std::string name);
  // The name of (kind, code) in this language, else `fallback`.
  std::string of(std::string_view kind, std::string_view code, std::string_view fallback) const;
  // A step's name: its code is "type/step".
  std::string step(std::string_view type, std::string_view step, std::string_view fallback) const;
  bool empty() const { return names_.empty(); }

 private:
  std::string language_;
  std::map<std::string, std::string, std::less<>> names_;  // kind '\n' code -> name
};

namespace names {

// Every name in `language` (one query).
Names load(Connection& c, std::string_view language);
// A thing's names by language (absent: none).
std::map<std::string, std::string> of(Connection& c, std::string_view kind, std::string_view code);
// Every name of the kinds given (all kinds when empty), by kind, code, language.
std::vector<Name> all(Connection& c, const std::vector<std::string>& kinds = {});
// Sets a thing's names: each language in `by_language` gets its name, an
// empty one removes that language's name; languages not mentioned are kept.
void put(Connection& c, std::string_view kind, std::string_view code,
         const std::map<std::string, std::string>& by_language);
// Removes every name of one thing, or (code empty) of a whole kind.
void remove(Connection& c, std::string_view kind, std::string_view code);

// An SQL expression for the name of `code_sql` (a column of the query) of
// `kind` in the language of parameter `language_param` ("$3"), else
// `fallback_sql` (the thing's own name column):
//   "SELECT " + names::sql("competence", "k.code", "k.name", "$1") + " FROM competences k"
// `kind` is one of the constants above, never a visitor's text.
std::string sql(std::string_view kind, std::string_view code_sql, std::string_view fallback_sql,
                std::string_view language_param);

// Migration 4, the names table; the platform adds it with the settings.
void register_migrations(Migrations& migrations);

}  // namespace names
}  // namespace ploeg::store
