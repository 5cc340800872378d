#include "organisation/team_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "http/message.hpp"
#include "organisation/directory.hpp"
#include "organisation/editing.hpp"
#include "organisation/page_support.hpp"
#include "organisation/team_map.hpp"
#include "organisation/teams.hpp"

namespace ploeg::organisation {
namespace {

using namespace pages;
using Catalogue = web::Catalogue;

// ---------- a person's own profile ----------

http::Response profile_page(store::Database& db, web::Site& site, http::Request& request,
                            const Submitted& submitted = {}) {
  const auto& lang = web::visitor(request).lang;
  auto id = positive_number(request.param("id"));
  const auto& editor = web::actor(request);  // before a connection is held: one at a time
  // Given back before the page is rendered.
  std::optional<store::Lease> lease(db.acquire());
  auto& connection = *lease;
  std::optional<directory::PersonPage> found;
  if (id) found = directory::person(*connection, *id, web::visitor(request).lang);
  if (!found) return site.error(request, 404, "people_unknown_person");
  lease.reset();
  if (!editing::may_edit_person(editor, found->id)) {
    return site.error(request, 403, "profile_refused");
  }
  std::string tags;
  for (auto& tag : found->expertise) tags += (tags.empty() ? "" : "; ") + tag;
  auto typed = [&](const std::string& field, const std::string& stored) {
    return submitted.value("profile", field, stored);
  };
  web::Data data;
  data.set("name", found->name);
  data.set("heading",
           site.catalogue().text(
               lang, editor.person.id == found->id ? "profile_heading" : "profile_edit_other"));
  data.set("person_href", "/people/" + std::to_string(found->id));
  data.set("action", "/people/" + std::to_string(found->id) + "/profile");
  data.set("expertise_value", typed("expertise", tags));
  data.set("ask_value", typed("ask_me_about", found->ask_me_about));
  data.set("max_ask", std::to_string(editing::max_ask_me_about_length));
  data.set("expertise_hint",
           site.catalogue().format(lang, "profile_expertise_hint",
                                   {{"max", std::to_string(editing::max_tags)},
                                    {"length", std::to_string(editing::max_tag_length)}}));
  if (!submitted.errors.empty()) {
    data.set("errors", web::field_messages(site.catalogue(), lang, submitted.errors));
  }
  return site.page(request, "organisation/profile", "title_profile", data,
                   submitted.errors.empty() ? 200 : 422);
}

http::Response post_profile(store::Database& db, web::Site& site, http::Request& request) {
  auto id = positive_number(request.param("id"));
  if (!id) return site.error(request, 404, "people_unknown_person");
  const auto& editor = web::actor(request);
  auto form = request.form();
  std::string expertise = http::field(form, "expertise").value_or("");
  std::string ask = http::field(form, "ask_me_about").value_or("");
  // Refuse before looking at the input: a stranger's typing is not shown back.
  if (!editing::may_edit_person(editor, *id)) {
    if (!directory::person(*db.acquire(), *id)) {
      return site.error(request, 404, "people_unknown_person");
    }
    return site.error(request, 403, "profile_refused");
  }
  auto result = editing::set_profile(db, editor, *id, editing::split_tags(expertise), ask);
  switch (result.verdict) {
    case Verdict::ok:
      return http::Response::redirect("/people/" + std::to_string(*id) + "?saved=profile");
    case Verdict::invalid:
      return profile_page(
          db, site, request,
          {"profile", {{"expertise", expertise}, {"ask_me_about", ask}}, result.errors});
    case Verdict::forbidden:
      return site.error(request, 403, "profile_refused");
    default:
      return site.error(request, 404, "people_unknown_person");
  }
}

}  // namespace

void register_profile_pages(http::Router& router, store::Database& db, web::Site& site) {
  auto route = [&](const char* method, const char* pattern, Page page) {
    add_signed_in_page(router, db, site, method, pattern, std::move(page));
  };
  route("GET", "/people/{id}/profile",
        [](store::Database& d, web::Site& s, http::Request& r) { return profile_page(d, s, r); });
  route("POST", "/people/{id}/profile", post_profile);
}

}  // namespace ploeg::organisation
