#include "engines/formation/model.hpp"

#include <CbcModel.hpp>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinMpsIO.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>

namespace ploeg::formation::detail {
namespace {

// A column or row name for MPS: "x12_3". Built by appending, because GCC 12
// warns falsely (-Wrestrict) on "x" + std::string at -O3.
std::string mps_name(char kind, long a, long b = -1) {
  std::string name(1, kind);
  name += std::to_string(a);
  if (b >= 0) {
    name += '_';
    name += std::to_string(b);
  }
  return name;
}

constexpr double infinity = 1e30;

// A linear program collected as triplets; objective maximised.
struct Lp {
  std::vector<double> col_lo, col_hi, obj;
  std::vector<char> integer;
  std::vector<std::string> col_name;
  std::vector<double> row_lo, row_hi;
  std::vector<int> rows, cols;
  std::vector<double> values;
  double constant = 0;

  int col(double lo, double hi, double objective, bool is_integer, std::string name) {
    col_lo.push_back(lo);
    col_hi.push_back(hi);
    obj.push_back(objective);
    integer.push_back(is_integer);
    col_name.push_back(std::move(name));
    return static_cast<int>(obj.size()) - 1;
  }
  int row(double lo, double hi) {
    row_lo.push_back(lo);
    row_hi.push_back(hi);
    return static_cast<int>(row_lo.size()) - 1;
  }
  void at(int r, int c, double v) {
    rows.push_back(r);
    cols.push_back(c);
    values.push_back(v);
  }
  int columns() const { return static_cast<int>(obj.size()); }

  // Loaded as a minimisation of the negated objective (CBC's native sense).
  void load(OsiClpSolverInterface& solver) const {
    CoinPackedMatrix matrix(true, rows.data(), cols.data(), values.data(),
                            static_cast<CoinBigIndex>(values.size()));
    matrix.setDimensions(static_cast<int>(row_lo.size()), columns());
    std::vector<double> negated(obj.size());
    for (std::size_t j = 0; j < obj.size(); ++j) negated[j] = -obj[j];
    solver.loadProblem(matrix, col_lo.data(), col_hi.data(), negated.data(), row_lo.data(),
                       row_hi.data());
    for (int j = 0; j < columns(); ++j) {
      if (integer[j]) solver.setInteger(j);
    }
  }
};

// The exact MIP. x[p,t] (binary) for every team p accepts; z[pair,t] in [0,1]
// for every team both of a liked pair accept, with z <= x[a,t] and z <= x[b,t]:
// maximising pushes z to 1 exactly when both are in t, so z may stay continuous.
// This per-(pair, team) form has the tightest LP of the usual linearisations
// (z_pq <= x[p,t] - x[q,t] + 1 lets the LP spread both people thinly and count
// the pair as together); its size is pairs x common teams, fine for CBC sizes.
struct Exact {
  Lp lp;
  std::vector<int> first_x;  // person -> first x column; columns follow eligible[p]
};

Exact build_exact(const Problem& pr, const MipRequest& request) {
  Exact m;
  auto& lp = m.lp;
  bool with_pairs = !request.fewest_moves;
  const std::vector<int>* ref = request.reference;
  for (int p = 0; p < pr.people; ++p) {
    m.first_x.push_back(lp.columns());
    for (int t : pr.eligible[p]) {
      double objective = request.fewest_moves ? (ref && (*ref)[p] == t ? 1 : 0) : pr.gain(p, t);
      lp.col(0, 1, objective, true, mps_name('x', p, t));
    }
  }
  lp.constant = request.fewest_moves ? 0 : -static_cast<double>(pr.move_offset);
  auto x = [&](int p, int t) {
    auto& e = pr.eligible[p];
    auto it = std::lower_bound(e.begin(), e.end(), t);
    return (it != e.end() && *it == t) ? m.first_x[p] + static_cast<int>(it - e.begin()) : -1;
  };
  for (int p = 0; p < pr.people; ++p) {
    int r = lp.row(1, 1);
    for (std::size_t k = 0; k < pr.eligible[p].size(); ++k) lp.at(r, m.first_x[p] + k, 1);
  }
  std::vector<int> size_row(pr.teams);
  std::vector<std::vector<int>> need_row(pr.teams, std::vector<int>(pr.competences, -1));
  for (int t = 0; t < pr.teams; ++t) {
    size_row[t] = lp.row(pr.min_size[t], pr.max_size[t]);
    for (auto& [c, n] : pr.need[t]) need_row[t][c] = lp.row(n, infinity);
  }
  for (int p = 0; p < pr.people; ++p) {
    for (int t : pr.eligible[p]) {
      int j = x(p, t);
      lp.at(size_row[t], j, 1);
      for (int c : pr.holds[p]) {
        if (need_row[t][c] >= 0) lp.at(need_row[t][c], j, 1);
      }
    }
  }
  if (ref && request.max_moves >= 0) {
    // people leaving the reference <= max_moves  <=>  staying >= (with a team) - max_moves
    int with_team = 0;
    for (int t : *ref) with_team += t >= 0;
    int r = lp.row(with_team - request.max_moves, infinity);
    for (int p = 0; p < pr.people; ++p) {
      if ((*ref)[p] >= 0 && x(p, (*ref)[p]) >= 0) lp.at(r, x(p, (*ref)[p]), 1);
    }
  }
  if (with_pairs) {
    for (std::size_t i = 0; i < pr.pairs.size(); ++i) {
      auto& pair = pr.pairs[i];
      for (int t : pr.eligible[pair.a]) {
        int xb = x(pair.b, t);
        if (xb < 0) continue;
        int z = lp.col(0, 1, pair.weight, false, mps_name('z', static_cast<long>(i), t));
        int ra = lp.row(-infinity, 0), rb = lp.row(-infinity, 0);
        lp.at(ra, z, 1);
        lp.at(ra, x(pair.a, t), -1);
        lp.at(rb, z, 1);
        lp.at(rb, xb, -1);
      }
    }
  }
  return m;
}

std::vector<double> column_values(const Problem& pr, const Exact& m,
                                  const std::vector<int>& team_of) {
  std::vector<double> v(m.lp.columns(), 0.0);
  for (int p = 0; p < pr.people; ++p) {
    auto& e = pr.eligible[p];
    auto it = std::lower_bound(e.begin(), e.end(), team_of[p]);
    if (it != e.end() && *it == team_of[p]) v[m.first_x[p] + (it - e.begin())] = 1;
  }
  return v;
}

}  // namespace

bool small_enough_for_cbc(const Problem& pr) {
  std::size_t columns = 0;
  for (auto& e : pr.eligible) columns += e.size();
  return pr.people <= 400 && columns <= 40'000;
}

MipOutcome solve_mip(const Problem& pr, const MipRequest& request) {
  Exact m = build_exact(pr, request);
  OsiClpSolverInterface solver;
  m.lp.load(solver);
  for (int j = 0; j < m.lp.columns(); ++j) solver.setColName(j, m.lp.col_name[j]);
  solver.messageHandler()->setLogLevel(0);
  CbcModel model(solver);
  CbcMain0(model);
  model.messageHandler()->setLogLevel(0);
  // The start becomes a cutoff: CBC looks only for strictly better assignments
  // (all scores are whole numbers), so "none better" proves the start optimal.
  // (A MIP start through setMIPStart crashed CBC 2.10 in CglPreProcess.)
  double start_value = 0;
  if (!request.start.empty()) {
    auto values = column_values(pr, m, request.start);
    double raw = 0;
    for (int j = 0; j < m.lp.columns(); ++j) raw += m.lp.obj[j] * values[j];
    if (!request.fewest_moves) raw = score(pr, request.start).objective() - m.lp.constant;
    start_value = raw + m.lp.constant;
  }
  std::string seconds = std::to_string(std::max(0.1, request.seconds));
  std::string cutoff = std::to_string(-(start_value - m.lp.constant + 0.5));
  std::vector<const char*> argv = {"ploeg", "-log",         "0", "-timeMode", "elapsed",
                                   "-sec",  seconds.c_str()};
  if (!request.start.empty()) {
    argv.push_back("-cutoff");
    argv.push_back(cutoff.c_str());
  }
  argv.push_back("-solve");
  argv.push_back("-quit");
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);

  MipOutcome out;
  out.proven = model.isProvenOptimal() || model.isProvenInfeasible();
  const double* best = model.bestSolution();
  if (best && !model.isProvenInfeasible()) {
    out.found = true;
    out.team_of.assign(pr.people, -1);
    for (int p = 0; p < pr.people; ++p) {
      for (std::size_t k = 0; k < pr.eligible[p].size(); ++k) {
        if (best[m.first_x[p] + k] > 0.5) out.team_of[p] = pr.eligible[p][k];
      }
    }
    out.value = -model.getObjValue() + m.lp.constant;
    out.bound = -model.getBestPossibleObjValue() + m.lp.constant;
    if (model.isProvenOptimal()) out.bound = std::min(out.bound, out.value);
  } else if (!request.start.empty()) {
    // Nothing better than the start: it is optimal when CBC proved that.
    out.found = true;
    out.team_of = request.start;
    out.value = start_value;
    out.bound = out.proven ? start_value : -model.getBestPossibleObjValue() + m.lp.constant;
  }
  return out;
}

std::string write_mps(const Problem& pr) {
  Exact m = build_exact(pr, MipRequest{});
  auto& lp = m.lp;
  CoinPackedMatrix matrix(true, lp.rows.data(), lp.cols.data(), lp.values.data(),
                          static_cast<CoinBigIndex>(lp.values.size()));
  matrix.setDimensions(static_cast<int>(lp.row_lo.size()), lp.columns());
  std::vector<double> negated(lp.obj.size());
  for (std::size_t j = 0; j < lp.obj.size(); ++j) negated[j] = -lp.obj[j];
  std::vector<std::string> row_names;
  for (std::size_t r = 0; r < lp.row_lo.size(); ++r)
    row_names.push_back(mps_name('r', static_cast<long>(r)));
  CoinMpsIO writer;
  writer.setProblemName("ploeg_formation");
  writer.setMpsData(matrix, infinity, lp.col_lo.data(), lp.col_hi.data(), negated.data(),
                    lp.integer.data(), lp.row_lo.data(), lp.row_hi.data(), lp.col_name, row_names);
  // Minimising -objective: the constant (people moved) becomes the offset.
  writer.setObjectiveOffset(lp.constant);
  // CoinMpsIO writes only to files: a private temporary one, read back and removed.
  auto path = std::filesystem::temp_directory_path() /
              ("ploeg-formation-" + std::to_string(::getpid()) + "-" +
               std::to_string(reinterpret_cast<std::uintptr_t>(&m)) + ".mps");
  writer.writeMps(path.c_str(), 0, 0, 2);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  std::filesystem::remove(path);
  if (text.str().empty()) throw std::runtime_error("could not write the MPS model");
  return text.str();
}

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
LpBound lp_bound(const Problem& pr, double seconds, int region) {
  Lp lp;
  auto team_in_scope = [&](int t) { return region < 0 || pr.team_region[t] == region; };
  auto person_in_scope = [&](int p) {
    return region < 0 || std::binary_search(pr.accepts[p].begin(), pr.accepts[p].end(), region);
  };
  std::vector<std::vector<std::pair<int, int>>> xs(pr.people);  // (team, column)
  std::vector<std::vector<std::pair<int, int>>> ys(pr.people);  // (region, column)
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

  OsiClpSolverInterface solver;
  lp.load(solver);
  solver.messageHandler()->setLogLevel(0);
  ClpSimplex* clp = solver.getModelPtr();
  clp->setMaximumSeconds(seconds);
  clp->setLogLevel(0);
  ClpSolve how;
  // Barrier then crossover: twice as fast as dual simplex on this degenerate LP.
  how.setSolveType(ClpSolve::useBarrier);
  how.setPresolveType(ClpSolve::presolveOn);
  solver.setSolveOptions(how);
  solver.initialSolve();

  LpBound out;
  if (solver.isProvenPrimalInfeasible()) {
    out.solved = true;
    out.feasible = false;
    return out;
  }
  if (!solver.isProvenOptimal()) return out;
  out.solved = true;
  // Every assignment scores a whole number, so the integer below is a bound too.
  out.value = std::floor(-solver.getObjValue() + lp.constant + 1e-6);
  const double* v = solver.getColSolution();
  out.hint.assign(pr.people, -1);
  for (int p = 0; p < pr.people; ++p) {
    double best = 0.5;
    for (auto& [t, j] : xs[p]) {
      if (v[j] > best) {
        best = v[j];
        out.hint[p] = t;
      }
    }
  }
  return out;
}

}  // namespace ploeg::formation::detail
