#include "weekplan/rules_pages.hpp"

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"
#include "web/form.hpp"
#include "web/outcome.hpp"
#include "weekplan/appointments.hpp"
#include "weekplan/page_support.hpp"
#include "weekplan/rules.hpp"
#include "workplace/booking.hpp"

namespace ploeg::weekplan {
namespace {

using roster::Place;

const Place rule_places[] = {Place::office, Place::field, Place::home};

void audit_change(store::Connection& c, http::Request& request, const std::string& action,
                  const std::string& subject, const std::string& detail) {
  auto& who = web::visitor(request);
  audit::append(c, {"user:" + who.username, action, subject, detail, request.remote_address,
                    request.request_id});
}

struct TeamAccess {
  std::int64_t team_id = 0;
  std::string code, name;
  std::optional<http::Response> refused;
};

// The team of the URL, for its members, its coach and administrators.
TeamAccess team_for(store::Database& db, web::Site& site, http::Request& request) {
  TeamAccess t;
  const auto& actor = web::actor(request);  // before a connection is held
  auto team = planning_team(*db.acquire(), request.param("code").value_or(""));
  if (!team) {
    t.refused = site.error(request, 404, "week_unknown_team");
    return t;
  }
  t.team_id = team->id;
  t.code = team->code;
  t.name = web::names(request).of(store::kinds::team, t.code, team->name);
  if (!access(actor, t.team_id).may_plan) t.refused = site.error(request, 403, "week_not_yours");
  return t;
}

std::string rules_path(const TeamAccess& t) {
  return "/teams/" + http::url_encode(t.code) + "/week/rules";
}

// The rules; `sent`: the form to add one, refused, shown again as it was sent.
http::Response rules_page(store::Database& db, web::Site& site, http::Request& request,
                          const web::Submitted& sent) {
  auto t = team_for(db, site, request);
  if (t.refused) return *t.refused;
  const auto& lang = web::visitor(request).lang;
  auto& cat = site.catalogue();
  auto day_name = [&](std::int64_t d) { return cat.text(lang, "week_day_" + std::to_string(d)); };
  web::Data data;
  auto lease = db.acquire();
  auto names = organisation::sql::competence_names(*lease, lang);
  web::List rules;
  for (auto& r : team_rules(*lease, t.team_id)) {
    web::Data rule;
    rule.set("id", std::to_string(r.id));
    rule.set("competence", organisation::sql::name_of(names, r.competence));
    rule.set("minimum", std::to_string(r.minimum));
    rule.set("place", cat.text(lang, "week_at_" + r.place));
    rule.set("day", r.weekday ? day_name(*r.weekday) : cat.text(lang, "week_rules_every_day"));
    rule.set("holders", std::to_string(r.holders));
    rule.set("short", r.holders < r.minimum);
    rules.push_back(rule);
  }
  data.set("rules", rules);
  data.set("any_rule", !rules.empty());
  auto competence = sent.value("rule", "competence", "");
  web::List competences;
  for (auto& [code, name] : names) {
    competences.push_back(option(code, name, code == competence));
  }
  data.set("competences", competences);
  auto place = sent.value("rule", "place", "");
  web::List places;
  for (auto p : rule_places) {
    places.push_back(option(roster::place_name(p),
                            cat.text(lang, std::string("week_at_") + roster::place_name(p)),
                            place == roster::place_name(p)));
  }
  data.set("places", places);
  auto rule_day = sent.value("rule", "day", "every");
  web::List rule_days;
  rule_days.push_back(option("every", cat.text(lang, "week_rules_every_day"), rule_day == "every"));
  for (int d = 0; d < 5; ++d)
    rule_days.push_back(option(std::to_string(d), day_name(d), rule_day == std::to_string(d)));
  data.set("rule_days", rule_days);
  data.set("minimum_value", sent.value("rule", "minimum", "1"));
  data.set("rule_errors", sent.errors_of("rule", cat, lang));
  data.set("refused", sent.alert("rule-add-heading", cat, lang));
  std::vector<bool> office_day(5, false);
  for (int d : office_days(*lease, t.team_id)) office_day[static_cast<std::size_t>(d)] = true;
  web::List days;
  for (int d = 0; d < 5; ++d) {
    days.push_back(
        option(std::to_string(d), day_name(d), bool(office_day[static_cast<std::size_t>(d)])));
  }
  data.set("days", days);
  data.set("team_name", t.name);
  data.set("team_code", t.code);
  data.set("action", rules_path(t));
  data.set("week", "/teams/" + http::url_encode(t.code) + "/week");
  if (auto done = http::field(request.query, "done")) {
    for (auto* known : {"rule_added", "rule_removed", "office_days"}) {
      if (*done == known)
        data.set("done_text", cat.text(lang, std::string("week_rules_done_") + known));
    }
  }
  return site.page(request, "weekplan/rules", "title_week_rules", data, sent.page_status());
}

http::Response post_rule(store::Database& db, web::Site& site, http::Request& request) {
  auto t = team_for(db, site, request);
  if (t.refused) return *t.refused;
  auto fields = http::parse_fields(request.body);
  auto refuse = [&](const char* field, const std::string& key) {
    return rules_page(db, site, request,
                      {"rule", fields, {field, key, site.catalogue().text("en", key)}});
  };
  auto minimum = number_field(fields, "minimum", 1, 20);
  if (!minimum) return refuse("minimum", "week_rules_bad_minimum");
  auto place = roster::place_named(http::field(fields, "place").value_or(""));
  if (!place || *place == Place::off) return site.error(request, 400, "week_bad_form");
  auto day_text = http::field(fields, "day").value_or("");
  std::optional<int> day;
  if (day_text != "every") {
    day = weekday_of(day_text);
    if (!day) return site.error(request, 400, "week_bad_form");
  }
  NewRule rule{http::field(fields, "competence").value_or(""), *minimum, *place, day};
  auto added = db.transaction([&](store::Connection& c) {
    auto outcome = add_rule(c, t.team_id, rule);
    if (outcome) {
      audit_change(c, request, "weekplan.rule_added", "team:" + t.code,
                   rule.competence + " >= " + std::to_string(*minimum) + " " +
                       roster::place_name(*place) +
                       (day ? " day " + std::to_string(*day) : " daily"));
    }
    return outcome;
  });
  if (!added) return rules_page(db, site, request, web::submitted("rule", fields, added));
  return http::Response::redirect(rules_path(t) + "?done=rule_added");
}

http::Response post_remove_rule(store::Database& db, web::Site& site, http::Request& request) {
  auto t = team_for(db, site, request);
  if (t.refused) return *t.refused;
  auto fields = http::parse_fields(request.body);
  auto id = web::positive_number(http::field(fields, "rule"));
  if (!id) return site.error(request, 400, "week_bad_form");
  bool removed = db.transaction([&](store::Connection& c) {
    if (!remove_rule(c, t.team_id, *id)) return false;
    audit_change(c, request, "weekplan.rule_removed", "team:" + t.code,
                 "rule " + std::to_string(*id));
    return true;
  });
  if (!removed) return site.error(request, 404, "week_rules_unknown");
  return http::Response::redirect(rules_path(t) + "?done=rule_removed");
}

http::Response post_office_days(store::Database& db, web::Site& site, http::Request& request) {
  auto t = team_for(db, site, request);
  if (t.refused) return *t.refused;
  auto fields = http::parse_fields(request.body);
  auto chosen = weekdays_field(fields, "day");
  if (!chosen) return site.error(request, 400, "week_bad_form");
  auto& days = *chosen;
  db.transaction([&](store::Connection& c) {
    set_office_days(c, t.team_id, days);
    std::string detail;
    for (auto d : days) detail.append(detail.empty() ? "" : ",").append(std::to_string(d));
    audit_change(c, request, "weekplan.office_days", "team:" + t.code,
                 detail.empty() ? "none" : detail);
  });
  return http::Response::redirect(rules_path(t) + "?done=office_days");
}

// The policy; `sent`: the form, refused, shown again as it was sent.
http::Response policy_page(store::Database& db, web::Site& site, http::Request& request, bool saved,
                           const web::Submitted& sent = {}) {
  const auto& lang = web::visitor(request).lang;
  web::Data data;
  auto policy = workplace::policy(*db.acquire());
  data.set("max_home", sent.value("policy", "max_home_days", std::to_string(policy.max_home_days)));
  data.set("horizon", sent.value("policy", "booking_horizon_days",
                                 std::to_string(policy.booking_horizon_days)));
  if (saved) data.set("done_text", site.catalogue().text(lang, "policy_saved"));
  data.set("errors", sent.errors_of("policy", site.catalogue(), lang));
  data.set("refused", sent.alert("policy-heading", site.catalogue(), lang));
  return site.page(request, "weekplan/policy", "title_policy", data, sent.page_status());
}

http::Response post_policy(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = http::parse_fields(request.body);
  auto home = number_field(fields, "max_home_days", 0, 5);
  auto horizon = number_field(fields, "booking_horizon_days", 1, 366);
  if (!home || !horizon) {
    web::Submitted sent;
    sent.form = "policy";
    sent.values = fields;
    if (!home)
      sent.errors.push_back({"max_home_days", "policy_bad_home_days", "max_home_days not in 0..5"});
    if (!horizon)
      sent.errors.push_back(
          {"booking_horizon_days", "policy_bad_horizon", "booking_horizon_days not in 1..366"});
    return policy_page(db, site, request, false, sent);
  }
  db.transaction([&](store::Connection& c) {
    workplace::save_policy(c, {*home, *horizon});
    audit_change(c, request, "weekplan.policy", "workplace_policy",
                 "max_home_days " + std::to_string(*home) + ", booking_horizon_days " +
                     std::to_string(*horizon));
  });
  return http::Response::redirect("/admin/workplace?saved=1");
}

}  // namespace

void register_rules_pages(http::Router& router, store::Database& db, web::Site& site) {
  auto add = [&](const char* method, const char* pattern, const char* permission,
                 http::Response (*page)(store::Database&, web::Site&, http::Request&)) {
    router.add(method, pattern, permission, site.guard([&db, &site, page](http::Request& request) {
      return page(db, site, request);
    }));
  };
  add("GET", "/teams/{code}/week/rules", "signed_in",
      [](store::Database& db, web::Site& site, http::Request& request) {
        return rules_page(db, site, request, {});
      });
  add("POST", "/teams/{code}/week/rules", "signed_in", post_rule);
  add("POST", "/teams/{code}/week/rules/remove", "signed_in", post_remove_rule);
  add("POST", "/teams/{code}/week/office-days", "signed_in", post_office_days);
  router.add("GET", "/admin/workplace", "admin", site.guard([&db, &site](http::Request& request) {
    return policy_page(db, site, request, http::field(request.query, "saved").has_value());
  }));
  add("POST", "/admin/workplace", "admin", post_policy);
}

}  // namespace ploeg::weekplan
