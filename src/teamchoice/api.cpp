#include "teamchoice/api.hpp"

#include "core/clock.hpp"
#include "organisation/store.hpp"
#include "teamchoice/pages.hpp"
#include "teamchoice/rounds.hpp"
#include "teamchoice/views.hpp"
#include "web/api_answer.hpp"
#include "web/form.hpp"

namespace ploeg::teamchoice {
namespace {

namespace json = boost::json;
using web::api::Answers;

std::string moment(std::int64_t utc_seconds) {
  return utc_text(utc_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

json::object summary_json(const RoundSummary& r) {
  return json::object{{"id", r.id},
                      {"title", r.title},
                      {"region", json::object{{"code", r.region_code}, {"name", r.region_name}}},
                      {"status", r.status},
                      {"opened_at", moment(r.opened_at)},
                      {"people", r.people},
                      {"chosen", r.choices},
                      {"member", r.member}};
}

http::Response list(store::Database& db, const Answers&, http::Request& request) {
  const auto& actor = web::actor(request);
  json::array rounds;
  auto lease = db.acquire();
  const auto& names = web::names(request, *lease);
  for (auto& r : list_rounds(*lease, actor)) {
    translate(r, names);
    rounds.push_back(summary_json(r));
  }
  return web::api::json(json::object{{"rounds", std::move(rounds)}});
}

json::value team_code(const Round& round, std::int64_t team_id) {
  auto* team = round.team(team_id);
  return team ? json::value(team->code) : json::value(nullptr);
}

// What the caller has to do with the round: their choice while it is open,
// their outcome once the proposal is published.
json::object own_json(store::Connection& c, const web::Catalogue& catalogue,
                      const std::string& lang, const Round& round, const Proposal& proposal,
                      std::int64_t person_id, const views::Names& names) {
  auto choice = load_choice(c, round.summary.id, person_id);
  json::value chosen = nullptr;
  if (choice) {
    json::array teams, liked;
    for (auto id : choice->teams) teams.push_back(team_code(round, id));
    for (auto id : choice->liked) liked.push_back(id);
    chosen = json::object{{"teams", std::move(teams)},
                          {"liked", std::move(liked)},
                          {"chosen_at", moment(choice->chosen_at)}};
  }
  json::value outcome = nullptr;
  const auto& status = round.summary.status;
  if (status == "proposed" || status == "accepted") {
    if (auto own = views::own_outcome(catalogue, lang, round, proposal, person_id, choice, names)) {
      outcome = json::object{{"team", team_code(round, own->placement->team_id)},
                             {"choice", own->placement->choice},
                             {"choice_text", own->choice_text},
                             {"reason", own->reason}};
    }
  }
  return json::object{{"choice", std::move(chosen)}, {"outcome", std::move(outcome)}};
}

// The proposal as who runs the round sees it: every person's team.
json::object proposal_json(const Round& round, const Proposal& proposal) {
  json::array placements;
  for (auto& p : proposal.placements) {
    placements.push_back(json::object{{"person", p.person_id},
                                      {"name", p.person_name},
                                      {"team", team_code(round, p.team_id)},
                                      {"choice", p.choice},
                                      {"stated", p.stated},
                                      {"moved", p.moved}});
  }
  json::array violations;
  for (auto& v : proposal.violations) violations.emplace_back(v);
  return json::object{{"feasible", proposal.feasible},
                      {"proven_optimal", proposal.proven_optimal},
                      {"made_at", moment(proposal.made_at)},
                      {"violations", std::move(violations)},
                      {"placements", std::move(placements)}};
}

http::Response one(store::Database& db, const Answers& answers, http::Request& request) {
  const auto& actor = web::actor(request);
  auto id = web::positive_number(request.param("id"));
  auto lease = db.acquire();
  auto round = id ? load_round(*lease, *id) : std::nullopt;
  if (!round) return answers.error(request, 404, "rounds_unknown", {}, "id");
  if (!may_view(*round, actor)) return answers.error(request, 403, "rounds_error_not_in_round");
  const auto& lang = web::visitor(request).lang;
  const auto& catalogue = answers.site().catalogue();
  auto names = organisation::sql::competence_names(*lease, lang);
  translate(*round, web::names(request, *lease));
  auto proposal = load_proposal(*lease, *round);

  json::array teams;
  for (auto& t : round->teams) {
    teams.push_back(json::object{
        {"code", t.code}, {"name", t.name}, {"min_size", t.min_size}, {"max_size", t.max_size}});
  }
  auto out = summary_json(round->summary);
  out["member"] = round->has_person(actor.person.id);
  out["teams"] = std::move(teams);
  out["board"] = views::board_object(catalogue, lang, *round, load_board(*lease, *round), names);
  out["you"] =
      round->has_person(actor.person.id)
          ? json::value(own_json(*lease, catalogue, lang, *round, proposal, actor.person.id, names))
          : json::value(nullptr);
  bool manages = may_manage(*lease, actor, *round);
  out["manages"] = manages;
  out["proposal"] =
      manages && proposal.exists ? json::value(proposal_json(*round, proposal)) : nullptr;
  return web::api::json(out);
}

}  // namespace

void register_api(http::Router& router, store::Database& db, web::Site& site) {
  web::api::add_route(router, db, site, "GET", "/api/v1/rounds", list);
  web::api::add_route(router, db, site, "GET", "/api/v1/rounds/{id}", one);
}

}  // namespace ploeg::teamchoice
