// Applying a checked import: upserts through store::BatchInsert, the search
// index rebuilt and one audit entry, all in
// the caller's transaction.
#include <algorithm>
#include <unordered_map>

#include "audit/audit.hpp"
#include "organisation/directory.hpp"
#include "organisation/exchange_records.hpp"
#include "organisation/store.hpp"
#include "store/batch_insert.hpp"
#include "store/names.hpp"

namespace ploeg::organisation::exchange {
namespace {

using store::BatchInsert;
using store::Value;
using Ids = std::unordered_map<std::string, std::int64_t>;

// DELETE ... WHERE column IN (...) for many ids, a statement per batch.
void delete_where_in(store::Connection& c, const std::string& head,
                     const std::vector<std::int64_t>& ids) {
  constexpr std::size_t per = 500;
  for (std::size_t start = 0; start < ids.size(); start += per) {
    std::vector<Value> values;
    std::string sql = head + " IN (";
    for (std::size_t i = start; i < std::min(ids.size(), start + per); ++i) {
      if (i > start) sql += ", ";
      values.emplace_back(ids[i]);
      sql += '$';
      sql += std::to_string(values.size());
    }
    c.query(sql + ")", values);
  }
}

Ids ids(store::Connection& c, const char* sql) {
  Ids out;
  for (auto& row : c.query(sql).rows) out.emplace(row.text(1), row.integer(0));
  return out;
}

Value optional_id(const Ids& ids, const std::optional<std::string>& key) {
  if (!key) return nullptr;
  return ids.at(*key);
}

void write_people(store::Connection& c, const detail::Plan& plan, const Ids& competences) {
  BatchInsert people(
      c, "INSERT INTO people (email, name, fte_permille, home_postcode, ask_me_about)",
      {"text", "text", "bigint", "text", "text"},
      " ON CONFLICT (email) DO UPDATE SET name = excluded.name, fte_permille = "
      "excluded.fte_permille, home_postcode = excluded.home_postcode, ask_me_about = "
      "excluded.ask_me_about RETURNING id, email");
  for (auto* list : {&plan.people_added, &plan.people_changed}) {
    for (auto& p : *list) {
      people.add({p.email, p.name, std::int64_t{p.fte_permille}, p.home_postcode, p.ask_me_about});
    }
  }
  Ids person_ids;
  for (auto& row : people.finish()) person_ids.emplace(row.text(1), row.integer(0));

  // A changed person's lists are replaced whole.
  std::vector<std::int64_t> changed;
  for (auto& p : plan.people_changed) changed.push_back(person_ids.at(p.email));
  delete_where_in(c, "DELETE FROM person_languages WHERE person_id", changed);
  delete_where_in(c, "DELETE FROM person_competences WHERE person_id", changed);
  delete_where_in(c, "DELETE FROM person_expertise WHERE person_id", changed);

  BatchInsert languages(c, "INSERT INTO person_languages (person_id, language)",
                        {"bigint", "text"});
  BatchInsert levels(c, "INSERT INTO person_competences (person_id, competence_id, level)",
                     {"bigint", "bigint", "bigint"});
  BatchInsert expertise(c, "INSERT INTO person_expertise (person_id, tag)", {"bigint", "text"});
  for (auto* list : {&plan.people_added, &plan.people_changed}) {
    for (auto& p : *list) {
      auto id = person_ids.at(p.email);
      for (auto& l : p.languages) languages.add({id, l});
      for (auto& k : p.competences) {
        levels.add({id, competences.at(k.code), std::int64_t{k.level}});
      }
      for (auto& tag : p.expertise) expertise.add({id, tag});
    }
  }
  languages.finish();
  levels.finish();
  expertise.finish();
}

void write_teams(store::Connection& c, const detail::Plan& plan, const Ids& competences,
                 const Ids& regions, const Ids& people) {
  BatchInsert teams(
      c,
      "INSERT INTO teams (code, name, kind, region_id, vision, team_values, min_size, "
      "max_size, coach_id)",
      {"text", "text", "text", "bigint", "text", "text", "bigint", "bigint", "bigint"},
      " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
      "region_id = excluded.region_id, vision = excluded.vision, team_values = "
      "excluded.team_values, min_size = excluded.min_size, max_size = excluded.max_size, "
      "coach_id = excluded.coach_id RETURNING id, code");
  for (auto* list : {&plan.teams_added, &plan.teams_changed}) {
    for (auto& t : *list) {
      teams.add({t.code, t.name, t.kind, optional_id(regions, t.region), t.vision, t.values,
                 std::int64_t{t.min_size}, std::int64_t{t.max_size}, optional_id(people, t.coach)});
    }
  }
  Ids team_ids;
  for (auto& row : teams.finish()) team_ids.emplace(row.text(1), row.integer(0));
  std::vector<std::int64_t> changed;
  for (auto& t : plan.teams_changed) changed.push_back(team_ids.at(t.code));
  delete_where_in(c, "DELETE FROM team_requirements WHERE team_id", changed);
  BatchInsert requirements(c, "INSERT INTO team_requirements (team_id, competence_id, minimum)",
                           {"bigint", "bigint", "bigint"});
  for (auto* list : {&plan.teams_added, &plan.teams_changed}) {
    for (auto& t : *list) {
      for (auto& [code, minimum] : t.required_mix) {
        requirements.add({team_ids.at(t.code), competences.at(code), std::int64_t{minimum}});
      }
    }
  }
  requirements.finish();
}

void write_memberships(store::Connection& c, const detail::Plan& plan, const Ids& people,
                       const Ids& teams) {
  BatchInsert memberships(c, "INSERT INTO memberships (person_id, team_id, share_percent)",
                          {"bigint", "bigint", "bigint"},
                          " ON CONFLICT (person_id, team_id) DO UPDATE SET share_percent = "
                          "excluded.share_percent");
  for (auto& m : plan.memberships_written) {
    memberships.add({people.at(m.person), teams.at(m.team), std::int64_t{m.share_percent}});
  }
  memberships.finish();
}

std::string counts_text(const char* kind, const Counts& n) {
  return std::string(kind) + ": " + std::to_string(n.added) + " added, " +
         std::to_string(n.changed) + " changed, " + std::to_string(n.unchanged) + " unchanged";
}

}  // namespace

std::string ImportResult::summary() const {
  auto text = counts_text("people", people) + "; " + counts_text("teams", teams) + "; " +
              counts_text("memberships", memberships);
  if (names.added + names.changed + names.unchanged > 0) text += "; " + counts_text("names", names);
  return text;
}

std::string describe(const Problem& p) {
  std::string out = p.file;
  if (p.line > 0) {
    out += ':' + std::to_string(p.line) + ':';
    if (!p.column.empty()) out += " column " + p.column + ':';
  } else {
    out += ':';
    if (!p.column.empty()) out += ' ' + p.column + ':';
  }
  return out + ' ' + p.message;
}

ImportResult import_files(store::Database& db, const std::vector<InputFile>& files,
                          const ImportOptions& options) {
  detail::Parsed parsed;
  for (auto& file : files) detail::read_file(file, parsed);

  return db.transaction([&](store::Connection& c) {
    ImportResult result;
    auto plan = detail::plan_import(sql::load(c), parsed);
    result.people = plan.people;
    result.teams = plan.teams;
    result.memberships = plan.memberships;
    result.names = plan.names;
    result.problems = std::move(parsed.problems);
    // In the order of the files given, then by line.
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [&](const Problem& a, const Problem& b) {
                       auto at = [&](const std::string& name) {
                         return std::find_if(files.begin(), files.end(),
                                             [&](auto& f) { return f.name == name; }) -
                                files.begin();
                       };
                       return std::pair(at(a.file), a.line) < std::pair(at(b.file), b.line);
                     });
    if (!result.ok() || options.dry_run) return result;

    bool changes = plan.people.added + plan.people.changed + plan.teams.added + plan.teams.changed +
                       plan.memberships.added + plan.memberships.changed + plan.names.added +
                       plan.names.changed >
                   0;
    if (changes) {
      auto competences = ids(c, "SELECT id, code FROM competences");
      write_people(c, plan, competences);
      auto people = ids(c, "SELECT id, email FROM people");
      write_teams(c, plan, competences, ids(c, "SELECT id, code FROM regions"), people);
      write_memberships(c, plan, people, ids(c, "SELECT id, code FROM teams"));
      for (auto& n : plan.names_written) {
        store::names::put(c, n.kind, n.code, {{n.language, n.name}});
      }
      directory::reindex_people(c);
    }
    audit::append(c, {options.actor, "organisation.import", "organisation", result.summary(),
                      options.remote_address, options.request_id});
    result.written = true;
    return result;
  });
}

}  // namespace ploeg::organisation::exchange
