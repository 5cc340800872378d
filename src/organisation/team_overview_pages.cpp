#include "organisation/team_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/editing.hpp"
#include "organisation/page_support.hpp"
#include "organisation/store.hpp"
#include "organisation/team_map.hpp"
#include "organisation/teams.hpp"
#include "store/names.hpp"

namespace ploeg::organisation {
namespace {

using namespace pages;
using Catalogue = web::Catalogue;

// Above this many teams, /teams without ?region= draws one card per region
// instead of every team: 3,500 circles and table rows help nobody.
constexpr std::size_t max_drawn_teams = 400;
constexpr int columns_all = 3;      // cells per row of a region's card
constexpr int columns_region = 11;  // one region: the card's full width, scrolling when narrow
constexpr std::size_t max_role_holders = 50;  // per role on /roles, unless ?role= asks for all

// ---------- the team of teams ----------

http::Response teams_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  // Given back before the page is rendered.
  std::optional<store::Lease> lease(db.acquire());
  auto& connection = *lease;
  auto all = teams::team_statuses(*connection);
  auto names = competence_names(*connection, lang);
  teams::translate(all, web::names(request, *connection));
  // team_statuses() leaves out the size bounds the table shows.
  auto bounds = sql::team_size_bounds(*connection);
  lease.reset();

  std::string region = http::field(request.query, "region").value_or("");
  if (region.size() > 100) region.clear();
  std::string no_region_name = catalogue.text(lang, "teams_no_region");
  auto region_name = [&](const teams::TeamStatus& s) {
    return s.region_code.empty() ? no_region_name : s.region_name;
  };

  // The region choices, in the map's order.
  web::List options;
  std::string chosen_name;
  std::vector<std::pair<std::string, std::string>> regions;  // code (or "none"), name
  for (auto& s : all) {
    std::string code = s.region_code.empty() ? no_region : s.region_code;
    if (regions.empty() || regions.back().first != code) regions.push_back({code, region_name(s)});
  }
  for (auto& [code, name] : regions) {
    web::Data option;
    option.set("value", code);
    option.set("name", name);
    option.set("selected", code == region);
    if (code == region) chosen_name = name;
    options.push_back(option);
  }
  bool filtered = !region.empty();

  std::vector<teams::TeamStatus> shown;
  for (auto& s : all) {
    if (!filtered || (s.region_code.empty() ? no_region : s.region_code) == region) {
      shown.push_back(s);
    }
  }
  shown = team_map::in_map_order(std::move(shown));
  bool overview = !filtered && all.size() > max_drawn_teams;

  web::Data data;
  data.set("regions", options);
  data.set("filtered", filtered);
  data.set("all_selected", !filtered);
  int complete = 0, lacking = 0, size = 0;
  for (auto& s : shown) {
    switch (team_map::status_of(s.coverage)) {
      case team_map::Status::complete:
        ++complete;
        break;
      case team_map::Status::lacking:
        ++lacking;
        break;
      case team_map::Status::size:
        ++size;
        break;
    }
  }
  data.set("summary", catalogue.format(lang, "teams_summary",
                                       {{"complete", std::to_string(complete)},
                                        {"lacking", std::to_string(lacking)},
                                        {"size", std::to_string(size)}},
                                       static_cast<long long>(shown.size())));
  if (filtered) {
    if (shown.empty()) {
      data.set("nothing_text", catalogue.text(lang, "teams_region_unknown"));
    } else {
      data.set("heading_region",
               catalogue.format(lang, "teams_in_region", {{"region", chosen_name}}));
    }
  }

  auto groups = team_map::layout(shown, filtered ? columns_region : columns_all);
  if (overview) {
    // One line per region: how many teams, how many of them complete.
    data.set("overview", true);
    data.set("overview_text", catalogue.format(lang, "teams_overview_intro",
                                               {{"count", std::to_string(all.size())}}));
    web::List summaries;
    for (auto& g : groups) {
      web::Data row;
      row.set("name", g.region_code.empty() ? no_region_name : g.region_name);
      row.set("href", region_href(g.region_code));
      row.set("teams", std::to_string(g.shapes.size()));
      row.set("complete", std::to_string(g.complete));
      row.set("lacking", std::to_string(g.lacking));
      row.set("size", std::to_string(g.size));
      summaries.push_back(row);
    }
    data.set("region_summaries", summaries);
  } else {
    data.set("drawn", !shown.empty());
    web::List map_groups;
    int index = 0;
    for (auto& g : groups) {
      web::Data group;
      group.set("id", "map-group-" + std::to_string(++index));
      group.set("name", g.region_code.empty() ? no_region_name : g.region_name);
      group.set("href", region_href(g.region_code));
      group.set("width", std::to_string(g.width));
      group.set("height", std::to_string(g.height));
      group.set("counts", catalogue.format(lang, "teams_group_counts",
                                           {{"complete", std::to_string(g.complete)}},
                                           static_cast<long long>(g.shapes.size())));
      web::List shapes;
      for (auto& s : g.shapes) {
        web::Data shape;
        shape.set("href", team_href(s.code));
        std::string status_key = std::string("teams_status_") + team_map::status_name(s.status);
        shape.set("title",
                  catalogue.format(lang, "teams_shape_title",
                                   {{"team", s.name}, {"status", catalogue.text(lang, status_key)}},
                                   s.members));
        shape.set("label", s.label);
        shape.set("status", team_map::status_name(s.status));
        shape.set("members", std::to_string(s.members));
        shape.set("cx", units(s.cx));
        shape.set("cy", units(s.cy));
        shape.set("r", units(s.r));
        shape.set("label_x", units(s.label_x));
        shape.set("label_y", units(s.label_y));
        if (s.status != team_map::Status::complete) {
          web::Data marker;
          marker.set("x", units(s.marker_x));
          marker.set("y", units(s.marker_y));
          marker.set("sign", s.status == team_map::Status::lacking ? "!" : "±");
          shape.set("marker", marker);
        }
        shapes.push_back(shape);
      }
      group.set("shapes", shapes);
      map_groups.push_back(group);
    }
    data.set("groups", map_groups);

    web::List rows;
    for (auto& s : shown) {
      web::Data row;
      row.set("href", team_href(s.code));
      row.set("name", s.name);
      row.set("region", region_name(s));
      row.set("kind", kind_text(catalogue, lang, s.kind));
      row.set("members", std::to_string(s.coverage.size));
      auto b = bounds[s.code];
      row.set("bounds", bounds_text(b.first, b.second));
      row.set("coach", s.coach_name.empty() ? "—" : s.coach_name);
      row.set("status", team_map::status_name(team_map::status_of(s.coverage)));
      row.set("status_text", status_text(catalogue, lang, s.coverage, names));
      rows.push_back(row);
    }
    data.set("rows", rows);
  }
  return site.page(request, "organisation/teams", "title_teams", data);
}

// ---------- the role catalogue ----------

http::Response roles_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  // Given back before the page is rendered.
  std::optional<store::Lease> lease(db.acquire());
  auto& connection = *lease;
  auto overview = teams::roles_overview(*connection);
  auto team_count = sql::count_teams(*connection);
  const auto& names = web::names(request, *connection);
  teams::translate(overview, names);
  lease.reset();
  std::string only = http::field(request.query, "role").value_or("");

  web::List roles;
  web::List contents;
  for (auto& o : overview) {
    if (!only.empty() && o.role.code != only) continue;
    web::Data role;
    role.set("id", "role-" + o.role.code);
    auto role_name = o.role.name;
    role.set("role_name", role_name);
    role.set("purpose", o.role.purpose);
    web::List accountabilities;
    for (auto& a : o.role.accountabilities) {
      if (!a.empty()) accountabilities.push_back(web::Data(a));
    }
    role.set("accountabilities", accountabilities);
    role.set("has_accountabilities", !o.role.accountabilities.empty());
    auto held = static_cast<std::int64_t>(o.holders.size());
    role.set("count_text", catalogue.format(lang, "roles_count",
                                            {{"held", std::to_string(held)},
                                             {"vacant", std::to_string(team_count - held)}},
                                            held));
    web::List holders;
    std::size_t limit = only.empty() ? max_role_holders : o.holders.size();
    for (std::size_t i = 0; i < o.holders.size() && i < limit; ++i) {
      auto& h = o.holders[i];
      web::Data holder;
      holder.set("team_name", h.team_name);
      holder.set("team_href", team_href(h.team_code));
      holder.set("person_name", h.person_name);
      holder.set("person_href", "/people/" + std::to_string(h.person_id));
      holder.set("since", h.since);
      holder.set("next_rotation", h.next_rotation);
      holders.push_back(holder);
    }
    role.set("holders", holders);
    role.set("has_holders", !o.holders.empty());
    if (o.holders.size() > limit) {
      role.set("all_href", "/roles?role=" + http::url_encode(o.role.code));
      role.set("all_text", catalogue.format(lang, "roles_show_all",
                                            {{"count", std::to_string(o.holders.size())}}));
    }
    roles.push_back(role);
    web::Data entry;
    entry.set("href", "#role-" + o.role.code);
    entry.set("role_name", role_name);
    contents.push_back(entry);
  }
  if (!only.empty() && roles.empty()) return site.error(request, 404, "team_unknown_role");
  web::Data data;
  data.set("roles", roles);
  data.set("contents", contents);
  data.set("filtered", !only.empty());
  return site.page(request, "organisation/roles", "title_roles", data);
}

}  // namespace

void register_overview_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/teams", "teams_nav", "signed_in"});
  site.add_nav({"/roles", "roles_nav", "signed_in"});
  auto route = [&](const char* method, const char* pattern, Page page) {
    add_signed_in_page(router, db, site, method, pattern, std::move(page));
  };
  route("GET", "/teams", teams_page);
  route("GET", "/roles", roles_page);
}

}  // namespace ploeg::organisation
