// Resource planning (issue 6): the case flow of a team or an organisation as
// plain data. Steps are done by competences; each competence's staff is one
// pool with one first-come-first-served queue. Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ploeg::capacity {

enum class Clock { continuous, office_hours };
enum class Distribution { exponential, gamma, lognormal, deterministic };

struct ServiceTime {
  double mean_hours = 1;
  double cv = 1;  // coefficient of variation: standard deviation / mean
  Distribution distribution = Distribution::exponential;
};

struct Competence {
  std::string name;
  double fte = 0;
  double availability = 1;  // share of the FTE present after absence
};

struct Step {
  std::string name;
  int competence = 0;  // index into Model::competences
  ServiceTime service;
};

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

  double rate_in_week(int week) const {
    if (arrivals_by_week.empty()) return arrivals_per_week;
    return arrivals_by_week[static_cast<std::size_t>(week) % arrivals_by_week.size()];
  }
  double mean_rate() const;
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

  int competence_index(const std::string& name) const;
  int step_index(const std::string& name) const;
  // Calendar days for a span of simulated hours (office hours: a working week is 7 days).
  double days(double hours) const { return hours / simulation.hours_per_week * 7; }
  double hours(double days) const { return days / 7 * simulation.hours_per_week; }
};

// One team of a model organised in teams: its share of the staff and of the
// demand. Teams are alike and share nothing, so one stands for all.
Model one_team(const Model& model);

// Every problem of the model as a sentence that says what to change; empty when valid.
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
