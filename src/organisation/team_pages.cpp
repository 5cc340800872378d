#include "organisation/team_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/editing.hpp"
#include "organisation/page_support.hpp"
#include "organisation/store.hpp"
#include "organisation/team_map.hpp"
#include "organisation/teams.hpp"

namespace ploeg::organisation {
namespace {

using namespace pages;
using Catalogue = web::Catalogue;

// A community of thousands: the grid lists the first members, the totals count all.
constexpr std::size_t max_grid_rows = 300;
// Up to this many members the holder of a role is chosen from a list.
constexpr std::size_t max_holder_options = 200;

// ---------- one team ----------

http::Response team_page(store::Database& db, web::Site& site, http::Request& request,
                         const Submitted& submitted = {}) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  std::string code = request.param("code").value_or("");
  const auto& editor = web::actor(request);  // before a connection is held: one at a time
  // Given back before the page is rendered.
  std::optional<store::Lease> lease(db.acquire());
  auto& connection = *lease;
  auto found = teams::team_detail(*connection, code);
  if (!found) return site.error(request, 404, "team_unknown");
  bool can_edit = editing::may_edit_team(editor, code);
  teams::translate(*found, web::names(request, *connection));
  lease.reset();
  auto& d = *found;

  web::Data data;
  data.set("name", d.team.name);
  data.set("code", d.team.code);
  data.set("kind", kind_text(catalogue, lang, d.team.kind));
  data.set("regional", d.team.kind == "regional");  // regional teams plan their week here
  // Its queue opens to its members only; its figures to every co-worker.
  data.set("queue_link", d.team.kind == "regional" && web::actor(request).person.in(d.id));
  if (d.team.region) {
    data.set("region_name", d.region_name);
    data.set("region_href", region_href(*d.team.region));
  }
  if (d.coach_id) {
    data.set("coach_name", d.coach_name);
    data.set("coach_href", "/people/" + std::to_string(d.coach_id));
  }
  auto status = team_map::status_of(d.coverage);
  data.set("status", team_map::status_name(status));
  std::map<std::string, std::string> names;
  for (auto& k : d.catalogue) names[k.code] = k.name;
  data.set("status_text", status_text(catalogue, lang, d.coverage, names));
  data.set("size_text",
           catalogue.format(lang, "team_size",
                            {{"count", std::to_string(d.members.size())},
                             {"bounds", bounds_text(d.team.min_size, d.team.max_size)}}));
  bool size_off = d.coverage.below_min > 0 || d.coverage.above_max > 0;
  data.set("size_off", size_off);

  auto saved = http::field(request.query, "saved").value_or("");
  if (submitted.form.empty() && (saved == "vision" || saved == "role" || saved == "release")) {
    data.set("saved_text", catalogue.text(lang, "team_saved_" + saved));
  }
  if (!submitted.errors.empty()) {
    data.set("has_errors", true);
    // The form may be far down the page: the alert links to it.
    data.set("error_anchor",
             submitted.form == "vision" ? "#team-vision" : "#role-" + submitted.form);
  }

  // Vision and values: what the team says of itself, and the form to change it.
  data.set("vision", d.team.vision);
  data.set("values", d.team.values);
  data.set("has_texts", !d.team.vision.empty() || !d.team.values.empty());
  data.set("can_edit", can_edit);
  if (can_edit) {
    bool mine = submitted.form == "vision";
    auto typed = [&](const std::string& field, const std::string& stored) {
      return submitted.value("vision", field, stored);
    };
    data.set("vision_value", typed("vision", d.team.vision));
    data.set("values_value", typed("values", d.team.values));
    if (mine) data.set("vision_errors", web::field_messages(catalogue, lang, submitted.errors));
    data.set("max_text", std::to_string(editing::max_text_length));
    data.set("vision_action", team_href(d.team.code) + "/vision");
  }

  // The coverage grid: members by competences of the whole catalogue.
  std::map<std::string, int> held;
  for (auto& m : d.members) {
    for (auto& k : m.competences) ++held[k.code];
  }
  std::map<std::string, const CompetenceCoverage*> required;
  for (auto& c : d.coverage.competences) required[c.competence] = &c;
  web::List columns;
  for (auto& k : d.catalogue) {
    web::Data column;
    column.set("name", k.name);
    column.set("held", std::to_string(held[k.code]));
    auto it = required.find(k.code);
    if (it != required.end()) {
      column.set("required", std::to_string(it->second->required));
      if (it->second->shortfall > 0) {
        column.set("short_text",
                   catalogue.format(lang, "team_grid_short",
                                    {{"count", std::to_string(it->second->shortfall)}}));
      }
    }
    columns.push_back(column);
  }
  data.set("columns", columns);
  web::List members;
  for (std::size_t i = 0; i < d.members.size() && i < max_grid_rows; ++i) {
    auto& m = d.members[i];
    web::Data member;
    member.set("name", m.name);
    member.set("href", "/people/" + std::to_string(m.id));
    member.set("share", std::to_string(m.share_percent) + "%");
    web::List cells;
    std::map<std::string, int> level;
    for (auto& k : m.competences) level[k.code] = k.level;
    for (auto& k : d.catalogue) {
      web::Data cell;
      auto it = level.find(k.code);
      if (it != level.end()) {
        cell.set("level", std::to_string(it->second));
        cell.set("level_text", catalogue.text(lang, "person_level_" + std::to_string(it->second)));
      }
      cells.push_back(cell);
    }
    member.set("cells", cells);
    members.push_back(member);
  }
  data.set("members", members);
  data.set("has_members", !d.members.empty());
  if (d.members.size() > max_grid_rows) {
    data.set("more_members", catalogue.format(lang, "team_grid_more",
                                              {{"shown", std::to_string(max_grid_rows)},
                                               {"count", std::to_string(d.members.size())}}));
  }
  data.set("grid_columns", std::to_string(d.catalogue.size() + 2));

  // The star roles: held or vacant, and the forms to give, take or release them.
  std::string my_email;
  for (auto& m : d.members) {
    if (m.id == editor.person.id && editor.person.id != 0) my_email = m.email;
  }
  std::string since_default = today_text();
  web::List roles;
  int vacant = 0;
  for (auto& r : d.roles) {
    web::Data role;
    role.set("role_code", r.code);
    role.set("role_name", r.name);
    role.set("purpose", r.purpose);
    role.set("id", "role-" + r.code);
    if (r.holder_id) {
      role.set("holder_name", r.holder_name);
      role.set("holder_href", "/people/" + std::to_string(r.holder_id));
      role.set("since", r.since);
      role.set("next_rotation", r.next_rotation);
    } else {
      ++vacant;
    }
    role.set("held", r.holder_id != 0);
    if (can_edit) {
      std::string action = team_href(d.team.code) + "/roles/" + http::url_encode(r.code);
      role.set("action", action);
      role.set("release_action", action + "/release");
      bool mine = submitted.form == r.code;
      auto typed = [&](const std::string& field, const std::string& otherwise) {
        return submitted.value(r.code, field, otherwise);
      };
      std::string holder = typed("holder", r.holder_email);
      role.set("since_value", typed("since", since_default));
      role.set("next_value", typed("next_rotation", a_year_after(since_default)));
      if (d.members.size() <= max_holder_options) {
        web::List choices;
        for (auto& m : d.members) {
          web::Data choice;
          choice.set("value", m.email);
          choice.set("label", m.name);
          choice.set("selected", m.email == holder);
          choices.push_back(choice);
        }
        role.set("choices", choices);
        role.set("choose", true);
      } else {
        role.set("holder_value", holder);
      }
      if (mine) {
        role.set("role_errors", web::field_messages(catalogue, lang, submitted.errors));
      }
      if (!my_email.empty() && r.holder_id != editor.person.id) {
        role.set("take_email", my_email);
        role.set("take_since", since_default);
        role.set("take_next", a_year_after(since_default));
      }
    }
    roles.push_back(role);
  }
  data.set("roles", roles);
  data.set("vacant_text", catalogue.format(lang, "team_roles_vacant_count",
                                           {{"total", std::to_string(d.roles.size())}}, vacant));
  int status_code = submitted.errors.empty() ? 200 : 422;
  return site.page(request, "organisation/team", "title_team", data, status_code);
}

http::Response refused_or_missing(web::Site& site, http::Request& request, Verdict outcome) {
  if (outcome == Verdict::forbidden) return site.error(request, 403, "team_refused");
  return site.error(request, 404, "team_unknown");
}

// Runs the checks every team form shares: the team exists (404) and the
// visitor may edit it (403). Returns the answer to give when a check fails.
std::optional<http::Response> check_team(store::Database& db, web::Site& site,
                                         http::Request& request, Actor& editor) {
  std::string code = request.param("code").value_or("");
  editor = web::actor(request);  // before a connection is held: one at a time
  auto connection = db.acquire();
  if (!sql::team_exists(*connection, code)) {
    return site.error(request, 404, "team_unknown");
  }
  if (!editing::may_edit_team(editor, code)) {
    return site.error(request, 403, "team_refused");
  }
  return std::nullopt;
}

http::Response post_vision(store::Database& db, web::Site& site, http::Request& request) {
  Actor editor;
  if (auto refused = check_team(db, site, request, editor)) return *refused;
  std::string code = request.param("code").value_or("");
  auto form = request.form();
  std::string vision = text::unix_lines(http::field(form, "vision").value_or(""));
  std::string values = text::unix_lines(http::field(form, "values").value_or(""));
  auto result = editing::set_team_texts(db, editor, code, vision, values);
  switch (result.verdict) {
    case Verdict::ok:
      return http::Response::redirect(team_href(code) + "?saved=vision");
    case Verdict::invalid:
      return team_page(db, site, request,
                       {"vision", {{"vision", vision}, {"values", values}}, result.errors});
    default:
      return refused_or_missing(site, request, result.verdict);
  }
}

bool role_exists(store::Database& db, const std::string& role) {
  return sql::role_exists(*db.acquire(), role);
}

http::Response post_role(store::Database& db, web::Site& site, http::Request& request) {
  Actor editor;
  if (auto refused = check_team(db, site, request, editor)) return *refused;
  std::string code = request.param("code").value_or("");
  std::string role = request.param("role").value_or("");
  if (!role_exists(db, role)) return site.error(request, 404, "team_unknown_role");
  auto form = request.form();
  std::string holder = http::field(form, "holder").value_or("");
  std::string since = http::field(form, "since").value_or("");
  std::string next = http::field(form, "next_rotation").value_or("");
  auto result = editing::assign_role(db, editor, code, role, holder, since, next);
  switch (result.verdict) {
    case Verdict::ok:
      return http::Response::redirect(team_href(code) + "?saved=role");
    case Verdict::invalid:
      return team_page(
          db, site, request,
          {role, {{"holder", holder}, {"since", since}, {"next_rotation", next}}, result.errors});
    default:
      return refused_or_missing(site, request, result.verdict);
  }
}

http::Response post_release(store::Database& db, web::Site& site, http::Request& request) {
  Actor editor;
  if (auto refused = check_team(db, site, request, editor)) return *refused;
  std::string code = request.param("code").value_or("");
  std::string role = request.param("role").value_or("");
  if (!role_exists(db, role)) return site.error(request, 404, "team_unknown_role");
  auto result = editing::release_role(db, editor, code, role);
  // A role already vacant (released in another tab) is what was asked for.
  if (result.verdict == Verdict::ok || result.verdict == Verdict::not_found) {
    return http::Response::redirect(team_href(code) + "?saved=release");
  }
  return refused_or_missing(site, request, result.verdict);
}

}  // namespace

void register_team_pages(http::Router& router, store::Database& db, web::Site& site) {
  auto route = [&](const char* method, const char* pattern, Page page) {
    add_signed_in_page(router, db, site, method, pattern, std::move(page));
  };
  route("GET", "/teams/{code}",
        [](store::Database& d, web::Site& s, http::Request& r) { return team_page(d, s, r); });
  route("POST", "/teams/{code}/vision", post_vision);
  route("POST", "/teams/{code}/roles/{role}", post_role);
  route("POST", "/teams/{code}/roles/{role}/release", post_release);
}

}  // namespace ploeg::organisation
