#include "staffing/pages.hpp"

#include <charconv>
#include <cmath>

#include "core/clock.hpp"
#include "core/field_error.hpp"
#include "jobs/pages.hpp"
#include "staffing/answers.hpp"
#include "staffing/plan.hpp"
#include "staffing/views.hpp"
#include "store/names.hpp"
#include "web/charts.hpp"

namespace ploeg::staffing {
namespace {

std::optional<Scope> read_scope(store::Connection& c, const http::Request& request,
                                const std::string& language) {
  return find_scope(c, http::field(request.query, "team").value_or(""),
                    http::field(request.query, "region").value_or(""), language);
}

// A number typed in the form, within [low, high]; an error naming the field otherwise.
std::optional<double> number_field(const http::Request& request, const std::string& name,
                                   double low, double high, PageInput& input) {
  auto text = http::field(request.query, name);
  if (!text || text->empty()) return std::nullopt;
  input.typed[name] = text->substr(0, 40);
  auto& errors = input.errors;
  std::string s = *text;
  for (auto& ch : s) {
    if (ch == ',') ch = '.';  // 1,5 as people write it in nl and fr
  }
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || !(value >= low && value <= high)) {
    errors.push_back({name,
                      "staffing_error_range",
                      "",
                      {{"value", *text},
                       {"low", web::fixed(low, low < 1 ? 2 : 0)},
                       {"high", web::fixed(high, 0)}}});
    return std::nullopt;
  }
  return value;
}

}  // namespace

Assumptions read_assumptions(const http::Request& request, const Flow& flow, PageInput& input,
                             const std::map<std::string, double>* observed) {
  auto a = default_assumptions(flow);
  if (observed) {
    for (auto& [code, hours] : *observed) {
      if (a.hours.count(code)) a.hours[code] = std::round(hours * 100) / 100;
    }
  }
  if (auto v = number_field(request, "target_percent", 50, 99, input))
    a.target_percent = static_cast<int>(std::lround(*v));
  if (auto v = number_field(request, "target_days", 1, 730, input))
    a.target_days = static_cast<int>(std::lround(*v));
  if (auto v = number_field(request, "availability", 10, 100, input)) a.availability = *v / 100;
  for (auto& code : flow.competences) {
    if (auto v = number_field(request, "hours_" + code, 0.05, 200, input)) a.hours[code] = *v;
  }
  return a;
}

namespace {

// The scope of a staffing job: one computation a team (or region) at a time.
std::string job_scope(const Scope& scope) {
  return "staffing:" + scope.kind + ":" + scope.code;
}

http::Response staffing_page(store::Database& db, web::Site& site, jobs::Runner& runner,
                             http::Request& request) {
  const auto& lang = web::visitor(request).lang;
  auto& cat = site.catalogue();
  PageInput input;
  std::optional<Scope> scope;
  {
    auto lease = db.acquire();
    auto& c = *lease;
    scope = read_scope(c, request, lang);
    input.choices = scope_choices(c, lang);
    if (!scope) return site.error(request, 404, "staffing_unknown_scope");
    if (!scope->kind.empty()) {
      input.scope_kind = scope->kind;
      input.scope_code = scope->code;
      input.flow = read_flow(c, scope->team_ids, scope->name, now_seconds(), lang);
      read_input(c, request, *scope, input);
    }
  }
  int status = 200;
  web::Data waiting;
  bool is_waiting = false;
  if (input.flow) {
    if (!input.errors.empty()) {
      status = 422;
    } else if (!input.flow->types.empty() && input.today && input.today->comparison.agrees) {
      // What-ifs only from a model that reproduces today.
      auto found = answer_or_job(db, runner, web::actor(request), *scope, *input.flow,
                                 input.assumptions, http::field(request.query, "again").has_value(),
                                 what_if_model(input.today->model, input.assumptions));
      if (found.stored) {
        input.answer = found.stored->answer;
        input.computed_at = found.stored->computed_at;
      } else {
        // This page again, without "again": opened when the job ends, it shows the answer.
        auto back = request.target;
        if (auto at = back.find("&again="); at != std::string::npos) back.erase(at);
        auto shown = jobs::shown(cat, lang, found.job);
        waiting.set("job", jobs::data_of(shown, back));
        if (found.other) waiting.set("other_text", cat.text(lang, "staffing_other_running"));
        if (!shown.active) waiting.set("again_href", back + "&again=1");
        is_waiting = true;
      }
    }
  }
  auto data = page_data(cat, lang, input);
  if (is_waiting) data.set("waiting", waiting);
  return site.page(request, "staffing/plan", "title_staffing", data, status);
}

}  // namespace

void read_input(store::Connection& c, const http::Request& request, const Scope& scope,
                PageInput& input) {
  auto& flow = *input.flow;
  input.assumptions = read_assumptions(request, flow, input);
  if (!input.errors.empty() || flow.types.empty()) return;
  input.today = read_today(c, scope, flow, input.assumptions.availability, now_seconds());
  auto observed = observed_hours(input.today->model);
  input.typed.clear();
  input.errors.clear();
  input.assumptions = read_assumptions(request, flow, input, &observed);
}

Found answer_or_job(store::Database& db, jobs::Runner& runner, const Actor& actor,
                    const Scope& scope, const Flow& flow, const Assumptions& assumptions,
                    bool again, const std::optional<capacity::Model>& model) {
  auto key = answer_key(scope, flow, assumptions, model ? model_digest(*model) : "");
  auto scope_name = job_scope(scope);
  Found found;
  {
    auto lease = db.acquire();
    if ((found.stored = stored_answer(*lease, key, flow))) return found;
    // The last computation of exactly this answer failed or was cancelled:
    // say so, and start again only when asked.
    auto last = jobs::latest(*lease, answer_job, scope_name);
    if (last && last->about == key && !last->active() && last->status != "done" && !again) {
      found.job = *last;
      return found;
    }
  }
  auto started = runner.start(
      actor, answer_job, scope_name, key, std::chrono::seconds(120),
      [flow, assumptions, key, scope_name, model](jobs::Context& context) -> jobs::Finish {
        Watch watch;
        watch.progress = [&context](double f, const std::string& m) { context.progress(f, m); };
        watch.stop = [&context] { return context.stopping(); };
        jobs::Finish finish;
        try {
          auto computed =
              model ? answer(flow, *model, assumptions, watch) : answer(flow, assumptions, watch);
          finish.store = [computed, key, scope_name](store::Connection& c) {
            store_answer(c, key, scope_name, computed, now_seconds());
          };
        } catch (const Stopped&) {
          // Cancelled or past the time limit: nothing to store.
        }
        return finish;
      });
  found.job = started.job;
  found.other = started.busy && started.job.about != key;
  return found;
}

void register_pages(http::Router& router, store::Database& db, web::Site& site,
                    jobs::Runner& runner) {
  site.add_nav({"/staffing", "nav_staffing", "signed_in"});
  // The figures of every team are open to all co-workers, and so is the
  // computing of them.
  runner.define_kind(answer_job, [](store::Connection&, const Actor& actor, const std::string&) {
    return actor.user_id != 0;
  });
  // Every signed-in co-worker: the figures of every team are open to all.
  router.add("GET", "/staffing", "signed_in",
             site.guard([&db, &site, &runner](http::Request& request) {
               return staffing_page(db, site, runner, request);
             }));
}

}  // namespace ploeg::staffing
