#include "organisation/directory_pages.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/text.hpp"
#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/editing.hpp"
#include "organisation/page_support.hpp"

namespace ploeg::organisation {
namespace {

std::map<std::string, PersonSectionSource>& person_sections() {
  static std::map<std::string, PersonSectionSource> sections;
  return sections;
}

constexpr std::size_t max_query_length = 200;

// A tag matches when one of its words starts with one of the query's words.
bool tag_matches(const std::string& tag, const std::vector<std::string>& words) {
  for (auto& tag_word : directory::query_words(tag)) {
    for (auto& w : words) {
      if (tag_word.rfind(w, 0) == 0) return true;
    }
  }
  return false;
}

web::List texts(const std::vector<std::string>& items) {
  web::List list;
  for (auto& item : items) list.push_back(web::Data(item));
  return list;
}

std::string people_url(const std::string& query, int page) {
  std::string url = "/people";
  if (!query.empty()) url += "?q=" + http::url_encode(query);
  if (page > 1) url += (query.empty() ? "?page=" : "&page=") + std::to_string(page);
  return url;
}

// "0.8" or "0,8": FTE in the visitor's language.
std::string fte_text(int permille, const std::string& lang) {
  std::string whole = std::to_string(permille / 1000);
  int rest = permille % 1000;
  if (rest == 0) return whole;
  std::string fraction = std::to_string(1000 + rest).substr(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return whole + (lang == "en" ? "." : ",") + fraction;
}

const char* language_autonym(const std::string& code) {
  if (code == "nl") return "Nederlands";
  if (code == "fr") return "Français";
  if (code == "de") return "Deutsch";
  if (code == "en") return "English";
  return "";
}

http::Response directory_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  std::string query = text::trimmed(http::field(request.query, "q").value_or(""));
  if (query.size() > max_query_length) query.resize(max_query_length);
  int page = static_cast<int>(std::min<std::int64_t>(
      pages::positive_number(http::field(request.query, "page")).value_or(1), 100000));

  auto results = directory::search(*db.acquire(), query, page, web::visitor(request).lang);
  auto words = directory::query_words(query);

  web::Data data;
  data.set("q", query);
  data.set("searched", !query.empty());
  web::List people;
  for (auto& hit : results.hits) {
    web::Data person;
    person.set("href", "/people/" + std::to_string(hit.id));
    person.set("name", hit.name);
    person.set("teams", texts(hit.teams));
    person.set("competences", texts(hit.competences));
    std::vector<std::string> shown;
    for (auto& tag : hit.expertise) {
      if (query.empty() || tag_matches(tag, words)) shown.push_back(tag);
    }
    person.set("expertise", texts(shown));
    people.push_back(person);
  }
  data.set("people", people);
  data.set("found", !results.hits.empty());
  auto total = static_cast<long long>(results.total);
  if (query.empty()) {
    data.set("count_text", catalogue.format(lang, "people_count_all", {}, total));
  } else if (results.total > 0) {
    data.set("count_text", catalogue.format(lang, "people_count_found", {{"query", query}}, total));
  } else {
    data.set("nobody_text", catalogue.format(lang, "people_nobody_found", {{"query", query}}));
  }
  if (page > 1) data.set("previous_href", people_url(query, page - 1));
  if (results.more) data.set("next_href", people_url(query, page + 1));
  if (page > 1 || results.more) {
    data.set("page_text", catalogue.format(lang, "people_page", {{"page", std::to_string(page)}}));
  }
  return site.page(request, "organisation/people", "title_people", data);
}

http::Response person_page(store::Database& db, web::Site& site, http::Request& request) {
  auto id = pages::positive_number(request.param("id"));
  std::optional<directory::PersonPage> found;
  if (id) found = directory::person(*db.acquire(), *id, web::visitor(request).lang);
  if (!found) return site.error(request, 404, "people_unknown_person");
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto& p = *found;

  web::Data data;
  data.set("name", p.name);
  data.set("email", p.email);
  data.set("fte", fte_text(p.fte_permille, lang));
  web::List languages;
  for (auto& code : p.languages) {
    web::Data l;
    l.set("code", code);
    l.set("name", language_autonym(code));
    languages.push_back(l);
  }
  data.set("person_languages", languages);  // "languages" is the layout's switch
  web::List teams;
  for (auto& t : p.teams) {
    web::Data team;
    team.set("name", t.name);
    team.set("href", pages::team_href(t.code));
    team.set("share", catalogue.format(lang, "person_share",
                                       {{"percent", std::to_string(t.share_percent)}}));
    teams.push_back(team);
  }
  data.set("teams", teams);
  data.set("has_teams", !p.teams.empty());
  web::List roles;
  for (auto& r : p.roles) {
    web::Data role;
    role.set("role", r.role);
    role.set("team", r.team);
    role.set("team_href", pages::team_href(r.team_code));
    roles.push_back(role);
  }
  data.set("roles", roles);
  data.set("has_roles", !p.roles.empty());
  web::List coached;
  for (auto& t : p.coached) {
    web::Data team;
    team.set("name", t.name);
    team.set("href", pages::team_href(t.code));
    coached.push_back(team);
  }
  data.set("coached", coached);
  data.set("coaches", !p.coached.empty());
  web::List competences;
  for (auto& k : p.competences) {
    web::Data competence;
    competence.set("name", k.name);
    competence.set("level", catalogue.text(lang, "person_level_" + std::to_string(k.level)));
    competence.set("level_number", std::to_string(k.level));
    competences.push_back(competence);
  }
  data.set("competences", competences);
  data.set("has_competences", !p.competences.empty());
  web::List expertise;
  for (auto& tag : p.expertise) {
    web::Data item;
    item.set("tag", tag);
    item.set("href", people_url(tag, 1));
    expertise.push_back(item);
  }
  data.set("expertise", expertise);
  data.set("has_expertise", !p.expertise.empty());
  if (!p.ask_me_about.empty()) data.set("ask_me_about", p.ask_me_about);
  web::List sections;
  if (!person_sections().empty()) {
    auto lease = db.acquire();
    for (auto& [key, source] : person_sections()) {
      auto section = source(*lease, p.id, lang, catalogue);
      if (!section) continue;
      web::Data item;
      item.set("key", key);
      item.set("heading", section->heading);
      item.set("lines", web::texts(section->lines));
      item.set("has_lines", !section->lines.empty());
      item.set("empty", section->empty);
      sections.push_back(item);
    }
  }
  data.set("sections", sections);
  // Their own page (or an administrator): the way to the profile form.
  const auto& editor = web::actor(request);
  if (editing::may_edit_person(editor, p.id)) {
    data.set("profile_href", "/people/" + std::to_string(p.id) + "/profile");
    data.set("profile_link", catalogue.text(lang, editor.person.id == p.id ? "profile_edit_link"
                                                                           : "profile_edit_other"));
    if (http::field(request.query, "saved").value_or("") == "profile") {
      data.set("saved_text", catalogue.text(lang, "profile_saved"));
    }
  }
  return site.page(request, "organisation/person", "title_person", data);
}

}  // namespace

void add_person_section(const std::string& key, PersonSectionSource source) {
  person_sections()[key] = std::move(source);
}

void register_directory_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/people", "nav_people", "signed_in"});
  router.add("GET", "/people", "signed_in", site.guard([&db, &site](http::Request& request) {
    return directory_page(db, site, request);
  }));
  router.add("GET", "/people/{id}", "signed_in", site.guard([&db, &site](http::Request& request) {
    return person_page(db, site, request);
  }));
}

}  // namespace ploeg::organisation
