#include "app/formation_cli.hpp"

#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <sstream>

#include "core/files.hpp"
#include "engines/formation/csv_io.hpp"
#include "engines/formation/formation.hpp"

namespace ploeg::app {
namespace {

namespace json = boost::json;
namespace formation = ploeg::formation;

using files::read_whole;
using files::write_whole;

std::string summary_json(const formation::Result& r) {
  json::object o;
  o["feasible"] = r.feasible;
  o["objective"] = r.objective;
  o["bound"] = r.bound;
  o["gap"] = r.gap;
  o["proven_optimal"] = r.proven_optimal;
  o["bound_kind"] = r.bound_kind;
  o["method"] = r.method;
  o["seconds"] = r.seconds;
  o["preference_points"] = r.preference_points;
  o["colleague_points"] = r.colleague_points;
  o["move_penalty"] = r.move_penalty;
  json::array moves;
  for (auto& m : r.moves)
    moves.push_back(json::object{{"person", m.person}, {"from", m.from}, {"to", m.to}});
  o["moves"] = std::move(moves);
  json::array violations;
  for (auto& v : r.violations) violations.push_back(json::value(v));
  o["violations"] = std::move(violations);
  json::array coverage;
  for (auto& t : r.coverage) {
    json::object team{
        {"team", t.team}, {"size", t.size}, {"min_size", t.min_size}, {"max_size", t.max_size}};
    json::object competences;
    for (auto& c : t.competences)
      competences[c.competence] = json::object{{"have", c.have}, {"need", c.need}};
    team["competences"] = std::move(competences);
    json::array lacking;
    for (auto& c : t.lacking) lacking.push_back(json::value(c));
    team["lacking"] = std::move(lacking);
    coverage.push_back(std::move(team));
  }
  o["coverage"] = std::move(coverage);
  json::array reasons;
  for (auto& p : r.people) {
    if (!p.reason.empty())
      reasons.push_back(
          json::object{{"person", p.person}, {"kind", p.reason_kind}, {"reason", p.reason}});
  }
  o["reasons"] = std::move(reasons);
  return json::serialize(o) + "\n";
}

// A progress line on stderr once a run lasts more than a second.
formation::Progress progress_line() {
  auto started = std::chrono::steady_clock::now();
  auto last = std::make_shared<std::chrono::steady_clock::time_point>(started);
  bool terminal = isatty(STDERR_FILENO);
  return [started, last, terminal](double fraction, const std::string& message) {
    auto now = std::chrono::steady_clock::now();
    if (now - started < std::chrono::seconds(1) || now - *last < std::chrono::milliseconds(500))
      return;
    *last = now;
    char line[200];
    std::snprintf(line, sizeof line, "form-teams: %3.0f%% %s", fraction * 100, message.c_str());
    std::cerr << (terminal ? "\r" : "") << line << (terminal ? "\033[K" : "\n") << std::flush;
  };
}

}  // namespace

FormationCommand::FormationCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "form-teams", "Form teams: grant the most wishes while every team covers every competence");
  command_->add_option("--people", people_,
                       "people.csv: id,name,competences,regions,current_team,"
                       "preferred_teams,liked_colleagues");
  command_->add_option("--teams", teams_, "teams.csv: id,name,region,min_size,max_size,required");
  command_->add_option("--mode", mode_, "check, optimise or repair")
      ->check(CLI::IsMember({"check", "optimise", "repair"}))
      ->capture_default_str();
  command_->add_option("--out", out_, "assignment.csv to write (person_id,team_id)");
  command_->add_option("--json", json_, "summary.json to write");
  command_->add_option("--time-limit", time_limit_, "seconds")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  command_->add_option("--seed", seed_, "the same seed gives the same result")
      ->capture_default_str();
  command_->add_option("--assignment", assignment_,
                       "check: the assignment.csv to check (default: everyone's current_team)");
  command_->add_option("--write-mps", mps_,
                       "also write the model as a MIP in MPS format (for CBC, HiGHS)");
  command_->add_option("--generate", generate_, "write a realistic instance of N people instead")
      ->check(CLI::Range(1, static_cast<int>(formation::limits::people)));
  command_->add_option("--out-dir", out_dir_,
                       "with --generate: the folder for people.csv and teams.csv");
}

std::optional<int> FormationCommand::run() const {
  if (!command_->parsed()) return std::nullopt;
  try {
    if (generate_ > 0) return generate();
    return solve();
  } catch (const std::bad_alloc&) {
    // solve() says what it was forming; this is reading the files or generating.
    std::cerr << "ploeg: out of memory while "
              << (generate_ > 0 ? "generating " + std::to_string(generate_) + " people; reduce N"
                                : std::string("reading the people and teams; give fewer"))
              << "\n";
    return 1;
  }
}

int FormationCommand::generate() const {
  if (out_dir_.empty()) throw std::invalid_argument("form-teams --generate N needs --out-dir DIR");
  auto input = formation::generate(generate_, seed_);
  std::filesystem::create_directories(out_dir_);
  write_whole(std::filesystem::path(out_dir_) / "people.csv", formation::csv_io::people_csv(input));
  write_whole(std::filesystem::path(out_dir_) / "teams.csv", formation::csv_io::teams_csv(input));
  std::cout << "Wrote " << input.people.size() << " people and " << input.teams.size()
            << " teams to " << out_dir_ << ".\n";
  return 0;
}

int FormationCommand::solve() const {
  if (people_.empty() || teams_.empty()) {
    throw std::invalid_argument(
        "form-teams needs --people FILE and --teams FILE (or --generate N)");
  }
  if (mode_ != "check" && out_.empty() && json_.empty() && mps_.empty()) {
    throw std::invalid_argument("form-teams --mode " + mode_ + " needs --out FILE or --json FILE");
  }
  auto parsed = formation::csv_io::read(read_whole(people_), people_, read_whole(teams_), teams_);
  if (!assignment_.empty()) {
    formation::csv_io::read_assignment(read_whole(assignment_), assignment_,
                                       parsed.input.assignment, parsed.errors);
  }
  auto report_errors = [](const std::vector<std::string>& errors) {
    for (auto& e : errors) std::cerr << "ploeg: " << e << "\n";
    std::cerr << "ploeg: " << errors.size() << (errors.size() == 1 ? " problem" : " problems")
              << " in the input; nothing was computed.\n";
    return 1;
  };
  if (!parsed.errors.empty()) return report_errors(parsed.errors);
  if (auto errors = formation::validate(parsed.input); !errors.empty())
    return report_errors(errors);

  formation::Options options;
  options.mode = mode_ == "check"    ? formation::Mode::check
                 : mode_ == "repair" ? formation::Mode::repair
                                     : formation::Mode::optimise;
  options.time_limit_seconds = time_limit_;
  options.seed = seed_;
  options.progress = progress_line();
  formation::Result result;
  try {
    if (!mps_.empty()) write_whole(mps_, formation::to_mps(parsed.input, options.weights));
    result = formation::solve(parsed.input, options);
  } catch (const std::bad_alloc&) {
    std::cerr << "ploeg: " << formation::out_of_memory_message(parsed.input) << "\n";
    return 1;
  }
  if (isatty(STDERR_FILENO)) std::cerr << "\r\033[K" << std::flush;
  if (!result.errors.empty()) return report_errors(result.errors);
  if (!out_.empty())
    write_whole(out_, formation::csv_io::assignment_csv(parsed.input, result.assignment));
  if (!json_.empty()) write_whole(json_, summary_json(result));

  // The first twenty on the terminal; all of them in --json.
  for (std::size_t k = 0; k < result.violations.size() && k < 20; ++k) {
    std::cerr << "ploeg: " << result.violations[k] << "\n";
  }
  if (result.violations.size() > 20) {
    std::cerr << "ploeg: ... and " << result.violations.size() - 20
              << " more (--json lists them all).\n";
  }
  char numbers[160];
  if (options.mode == formation::Mode::check) {
    std::cout << (result.feasible
                      ? "The assignment meets every constraint"
                      : "The assignment breaks " + std::to_string(result.violations.size()) +
                            (result.violations.size() == 1 ? " constraint" : " constraints"));
    if (!result.feasible && !result.assignment.empty()) {
      std::cout << "; " << result.moves.size()
                << (result.moves.size() == 1 ? " move repairs" : " moves repair") << " it"
                << (result.proven_optimal ? " (proven fewest)" : "");
    }
    std::cout << ".\n";
    return result.feasible ? 0 : 2;
  }
  if (!result.feasible) {
    std::cerr << "ploeg: no feasible assignment; see the reasons above.\n";
    return 2;
  }
  if (result.bound_kind.empty()) {
    std::snprintf(numbers, sizeof numbers, "no bound (a heuristic repair)");
  } else {
    std::snprintf(numbers, sizeof numbers, "bound %.0f, gap %.2f%%", result.bound,
                  result.gap * 100);
  }
  std::cout << "Placed " << result.assignment.size() << " people in " << result.coverage.size()
            << " teams: objective " << result.objective << " (preferences "
            << result.preference_points << ", colleagues " << result.colleague_points << ", moves -"
            << result.move_penalty << "); " << numbers
            << (result.proven_optimal ? ", proven optimal" : "") << "; " << result.moves.size()
            << " moves; " << result.method << " in " << std::fixed << std::setprecision(2)
            << result.seconds << " s.\n";
  return 0;
}

}  // namespace ploeg::app
