// solve(): the three modes on top of the exact MIP (small instances), the
// compact LP bound and the heuristic search (large instances).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engines/formation/explain.hpp"
#include "engines/formation/model.hpp"
#include "engines/formation/neighbourhood.hpp"
#include "engines/formation/relaxation.hpp"
#include "engines/formation/search.hpp"

namespace ploeg::formation {
namespace {

using namespace detail;
using Clock = std::chrono::steady_clock;

double seconds_left(Clock::time_point deadline) {
  return std::max(0.0, std::chrono::duration<double>(deadline - Clock::now()).count());
}

void progress(const Options& options, double fraction, const std::string& message) {
  if (options.progress) options.progress(fraction, message);
}

// The answer when no feasible assignment is known: the counting arguments, or
// else what the closest assignment found still breaks.
void explain_infeasible(const Problem& pr, const std::vector<int>& closest, bool proven,
                        Result& result) {
  result.feasible = false;
  result.assignment.clear();
  result.violations.clear();
  result.violation_data.clear();
  add_infeasibility_reasons(pr, result);
  if (!result.violations.empty()) return;
  auto kind = [](const char* name) {
    Violation v;
    v.kind = name;
    return v;
  };
  if (proven) {
    add_violation(
        result,
        "No assignment meets every team's size and competence minimums at once, although each "
        "count on its own fits: people who accept several regions or hold several competences "
        "cannot cover every team together.",
        kind("no_combination"));
    return;
  }
  Result closest_result;
  describe(pr, closest, closest_result);
  add_violation(result,
                "No assignment meeting every constraint was found within the time limit; "
                "the closest one found still breaks these:",
                kind("none_found"));
  for (std::size_t i = 0; i < closest_result.violations.size(); ++i) {
    add_violation(result, closest_result.violations[i], closest_result.violation_data[i]);
  }
}

struct Found {
  std::vector<int> team_of;
  bool feasible = false;
  bool proven = false;  // optimal in its mode (or proven infeasible when !feasible)
  double bound = 0;     // CBC's bound, when it ran
  bool cbc = false;
};

// Fewest moves from `reference`, then the best objective among those.
Found least_moves(const Problem& pr, const std::vector<int>& reference, const Options& options,
                  Clock::time_point deadline) {
  Found found;
  SearchRequest request;
  request.start = reference;
  request.reference = &reference;
  request.seed = options.seed;
  request.deadline = deadline;
  request.progress = options.progress;
  auto heuristic = search(pr, request);
  found.team_of = heuristic.team_of;
  found.feasible = heuristic.violation == 0;
  if (!small_enough_for_cbc(pr)) return found;

  MipRequest fewest;
  fewest.reference = &reference;
  fewest.fewest_moves = true;
  if (found.feasible) fewest.start = found.team_of;
  fewest.seconds = seconds_left(deadline) / 2;
  auto first = solve_mip(pr, fewest);
  if (!first.found) {
    found.proven = first.proven;
    found.feasible = false;
    return found;
  }
  int with_team = 0;
  for (int t : reference) with_team += t >= 0;
  MipRequest best;
  best.reference = &reference;
  best.max_moves = with_team - static_cast<int>(std::lround(first.value));
  best.start = first.team_of;
  best.seconds = seconds_left(deadline);
  auto second = solve_mip(pr, best);
  found.cbc = true;
  found.feasible = true;
  found.team_of = second.found ? second.team_of : first.team_of;
  found.proven = first.proven && second.proven && second.found;
  found.bound = second.found ? second.bound : 0;
  return found;
}

void finish(const Problem& pr, const std::vector<int>& team_of, Result& result) {
  describe(pr, team_of, result);
  result.assignment = to_ids(pr, team_of);
  explain_choices(pr, team_of, result);
}

void set_bound(Result& result, double bound, const std::string& kind) {
  result.bound = std::max(bound, static_cast<double>(result.objective));
  result.bound_kind = kind;
  result.gap =
      result.bound > 0 ? (result.bound - static_cast<double>(result.objective)) / result.bound : 0;
}

// Every wish granted and every liked pair sharing a region together: a bound
// for when the LP does not finish in time.
double everything_granted(const Problem& pr) {
  double total = -static_cast<double>(pr.move_offset);
  for (int p = 0; p < pr.people; ++p) {
    int best = 0;
    for (int t : pr.eligible[p]) best = std::max(best, pr.gain(p, t));
    total += best;
  }
  for (auto& pair : pr.pairs) {
    for (int g : pr.accepts[pair.a]) {
      if (std::binary_search(pr.accepts[pair.b].begin(), pr.accepts[pair.b].end(), g)) {
        total += pair.weight;
        break;
      }
    }
  }
  return total;
}

Result optimise(const Problem& pr, const Options& options, Clock::time_point deadline) {
  Result result;
  bool cbc = small_enough_for_cbc(pr);
  // A feasible assignment first (construction and repair), so that a short
  // time limit still gives an answer; then the bound; then the improvement.
  progress(options, 0, "looking for a feasible assignment");
  SearchRequest request;
  request.seed = options.seed;
  request.deadline = deadline;
  request.effort = 0;
  auto start = search(pr, request);
  progress(options, 0.05, "solving the LP relaxation for the bound");
  std::string lp_kind = "LP relaxation (compact, Clp)";
  LpBound lp;
  if (cbc) {
    lp = lp_bound(pr, std::max(0.5, seconds_left(deadline) * 0.5));
  } else {
    double known = start.violation == 0 ? static_cast<double>(score(pr, start.team_of).objective())
                                        : std::numeric_limits<double>::quiet_NaN();
    // The priced bound improves as long as it runs: 40% of the time for it
    // (20,000 people: its first pass alone takes about 12 s; it stops by
    // itself once the prices settle).
    lp = lp_bound_by_region(pr, Clock::now() + (deadline - Clock::now()) * 2 / 5, known);
    lp_kind = "per-region LP relaxations tied by Lagrange prices (compact, Clp)";
    if (lp.regions_granted > 0) {
      lp_kind = "per-region LP relaxations (compact, Clp) in " +
                std::to_string(pr.regions - lp.regions_granted) + " of " +
                std::to_string(pr.regions) +
                " regions, every wish granted in the others (the time ran out)";
    }
  }
  if (lp.solved && !lp.feasible) {
    explain_infeasible(pr, {}, true, result);
    result.bound_kind = "LP relaxation (infeasible)";
    return result;
  }
  progress(options, 0.1, "improving");
  // From the LP's rounded solution when it can be made feasible: it leads
  // the search to better assignments than the construction alone.
  if (lp.solved) {
    SearchRequest rounded = request;
    rounded.hint = lp.hint;
    auto from_lp = search(pr, rounded);
    if (from_lp.violation == 0 || start.violation > 0) start = from_lp;
  }
  request.start = start.team_of;
  request.progress = options.progress;
  request.effort = cbc ? 0.25 : 1;  // CBC finishes the job on small instances
  if (lp.solved) request.target = static_cast<std::int64_t>(lp.value);
  // Large instances: the annealing's share of the time, then the exact
  // re-partitions of a few related teams at a time.
  if (!cbc) request.deadline = Clock::now() + (deadline - Clock::now()) * 2 / 5;
  auto heuristic = search(pr, request);
  std::vector<int> team_of = heuristic.team_of;
  bool feasible = heuristic.violation == 0;
  result.method = "heuristic";
  if (!cbc && feasible) {
    NeighbourhoodRequest around;
    around.start = team_of;
    around.seed = options.seed;
    around.deadline = deadline;
    around.progress = options.progress;
    if (lp.solved) around.target = static_cast<std::int64_t>(lp.value);
    team_of = improve_by_neighbourhoods(pr, around);
  }
  double bound = lp.solved ? lp.value : everything_granted(pr);
  std::string kind =
      lp.solved ? lp_kind : "every wish granted (the LP relaxation did not finish in time)";
  if (cbc && seconds_left(deadline) > 0.05) {
    progress(options, 0.5, "proving the optimum with CBC");
    MipRequest mip;
    if (feasible) mip.start = team_of;
    mip.seconds = seconds_left(deadline);
    auto out = solve_mip(pr, mip);
    if (out.found && (!feasible || out.value >= score(pr, team_of).objective())) {
      team_of = out.team_of;
      feasible = true;
    }
    if (!out.found && out.proven) {
      explain_infeasible(pr, team_of, true, result);
      return result;
    }
    result.method = "cbc";
    result.proven_optimal = out.found && out.proven;
    if (std::isfinite(out.bound)) bound = std::min(bound, std::floor(out.bound + 1e-6));
    if (result.proven_optimal)
      kind = "proven optimum (CBC branch and cut on the exact MIP)";
    else
      kind = "LP relaxation (compact, Clp) and CBC branch and cut";
  }
  if (!feasible) {
    explain_infeasible(pr, team_of, false, result);
    return result;
  }
  finish(pr, team_of, result);
  result.moves = moves_between(pr, pr.current, team_of);
  set_bound(result, bound, kind);
  if (!result.proven_optimal && result.bound > 0 && result.objective >= result.bound)
    result.proven_optimal = true;
  return result;
}

Result repair(const Problem& pr, const Options& options, Clock::time_point deadline) {
  Result result;
  auto found = least_moves(pr, pr.current, options, deadline);
  if (!found.feasible) {
    explain_infeasible(pr, found.team_of, found.proven, result);
    return result;
  }
  finish(pr, found.team_of, result);
  result.moves = moves_between(pr, pr.current, found.team_of);
  result.method = found.cbc ? "cbc" : "heuristic";
  result.proven_optimal = found.proven;
  if (found.cbc) {
    set_bound(result, std::floor(found.bound + 1e-6),
              found.proven ? "proven optimum among the assignments with the fewest moves (CBC)"
                           : "CBC bound among the assignments with the fewest moves");
  }
  return result;
}

Result check(const Problem& pr, const Input& input, const Options& options,
             Clock::time_point deadline) {
  Result result;
  std::vector<int> given(pr.people, -1);
  if (input.assignment.empty()) {
    given = pr.current;
  } else {
    given = from_ids(pr, input.assignment);
  }
  describe(pr, given, result);
  explain_choices(pr, given, result);
  result.method = "check";
  if (result.feasible) {
    result.assignment = to_ids(pr, given);
    return result;
  }
  auto found = least_moves(pr, given, options, deadline);
  result.feasible = false;
  if (!found.feasible) {
    add_infeasibility_reasons(pr, result);
    return result;
  }
  result.assignment = to_ids(pr, found.team_of);
  result.moves = moves_between(pr, given, found.team_of);
  result.proven_optimal = found.proven;
  result.method = found.cbc ? "cbc" : "heuristic";
  return result;
}

}  // namespace

Result solve(const Input& input, const Options& options) {
  auto started = Clock::now();
  auto deadline =
      started + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(std::max(0.0, options.time_limit_seconds)));
  Result result;
  result.errors = validate(input);
  if (!result.errors.empty()) return result;
  Problem pr = index(input, options.weights);
  switch (options.mode) {
    case Mode::optimise:
      result = optimise(pr, options, deadline);
      break;
    case Mode::repair:
      result = repair(pr, options, deadline);
      break;
    case Mode::check:
      result = check(pr, input, options, deadline);
      break;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  progress(options, 1, "done");
  return result;
}

std::string to_mps(const Input& input, const Weights& weights) {
  auto errors = validate(input);
  if (!errors.empty()) throw std::invalid_argument(errors.front());
  return write_mps(index(input, weights));
}

}  // namespace ploeg::formation
