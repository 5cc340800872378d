// Four eyes in the browser (review_pages.hpp).
#include "casework/review_pages.hpp"

#include "casework/process.hpp"
#include "casework/review.hpp"
#include "casework/store.hpp"
#include "core/clock.hpp"
#include "organisation/directory_pages.hpp"
#include "store/names.hpp"

namespace ploeg::casework {

std::string amount_text(const web::Catalogue& catalogue, const std::string& lang,
                        std::int64_t cents, const std::string& period) {
  return catalogue.format(lang, period == "once" ? "amount_once" : "amount_monthly",
                          {{"amount", format_euros(cents, lang)}});
}

namespace {

// What the type's rule says, for the decision form and the register.
std::string rule_text(const web::Catalogue& catalogue, const std::string& lang,
                      const ReviewRule& rule) {
  return catalogue.format(lang, "review_rule_" + rule.when,
                          {{"amount", format_euros(rule.threshold_cents, lang)},
                           {"level", std::to_string(rule.level)}});
}

}  // namespace

void set_request_review(store::Database& db, const web::Site& site, http::Request& request,
                        const RequestView& view, const std::string& typed_reason, web::Data& data) {
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  std::optional<Proposal> proposal;
  ReviewRule rule;
  {
    auto lease = db.acquire();
    rule = sql::review_rule(*lease, view.type_code);
    if (view.awaiting_confirmation) {
      auto id = lease->query("SELECT id FROM requests WHERE reference = $1", {view.reference});
      if (!id.empty()) proposal = proposal_of(*lease, id.rows[0].integer(0));
    }
  }
  data.set("grants_amount", rule.amount != "none");
  data.set("amount_label", catalogue.text(lang, "case_amount_" + rule.amount));
  data.set("max_amount_length", std::to_string(max_amount_length));
  if (rule.when != "never") data.set("four_eyes_text", rule_text(catalogue, lang, rule));
  if (!proposal) return;
  web::Data p;
  p.set("decision", proposal->decision);
  p.set("decision_text", catalogue.text(lang, "case_decision_" + proposal->decision));
  p.set("motivation", proposal->motivation);
  p.set("outcome", proposal->outcome);
  if (proposal->amount_cents) {
    p.set("amount_text",
          amount_text(catalogue, lang, *proposal->amount_cents, proposal->amount_period));
  }
  p.set("prepared_text", catalogue.format(lang, "review_prepared_by",
                                          {{"name", proposal->preparer_name},
                                           {"when", local_minute(proposal->proposed_at)}}));
  auto standing = confirm_standing(web::actor(request), *proposal, rule);
  p.set("may_confirm", standing == ConfirmStanding::may);
  if (standing == ConfirmStanding::preparer) {
    p.set("why_not", catalogue.text(lang, "review_own_hint"));
  } else if (standing == ConfirmStanding::under_level) {
    p.set("why_not",
          catalogue.format(lang, "review_level_hint", {{"level", std::to_string(rule.level)}}));
  }
  auto base = "/requests/" + view.reference;
  p.set("confirm_action", base + "/confirm");
  p.set("send_back_action", base + "/send-back");
  p.set("reason_value", typed_reason);
  p.set("min_reason", std::to_string(min_send_back_reason_length));
  p.set("max_reason", std::to_string(max_note_length));
  data.set("proposal", p);
}

namespace {

// The register: every co-worker holding the decision competence, with the
// request types they may confirm. For people of the organisation (and
// administrators) only: names and levels are the organisation's own.
http::Response delegations_page(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  if (actor.person.id == 0 && !actor.admin()) {
    return site.error(request, 403, "delegations_refused");
  }
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = site.catalogue();
  auto lease = db.acquire();
  const auto& names = web::names(request, *lease);
  auto process = sql::load_process(*lease);
  auto rules = sql::review_rules(*lease);
  struct Type {
    std::string code, name;
    ReviewRule rule;
  };
  std::vector<Type> types;
  for (auto& t : process.types) {
    auto found = rules.find(t.code);
    types.push_back({t.code, names.of(store::kinds::request_type, t.code, t.name),
                     found == rules.end() ? ReviewRule{} : found->second});
  }
  web::List type_list;
  for (auto& t : types) {
    web::Data item;
    item.set("name", t.name);
    item.set("rule", rule_text(catalogue, lang, t.rule));
    item.set("level", std::to_string(t.rule.level));
    type_list.push_back(item);
  }
  web::Data data;
  data.set("types", type_list);
  web::List people;
  for (auto& r : lease
                     ->query("SELECT p.id, p.name, pc.level FROM person_competences pc JOIN "
                             "competences k ON k.id = pc.competence_id JOIN people p ON p.id = "
                             "pc.person_id WHERE k.code = $1 ORDER BY p.name, p.id",
                             {std::string(decision_competence)})
                     .rows) {
    web::Data person;
    person.set("name", r.text(1));
    person.set("href", "/people/" + std::to_string(r.integer(0)));
    person.set("level", catalogue.text(lang, "person_level_" + std::to_string(r.integer(2))));
    std::vector<std::string> confirms;
    for (auto& t : types) {
      if (r.integer(2) >= t.rule.level) confirms.push_back(t.name);
    }
    person.set("confirms", web::texts(confirms));
    person.set("confirms_none", confirms.empty());
    people.push_back(person);
  }
  data.set("people", people);
  data.set("has_people", !people.empty());
  auto response = site.page(request, "casework/delegations", "title_delegations", data);
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::optional<organisation::PersonSection> person_delegations(store::Connection& c,
                                                              std::int64_t person_id,
                                                              const std::string& lang,
                                                              const web::Catalogue& catalogue) {
  auto delegations = delegations_of(c, person_id);
  organisation::PersonSection section;
  section.heading = catalogue.text(lang, "person_delegations");
  section.empty = catalogue.text(lang, "person_delegations_none");
  if (delegations.empty()) return section;
  auto names = store::names::load(c, lang);
  for (auto& d : delegations) {
    auto name = names.of(store::kinds::request_type, d.type_code, d.type_name);
    section.lines.push_back(
        catalogue.format(lang, d.confirms ? "person_may_decide_confirm" : "person_may_decide",
                         {{"type", name}, {"level", std::to_string(d.level)}}));
  }
  return section;
}

}  // namespace

void register_review_pages(http::Router& router, store::Database& db, web::Site& site) {
  router.add("GET", "/casework/delegations", "signed_in",
             site.guard([&db, &site](http::Request& request) {
               return delegations_page(db, site, request);
             }));
  organisation::add_person_section("delegations", person_delegations);
}

}  // namespace ploeg::casework
