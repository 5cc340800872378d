#include "organisation/api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>

#include "http/static_files.hpp"
#include "organisation/api_json.hpp"
#include "organisation/editing.hpp"
#include "organisation/page_support.hpp"
#include "organisation/store.hpp"

namespace ploeg::organisation {
namespace {

namespace json = boost::json;
using web::api::Answers;

constexpr std::size_t max_query_length = 200;
constexpr std::int64_t max_page = 100000;

// Every answer's message is in the caller's language (web::api::Answers).
http::Response team_not_found(const Answers& answers, http::Request& request,
                              const std::string& code) {
  return answers.error(request, 404, "api_org_team_unknown", {{"code", code}});
}

http::Response team_refused(const Answers& answers, http::Request& request,
                            const std::string& code) {
  return answers.error(request, 403, "api_org_team_not_yours", {{"team", code}});
}

http::Response profile_refused(const Answers& answers, http::Request& request) {
  return answers.error(request, 403, "api_org_profile_not_yours");
}

// The edit's outcome as an answer; `saved` builds the success body, `refused`
// and `missing` the answers to forbidden and not_found.
template <typename Saved, typename Refused, typename Missing>
http::Response outcome(const Answers& answers, http::Request& request,
                       const editing::Result& result, Saved saved, Refused refused,
                       Missing missing) {
  switch (result.verdict) {
    case Verdict::ok:
      return saved();
    case Verdict::forbidden:
      return refused();
    case Verdict::not_found:
      return missing();
    case Verdict::invalid:
    case Verdict::conflict:
      break;
  }
  return answers.refusal(request, result);
}

http::Response session(store::Database&, const Answers&, http::Request& request) {
  auto& v = web::visitor(request);
  json::value person = nullptr;
  if (auto id = web::person(request).id) person = id;
  return api::json(json::object{{"username", v.username},
                                {"display_name", v.display_name},
                                {"role", v.role},
                                {"person", person},
                                {"csrf", v.csrf}});
}

http::Response competences(store::Database& db, const Answers&, http::Request& request) {
  json::array list;
  for (auto& k : sql::competences(*db.acquire(), web::visitor(request).lang))
    list.push_back(json::object{{"code", k.code}, {"name", k.name}});
  return api::json(json::object{{"competences", std::move(list)}});
}

http::Response regions(store::Database& db, const Answers&, http::Request& request) {
  json::array list;
  for (auto& r : sql::regions(*db.acquire(), web::visitor(request).lang))
    list.push_back(
        json::object{{"code", r.code},
                     {"name", r.name},
                     {"office_address", r.office_address},
                     {"postcodes", json::array(r.postcodes.begin(), r.postcodes.end())}});
  return api::json(json::object{{"regions", std::move(list)}});
}

http::Response roles(store::Database& db, const Answers&, http::Request& request) {
  json::array list;
  auto lease = db.acquire();
  auto overview = teams::roles_overview(*lease);
  teams::translate(overview, web::names(request, *lease));
  for (auto& role : overview) list.push_back(api::role_json(role));
  return api::json(json::object{{"roles", std::move(list)}});
}

http::Response people(store::Database& db, const Answers& answers, http::Request& request) {
  std::string query = http::field(request.query, "q").value_or("");
  if (query.size() > max_query_length) {
    return answers.error(request, 400, "api_org_query_too_long",
                         {{"max", std::to_string(max_query_length)}}, "q", "bad_parameter");
  }
  std::int64_t page = 1;
  if (auto text = http::field(request.query, "page")) {
    auto n = web::positive_number(text);
    if (!n || *n > max_page) {
      return answers.error(request, 400, "api_org_bad_page", {{"max", std::to_string(max_page)}},
                           "page", "bad_parameter");
    }
    page = *n;
  }
  auto results =
      directory::search(*db.acquire(), query, static_cast<int>(page), web::visitor(request).lang);
  json::array hits;
  for (auto& hit : results.hits) hits.push_back(api::hit_json(hit));
  return api::json(json::object{{"query", query},
                                {"total", results.total},
                                {"page", page},
                                {"page_size", directory::page_size},
                                {"more", results.more},
                                {"hits", std::move(hits)}});
}

// Everything the person page shows, with the codes of teams, roles and
// competences so a client can follow them.
std::optional<json::value> person_json(store::Connection& c, std::int64_t id,
                                       const std::string& language) {
  auto page = directory::person(c, id, language);
  if (!page) return std::nullopt;
  json::array teams;
  for (auto& t : sql::teams_of(c, id, language))
    teams.push_back(
        json::object{{"code", t.code}, {"name", t.name}, {"share_percent", t.share_percent}});
  json::array roles;
  for (auto& r : sql::roles_of(c, id, language))
    roles.push_back(
        json::object{{"code", r.code},
                     {"name", r.name},
                     {"team", json::object{{"code", r.team_code}, {"name", r.team_name}}},
                     {"since", r.since},
                     {"next_rotation", r.next_rotation}});
  json::array competences;
  for (auto& k : sql::competences_of(c, id, language))
    competences.push_back(json::object{{"code", k.code}, {"name", k.name}, {"level", k.level}});
  return api::person_json(*page, std::move(teams), std::move(roles), std::move(competences));
}

http::Response person_not_found(const Answers& answers, http::Request& request) {
  return answers.error(request, 404, "api_org_person_unknown");
}

http::Response person(store::Database& db, const Answers& answers, http::Request& request) {
  auto id = web::positive_number(request.param("id"));
  std::optional<json::value> found;
  if (id) found = person_json(*db.acquire(), *id, web::visitor(request).lang);
  if (!found) return person_not_found(answers, request);
  return api::json(*found);
}

http::Response patch_person(store::Database& db, const Answers& answers, http::Request& request) {
  auto body = answers.object(request, {"expertise", "ask_me_about"});
  if (body.problem) return *body.problem;
  auto ask = answers.text(request, body.object, "ask_me_about");
  if (ask.problem) return *ask.problem;
  std::optional<std::vector<std::string>> expertise;
  if (auto found = body.object.find("expertise"); found != body.object.end()) {
    const auto* list = found->value().if_array();
    bool strings = list && std::all_of(list->begin(), list->end(),
                                       [](const json::value& v) { return v.is_string(); });
    if (!strings) {
      return answers.error(request, 422, "api_org_expertise_not_list", {}, "expertise");
    }
    expertise.emplace();
    for (auto& tag : *list) expertise->emplace_back(tag.as_string());
  }

  auto id = web::positive_number(request.param("id"));
  std::optional<directory::PersonPage> current;
  // Who edits, found before a connection is held: one each at a time.
  const auto& editor = web::actor(request);
  {
    // Returned before the edit takes its own connection: one each at a time.
    auto lease = db.acquire();
    if (id) current = directory::person(*lease, *id);
    if (!current) return person_not_found(answers, request);
  }
  // Rights before the values, so a refused visitor learns nothing more.
  if (!editing::may_edit_person(editor, *id)) return profile_refused(answers, request);
  auto result = editing::set_profile(db, editor, *id, expertise.value_or(current->expertise),
                                     ask.present ? ask.value : current->ask_me_about);
  return outcome(
      answers, request, result,
      [&] {
        auto saved = person_json(*db.acquire(), *id, web::visitor(request).lang);
        return saved ? api::json(*saved) : person_not_found(answers, request);
      },
      [&] { return profile_refused(answers, request); },
      [&] { return person_not_found(answers, request); });
}

http::Response teams_list(store::Database& db, const Answers&, http::Request& request) {
  auto lease = db.acquire();
  std::map<std::string, TeamSummary> bounds;
  for (auto& t : sql::list_teams(*lease)) bounds.emplace(t.code, t);
  json::array list;
  auto statuses = teams::team_statuses(*lease);
  teams::translate(statuses, web::names(request, *lease));
  for (auto& s : statuses) {
    auto b = bounds.find(s.code);  // a team created between the two reads has no bounds yet
    if (b == bounds.end()) continue;
    list.push_back(api::team_status_json(s, b->second.min_size, b->second.max_size));
  }
  return api::json(json::object{{"teams", std::move(list)}});
}

http::Response team(store::Database& db, const Answers& answers, http::Request& request) {
  auto code = request.param("code").value_or("");
  const auto& editor = web::actor(request);
  auto lease = db.acquire();
  auto detail = teams::team_detail(*lease, code);
  if (!detail) return team_not_found(answers, request, code);
  teams::translate(*detail, web::names(request, *lease));
  return api::json(api::team_json(*detail, editing::may_edit_team(editor, code)));
}

http::Response patch_team(store::Database& db, const Answers& answers, http::Request& request) {
  auto code = request.param("code").value_or("");
  auto body = answers.object(request, {"vision", "values"});
  if (body.problem) return *body.problem;
  auto vision = answers.text(request, body.object, "vision");
  if (vision.problem) return *vision.problem;
  auto values = answers.text(request, body.object, "values");
  if (values.problem) return *values.problem;

  std::optional<teams::TeamDetail> current;
  const auto& editor = web::actor(request);
  {
    auto lease = db.acquire();
    current = teams::team_detail(*lease, code);
    if (!current) return team_not_found(answers, request, code);
    if (!editing::may_edit_team(editor, code)) return team_refused(answers, request, code);
  }
  auto result = editing::set_team_texts(db, editor, code,
                                        vision.present ? vision.value : current->team.vision,
                                        values.present ? values.value : current->team.values);
  auto missing = [&] { return team_not_found(answers, request, code); };
  return outcome(
      answers, request, result,
      [&] {
        auto lease = db.acquire();
        auto saved = teams::team_detail(*lease, code);
        if (saved) teams::translate(*saved, web::names(request, *lease));
        return saved ? api::json(api::team_json(*saved, true)) : missing();
      },
      [&] { return team_refused(answers, request, code); }, missing);
}

// The team's role as the team page shows it, after an edit: its name and
// purpose in the caller's language.
http::Response role_answer(store::Connection& c, const Answers& answers, http::Request& request,
                           const std::string& team_code, const std::string& role_code) {
  auto detail = teams::team_detail(c, team_code);
  if (detail) {
    teams::translate(*detail, web::names(request, c));
    for (auto& r : detail->roles) {
      if (r.code == role_code) return api::json(api::team_role_json(r));
    }
  }
  return answers.error(request, 404, "api_org_role_gone", {{"team", team_code}});
}

http::Response role_not_found(const Answers& answers, http::Request& request,
                              const std::string& code) {
  return answers.error(request, 404, "api_org_role_unknown", {{"code", code}});
}

// The checks PUT and DELETE share: the team and role exist, the visitor may
// edit the team. nullopt when the edit may go ahead.
std::optional<http::Response> check_role_edit(store::Connection& c, const Answers& answers,
                                              http::Request& request, const Actor& editor,
                                              const std::string& team_code,
                                              const std::string& role_code) {
  if (!sql::team_exists(c, team_code)) return team_not_found(answers, request, team_code);
  if (!sql::role_exists(c, role_code)) return role_not_found(answers, request, role_code);
  if (!editing::may_edit_team(editor, team_code)) return team_refused(answers, request, team_code);
  return std::nullopt;
}

// What PUT and DELETE answer once the edit is done or refused.
http::Response role_outcome(store::Database& db, const Answers& answers, http::Request& request,
                            const editing::Result& result, const std::string& team_code,
                            const std::string& role_code) {
  return outcome(
      answers, request, result,
      [&] { return role_answer(*db.acquire(), answers, request, team_code, role_code); },
      [&] { return team_refused(answers, request, team_code); },
      [&] { return role_not_found(answers, request, role_code); });
}

http::Response put_role(store::Database& db, const Answers& answers, http::Request& request) {
  auto team_code = request.param("code").value_or("");
  auto role_code = request.param("role").value_or("");
  auto body = answers.object(request, {"holder", "since", "next_rotation"});
  if (body.problem) return *body.problem;
  auto holder = answers.text(request, body.object, "holder");
  if (holder.problem) return *holder.problem;
  if (!holder.present) return answers.error(request, 422, "api_org_holder_required", {}, "holder");
  auto since = answers.text(request, body.object, "since");
  if (since.problem) return *since.problem;
  auto next = answers.text(request, body.object, "next_rotation");
  if (next.problem) return *next.problem;

  const auto& editor = web::actor(request);
  {
    auto lease = db.acquire();
    if (auto problem = check_role_edit(*lease, answers, request, editor, team_code, role_code))
      return *problem;
  }
  std::string since_date = since.present ? since.value : pages::today_text();
  std::string next_date =
      next.present ? next.value
                   : (editing::valid_date(since_date) ? pages::a_year_after(since_date) : "");
  auto result =
      editing::assign_role(db, editor, team_code, role_code, holder.value, since_date, next_date);
  if (result.verdict == Verdict::invalid && !next.present) {
    // A rotation date the client did not send is not theirs to fix.
    std::erase_if(result.errors, [](const FieldError& e) { return e.field == "next_rotation"; });
  }
  return role_outcome(db, answers, request, result, team_code, role_code);
}

http::Response delete_role(store::Database& db, const Answers& answers, http::Request& request) {
  auto team_code = request.param("code").value_or("");
  auto role_code = request.param("role").value_or("");
  const auto& editor = web::actor(request);
  {
    auto lease = db.acquire();
    if (auto problem = check_role_edit(*lease, answers, request, editor, team_code, role_code))
      return *problem;
  }
  auto result = editing::release_role(db, editor, team_code, role_code);
  // A vacant role is what the client asked for: DELETE is idempotent.
  if (result.verdict == Verdict::not_found) result.verdict = Verdict::ok;
  return role_outcome(db, answers, request, result, team_code, role_code);
}

}  // namespace

void register_api_routes(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/session", session);
  web::api::add_route(router, db, site, "GET", "/api/v1/competences", competences);
  web::api::add_route(router, db, site, "GET", "/api/v1/regions", regions);
  web::api::add_route(router, db, site, "GET", "/api/v1/roles", roles);
  web::api::add_route(router, db, site, "GET", "/api/v1/people", people);
  web::api::add_route(router, db, site, "GET", "/api/v1/people/{id}", person);
  web::api::add_route(router, db, site, "PATCH", "/api/v1/people/{id}", patch_person);
  web::api::add_route(router, db, site, "GET", "/api/v1/teams", teams_list);
  web::api::add_route(router, db, site, "GET", "/api/v1/teams/{code}", team);
  web::api::add_route(router, db, site, "PATCH", "/api/v1/teams/{code}", patch_team);
  web::api::add_route(router, db, site, "PUT", "/api/v1/teams/{code}/roles/{role}", put_role);
  web::api::add_route(router, db, site, "DELETE", "/api/v1/teams/{code}/roles/{role}", delete_role);
}

}  // namespace ploeg::organisation
