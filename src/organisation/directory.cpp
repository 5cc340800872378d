#include "organisation/directory.hpp"

#include "store/names.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace ploeg::organisation::directory {
namespace {

using store::Value;

constexpr std::size_t max_words = 16;
constexpr int max_page = 100000;

bool word_byte(unsigned char ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         ch >= 0x80;
}

// One text per concatenated column, built the same way for both backends.
// A competence or team is found by its name in every language: each row of
// these brings its names (nl, fr, en) beside the thing's own.
const char* competence_names_join =
    " LEFT JOIN (SELECT code, {{agg}}(name, ' ') AS names FROM names WHERE kind = 'competence' "
    "GROUP BY code) kn ON kn.code = k.code";
const char* team_names_join =
    " LEFT JOIN (SELECT code, {{agg}}(name, ' ') AS names FROM names WHERE kind = 'team' GROUP "
    "BY code) tn ON tn.code = t.code";
const char* competences_of =
    "(SELECT {{agg}}(k.name || ' ' || coalesce(kn.names, ''), ' ') FROM person_competences pc "
    "JOIN competences k ON k.id = pc.competence_id{{competence_names}} WHERE pc.person_id = p.id)";
const char* expertise_of =
    "(SELECT {{agg}}(e.tag, ' ') FROM person_expertise e WHERE e.person_id = p.id)";
const char* teams_of =
    "(SELECT {{agg}}(t.name || ' ' || coalesce(tn.names, ''), ' ') FROM memberships m JOIN teams "
    "t ON t.id = m.team_id{{team_names}} WHERE m.person_id = p.id)";

std::string replaced(std::string sql, const std::string& what, const std::string& by) {
  for (auto at = sql.find(what); at != std::string::npos; at = sql.find(what, at + by.size())) {
    sql.replace(at, what.size(), by);
  }
  return sql;
}

std::string with_agg(std::string sql, const std::string& agg) {
  sql = replaced(std::move(sql), "{{competence_names}}", competence_names_join);
  sql = replaced(std::move(sql), "{{team_names}}", team_names_join);
  return replaced(std::move(sql), "{{agg}}", agg);
}

std::string coalesced(const char* sub, const std::string& agg) {
  return "coalesce(" + with_agg(sub, agg) + ", '')";
}

// FTS5: every word a quoted prefix term ("word"*), implicitly AND-ed. Quotes
// are doubled, so no input can reach FTS5's query syntax.
std::string fts5_match(const std::vector<std::string>& words) {
  std::string out;
  for (auto& w : words) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char ch : w) {
      if (ch == '"') out += '"';
      out += ch;
    }
    out += "\"*";
  }
  return out;
}

// PostgreSQL: every word a quoted prefix operand ('word':*), AND-ed.
std::string tsquery_text(const std::vector<std::string>& words) {
  std::string out;
  for (auto& w : words) {
    if (!out.empty()) out += " & ";
    out += '\'';
    for (char ch : w) {
      if (ch == '\'' || ch == '\\') out += ch;
      out += ch;
    }
    out += "':*";
  }
  return out;
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += '$';
    out += std::to_string(i);
  }
  return out;
}

// Teams, competences and tags of the people on one page: three queries, not
// three per person.
void fill_details(store::Connection& c, std::vector<Hit>& hits, const std::string& language) {
  if (hits.empty()) return;
  std::vector<Value> ids;
  std::map<std::int64_t, Hit*> by_id;
  for (auto& h : hits) {
    ids.emplace_back(h.id);
    by_id[h.id] = &h;
  }
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "(" + std::string at -O2.
  std::string in = "(";
  in += placeholders(ids.size());
  in += ")";
  // The names in the visitor's language: the last parameter.
  auto named = ids;
  named.emplace_back(language);
  auto language_param = "$" + std::to_string(named.size());
  for (auto& row :
       c.query("SELECT m.person_id, " +
                   store::names::sql(store::kinds::team, "t.code", "t.name", language_param) +
                   " FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id IN " +
                   in,
               named)
           .rows) {
    by_id.at(row.integer(0))->teams.push_back(row.text(1));
  }
  for (auto& row :
       c.query("SELECT pc.person_id, " +
                   store::names::sql(store::kinds::competence, "k.code", "k.name", language_param) +
                   " FROM person_competences pc JOIN competences k ON k.id = "
                   "pc.competence_id WHERE pc.person_id IN " +
                   in,
               named)
           .rows) {
    by_id.at(row.integer(0))->competences.push_back(row.text(1));
  }
  for (auto& row :
       c.query("SELECT person_id, tag FROM person_expertise WHERE person_id IN " + in, ids).rows) {
    by_id.at(row.integer(0))->expertise.push_back(row.text(1));
  }
  for (auto& h : hits) {
    std::sort(h.teams.begin(), h.teams.end());
    std::sort(h.competences.begin(), h.competences.end());
    std::sort(h.expertise.begin(), h.expertise.end());
  }
}

}  // namespace

namespace {

// Where each indexed text of person p comes from. For one person, correlated
// subqueries (an index lookup each). For everyone, grouped joins: PostgreSQL
// has no statistics on tables filled in the same transaction and would scan
// them once per person for the correlated form (34 s instead of 3 s at 50,000).
struct Sources {
  std::string competences, expertise, teams, from;
};

Sources sources(const std::string& agg, bool one) {
  if (one) {
    return {coalesced(competences_of, agg), coalesced(expertise_of, agg), coalesced(teams_of, agg),
            " FROM people p WHERE p.id = $1"};
  }
  return {"coalesce(k.text, '')", "coalesce(e.text, '')", "coalesce(t.text, '')",
          with_agg(" FROM people p LEFT JOIN (SELECT pc.person_id, {{agg}}(k.name || ' ' || "
                   "coalesce(kn.names, ''), ' ') AS text FROM person_competences pc JOIN "
                   "competences k ON k.id = pc.competence_id{{competence_names}} GROUP BY "
                   "pc.person_id) k ON k.person_id = p.id LEFT JOIN (SELECT person_id, "
                   "{{agg}}(tag, ' ') AS text FROM person_expertise GROUP BY person_id) e ON "
                   "e.person_id = p.id LEFT JOIN (SELECT m.person_id, {{agg}}(t.name || ' ' || "
                   "coalesce(tn.names, ''), ' ') AS text FROM memberships m JOIN teams t ON t.id "
                   "= m.team_id{{team_names}} GROUP BY m.person_id) t ON t.person_id = p.id",
                   agg)};
}

// Rebuilds the index rows of everyone, or of one person (`person` > 0).
void reindex(store::Connection& c, std::int64_t person) {
  const bool one = person > 0;
  std::vector<Value> params;
  if (one) params.emplace_back(person);
  if (c.dialect() == store::Dialect::sqlite) {
    c.query(one ? "DELETE FROM people_search WHERE rowid = $1" : "DELETE FROM people_search",
            params);
    auto from = sources("group_concat", one);
    c.query(
        "INSERT INTO people_search (rowid, name, competences, expertise, ask_me_about, teams) "
        "SELECT p.id, p.name, " +
            from.competences + ", " + from.expertise + ", p.ask_me_about, " + from.teams +
            from.from,
        params);
  } else {
    c.query(one ? "DELETE FROM people_search WHERE person_id = $1" : "DELETE FROM people_search",
            params);
    auto from = sources("string_agg", one);
    c.query(
        "INSERT INTO people_search (person_id, document) SELECT p.id, "
        "setweight(to_tsvector('simple', p.name), 'A') || "
        "setweight(to_tsvector('simple', " +
            from.expertise +
            "), 'B') || "
            "setweight(to_tsvector('simple', " +
            from.competences +
            "), 'C') || "
            "setweight(to_tsvector('simple', p.ask_me_about), 'C') || "
            "setweight(to_tsvector('simple', " +
            from.teams + "), 'D')" + from.from,
        params);
  }
}

}  // namespace

void reindex_people(store::Connection& c) {
  reindex(c, 0);
}

void reindex_person(store::Connection& c, std::int64_t person_id) {
  reindex(c, person_id);
}

namespace {

// The length of the well-formed UTF-8 sequence at `at`, or 0 when the bytes
// there are not one (a stray continuation byte, a cut-off character, an
// overlong form or a surrogate). PostgreSQL refuses such text outright.
std::size_t utf8_sequence(const std::string& s, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (n == 0 || lead > 0xF4 || at + n > s.size()) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(at + 1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
    return 0;
  }
  return n;
}

}  // namespace

std::vector<std::string> query_words(const std::string& query) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && words.size() < max_words) words.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < query.size();) {
    auto n = utf8_sequence(query, i);
    if (n == 0) {  // not text: a separator, never part of a word
      flush();
      ++i;
      continue;
    }
    auto u = static_cast<unsigned char>(query[i]);
    if (n > 1 || word_byte(u)) {
      word += (u >= 'A' && u <= 'Z') ? static_cast<char>(u - 'A' + 'a') : query[i];
      word.append(query, i + 1, n - 1);
    } else {
      flush();
    }
    i += n;
  }
  flush();
  return words;
}

Results search(store::Connection& c, const std::string& query, int page,
               const std::string& language) {
  page = std::clamp(page, 1, max_page);
  std::int64_t offset = std::int64_t{page - 1} * page_size;
  auto words = query_words(query);
  Results results;
  store::Result found;

  bool blank = std::all_of(query.begin(), query.end(), [](char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
  });
  if (blank) {
    results.total = c.query("SELECT count(*) FROM people").rows.at(0).integer(0);
    found = c.query("SELECT id, name FROM people ORDER BY name, id LIMIT $1 OFFSET $2",
                    {std::int64_t{page_size + 1}, offset});
  } else if (words.empty()) {
    return results;  // nothing searchable: only punctuation
  } else {
    // The words as one line, to recognise an exact name.
    std::string exact;
    for (auto& w : words) exact += (exact.empty() ? "" : " ") + w;
    if (c.dialect() == store::Dialect::sqlite) {
      auto match = fts5_match(words);
      results.total =
          c.query("SELECT count(*) FROM people_search WHERE people_search MATCH $1", {match})
              .rows.at(0)
              .integer(0);
      found = c.query(
          "SELECT p.id, p.name FROM people_search JOIN people p ON p.id = people_search.rowid "
          "WHERE people_search MATCH $1 "
          "ORDER BY (lower(p.name) = $2) DESC, "
          "bm25(people_search, 10.0, 2.0, 5.0, 2.0, 1.0), p.name, p.id LIMIT $3 OFFSET $4",
          {match, exact, std::int64_t{page_size + 1}, offset});
    } else {
      auto tsquery = tsquery_text(words);
      results.total = c.query(
                           "SELECT count(*) FROM people_search WHERE document @@ "
                           "to_tsquery('simple', $1)",
                           {tsquery})
                          .rows.at(0)
                          .integer(0);
      found = c.query(
          "SELECT p.id, p.name FROM people_search s JOIN people p ON p.id = s.person_id, "
          "to_tsquery('simple', $1) q WHERE s.document @@ q "
          "ORDER BY (lower(p.name) = lower($2)) DESC, ts_rank(s.document, q) DESC, p.name, p.id "
          "LIMIT $3 OFFSET $4",
          {tsquery, exact, std::int64_t{page_size + 1}, offset});
    }
  }
  for (auto& row : found.rows) {
    if (results.hits.size() == static_cast<std::size_t>(page_size)) {
      results.more = true;
      break;
    }
    Hit h;
    h.id = row.integer(0);
    h.name = row.text(1);
    results.hits.push_back(std::move(h));
  }
  fill_details(c, results.hits, language);
  return results;
}

std::optional<PersonPage> person(store::Connection& c, std::int64_t id,
                                 const std::string& language) {
  using store::names::sql;
  namespace kinds = store::kinds;
  auto found =
      c.query("SELECT id, name, email, fte_permille, ask_me_about FROM people WHERE id = $1", {id});
  if (found.empty()) return std::nullopt;
  auto& row = found.rows[0];
  PersonPage p;
  p.id = row.integer(0);
  p.name = row.text(1);
  p.email = row.text(2);
  p.fte_permille = static_cast<int>(row.integer(3));
  p.ask_me_about = row.text(4);
  for (auto& r : c.query("SELECT language FROM person_languages WHERE person_id = $1", {id}).rows) {
    p.languages.push_back(r.text(0));
  }
  std::sort(p.languages.begin(), p.languages.end());
  for (auto& r : c.query("SELECT " + sql(kinds::team, "t.code", "t.name", "$2") +
                             ", m.share_percent, t.code FROM memberships m JOIN teams t "
                             "ON t.id = m.team_id WHERE m.person_id = $1",
                         {id, language})
                     .rows) {
    p.teams.push_back({r.text(0), static_cast<int>(r.integer(1)), r.text(2)});
  }
  std::sort(p.teams.begin(), p.teams.end(), [](const auto& a, const auto& b) {
    return std::pair(-a.share_percent, a.name) < std::pair(-b.share_percent, b.name);
  });
  for (auto& r : c.query("SELECT " + sql(kinds::role, "r.code", "r.name", "$2") + ", " +
                             sql(kinds::team, "t.code", "t.name", "$2") +
                             ", t.code FROM role_assignments a JOIN roles r ON r.id = a.role_id "
                             "JOIN teams t ON t.id = a.team_id WHERE a.person_id = $1",
                         {id, language})
                     .rows) {
    p.roles.push_back({r.text(0), r.text(1), r.text(2)});
  }
  std::sort(p.roles.begin(), p.roles.end(), [](const auto& a, const auto& b) {
    return std::pair(a.role, a.team) < std::pair(b.role, b.team);
  });
  for (auto& r : c.query("SELECT " + sql(kinds::team, "t.code", "t.name", "$2") +
                             ", t.code FROM teams t WHERE t.coach_id = $1",
                         {id, language})
                     .rows) {
    p.coached.push_back({r.text(0), 0, r.text(1)});
  }
  std::sort(p.coached.begin(), p.coached.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.code) < std::tie(b.name, b.code);
  });
  for (auto& r : c.query("SELECT " + sql(kinds::competence, "k.code", "k.name", "$2") +
                             ", pc.level FROM person_competences pc JOIN competences k "
                             "ON k.id = pc.competence_id WHERE pc.person_id = $1",
                         {id, language})
                     .rows) {
    p.competences.push_back({r.text(0), static_cast<int>(r.integer(1))});
  }
  std::sort(p.competences.begin(), p.competences.end(), [](const auto& a, const auto& b) {
    return std::pair(-a.level, a.name) < std::pair(-b.level, b.name);
  });
  for (auto& r : c.query("SELECT tag FROM person_expertise WHERE person_id = $1", {id}).rows) {
    p.expertise.push_back(r.text(0));
  }
  std::sort(p.expertise.begin(), p.expertise.end());
  return p;
}

void register_migrations(store::Migrations& migrations) {
  migrations.add({12, "organisation: directory search index",
                  R"(
CREATE VIRTUAL TABLE people_search USING fts5(
  name, competences, expertise, ask_me_about, teams,
  tokenize = 'unicode61 remove_diacritics 2'
);
)",
                  R"(
CREATE TABLE people_search (
  person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  document TSVECTOR NOT NULL
);
CREATE INDEX people_search_document ON people_search USING GIN (document);
)"});
}

}  // namespace ploeg::organisation::directory
