#include "engines/formation/relaxation.hpp"

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <tuple>

#include "engines/formation/lp.hpp"

namespace ploeg::formation::detail {

// The compact relaxation, small enough for 20,000 people. Each person p keeps
// x[p,t] only for the teams that score for them or a liked colleague
// (preferred or current: S_p)
// and one y[p,r] per region r they accept meaning "some other team of r".
// Per team, o[t] counts those "other" members and o[t,c] the ones holding c
// (o[t,c] <= o[t]); per region, the o's add up to the y's (and per competence
// to at most the y's of people holding it). A liked pair gets z[t] <= x[a,t],
// z[t] <= x[b,t] for each team in both S_a and S_b, and per region g both
// accept e[g] (together in g outside those) <= a's x and y in g outside the
// common teams, and the same for b. Every assignment maps to a point of this
// LP with the same objective or more, so its optimum is an upper bound; it is
// looser than the exact LP in counting a pair placed apart in one region,
// outside their common teams, as together, and in pooling competences of
// "other" people per region.
namespace {

struct Compact {
  Lp lp;
  std::vector<std::vector<std::pair<int, int>>> xs;  // person -> (team, column)
  std::vector<std::vector<std::pair<int, int>>> ys;  // person -> (region, column)
};

Compact build_compact(const Problem& pr, int region) {
  Compact m;
  auto& lp = m.lp;
  auto& xs = m.xs;
  auto& ys = m.ys;
  xs.resize(pr.people);
  ys.resize(pr.people);
  auto team_in_scope = [&](int t) { return region < 0 || pr.team_region[t] == region; };
  auto person_in_scope = [&](int p) {
    return region < 0 || std::binary_search(pr.accepts[p].begin(), pr.accepts[p].end(), region);
  };
  std::vector<int> region_teams(pr.regions, 0);
  for (int t = 0; t < pr.teams; ++t) ++region_teams[pr.team_region[t]];
  for (int p = 0; p < pr.people; ++p) {
    if (!person_in_scope(p)) continue;
    std::vector<int> s;
    auto scoring = [&](int q) {
      for (int t : pr.preferred[q]) {
        if (t >= 0 && pr.is_eligible(p, t) && team_in_scope(t)) s.push_back(t);
      }
      int c = pr.current[q];
      if (c >= 0 && pr.is_eligible(p, c) && team_in_scope(c)) s.push_back(c);
    };
    scoring(p);
    for (auto& f : pr.friends[p]) scoring(f.other);
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    for (int t : s) xs[p].emplace_back(t, lp.col(0, 1, pr.gain(p, t), false, {}));
    for (int r : pr.accepts[p]) {
      if (region >= 0 && r != region) continue;
      int in_s = 0;
      for (int t : s) in_s += pr.team_region[t] == r;
      if (in_s < region_teams[r]) ys[p].emplace_back(r, lp.col(0, 1, 0, false, {}));
    }
  }
  lp.constant = region < 0 ? -static_cast<double>(pr.move_offset) : 0;
  std::vector<int> other(pr.teams, -1);
  std::vector<std::vector<int>> other_c(pr.teams, std::vector<int>(pr.competences, -1));
  for (int t = 0; t < pr.teams; ++t) {
    if (!team_in_scope(t)) continue;
    other[t] = lp.col(0, pr.max_size[t], 0, false, {});
    for (auto& [c, n] : pr.need[t]) other_c[t][c] = lp.col(0, n, 0, false, {});
  }
  for (int p = 0; p < pr.people; ++p) {
    if (!person_in_scope(p)) continue;
    // Within one region, people who accept others too may be elsewhere.
    int r = lp.row(region < 0 || pr.accepts[p].size() == 1 ? 1 : 0, 1);
    for (auto& [t, j] : xs[p]) lp.at(r, j, 1);
    for (auto& [g, j] : ys[p]) lp.at(r, j, 1);
  }
  std::vector<int> size_row(pr.teams);
  std::vector<std::vector<int>> need_row(pr.teams, std::vector<int>(pr.competences, -1));
  for (int t = 0; t < pr.teams; ++t) {
    if (!team_in_scope(t)) continue;
    size_row[t] = lp.row(pr.min_size[t], pr.max_size[t]);
    lp.at(size_row[t], other[t], 1);
    for (auto& [c, n] : pr.need[t]) {
      need_row[t][c] = lp.row(n, infinity);
      lp.at(need_row[t][c], other_c[t][c], 1);
      int r = lp.row(-infinity, 0);
      lp.at(r, other_c[t][c], 1);
      lp.at(r, other[t], -1);
    }
  }
  std::vector<int> region_row(pr.regions);
  std::vector<std::vector<int>> region_c_row(pr.regions, std::vector<int>(pr.competences, -1));
  for (int g = 0; g < pr.regions; ++g) {
    if (region < 0 || g == region) region_row[g] = lp.row(0, 0);
  }
  for (int t = 0; t < pr.teams; ++t) {
    if (!team_in_scope(t)) continue;
    int g = pr.team_region[t];
    lp.at(region_row[g], other[t], 1);
    for (auto& [c, n] : pr.need[t]) {
      if (region_c_row[g][c] < 0) region_c_row[g][c] = lp.row(-infinity, 0);
      lp.at(region_c_row[g][c], other_c[t][c], 1);
    }
  }
  for (int p = 0; p < pr.people; ++p) {
    for (auto& [t, j] : xs[p]) {
      lp.at(size_row[t], j, 1);
      for (int c : pr.holds[p]) {
        if (need_row[t][c] >= 0) lp.at(need_row[t][c], j, 1);
      }
    }
    for (auto& [g, j] : ys[p]) {
      lp.at(region_row[g], j, -1);
      for (int c : pr.holds[p]) {
        if (region_c_row[g][c] >= 0) lp.at(region_c_row[g][c], j, -1);
      }
    }
  }
  for (auto& pair : pr.pairs) {
    if (!person_in_scope(pair.a) || !person_in_scope(pair.b)) continue;
    auto& sa = xs[pair.a];
    auto& sb = xs[pair.b];
    auto in = [](const std::vector<std::pair<int, int>>& s, int t) {
      return std::any_of(s.begin(), s.end(), [&](auto& e) { return e.first == t; });
    };
    for (auto& [t, ja] : sa) {
      for (auto& [u, jb] : sb) {
        if (u != t) continue;
        int z = lp.col(0, 1, pair.weight, false, {});
        int r1 = lp.row(-infinity, 0), r2 = lp.row(-infinity, 0);
        lp.at(r1, z, 1);
        lp.at(r1, ja, -1);
        lp.at(r2, z, 1);
        lp.at(r2, jb, -1);
      }
    }
    for (int g : pr.accepts[pair.a]) {
      if (region >= 0 && g != region) continue;
      if (!std::binary_search(pr.accepts[pair.b].begin(), pr.accepts[pair.b].end(), g)) continue;
      // e: together in a team of region g outside their common scoring teams.
      int e = lp.col(0, 1, pair.weight, false, {});
      for (auto [person, mine, theirs] :
           {std::tuple{pair.a, &sa, &sb}, std::tuple{pair.b, &sb, &sa}}) {
        int r = lp.row(-infinity, 0);
        lp.at(r, e, 1);
        for (auto& [t, j] : *mine) {
          if (pr.team_region[t] == g && !in(*theirs, t)) lp.at(r, j, -1);
        }
        for (auto& [h, j] : ys[person]) {
          if (h == g) lp.at(r, j, -1);
        }
      }
    }
  }

  return m;
}

// Barrier then crossover: twice as fast as dual simplex on this degenerate LP.
void solve_first(OsiClpSolverInterface& solver, double seconds) {
  solver.messageHandler()->setLogLevel(0);
  ClpSimplex* clp = solver.getModelPtr();
  clp->setMaximumSeconds(seconds);
  clp->setLogLevel(0);
  ClpSolve how;
  how.setSolveType(ClpSolve::useBarrier);
  how.setPresolveType(ClpSolve::presolveOn);
  solver.setSolveOptions(how);
  solver.initialSolve();
}

// Per person: the team the LP puts most of them in (more than half), or -1.
std::vector<int> hint_of(const Problem& pr, const Compact& m, const double* v) {
  std::vector<int> hint(pr.people, -1);
  for (int p = 0; p < pr.people; ++p) {
    double best = 0.5;
    for (auto& [t, j] : m.xs[p]) {
      if (v[j] > best) {
        best = v[j];
        hint[p] = t;
      }
    }
  }
  return hint;
}

}  // namespace

LpBound lp_bound(const Problem& pr, double seconds, int region) {
  Compact m = build_compact(pr, region);
  OsiClpSolverInterface solver;
  m.lp.load(solver);
  solve_first(solver, seconds);
  LpBound out;
  if (solver.isProvenPrimalInfeasible()) {
    out.solved = true;
    out.feasible = false;
    return out;
  }
  if (!solver.isProvenOptimal()) return out;
  out.solved = true;
  // Every assignment scores a whole number, so the integer below is a bound too.
  out.value = std::floor(-solver.getObjValue() + m.lp.constant + 1e-6);
  out.hint = hint_of(pr, m, solver.getColSolution());
  return out;
}

}  // namespace ploeg::formation::detail

namespace ploeg::formation::detail {

// Every wish in region g granted: each person who accepts g at their best
// gain there, each liked pair who both accept g together. No assignment
// scores more in g's teams.
double everything_granted_in(const Problem& pr, int g) {
  double total = 0;
  auto accepts = [&](int p) {
    return std::binary_search(pr.accepts[p].begin(), pr.accepts[p].end(), g);
  };
  for (int p = 0; p < pr.people; ++p) {
    if (!accepts(p)) continue;
    int best = 0;
    for (int t : pr.eligible[p]) {
      if (pr.team_region[t] == g) best = std::max(best, pr.gain(p, t));
    }
    total += best;
  }
  for (auto& pair : pr.pairs) {
    if (accepts(pair.a) && accepts(pair.b)) total += pair.weight;
  }
  return total;
}

// One LP per region (people who accept other regions too may be in none of
// its teams), tied together by a price per such person on "in exactly one
// region": L(price) = sum over regions of max (objective - price x presence)
// + sum of prices is an upper bound for every price (Lagrangian relaxation).
// Without prices a person can be counted in two regions or in none; the
// subgradient steps move each price toward the value that makes them count
// once. Regions re-solve from their last basis with primal simplex, since a
// price changes only the objective.
LpBound lp_bound_by_region(const Problem& pr, Clock::time_point deadline, double lower) {
  auto seconds_left = [&] {
    return std::max(0.0, std::chrono::duration<double>(deadline - Clock::now()).count());
  };
  struct Region {
    Compact m;
    OsiClpSolverInterface solver;
    double value = 0;
  };
  std::vector<std::unique_ptr<Region>> regions;
  LpBound out;
  double floored = -static_cast<double>(pr.move_offset);
  for (int g = 0; g < pr.regions; ++g) {
    // Out of time: the regions left count every wish granted, still a bound.
    if (seconds_left() <= 0.05) {
      floored += everything_granted_in(pr, g);
      ++out.regions_granted;
      continue;
    }
    auto r = std::make_unique<Region>();
    r->m = build_compact(pr, g);
    r->m.lp.load(r->solver);
    solve_first(r->solver, seconds_left());
    if (r->solver.isProvenPrimalInfeasible()) {
      out.solved = true;
      out.feasible = false;
      return out;
    }
    if (!r->solver.isProvenOptimal()) {
      floored += everything_granted_in(pr, g);
      ++out.regions_granted;
      continue;
    }
    r->value = -r->solver.getObjValue();
    // Each region's share of an assignment's objective is a whole number.
    floored += std::floor(r->value + 1e-6);
    r->solver.setHintParam(OsiDoDualInResolve, false, OsiHintDo);
    regions.push_back(std::move(r));
  }
  out.solved = true;
  out.value = floored;
  // Without a known assignment, aim the first steps 2% below the bound.
  if (!std::isfinite(lower)) lower = floored - 0.02 * std::abs(floored);

  std::vector<int> shared;
  for (int p = 0; p < pr.people; ++p) {
    if (pr.accepts[p].size() > 1) shared.push_back(p);
  }
  std::vector<double> price(pr.people, 0.0), presence(pr.people, 0.0);
  auto hint = [&] {
    std::vector<double> most(pr.people, 0.5);
    out.hint.assign(pr.people, -1);
    for (auto& r : regions) {
      const double* v = r->solver.getColSolution();
      for (int p = 0; p < pr.people; ++p) {
        for (auto& [t, j] : r->m.xs[p]) {
          if (v[j] > most[p]) most[p] = v[j], out.hint[p] = t;
        }
      }
    }
  };
  hint();
  double step_scale = 1.0, best_raw = std::numeric_limits<double>::infinity();
  int since_better = 0;
  // The prices need every region's LP.
  if (out.regions_granted > 0) shared.clear();
  for (int round = 0; round < 60 && !shared.empty(); ++round) {
    double raw = -static_cast<double>(pr.move_offset);
    for (auto& r : regions) raw += r->value;
    for (int p : shared) raw += price[p];
    if (round > 0) out.value = std::min(out.value, std::floor(raw + 1e-6));
    if (raw < best_raw - 1e-6) {
      best_raw = raw;
      since_better = 0;
    } else if (++since_better >= 2) {
      step_scale /= 2;
      since_better = 0;
    }
    if (out.value <= lower || seconds_left() < 0.1 || step_scale < 1e-3) break;
    std::fill(presence.begin(), presence.end(), 0.0);
    for (auto& r : regions) {
      const double* v = r->solver.getColSolution();
      for (int p : shared) {
        for (auto& [t, j] : r->m.xs[p]) presence[p] += v[j];
        for (auto& [h, j] : r->m.ys[p]) presence[p] += v[j];
      }
    }
    double norm = 0;
    for (int p : shared) norm += (1 - presence[p]) * (1 - presence[p]);
    if (norm < 1e-9) break;  // every person counted once: no price can do better
    // Polyak's step toward the known assignment, but never aiming more than
    // 1% below: the LP's own gap is smaller than that, and the construction's
    // assignment can be far below it.
    double aim = std::min(raw - lower, 0.01 * std::abs(raw));
    double step = step_scale * std::max(1.0, aim) / norm;
    for (int p : shared) price[p] -= step * (1 - presence[p]);
    for (auto& r : regions) {
      // The solver minimises the negated objective.
      for (int p : shared) {
        for (auto& [t, j] : r->m.xs[p]) r->solver.setObjCoeff(j, price[p] - pr.gain(p, t));
        for (auto& [h, j] : r->m.ys[p]) r->solver.setObjCoeff(j, price[p]);
      }
      r->solver.getModelPtr()->setMaximumSeconds(std::max(0.05, seconds_left()));
      r->solver.resolve();
      if (!r->solver.isProvenOptimal()) return out;
      r->value = -r->solver.getObjValue();
    }
    hint();
  }
  return out;
}

}  // namespace ploeg::formation::detail
