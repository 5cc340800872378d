#include "app/capacity_cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <new>
#include <stdexcept>

#include "app/capacity_report.hpp"
#include "core/files.hpp"
#include "engines/capacity/toml_model.hpp"

namespace ploeg::app {
namespace {

namespace json = boost::json;
namespace capacity = ploeg::capacity;

capacity::Model load(const std::string& path) {
  auto file = capacity::read_model(files::read_whole(path), path);
  if (!file.errors.empty()) {
    std::string all;
    for (auto& e : file.errors) all += (all.empty() ? "" : "\n") + e;
    throw std::invalid_argument(all);
  }
  return file.model;
}

// The model as run, after --replications: within the engine's limits and its
// estimate of the work (read_model checked the file's own figures).
void refuse_over_limits(const std::string& path, const capacity::Model& m) {
  auto problems = capacity::validate(m);
  if (problems.empty()) return;
  std::string all;
  for (auto& p : problems) all += (all.empty() ? "" : "\n") + path + ": " + p;
  throw std::invalid_argument(all);
}

// "simulate: replication 3 of 10" on stderr, rewritten in place on a terminal.
void progress(const char* command, const std::string& message) {
  static bool terminal = isatty(STDERR_FILENO);
  std::cerr << (terminal ? "\r" : "") << command << ": " << message << (terminal ? "\033[K" : "\n")
            << std::flush;
}
void progress_done() {
  if (isatty(STDERR_FILENO)) std::cerr << "\r\033[K" << std::flush;
}

void timing(const capacity::SimulationResult& r) {
  std::fprintf(stderr, "simulate: %lld events in %.2f s (%.1f million a second)\n",
               static_cast<long long>(r.events), r.seconds,
               r.events / std::max(r.seconds, 1e-9) / 1e6);
}

capacity::SimulationResult run_simulation(const capacity::Model& m, const char* label) {
  capacity::SimulationOptions options;
  options.progress = [label](int done, int of) {
    progress("simulate", std::string(label) + "replication " + std::to_string(done) + " of " +
                             std::to_string(of));
  };
  auto result = capacity::simulate(m, options);
  progress_done();
  return result;
}

}  // namespace

CapacityCommands::CapacityCommands(CLI::App& app) {
  simulate_ =
      app.add_subcommand("simulate", "Simulate a case flow: waits, throughput times, backlog");
  simulate_->add_option("model", model_, "MODEL.toml")->required();
  simulate_->add_option("--json", json_, "also write the results as JSON");
  simulate_->add_option("--csv", csv_, "also write the results as CSV");
  simulate_->add_flag(
      "--what-if", what_if_,
      "compare functional units (hand-offs, batches) with the model's regional teams");
  simulate_->add_option("--seed", seed_, "instead of the model's seed");
  simulate_->add_option("--replications", replications_, "instead of the model's")
      ->check(CLI::Range(2, capacity::limits::replications));

  plan_ = app.add_subcommand("plan-staff",
                             "The fewest people per competence that meet a throughput target");
  plan_->add_option("model", model_, "MODEL.toml")->required();
  plan_
      ->add_option("--target", target_,
                   "p90<=60d (90% within 60 days), 90%<=60d, p50<=10d or mean<=20d")
      ->required();
  plan_->add_option("--case-type", case_type_,
                    "the target is on this case type (default: every case)");
  plan_->add_option("--json", json_, "also write the plan as JSON");
  plan_->add_option("--seed", seed_, "instead of the model's seed");
}

std::optional<int> CapacityCommands::run() const {
  if (!simulate_->parsed() && !plan_->parsed()) return std::nullopt;
  try {
    return simulate_->parsed() ? simulate() : plan_staff();
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    // simulate() and plan_staff() say what they were simulating; this is the rest.
    std::cerr << "ploeg: out of memory while reading " << model_ << "\n";
    return 1;
  }
}

int CapacityCommands::simulate() const {
  auto m = load(model_);
  if (seed_) m.simulation.seed = *seed_;
  if (replications_) m.simulation.replications = *replications_;
  try {
    return simulate(m);
  } catch (const std::bad_alloc&) {
    std::cerr << "ploeg: " << capacity::out_of_memory_message(m) << "\n";
    return 1;
  }
}

int CapacityCommands::simulate(const capacity::Model& m) const {
  if (!what_if_) {
    refuse_over_limits(model_, m);
    auto analytic = capacity::analyse(m);
    auto result = run_simulation(m, "");
    std::cout << capacity_report::simulation_table(m, analytic, result);
    if (!json_.empty())
      files::write_whole(
          json_, json::serialize(capacity_report::simulation_json(m, analytic, result)) + "\n");
    if (!csv_.empty())
      files::write_whole(csv_, capacity_report::simulation_csv(m, analytic, result));
    timing(result);
    return 0;
  }
  if (m.organisation.teams < 2)
    throw std::invalid_argument(
        model_ +
        ": --what-if compares functional units with regional teams; say how "
        "many teams the staff would form with [organisation] teams = N (N > 1)");
  capacity::Model functional = m, teams = m;
  functional.organisation.form = capacity::Form::functional;
  functional.organisation.teams = 1;
  teams.organisation.form = capacity::Form::teams;
  refuse_over_limits(model_, functional);
  refuse_over_limits(model_, teams);
  json::object both;
  for (auto* form : {&functional, &teams}) {
    bool is_functional = form == &functional;
    auto analytic = capacity::analyse(*form);
    auto result = run_simulation(*form, is_functional ? "functional units: " : "regional teams: ");
    std::cout << (is_functional ? "== Functional units, one per competence ==\n"
                                : "\n== Regional teams ==\n")
              << capacity_report::simulation_table(*form, analytic, result);
    both[is_functional ? "functional" : "teams"] =
        capacity_report::simulation_json(*form, analytic, result);
    timing(result);
  }
  auto days = [](const json::object& o, const char* key) {
    auto& v = o.at("all_cases").as_object().at("throughput_days").as_object().at(key);
    return v.is_null() ? -1.0 : v.as_double();
  };
  auto& f = both["functional"].as_object();
  auto& t = both["teams"].as_object();
  std::printf(
      "\nWhat-if: throughput time from %.1f to %.1f days on average (p90 %.1f to %.1f days)\n",
      days(f, "mean"), days(t, "mean"), days(f, "p90"), days(t, "p90"));
  std::fflush(stdout);
  if (!json_.empty())
    files::write_whole(json_, json::serialize(json::object{{"what_if", both}}) + "\n");
  return 0;
}

int CapacityCommands::plan_staff() const {
  auto m = load(model_);
  if (seed_) m.simulation.seed = *seed_;
  std::string error;
  auto target = capacity::parse_target(target_, error);
  if (!target) throw std::invalid_argument(error);
  if (!case_type_.empty()) {
    bool known = false;
    for (auto& ct : m.case_types) known |= ct.name == case_type_;
    if (!known) throw std::invalid_argument(model_ + ": no case_type named \"" + case_type_ + "\"");
    target->case_type = case_type_;
  }
  capacity::StaffingOptions options;
  options.progress = [](const std::string& s) { progress("plan-staff", s); };
  capacity::StaffPlan plan;
  try {
    plan = capacity::plan_staff(m, *target, options);
  } catch (const std::bad_alloc&) {
    std::cerr << "ploeg: " << capacity::out_of_memory_message(m) << "\n";
    return 1;
  }
  progress_done();
  std::cout << capacity_report::plan_table(m, *target, plan);
  if (!json_.empty())
    files::write_whole(json_, json::serialize(capacity_report::plan_json(m, *target, plan)) + "\n");
  std::fprintf(stderr, "plan-staff: %d simulations in %.2f s\n", plan.simulations, plan.seconds);
  return plan.met ? 0 : 2;
}

}  // namespace ploeg::app
