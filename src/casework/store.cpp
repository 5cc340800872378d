#include "casework/store.hpp"

#include <algorithm>
#include <map>

namespace ploeg::casework::sql {

std::string joined_codes(const std::vector<std::string>& codes) {
  std::string out;
  for (auto& code : codes) out += (out.empty() ? "" : " ") + code;
  return out;
}

std::vector<std::string> split_codes(const std::string& text) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) codes.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return codes;
}

void save_process(store::Connection& c, const Process& process) {
  // Types are kept by code, so the requests filed under one keep their type;
  // a type is removed only when no request refers to it.
  std::map<std::string, std::int64_t> existing;
  for (auto& r : c.query("SELECT code, id FROM request_types").rows)
    existing[r.text(0)] = r.integer(1);
  std::map<std::string, std::int64_t> competence_ids;
  for (auto& r : c.query("SELECT code, id FROM competences").rows) {
    competence_ids[r.text(0)] = r.integer(1);
  }
  for (auto& [code, id] : existing) {
    bool kept = std::any_of(process.types.begin(), process.types.end(),
                            [&](const RequestType& t) { return t.code == code; });
    if (kept) continue;
    if (!c.query("SELECT 1 FROM requests WHERE request_type_id = $1 LIMIT 1", {id}).empty()) {
      throw store::ConstraintError("casework: request type '" + code +
                                   "' has requests: it cannot be removed");
    }
    c.query("DELETE FROM request_types WHERE id = $1", {id});
  }
  for (auto& t : process.types) {
    std::int64_t id = 0;
    if (auto known = existing.find(t.code); known != existing.end()) {
      id = known->second;
      c.query("UPDATE request_types SET name = $1, target_days = $2, conditions = $3 WHERE id = $4",
              {t.name, std::int64_t{t.target_days}, joined_codes(t.conditions), id});
      c.query("DELETE FROM process_steps WHERE request_type_id = $1", {id});
    } else {
      id = c.query(
                "INSERT INTO request_types (code, name, target_days, conditions) VALUES ($1, $2, "
                "$3, $4) RETURNING id",
                {t.code, t.name, std::int64_t{t.target_days}, joined_codes(t.conditions)})
               .rows.at(0)
               .integer(0);
    }
    std::int64_t position = 0;
    for (auto& s : t.steps) {
      auto competence = competence_ids.find(s.competence);
      if (competence == competence_ids.end()) {
        throw store::ConstraintError("casework: step '" + s.code + "' of request type '" + t.code +
                                     "' needs the unknown competence '" + s.competence + "'");
      }
      c.query(
          "INSERT INTO process_steps (request_type_id, position, code, name, competence_id, "
          "skip_when) VALUES ($1, $2, $3, $4, $5, $6)",
          {id, ++position, s.code, s.name, competence->second, joined_codes(s.skip_when)});
    }
  }
}

Process load_process(store::Connection& c) {
  Process p;
  for (auto& r :
       c.query("SELECT id, code, name, target_days, conditions FROM request_types").rows) {
    p.types.push_back(
        {r.text(1), r.text(2), static_cast<int>(r.integer(3)), split_codes(r.text(4)), {}});
  }
  std::sort(p.types.begin(), p.types.end(),
            [](const RequestType& a, const RequestType& b) { return a.code < b.code; });
  std::map<std::string, std::size_t> type_at;
  for (std::size_t i = 0; i < p.types.size(); ++i) type_at[p.types[i].code] = i;
  for (auto& r : c.query("SELECT t.code, s.code, s.name, k.code, s.skip_when FROM process_steps s "
                         "JOIN request_types t ON t.id = s.request_type_id JOIN competences k ON "
                         "k.id = s.competence_id ORDER BY t.code, s.position")
                     .rows) {
    p.types[type_at.at(r.text(0))].steps.push_back(
        {r.text(1), r.text(2), r.text(3), split_codes(r.text(4))});
  }
  return p;
}

std::optional<Route> route(store::Connection& c, const std::string& postcode) {
  auto region = c.query(
      "SELECT r.id, r.code FROM region_postcodes p JOIN regions r ON r.id = p.region_id WHERE "
      "p.postcode = $1",
      {postcode});
  if (region.empty()) return std::nullopt;
  auto region_id = region.rows[0].integer(0);
  Route found{region.rows[0].text(1), ""};
  std::vector<std::string> teams;
  for (auto& r :
       c.query("SELECT code FROM teams WHERE region_id = $1 AND kind = 'regional'", {region_id})
           .rows) {
    teams.push_back(r.text(0));
  }
  if (teams.empty()) return found;
  std::sort(teams.begin(), teams.end());
  // The postcode's place among the region's postcodes picks its block.
  auto counts = c.query(
      "SELECT (SELECT count(*) FROM region_postcodes WHERE region_id = $1 AND postcode < $2), "
      "(SELECT count(*) FROM region_postcodes WHERE region_id = $1)",
      {region_id, postcode});
  auto before = counts.rows[0].integer(0);
  auto all = counts.rows[0].integer(1);
  auto block = static_cast<std::size_t>(before * static_cast<std::int64_t>(teams.size()) / all);
  found.team = teams[std::min(block, teams.size() - 1)];
  return found;
}

void register_migrations(store::Migrations& migrations) {
  // A step refers to the competence it needs; a competence a process uses
  // cannot be removed from the catalogue from under it (RESTRICT).
  const char* script = R"(
CREATE TABLE request_types (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  target_days INTEGER NOT NULL CHECK (target_days BETWEEN 1 AND 730),
  conditions TEXT NOT NULL DEFAULT ''
);
CREATE TABLE process_steps (
  request_type_id BIGINT NOT NULL REFERENCES request_types (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 1),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  competence_id BIGINT NOT NULL REFERENCES competences (id) ON DELETE RESTRICT,
  skip_when TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (request_type_id, position),
  UNIQUE (request_type_id, code)
);
CREATE INDEX process_steps_competence ON process_steps (competence_id);
)";
  migrations.add(store::with_ids(20, "casework: request types and their process steps", script));
}

}  // namespace ploeg::casework::sql
