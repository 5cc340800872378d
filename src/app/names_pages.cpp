#include "app/names_pages.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "core/text.hpp"
#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "store/names.hpp"
#include "web/form.hpp"

namespace ploeg::app {
namespace {

namespace kinds = store::kinds;

// The kinds the page names, in the order of its menu.
const std::vector<std::string> page_kinds = {
    kinds::organisation, kinds::request_type, kinds::condition, kinds::step,   kinds::competence,
    kinds::role,         kinds::region,       kinds::team,      kinds::office, kinds::desk_feature};

struct Thing {
  std::string code;
  std::string fallback;  // the name it has without one in a language
};

std::vector<std::string> codes_in(const std::string& text) {
  std::vector<std::string> codes;
  std::string code;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    char ch = i < text.size() ? text[i] : ' ';
    if (ch != ' ' && ch != ',') {
      code += ch;
    } else if (!code.empty()) {
      codes.push_back(code);
      code.clear();
    }
  }
  return codes;
}

// The things of one kind, by code, each with the name it falls back to.
std::vector<Thing> things_of(store::Connection& c, const web::Site& site, const std::string& kind) {
  std::vector<Thing> things;
  auto listed = [&](const char* sql) {
    for (auto& r : c.query(sql).rows) things.push_back({r.text(0), r.text(1)});
  };
  if (kind == kinds::organisation) {
    things.push_back({"name", site.organisation_name()});
  } else if (kind == kinds::competence) {
    listed("SELECT code, name FROM competences");
  } else if (kind == kinds::role) {
    listed("SELECT code, name FROM roles");
  } else if (kind == kinds::role_purpose) {
    listed("SELECT code, purpose FROM roles");
  } else if (kind == kinds::role_accountability) {
    for (auto& r : c.query("SELECT code, accountabilities FROM roles").rows) {
      auto lines = text::lines(r.text(1));
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!lines[i].empty())
          things.push_back({r.text(0) + "/" + std::to_string(i + 1), lines[i]});
      }
    }
  } else if (kind == kinds::region) {
    listed("SELECT code, name FROM regions");
  } else if (kind == kinds::team) {
    listed("SELECT code, name FROM teams");
  } else if (kind == kinds::request_type) {
    listed("SELECT code, name FROM request_types");
  } else if (kind == kinds::step) {
    listed(
        "SELECT t.code || '/' || s.code, s.name FROM process_steps s JOIN request_types t ON t.id "
        "= s.request_type_id");
  } else if (kind == kinds::office) {
    listed("SELECT code, name FROM offices");
  } else if (kind == kinds::condition || kind == kinds::desk_feature) {
    std::set<std::string> codes;
    auto sql = kind == kinds::condition ? "SELECT conditions FROM request_types"
                                        : "SELECT DISTINCT features FROM desks";
    for (auto& r : c.query(sql).rows) {
      for (auto& code : codes_in(r.text(0))) codes.insert(code);
    }
    for (auto& code : codes) {
      // A condition the catalogue words for the citizen falls back to those words.
      auto key = "request_condition_" + code;
      auto text = site.catalogue().text("en", key);
      things.push_back({code, kind == kinds::condition && text != key ? text : code});
    }
  }
  // Sorted here: byte order, whatever the PostgreSQL collation.
  std::sort(things.begin(), things.end(),
            [](const Thing& a, const Thing& b) { return a.code < b.code; });
  return things;
}

std::string kind_asked(const http::Request& request) {
  auto kind = http::field(request.query, "kind").value_or(kinds::competence);
  auto known = std::find(page_kinds.begin(), page_kinds.end(), kind) != page_kinds.end();
  return known ? kind : std::string();
}

// The field of one thing's name in one language: "nl:social_work".
std::string field_of(const std::string& language, const std::string& code) {
  return language + ":" + code;
}

http::Response names_page(store::Database& db, web::Site& site, http::Request& request,
                          const std::string& kind, const web::Submitted& sent = {}) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  if (kind.empty()) return site.error(request, 404, "names_unknown_kind");
  std::vector<Thing> things;
  std::map<std::string, std::map<std::string, std::string>> stored;  // code -> language -> name
  {
    auto lease = db.acquire();
    things = things_of(*lease, site, kind);
    for (auto& n : store::names::all(*lease, {kind})) stored[n.code][n.language] = n.name;
  }
  std::map<std::string, std::string> problems;  // field -> message
  for (auto& e : sent.errors) problems[e.field] = catalogue.format(lang, e.key, e.values);

  web::Data data;
  web::List menu;
  for (auto& k : page_kinds) {
    web::Data item;
    item.set("href", "/admin/names?kind=" + k);
    item.set("label", catalogue.text(lang, "names_kind_" + k));
    item.set("current", k == kind);
    menu.push_back(item);
  }
  data.set("kinds", menu);
  data.set("kind_label", catalogue.text(lang, "names_kind_" + kind));
  data.set("action", "/admin/names?kind=" + kind);
  web::List rows;
  int index = 0;
  for (auto& thing : things) {
    web::Data row;
    row.set("code", thing.code);
    row.set("fallback", thing.fallback);
    web::List cells;
    for (auto& language : store::name_languages) {
      auto field = field_of(language, thing.code);
      web::Data cell;
      cell.set("id", "name-" + std::to_string(index) + "-" + language);
      cell.set("field", field);
      cell.set("language", language);
      cell.set("language_name", catalogue.text(language, "language_name"));
      cell.set("value", sent.value("names", field, stored[thing.code][language]));
      if (auto p = problems.find(field); p != problems.end()) cell.set("error", p->second);
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
    ++index;
  }
  data.set("rows", rows);
  data.set("has_rows", !rows.empty());
  data.set("max", std::to_string(store::name_limit));
  if (http::field(request.query, "saved")) {
    data.set("saved_text", catalogue.text(lang, "names_saved"));
  }
  data.set("refused", sent.alert("names-heading", catalogue, lang));
  return site.page(request, "organisation/names", "title_names", data, sent.page_status());
}

bool has_control_characters(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
}

http::Response post_names(store::Database& db, web::Site& site, http::Request& request) {
  auto kind = kind_asked(request);
  if (kind.empty()) return site.error(request, 404, "names_unknown_kind");
  auto fields = http::parse_fields(request.body);
  std::vector<Thing> things;
  {
    auto lease = db.acquire();
    things = things_of(*lease, site, kind);
  }
  std::set<std::string> known;
  for (auto& t : things) known.insert(t.code);

  web::Submitted sent;
  sent.form = "names";
  sent.values = fields;
  std::map<std::string, std::map<std::string, std::string>> names;  // code -> language -> name
  for (auto& [field, value] : fields) {
    auto colon = field.find(':');
    if (colon == std::string::npos) continue;  // _csrf
    auto language = field.substr(0, colon);
    auto code = field.substr(colon + 1);
    bool language_known = std::find(store::name_languages.begin(), store::name_languages.end(),
                                    language) != store::name_languages.end();
    if (!language_known || !known.count(code)) {
      sent.errors.push_back({"form", "names_unknown_thing", "no " + kind + " " + code, {}});
      continue;
    }
    auto name = text::trimmed(value);
    if (text::characters(name) > store::name_limit) {
      sent.errors.push_back({field,
                             "names_too_long",
                             "a name has at most 200 characters",
                             {{"max", std::to_string(store::name_limit)}}});
    } else if (has_control_characters(name)) {
      sent.errors.push_back({field, "names_control", "a name is one line of text", {}});
    }
    names[code][language] = name;
  }
  if (!sent.errors.empty()) return names_page(db, site, request, kind, sent);

  int changed = 0;
  db.transaction([&](store::Connection& c) {
    for (auto& [code, by_language] : names) {
      auto before = store::names::of(c, kind, code);
      for (auto& [language, name] : by_language) {
        auto was = before.find(language);
        if ((was == before.end() ? std::string() : was->second) != name) ++changed;
      }
      store::names::put(c, kind, code, by_language);
    }
    // The directory finds people by their competences' and teams' names in every language.
    if (changed && (kind == kinds::competence || kind == kinds::team)) {
      organisation::directory::reindex_people(c);
    }
    const auto& v = web::visitor(request);
    audit::append(c, {"user:" + v.username, "names.edit", "names:" + kind,
                      std::to_string(changed) + " names changed", request.remote_address,
                      request.request_id});
  });
  if (kind == kinds::organisation) {
    auto stored = store::names::of(*db.acquire(), kinds::organisation, "name");
    std::map<std::string, std::string> every;
    for (auto& language : store::name_languages) every[language] = stored[language];
    site.set_organisation_names(every);
  }
  return http::Response::redirect("/admin/names?kind=" + kind + "&saved=1");
}

}  // namespace

void register_names_pages(http::Router& router, store::Database& db, web::Site& site) {
  site.add_nav({"/admin/names", "nav_names", "admin"});
  router.add("GET", "/admin/names", "admin", site.guard([&db, &site](http::Request& request) {
    return names_page(db, site, request, kind_asked(request));
  }));
  router.add("POST", "/admin/names", "admin", site.guard([&db, &site](http::Request& request) {
    return post_names(db, site, request);
  }));
}

}  // namespace ploeg::app
