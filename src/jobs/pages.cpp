// Following and cancelling a job from the page that started it.
//
//   GET  /jobs/{id}         its state as JSON, for the page's script (jobs.js)
//   POST /jobs/{id}/cancel  ends it; back to the page named by return_to
//
// Both for signed-in people whom the job's kind lets follow its scope (a
// team's coach for that team's week, say); anyone else gets 404, as for a
// job that does not exist, so that ids tell nothing.
#include "jobs/pages.hpp"

#include <boost/json.hpp>

#include "web/form.hpp"
#include "web/redirect.hpp"

namespace ploeg::jobs {

Shown shown(const web::Catalogue& catalogue, const std::string& lang, const Job& job) {
  Shown v;
  v.id = job.id;
  v.active = job.active();
  v.percent = static_cast<int>(job.progress * 100 + 0.5);
  v.failed = job.status == "failed" || job.stale;
  v.cancelled = job.status == "cancelled" && !job.stale;
  if (v.active) {
    v.text = catalogue.format(lang, job.status == "queued" ? "jobs_queued" : "jobs_running",
                              {{"percent", std::to_string(v.percent)}});
  } else if (job.stale) {
    v.text = catalogue.text(lang, "jobs_stale");
  } else if (job.status == "failed") {
    v.text = catalogue.text(lang, job.outcome_key.empty() ? "jobs_error" : job.outcome_key);
  } else if (v.cancelled) {
    v.text = catalogue.text(lang, "jobs_cancelled");
  }
  return v;
}

web::Data data_of(const Shown& v, const std::string& return_to) {
  web::Data data;
  data.set("id", std::to_string(v.id));
  data.set("active", v.active);
  data.set("failed", v.failed);
  data.set("cancelled", v.cancelled);
  data.set("percent", std::to_string(v.percent));
  data.set("text", v.text);
  data.set("href", "/jobs/" + std::to_string(v.id));
  data.set("cancel_href", "/jobs/" + std::to_string(v.id) + "/cancel");
  data.set("return_to", return_to);
  return data;
}

namespace {

std::optional<Job> followed(store::Connection& c, const Runner& runner, http::Request& request) {
  auto id = web::positive_number(request.path_params["id"]);
  if (!id) return std::nullopt;
  auto job = find(c, *id);
  if (!job || !runner.may_follow(c, web::actor(request), *job)) return std::nullopt;
  return job;
}

}  // namespace

void register_routes(http::Router& router, store::Database& db, web::Site& site, Runner& runner) {
  router.add("GET", "/jobs/{id}", "signed_in",
             site.guard([&db, &site, &runner](http::Request& request) {
               auto lease = db.acquire();
               auto job = followed(*lease, runner, request);
               if (!job) return site.error(request, 404, "jobs_unknown");
               auto v = shown(site.catalogue(), web::visitor(request).lang, *job);
               boost::json::object out;
               out["status"] = job->status;
               out["active"] = v.active;
               out["failed"] = v.failed;
               out["cancelled"] = v.cancelled;
               out["percent"] = v.percent;
               out["text"] = v.text;
               return http::Response::json(boost::json::serialize(out));
             }));
  router.add("POST", "/jobs/{id}/cancel", "signed_in",
             site.guard([&db, &site, &runner](http::Request& request) {
               auto fields = http::parse_fields(request.body);
               auto back = web::local_path_or_home(http::field(fields, "return_to").value_or(""));
               auto known = db.transaction([&](store::Connection& c) {
                 auto job = followed(c, runner, request);
                 // Cancelled, or ended already: either way the page shows how it ended.
                 if (job) cancel(c, web::actor(request), job->id);
                 return job.has_value();
               });
               if (!known) return site.error(request, 404, "jobs_unknown");
               return http::Response::redirect(back, 303);
             }));
}

}  // namespace ploeg::jobs
