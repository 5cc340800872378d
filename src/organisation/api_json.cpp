#include "organisation/api_json.hpp"

#include <algorithm>

namespace ploeg::organisation::api {
namespace {

namespace json_ns = boost::json;

json_ns::value text_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return json_ns::value(text);
}

json_ns::array strings(const std::vector<std::string>& items) {
  json_ns::array list;
  for (auto& item : items) list.emplace_back(item);
  return list;
}

}  // namespace

boost::json::value person_json(const directory::PersonPage& person, boost::json::array teams,
                               boost::json::array roles, boost::json::array competences) {
  return json_ns::object{
      {"id", person.id},
      {"name", person.name},
      {"email", person.email},
      {"languages", strings(person.languages)},
      {"fte_permille", person.fte_permille},
      {"teams", std::move(teams)},
      {"roles", std::move(roles)},
      {"competences", std::move(competences)},
      {"expertise", strings(person.expertise)},
      {"ask_me_about", person.ask_me_about},
  };
}

boost::json::object hit_json(const directory::Hit& hit) {
  return {{"id", hit.id},
          {"name", hit.name},
          {"teams", strings(hit.teams)},
          {"competences", strings(hit.competences)},
          {"expertise", strings(hit.expertise)}};
}

boost::json::object coverage_json(const Coverage& coverage) {
  json_ns::array competences;
  for (auto& c : coverage.competences) {
    competences.push_back(json_ns::object{{"competence", c.competence},
                                          {"required", c.required},
                                          {"held", c.held},
                                          {"shortfall", c.shortfall}});
  }
  return {{"complete", coverage.complete()},
          {"size", coverage.size},
          {"below_min", coverage.below_min},
          {"above_max", coverage.above_max},
          {"competences", std::move(competences)}};
}

boost::json::object team_role_json(const teams::TeamRole& role) {
  json_ns::object out{{"code", role.code}, {"name", role.name}, {"purpose", role.purpose}};
  if (role.holder_id > 0) {
    out["holder"] = json_ns::object{
        {"id", role.holder_id}, {"name", role.holder_name}, {"email", role.holder_email}};
    out["since"] = role.since;
    out["next_rotation"] = role.next_rotation;
  } else {
    out["holder"] = nullptr;
    out["since"] = nullptr;
    out["next_rotation"] = nullptr;
  }
  return out;
}

boost::json::value team_json(const teams::TeamDetail& d, bool may_edit) {
  json_ns::object out{{"code", d.team.code}, {"name", d.team.name}, {"kind", d.team.kind}};
  if (d.team.region) {
    out["region"] = json_ns::object{{"code", *d.team.region}, {"name", d.region_name}};
  } else {
    out["region"] = nullptr;
  }
  if (d.coach_id > 0) {
    out["coach"] = json_ns::object{
        {"id", d.coach_id}, {"name", d.coach_name}, {"email", d.team.coach.value_or("")}};
  } else {
    out["coach"] = nullptr;
  }
  out["vision"] = d.team.vision;
  out["values"] = d.team.values;
  out["min_size"] = d.team.min_size;
  out["max_size"] = d.team.max_size;
  json_ns::array mix;
  for (auto& [code, minimum] : d.team.required_mix) {
    mix.push_back(json_ns::object{{"competence", code}, {"minimum", minimum}});
  }
  out["required_mix"] = std::move(mix);
  json_ns::array members;
  for (auto& m : d.members) {
    json_ns::array competences;
    for (auto& k : m.competences) {
      competences.push_back(json_ns::object{{"code", k.code}, {"level", k.level}});
    }
    members.push_back(json_ns::object{{"id", m.id},
                                      {"name", m.name},
                                      {"email", m.email},
                                      {"share_percent", m.share_percent},
                                      {"competences", std::move(competences)}});
  }
  out["members"] = std::move(members);
  out["coverage"] = coverage_json(d.coverage);
  json_ns::array roles;
  for (auto& r : d.roles) roles.push_back(team_role_json(r));
  out["roles"] = std::move(roles);
  out["may_edit"] = may_edit;
  return out;
}

boost::json::object team_status_json(const teams::TeamStatus& s, int min_size, int max_size) {
  json_ns::object out{{"code", s.code}, {"name", s.name}, {"kind", s.kind}};
  if (s.region_code.empty()) {
    out["region"] = nullptr;
  } else {
    out["region"] = json_ns::object{{"code", s.region_code}, {"name", s.region_name}};
  }
  out["coach"] = text_or_null(s.coach_name);
  out["size"] = s.coverage.size;
  out["min_size"] = min_size;
  out["max_size"] = max_size;
  json_ns::array shortfalls;
  for (auto& c : s.coverage.competences) {
    if (c.shortfall > 0) {
      shortfalls.push_back(json_ns::object{{"competence", c.competence},
                                           {"required", c.required},
                                           {"held", c.held},
                                           {"shortfall", c.shortfall}});
    }
  }
  out["coverage"] = json_ns::object{{"complete", s.coverage.complete()},
                                    {"below_min", s.coverage.below_min},
                                    {"above_max", s.coverage.above_max},
                                    {"shortfalls", std::move(shortfalls)}};
  return out;
}

boost::json::object role_json(const teams::RoleOverview& r) {
  json_ns::array holders;
  for (auto& h : r.holders) {
    holders.push_back(
        json_ns::object{{"team", json_ns::object{{"code", h.team_code}, {"name", h.team_name}}},
                        {"person", json_ns::object{{"id", h.person_id}, {"name", h.person_name}}},
                        {"since", h.since},
                        {"next_rotation", h.next_rotation}});
  }
  return {{"code", r.role.code},
          {"name", r.role.name},
          {"purpose", r.role.purpose},
          {"accountabilities", strings(r.role.accountabilities)},
          {"holders", std::move(holders)}};
}

}  // namespace ploeg::organisation::api
