#include "teamchoice/pages.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "organisation/store.hpp"
#include "store/names.hpp"
#include "teamchoice/rounds.hpp"
#include "teamchoice/runs.hpp"
#include "teamchoice/views.hpp"
#include "web/outcome.hpp"

namespace ploeg::teamchoice {

namespace {

std::int64_t round_id_of(http::Request& request) {
  auto id = web::positive_number(request.param("id"));
  if (!id) throw http::HttpError(404, "no such round");
  return *id;
}

web::List error_list(const web::Site& site, const std::string& lang,
                     const std::vector<FieldError>& errors) {
  web::List list;
  for (auto& e : errors) {
    web::Data item;
    item.set("text", site.catalogue().format(lang, e.key, e.values));
    list.push_back(item);
  }
  return list;
}

// A page for the outcome of a refused or missing thing; nullopt when done.
std::optional<http::Response> failure(web::Site& site, http::Request& request,
                                      const Result& result) {
  if (result.is(Verdict::forbidden))
    return web::refused_page(site, request, result, "rounds_error_refused");
  if (result.is(Verdict::not_found))
    return web::refused_page(site, request, result, "rounds_unknown");
  return std::nullopt;
}

// A form shown again with its errors: "choice" (the co-worker's), or a
// coach's action on the round.
using web::Submitted;

// A team or person id a form sent: 0 for none, -1 for something that is not one.
std::int64_t number_or_unknown(const std::string& text) {
  if (text.empty()) return 0;
  return web::positive_number(text).value_or(-1);
}

// The first, second and third team a choice form sent (0 for none).
std::vector<std::int64_t> preferences_sent(const http::Fields& fields) {
  std::vector<std::int64_t> teams;
  for (const char* name : {"first", "second", "third"}) {
    teams.push_back(number_or_unknown(http::field(fields, name).value_or("")));
  }
  return teams;
}

std::vector<std::int64_t> liked_sent(const http::Fields& fields) {
  std::vector<std::int64_t> liked;
  for (auto& [name, value] : fields) {
    if (name == "liked") liked.push_back(number_or_unknown(value));
  }
  return liked;
}

}  // namespace

void translate(RoundSummary& r, const store::Names& names) {
  r.region_name = names.of(store::kinds::region, r.region_code, r.region_name);
}

void translate(Round& round, const store::Names& names) {
  translate(round.summary, names);
  for (auto& t : round.teams) t.name = names.of(store::kinds::team, t.code, t.name);
}

namespace {

web::List team_options(const Round& round, std::int64_t selected) {
  web::List list;
  for (auto& t : round.teams) {
    web::Data item;
    item.set("id", std::to_string(t.id));
    item.set("name", t.name);
    item.set("selected", t.id == selected);
    list.push_back(item);
  }
  return list;
}

web::Data choice_form(const web::Site& site, const std::string& lang, const Round& round,
                      std::int64_t me, const std::optional<Choice>& saved,
                      const Submitted* submitted) {
  std::vector<std::int64_t> teams(max_preferences, 0);
  std::vector<std::int64_t> liked;
  if (submitted && submitted->is("choice")) {
    auto sent = preferences_sent(submitted->values);
    for (std::size_t i = 0; i < teams.size() && i < sent.size(); ++i) teams[i] = sent[i];
    liked = liked_sent(submitted->values);
  } else if (saved) {
    for (std::size_t i = 0; i < teams.size() && i < saved->teams.size(); ++i) {
      teams[i] = saved->teams[i];
    }
    liked = saved->liked;
  }
  web::Data form;
  const char* keys[] = {"first", "second", "third"};
  for (std::size_t i = 0; i < teams.size(); ++i) {
    form.set(std::string(keys[i]) + "_options", team_options(round, teams[i]));
  }
  web::List people;
  for (auto& p : round.people) {
    if (p.id == me) continue;
    web::Data item;
    item.set("id", std::to_string(p.id));
    item.set("name", p.name);
    auto* team = p.current_team ? round.team(*p.current_team) : nullptr;
    item.set("team", team ? team->name : "");
    item.set("selected", std::count(liked.begin(), liked.end(), p.id) > 0);
    people.push_back(item);
  }
  form.set("people", people);
  if (saved) {
    form.set("saved_text", site.catalogue().format(lang, "rounds_choice_saved_at",
                                                   {{"when", local_minute(saved->chosen_at)}}));
  }
  return form;
}

web::Data round_summary(const web::Site& site, const std::string& lang, const RoundSummary& r) {
  web::Data item;
  item.set("id", std::to_string(r.id));
  item.set("href", "/rounds/" + std::to_string(r.id));
  item.set("title", r.title);
  item.set("region_name", r.region_name);
  item.set("status", r.status);
  item.set("status_text", views::status_text(site.catalogue(), lang, r.status));
  item.set("opened", local_date(r.opened_at));
  item.set("chosen_text", site.catalogue().format(lang, "rounds_board_chosen",
                                                  {{"chosen", std::to_string(r.choices)},
                                                   {"people", std::to_string(r.people)}},
                                                  r.choices));
  item.set("member", r.member);
  return item;
}

http::Response round_page(store::Database& db, web::Site& site, http::Request& request,
                          bool board_only, const Submitted* submitted = nullptr) {
  const auto& actor = web::actor(request);
  auto lease = db.acquire();
  auto round = load_round(*lease, round_id_of(request));
  if (!round) return site.error(request, 404, "rounds_unknown");
  if (!may_view(*round, actor)) return site.error(request, 403, "rounds_error_not_in_round");
  auto& lang = web::visitor(request).lang;
  auto& catalogue = site.catalogue();
  auto names = organisation::sql::competence_names(*lease, lang);
  translate(*round, web::names(request, *lease));
  auto id = std::to_string(round->summary.id);

  web::Data data;
  data.set("round", round_summary(site, lang, round->summary));
  data.set("board", views::board(catalogue, lang, load_board(*lease, *round), names));
  data.set("board_only", board_only);
  data.set("board_href", "/rounds/" + id + "/board");
  data.set("board_json", "/rounds/" + id + "/board.json");
  data.set("round_href", "/rounds/" + id);
  data.set("is_open", round->summary.status == "open");
  if (auto done = http::field(request.query, "done")) {
    static const char* known[] = {"opened",    "chosen",   "started", "optimised",
                                  "published", "accepted", "closed",  "cancelled"};
    std::string said = *done;
    // A short run may have ended before its page is shown: say how it ended.
    if (said == "started") {
      auto run = latest_run(*lease, round->summary.id);
      if (run && run->status == "done") said = "optimised";
      if (run && run->status == "failed") said.clear();
    }
    if (std::find(std::begin(known), std::end(known), said) != std::end(known)) {
      // "accepted" is counted ("1 person changed team"); the others take no count.
      data.set("done_text", catalogue.format(lang, "rounds_done_" + said, {},
                                             round->accepted_moves.value_or(0)));
    }
  }
  if (submitted) data.set("errors", error_list(site, lang, submitted->errors));
  data.set("has_errors", submitted && !submitted->errors.empty());

  auto status = round->summary.status;
  auto proposal = load_proposal(*lease, *round);
  if (round->has_person(actor.person.id)) {
    web::Data me;
    if (status == "open") {
      auto saved = load_choice(*lease, round->summary.id, actor.person.id);
      me.set("form", choice_form(site, lang, *round, actor.person.id, saved, submitted));
    } else if (status == "proposed" || status == "accepted") {
      if (auto own =
              views::own_outcome(catalogue, lang, *round, proposal, actor.person.id,
                                 load_choice(*lease, round->summary.id, actor.person.id), names)) {
        web::Data outcome;
        outcome.set("team_name", own->team ? own->team->name : "");
        outcome.set("choice_text", own->choice_text);
        outcome.set("reason", own->reason);
        outcome.set("has_reason", !own->reason.empty());
        me.set("outcome", outcome);
      }
    }
    data.set("me", me);
  }
  if (may_manage(*lease, actor, *round)) {
    web::Data manage;
    auto run = views::run_view(catalogue, lang, latest_run(*lease, round->summary.id), proposal);
    if (run.show) manage.set("run", views::run_data(run));
    manage.set("run_json", "/rounds/" + id + "/run.json");
    manage.set("can_optimise", status == "open" && !run.active);
    manage.set("can_publish", status == "open" && proposal.exists && proposal.feasible);
    manage.set("can_accept", status == "proposed");
    manage.set("can_close", status == "open" || status == "proposed");
    if (proposal.exists) {
      auto shown = views::proposal(catalogue, lang, *round, proposal, names);
      shown.set("made_at", local_minute(proposal.made_at));
      manage.set("proposal", shown);
    }
    if (status == "proposed") {
      if (auto ends = roles_accepting_ends(*lease, *round); ends > 0) {
        manage.set("roles_warning", catalogue.format(lang, "rounds_accept_ends_roles", {}, ends));
      }
      if (auto steps = steps_accepting_releases(*lease, *round); steps > 0) {
        manage.set("steps_warning",
                   catalogue.format(lang, "rounds_accept_releases_steps", {}, steps));
      }
    }
    if (status == "accepted") {
      if (round->roles_ended > 0) {
        manage.set("roles_ended_text",
                   catalogue.format(lang, "rounds_roles_ended", {}, round->roles_ended));
      }
      if (round->steps_released > 0) {
        manage.set("steps_released_text",
                   catalogue.format(lang, "rounds_steps_released", {}, round->steps_released));
      }
      auto changed = views::changes(catalogue, lang, *round, proposal);
      manage.set("has_changes", !changed.empty());
      manage.set("changes", changed);
      manage.set("accepted_text", catalogue.format(lang, "rounds_done_accepted", {},
                                                   round->accepted_moves.value_or(0)));
    }
    data.set("manage", manage);
  }
  auto title = board_only ? "title_round_board" : "title_round";
  return site.page(request, "teamchoice/round", title, data, submitted ? 422 : 200);
}

http::Response list_page(store::Database& db, web::Site& site, http::Request& request,
                         const std::vector<FieldError>& errors = {},
                         const std::map<std::string, std::string>& values = {}) {
  const auto& actor = web::actor(request);
  auto lease = db.acquire();
  auto& lang = web::visitor(request).lang;
  web::Data data;
  web::List rounds;
  for (auto& r : list_rounds(*lease, actor)) {
    translate(r, web::names(request, *lease));
    rounds.push_back(round_summary(site, lang, r));
  }
  data.set("has_rounds", !rounds.empty());
  data.set("rounds", rounds);
  // The regions this person may open a round for.
  auto region = values.count("region") ? values.at("region") : "";
  web::List regions;
  if (opens_rounds(actor)) {
    for (auto& r :
         lease
             ->query("SELECT r.id, r.code, " +
                         store::names::sql(store::kinds::region, "r.code", "r.name", "$1") +
                         " FROM regions r ORDER BY 3",
                     {web::visitor(request).lang})
             .rows) {
      if (!may_manage(*lease, actor, r.integer(0))) continue;
      web::Data item;
      item.set("code", r.text(1));
      item.set("name", r.text(2));
      item.set("selected", r.text(1) == region);
      regions.push_back(item);
    }
  }
  if (!regions.empty()) {
    web::Data form;
    form.set("regions", regions);
    form.set("title", values.count("title") ? values.at("title") : "");
    form.set("errors", error_list(site, lang, errors));
    form.set("has_errors", !errors.empty());
    data.set("open_form", form);
  }
  return site.page(request, "teamchoice/rounds", "title_rounds", data, errors.empty() ? 200 : 422);
}

http::Response open_page(store::Database& db, web::Site& site, http::Request& request) {
  auto fields = request.form();
  auto title = http::field(fields, "title").value_or("");
  auto region = http::field(fields, "region").value_or("");
  auto result = open_round(db, web::actor(request), title, region);
  if (auto page = failure(site, request, result)) return *page;
  if (!result)
    return list_page(db, site, request, result.errors, {{"title", title}, {"region", region}});
  return http::Response::redirect("/rounds/" + std::to_string(result.id) + "?done=opened");
}

http::Response choose(store::Database& db, web::Site& site, http::Request& request) {
  auto id = round_id_of(request);
  auto fields = request.form();
  auto sent = preferences_sent(fields);
  // The preferences in order; an empty first place leaves none, which is refused.
  std::vector<std::int64_t> teams;
  if (sent[0] != 0) {
    for (auto t : sent) {
      if (t != 0) teams.push_back(t);
    }
  }
  auto result = record_choice(db, web::actor(request), id, teams, liked_sent(fields));
  if (auto page = failure(site, request, result)) return *page;
  if (!result) {
    Submitted submitted{"choice", std::move(fields), result.errors};
    return round_page(db, site, request, false, &submitted);
  }
  return http::Response::redirect("/rounds/" + std::to_string(id) + "?done=chosen");
}

using Action = std::function<Result(store::Database&, const Actor&, std::int64_t)>;

// A coach's action on the round, answered by the round page.
http::Response act(store::Database& db, web::Site& site, http::Request& request,
                   const Action& action, const char* done) {
  auto id = round_id_of(request);
  auto result = action(db, web::actor(request), id);
  if (auto page = failure(site, request, result)) return *page;
  if (!result) {
    Submitted shown{"round", {}, result.errors};
    return round_page(db, site, request, false, &shown);
  }
  return http::Response::redirect("/rounds/" + std::to_string(id) + "?done=" + done);
}

// The optimiser's progress for the page's script; only for who may run it.
http::Response run_json(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  auto lease = db.acquire();
  auto round = load_round(*lease, round_id_of(request));
  if (!round) return site.error(request, 404, "rounds_unknown");
  if (!may_manage(*lease, actor, *round)) return site.error(request, 403, "rounds_error_refused");
  auto view = views::run_view(site.catalogue(), web::visitor(request).lang,
                              latest_run(*lease, round->summary.id), load_proposal(*lease, *round));
  auto response = http::Response::json(views::run_json(view));
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response board_json(store::Database& db, web::Site& site, http::Request& request) {
  const auto& actor = web::actor(request);
  auto lease = db.acquire();
  auto round = load_round(*lease, round_id_of(request));
  if (!round) return site.error(request, 404, "rounds_unknown");
  if (!may_view(*round, actor)) return site.error(request, 403, "rounds_error_not_in_round");
  auto names = organisation::sql::competence_names(*lease, web::visitor(request).lang);
  translate(*round, web::names(request, *lease));
  auto response = http::Response::json(views::board_json(
      site.catalogue(), web::visitor(request).lang, *round, load_board(*lease, *round), names));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_pages(http::Router& router, store::Database& db, web::Site& site, jobs::Pool& pool) {
  site.add_nav({"/rounds", "nav_rounds", "signed_in"});
  using web::add_signed_in_page;
  add_signed_in_page(
      router, db, site, "GET", "/rounds",
      [](store::Database& d, web::Site& s, http::Request& r) { return list_page(d, s, r); });
  add_signed_in_page(router, db, site, "POST", "/rounds", open_page);
  add_signed_in_page(router, db, site, "GET", "/rounds/{id}",
                     [](store::Database& d, web::Site& s, http::Request& r) {
                       return round_page(d, s, r, false);
                     });
  add_signed_in_page(
      router, db, site, "GET", "/rounds/{id}/board",
      [](store::Database& d, web::Site& s, http::Request& r) { return round_page(d, s, r, true); });
  add_signed_in_page(router, db, site, "GET", "/rounds/{id}/board.json", board_json);
  add_signed_in_page(router, db, site, "GET", "/rounds/{id}/run.json", run_json);
  add_signed_in_page(router, db, site, "POST", "/rounds/{id}/choice", choose);
  // Runs go to the job pool, which outlives the routes and, when it goes,
  // stops them and waits for them.
  auto optimiser = std::make_shared<Optimiser>(db, pool, 10);
  Action optimise = [optimiser](store::Database&, const Actor& actor, std::int64_t id) {
    return optimiser->start(actor, id);
  };
  const std::pair<const char*, std::pair<Action, const char*>> actions[] = {
      {"/rounds/{id}/optimise", {optimise, "started"}},
      {"/rounds/{id}/publish", {publish, "published"}},
      {"/rounds/{id}/accept", {accept, "accepted"}},
      {"/rounds/{id}/close", {close_round, "closed"}},
      {"/rounds/{id}/cancel",
       {[](store::Database& d, const Actor& actor, std::int64_t id) {
          return d.transaction([&](store::Connection& c) { return cancel_run(c, actor, id); });
        },
        "cancelled"}},
  };
  for (auto& [pattern, what] : actions) {
    auto [action, done] = what;
    add_signed_in_page(router, db, site, "POST", pattern,
                       [action, done](store::Database& d, web::Site& s, http::Request& r) {
                         return act(d, s, r, action, done);
                       });
  }
}

}  // namespace ploeg::teamchoice
