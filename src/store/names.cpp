// The organisation's names in three languages: the table, its reader and writer.
#include "store/names.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace ploeg::store {
namespace {

std::string key_of(std::string_view kind, std::string_view code) {
  std::string key(kind);
  key += '\n';
  key += code;
  return key;
}

}  // namespace

void Names::add(std::string_view kind, std::string_view code, std::string name) {
  names_[key_of(kind, code)] = std::move(name);
}

std::string Names::of(std::string_view kind, std::string_view code,
                      std::string_view fallback) const {
  auto found = names_.find(key_of(kind, code));
  return found == names_.end() ? std::string(fallback) : found->second;
}

std::string Names::step(std::string_view type, std::string_view step,
                        std::string_view fallback) const {
  std::string code(type);
  code += '/';
  code += step;
  return of(kinds::step, code, fallback);
}

namespace names {

Names load(Connection& c, std::string_view language) {
  Names names{std::string(language)};
  for (auto& row :
       c.query("SELECT kind, code, name FROM names WHERE language = $1", {std::string(language)})
           .rows) {
    names.add(row.text(0), row.text(1), row.text(2));
  }
  return names;
}

std::map<std::string, std::string> of(Connection& c, std::string_view kind, std::string_view code) {
  std::map<std::string, std::string> found;
  for (auto& row : c.query("SELECT language, name FROM names WHERE kind = $1 AND code = $2",
                           {std::string(kind), std::string(code)})
                       .rows) {
    found[row.text(0)] = row.text(1);
  }
  return found;
}

std::vector<Name> all(Connection& c, const std::vector<std::string>& kinds) {
  std::vector<Name> found;
  for (auto& row : c.query("SELECT kind, code, language, name FROM names").rows) {
    auto kind = row.text(0);
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
    found.push_back({kind, row.text(1), row.text(2), row.text(3)});
  }
  // Sorted here: byte order, whatever the PostgreSQL collation.
  std::sort(found.begin(), found.end(), [](const Name& a, const Name& b) {
    return std::tie(a.kind, a.code, a.language) < std::tie(b.kind, b.code, b.language);
  });
  return found;
}

void put(Connection& c, std::string_view kind, std::string_view code,
         const std::map<std::string, std::string>& by_language) {
  for (auto& [language, name] : by_language) {
    if (name.empty()) {
      c.query("DELETE FROM names WHERE kind = $1 AND code = $2 AND language = $3",
              {std::string(kind), std::string(code), language});
      continue;
    }
    c.query(
        "INSERT INTO names (kind, code, language, name) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (kind, code, language) DO UPDATE SET name = excluded.name",
        {std::string(kind), std::string(code), language, name});
  }
}

void remove(Connection& c, std::string_view kind, std::string_view code) {
  if (code.empty()) {
    c.query("DELETE FROM names WHERE kind = $1", {std::string(kind)});
  } else {
    c.query("DELETE FROM names WHERE kind = $1 AND code = $2",
            {std::string(kind), std::string(code)});
  }
}

std::string sql(std::string_view kind, std::string_view code_sql, std::string_view fallback_sql,
                std::string_view language_param) {
  std::string out = "COALESCE((SELECT n_.name FROM names n_ WHERE n_.kind = '";
  out += kind;
  out += "' AND n_.code = ";
  out += code_sql;
  out += " AND n_.language = ";
  out += language_param;
  out += "), ";
  out += fallback_sql;
  out += ")";
  return out;
}

void register_migrations(Migrations& migrations) {
  // Keyed by what is named, not by a foreign key: a name outlives nothing
  // (the feature that removes a thing removes its names), and one table
  // serves every feature's things.
  migrations.add({4, "platform: names in Dutch, French and English", R"(
CREATE TABLE names (
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
  name TEXT NOT NULL CHECK (name <> ''),
  PRIMARY KEY (kind, code, language)
);
CREATE INDEX names_language ON names (language);
)",
                  ""});
}

}  // namespace names
}  // namespace ploeg::store
