// Resource planning (issue 6): the case flow of a team or an organisation as
// plain data. Steps are done by competences; each competence's staff is one
// pool with one first-come-first-served queue. Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ploeg::capacity {

enum class Clock { continuous, office_hours };
// empirical: drawn uniformly from ServiceTime::samples (durations observed in
// a team's event log), so the model keeps every skew and second peak they have.
enum class Distribution { exponential, gamma, lognormal, deterministic, empirical };

struct ServiceTime {
  double mean_hours = 1;
  double cv = 1;  // coefficient of variation: standard deviation / mean
  Distribution distribution = Distribution::exponential;
  std::vector<double> samples{};  // hours; empirical only (mean_hours and cv: theirs)
};

// The mean, coefficient of variation and empirical distribution of samples.
ServiceTime empirical(std::vector<double> samples);

struct Competence {
  std::string name;
  double fte = 0;
  double availability = 1;  // share of the FTE present after absence
};

struct Step {
  std::string name;
  int competence = 0;  // index into Model::competences
  ServiceTime service;
  // Waiting that is not work (for the citizen, a doctor's report, another
  // service), drawn at each visit after the work: it holds nobody of the
  // pool. Hours on the simulation's clock; none when mean_hours is 0.
  ServiceTime delay{0, 0, Distribution::deterministic};
};

// A step nobody of the team works on (deterministic, 0 hours): its delay only.
inline bool no_work(const Step& s) {
  return s.service.distribution == Distribution::deterministic && s.service.mean_hours == 0;
}

// One position on a case type's route.
struct RouteStep {
  int step = 0;            // index into Model::steps
  double probability = 1;  // drawn each time the case reaches this position
  double rework = 0;       // after the step: probability the case goes back...
  int rework_to = -1;      // ...to this earlier position (-1: the same one)
};

struct CaseType {
  std::string name;
  double arrivals_per_week = 0;
  std::vector<double> arrivals_by_week;  // when set: the weekly rate, cycled by week
  std::vector<RouteStep> route;
  // The position whose end decides the case: its throughput time and the
  // backlog (cases not yet decided) count up to there. -1: the route's end.
  int decision_position = -1;

  double rate_in_week(int week) const {
    if (arrivals_by_week.empty()) return arrivals_per_week;
    return arrivals_by_week[static_cast<std::size_t>(week) % arrivals_by_week.size()];
  }
  double mean_rate() const;
};

// One member of a team, when the model knows who holds what (a model built
// from a team's event log): a server of every competence they hold, working
// at full speed, present `fte * availability` of the time and away the rest.
// A part-time member does a step in the hours it takes anyone; a pool's
// fractional server (pool_of) would stretch it.
struct Person {
  double fte = 1;
  double availability = 1;
  std::vector<int> competences;  // indices into Model::competences
  double presence() const { return fte * availability; }
};

enum class Form { teams, functional };

// How the staff is organised: regional multidisciplinary teams that split
// demand and staff equally, or one functional unit per competence that passes
// cases on in batches (the organisation before the transformation).
struct Organisation {
  Form form = Form::teams;
  int teams = 1;
  double handoff_batch_hours = 38;  // functional: cases cross units on multiples of this
  double handoff_extra_hours = 0;   // functional: reading into the file again after a hand-off
};

struct Simulation {
  Clock clock = Clock::continuous;
  double hours_per_week = 168;  // 38 with office hours: the clock counts working hours only
  int horizon_weeks = 52;
  int warmup_weeks = 8;
  int replications = 10;
  std::uint64_t seed = 1;
};

struct Model {
  Simulation simulation;
  Organisation organisation;
  std::vector<Competence> competences;
  std::vector<Step> steps;
  std::vector<CaseType> case_types;
  // When set (one team organised in teams): the steps are done by these
  // people, each taking the oldest case waiting for any competence they
  // hold, rather than by a pool a competence. Competences' FTE still give
  // the analytic figures and the utilisation.
  std::vector<Person> people;

  int competence_index(const std::string& name) const;
  int step_index(const std::string& name) const;
  // Calendar days for a span of simulated hours (office hours: a working week is 7 days).
  double days(double hours) const { return hours / simulation.hours_per_week * 7; }
  double hours(double days) const { return days / 7 * simulation.hours_per_week; }
};

// One team of a model organised in teams: its share of the staff and of the
// demand. Teams are alike and share nothing, so one stands for all.
Model one_team(const Model& model);

// The largest model the engine takes (issue 18: huge inputs ran for minutes or
// died with a bare std::bad_alloc). validate() checks each before anything runs
// and says what to reduce. Each has a margin over the largest model in the
// repository, bench/capacity/models/org5000.toml: 2 replications of 52 weeks,
// 333 teams, 1,665 FTE in its largest competence, 19,200 arrivals a week.
namespace limits {
// Replications (also the bound of `ploeg simulate --replications`): intervals
// are already far narrower than any decision needs at a few hundred.
inline constexpr int replications = 10'000;
// Weeks simulated, warm-up included: ten years.
inline constexpr int horizon_weeks = 520;
// Regional teams: three times org5000's 333; each team is a queue per competence.
inline constexpr int teams = 1'000;
// FTE of one competence in the whole organisation: six times org5000's 1,665;
// every FTE is a server of its pool.
inline constexpr double fte = 10'000;
// Competences, steps and case types: each has random streams numbered apart
// by 1,000 (simulate.cpp), so these stay well below; real flows have a dozen.
inline constexpr std::size_t competences = 100;
inline constexpr std::size_t steps = 100;
inline constexpr std::size_t case_types = 100;
// Positions on one case type's route, and values of one arrivals_by_week list.
inline constexpr std::size_t route = 100;
inline constexpr std::size_t arrivals_by_week = 520;
// Observed durations of one empirical distribution: a year of a large region's visits.
inline constexpr std::size_t samples = 1'000'000;
// Arrivals a week, all case types together (arrivals_by_week: its mean): 50
// times org5000's 19,200, which is a million requests a year.
inline constexpr double arrivals_per_week = 1'000'000;
// The work of one simulation in events (arrivals, service completions,
// hand-offs): at the 8 million a second measured on one core (bench/RESULTS.md)
// about four minutes. org5000 estimates 11.4 million.
inline constexpr double events = 2e9;
}  // namespace limits

// The events one simulation of the model takes, estimated before it runs:
// replications x horizon_weeks x arrivals a week x events a case, where a case
// has its arrival and a completion per expected visit of each route position
// (probability / (1 - rework)), doubled by the hand-offs of functional units.
double estimated_events(const Model& model);

// What `ploeg simulate` says when memory runs out while simulating the model:
// "out of memory while simulating 10000 replications of 52 weeks of 4995 staff
// in 333 teams; reduce replications or horizon_weeks".
std::string out_of_memory_message(const Model& model);

// Every problem of the model as a sentence that says what to change; empty
// when valid. Includes the limits above and the estimate against limits::events.
std::vector<std::string> validate(const Model& model);

// Servers and their speed for one team's pool of a competence: the capacity
// fte * availability / teams is kept when it is fractional by running
// ceil(capacity) servers each at capacity / ceil(capacity) of full speed.
struct Pool {
  int servers = 0;
  double speed = 1;
  double capacity() const { return servers * speed; }
};
Pool pool_of(const Model& model, int competence);

}  // namespace ploeg::capacity
