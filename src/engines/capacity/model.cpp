#include "engines/capacity/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace ploeg::capacity {

double CaseType::mean_rate() const {
  if (arrivals_by_week.empty()) return arrivals_per_week;
  return std::accumulate(arrivals_by_week.begin(), arrivals_by_week.end(), 0.0) /
         static_cast<double>(arrivals_by_week.size());
}

ServiceTime empirical(std::vector<double> samples) {
  ServiceTime t;
  t.distribution = Distribution::empirical;
  t.mean_hours = t.cv = 0;
  if (samples.empty()) return t;
  double n = static_cast<double>(samples.size()), sum = 0, ss = 0;
  for (double x : samples) sum += x;
  t.mean_hours = sum / n;
  for (double x : samples) ss += (x - t.mean_hours) * (x - t.mean_hours);
  t.cv = t.mean_hours > 0 ? std::sqrt(ss / n) / t.mean_hours : 0;
  t.samples = std::move(samples);
  return t;
}

int Model::competence_index(const std::string& name) const {
  for (std::size_t k = 0; k < competences.size(); ++k) {
    if (competences[k].name == name) return static_cast<int>(k);
  }
  return -1;
}

int Model::step_index(const std::string& name) const {
  for (std::size_t s = 0; s < steps.size(); ++s) {
    if (steps[s].name == name) return static_cast<int>(s);
  }
  return -1;
}

Pool pool_of(const Model& model, int competence) {
  const Competence& c = model.competences[static_cast<std::size_t>(competence)];
  double capacity = c.fte * c.availability / std::max(1, model.organisation.teams);
  Pool pool;
  if (capacity <= 0) return Pool{0, 1};
  pool.servers = static_cast<int>(std::ceil(capacity - 1e-9));
  pool.speed = capacity / pool.servers;
  return pool;
}

Model one_team(const Model& model) {
  Model m = model;
  double teams = std::max(1, m.organisation.teams);
  for (auto& c : m.competences) c.fte /= teams;
  for (auto& ct : m.case_types) {
    ct.arrivals_per_week /= teams;
    for (auto& r : ct.arrivals_by_week) r /= teams;
  }
  m.organisation.teams = 1;
  return m;
}

namespace {

bool probability(double p) {
  return p >= 0 && p <= 1;
}

// Whole numbers in full, others as short as they are ("582.75").
std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, x == std::floor(x) && std::abs(x) < 1e15 ? "%.0f" : "%g", x);
  return text;
}

// An estimate to three digits ("1.22e+10").
std::string estimate(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

std::string one_decimal(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", x);
  return text;
}

// "what must be at most LIMIT (the model has N); reduce it" when over.
void at_most(std::vector<std::string>& problems, const std::string& what, double value,
             double limit, const std::string& reduce) {
  if (value > limit)
    problems.push_back(what + " must be at most " + number(limit) + " (the model has " +
                       number(value) + "); " + reduce);
}

double arrivals_per_week(const Model& m) {
  double total = 0;
  for (auto& ct : m.case_types) total += ct.mean_rate();
  return total;
}

double events_per_case(const Model& m) {
  double arrivals = arrivals_per_week(m);
  if (!(arrivals > 0)) return 1;
  double events = 0;
  for (auto& ct : m.case_types) {
    double visits = 0;
    for (auto& r : ct.route) visits += r.probability / std::max(1e-9, 1 - r.rework);
    events += ct.mean_rate() / arrivals * visits;
  }
  return 1 + events * (m.organisation.form == Form::functional ? 2 : 1);
}

// The limits of `limits`, before the model's other rules.
void check_limits(const Model& m, std::vector<std::string>& problems) {
  auto& sim = m.simulation;
  at_most(problems, "replications", sim.replications, limits::replications, "reduce replications");
  at_most(problems, "horizon_weeks", sim.horizon_weeks, limits::horizon_weeks,
          "reduce horizon_weeks");
  at_most(problems, "organisation.teams", m.organisation.teams, limits::teams,
          "simulate a part of the organisation (teams share nothing, one team stands for all)");
  for (auto& c : m.competences)
    at_most(problems, "competence " + c.name + ": fte", c.fte, limits::fte,
            "simulate a part of the organisation");
  at_most(problems, "the number of competences", static_cast<double>(m.competences.size()),
          limits::competences, "merge competences");
  at_most(problems, "the number of [[step]] tables", static_cast<double>(m.steps.size()),
          limits::steps, "merge steps");
  at_most(problems, "the number of [[case_type]] tables", static_cast<double>(m.case_types.size()),
          limits::case_types, "merge case types");
  for (auto& ct : m.case_types) {
    at_most(problems, "case_type " + ct.name + ": the steps", static_cast<double>(ct.route.size()),
            limits::route, "shorten the route");
    at_most(problems, "case_type " + ct.name + ": arrivals_by_week's values",
            static_cast<double>(ct.arrivals_by_week.size()), limits::arrivals_by_week,
            "give one value a week for at most ten years");
  }
  double arrivals = arrivals_per_week(m);
  if (!std::isfinite(arrivals) || arrivals > limits::arrivals_per_week)
    problems.push_back("the arrivals a week of all case types together must be at most " +
                       number(limits::arrivals_per_week) + " (the model has " + number(arrivals) +
                       "); simulate a part of the organisation");
}

}  // namespace

double estimated_events(const Model& m) {
  return static_cast<double>(std::max(0, m.simulation.replications)) *
         std::max(0, m.simulation.horizon_weeks) * arrivals_per_week(m) * events_per_case(m);
}

std::string out_of_memory_message(const Model& m) {
  double staff = 0;
  for (auto& c : m.competences) staff += c.fte;
  int teams = std::max(1, m.organisation.teams);
  return "out of memory while simulating " + std::to_string(m.simulation.replications) +
         " replications of " + std::to_string(m.simulation.horizon_weeks) + " weeks of " +
         number(staff) + " staff" +
         (teams > 1 ? " in " + std::to_string(teams) + " teams" : std::string()) +
         "; reduce replications or horizon_weeks";
}

namespace {

// The work estimate against limits::events, once the model is otherwise valid.
void check_work(const Model& m, std::vector<std::string>& problems) {
  double events = estimated_events(m);
  if (events <= limits::events) return;
  problems.push_back("the simulation would take about " + estimate(events) +
                     " events (replications " + std::to_string(m.simulation.replications) +
                     " x horizon_weeks " + std::to_string(m.simulation.horizon_weeks) + " x " +
                     number(arrivals_per_week(m)) + " arrivals a week x " +
                     one_decimal(events_per_case(m)) + " events a case), more than " +
                     "the limit of " + estimate(limits::events) +
                     " (about four minutes); reduce replications or horizon_weeks");
}

}  // namespace

namespace {

// People serve one team: every competence a step needs has someone, and
// nobody is present more than all the time or holds a competence twice.
void check_people(const Model& m, std::vector<std::string>& problems) {
  if (m.people.empty()) return;
  if (m.organisation.form != Form::teams || m.organisation.teams != 1)
    problems.push_back("people are the staff of one team: organisation.teams must be 1");
  if (m.people.size() > 1'000) problems.push_back("a team of people has at most 1000 members");
  std::vector<bool> held(m.competences.size(), false);
  for (std::size_t i = 0; i < m.people.size(); ++i) {
    auto& p = m.people[i];
    std::string who = "person " + std::to_string(i + 1) + ": ";
    if (!(p.fte > 0 && p.fte <= 1.5) || !(p.availability > 0 && p.availability <= 1) ||
        !(p.presence() <= 1))
      problems.push_back(who + "fte times availability must be more than 0 and at most 1");
    auto codes = p.competences;
    std::sort(codes.begin(), codes.end());
    if (std::adjacent_find(codes.begin(), codes.end()) != codes.end())
      problems.push_back(who + "holds a competence twice");
    for (int k : codes) {
      if (k < 0 || k >= static_cast<int>(m.competences.size()))
        problems.push_back(who + "no such competence");
      else
        held[static_cast<std::size_t>(k)] = true;
    }
  }
  for (auto& s : m.steps) {
    if (no_work(s) || s.competence < 0 || s.competence >= static_cast<int>(held.size())) continue;
    if (!held[static_cast<std::size_t>(s.competence)])
      problems.push_back("step " + s.name + ": nobody holds competence " +
                         m.competences[static_cast<std::size_t>(s.competence)].name);
  }
}

}  // namespace

std::vector<std::string> validate(const Model& m) {
  std::vector<std::string> problems;
  check_limits(m, problems);
  auto& sim = m.simulation;
  if (sim.horizon_weeks < 1) problems.push_back("horizon_weeks must be at least 1");
  if (sim.warmup_weeks < 0 || sim.warmup_weeks >= sim.horizon_weeks)
    problems.push_back("warmup_weeks must be at least 0 and less than horizon_weeks (" +
                       std::to_string(sim.horizon_weeks) + ")");
  if (sim.replications < 2)
    problems.push_back("replications must be at least 2 (a confidence interval needs two)");
  if (!(sim.hours_per_week > 0 && sim.hours_per_week <= 168))
    problems.push_back("hours_per_week must be more than 0 and at most 168");
  if (m.organisation.teams < 1) problems.push_back("organisation.teams must be at least 1");
  if (m.organisation.form == Form::functional && !(m.organisation.handoff_batch_hours >= 0))
    problems.push_back("handoff_batch_hours must be 0 or more");
  if (!(m.organisation.handoff_extra_hours >= 0))
    problems.push_back("handoff_extra_hours must be 0 or more");
  for (auto& c : m.competences) {
    if (!(c.fte >= 0)) problems.push_back("competence " + c.name + ": fte must be 0 or more");
    if (!(c.availability > 0 && c.availability <= 1))
      problems.push_back("competence " + c.name +
                         ": availability must be more than 0 and at most 1");
  }
  check_people(m, problems);
  if (m.steps.empty()) problems.push_back("the model has no [[step]]");
  for (auto& s : m.steps) {
    auto& t = s.service;
    if (!(t.mean_hours > 0) && !no_work(s))
      problems.push_back("step " + s.name + ": service_hours.mean must be more than 0");
    if (!(t.cv >= 0)) problems.push_back("step " + s.name + ": service_hours.cv must be 0 or more");
    if (t.distribution == Distribution::exponential && std::abs(t.cv - 1) > 1e-9)
      problems.push_back("step " + s.name +
                         ": an exponential service time has cv = 1; for another cv say "
                         "distribution = \"gamma\" or \"lognormal\"");
    if (t.distribution == Distribution::empirical &&
        (t.samples.empty() || t.samples.size() > limits::samples ||
         !std::all_of(t.samples.begin(), t.samples.end(), [](double x) { return x >= 0; })))
      problems.push_back("step " + s.name + ": an empirical service time needs 1 to " +
                         number(static_cast<double>(limits::samples)) +
                         " observed durations, none negative");
    auto& d = s.delay;
    if (!(d.mean_hours >= 0) ||
        (d.distribution == Distribution::empirical &&
         (d.samples.size() > limits::samples ||
          !std::all_of(d.samples.begin(), d.samples.end(), [](double x) { return x >= 0; }))))
      problems.push_back("step " + s.name + ": a delay must be 0 or more, with at most " +
                         number(static_cast<double>(limits::samples)) + " observed durations");
    if ((t.distribution == Distribution::gamma || t.distribution == Distribution::lognormal) &&
        !(t.cv > 0))
      problems.push_back("step " + s.name +
                         ": a gamma or lognormal service time needs cv > 0 (cv = 0 is "
                         "distribution = \"deterministic\")");
  }
  if (m.case_types.empty()) problems.push_back("the model has no [[case_type]]");
  for (auto& ct : m.case_types) {
    std::string where = "case_type " + ct.name + ": ";
    if (!(ct.arrivals_per_week >= 0))
      problems.push_back(where + "arrivals_per_week must be 0 or more");
    for (double r : ct.arrivals_by_week) {
      if (!(r >= 0)) {
        problems.push_back(where + "every arrivals_by_week value must be 0 or more");
        break;
      }
    }
    if (ct.route.empty()) problems.push_back(where + "steps is empty");
    for (std::size_t p = 0; p < ct.route.size(); ++p) {
      auto& r = ct.route[p];
      std::string at = where + "step " + std::to_string(p + 1) + ": ";
      if (r.step < 0 || r.step >= static_cast<int>(m.steps.size())) {
        problems.push_back(at + "no such step");
        continue;
      }
      if (!probability(r.probability))
        problems.push_back(at + "probability must be between 0 and 1");
      if (!(r.rework >= 0 && r.rework < 1))
        problems.push_back(at + "rework must be at least 0 and less than 1");
      if (r.rework_to > static_cast<int>(p))
        problems.push_back(at + "rework_to must be this step or an earlier one");
    }
    if (ct.decision_position < -1 || ct.decision_position >= static_cast<int>(ct.route.size()))
      problems.push_back(where + "decision_position must be a position of the route (or -1)");
  }
  if (problems.empty()) check_work(m, problems);
  return problems;
}

}  // namespace ploeg::capacity
