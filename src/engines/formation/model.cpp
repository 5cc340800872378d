#include "engines/formation/model.hpp"

#include "engines/cbc/run.hpp"
#include "engines/formation/lp.hpp"

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

// The exact MIP, grouped by friendship clusters. Liked colleagues are joined
// greedily (heaviest pair first) into clusters of at most `cluster_limit`
// people; a binary y[S,t] puts the subset S of a cluster together in team t,
// and every person of a cluster is in exactly one chosen subset. A subset's
// points are its members' gains plus the liked points inside it. Liked pairs
// between clusters keep z[pair,t] <= (a in t), z[pair,t] <= (b in t).
// Why: with x[p,t] per person and z per pair, the LP spreads friendship
// groups over popular teams by halves (a knapsack gap of ~0.4% on the
// generated instances) and CBC needs minutes to close it; with whole subsets
// in the size rows, preprocessing and cuts close most of it at the root
// (300 people: 76 s -> a few seconds to the proven optimum).
struct Column {
  int column = 0;
  int team = 0;
  unsigned members = 0;  // bit k: the cluster's k-th person
};

struct Cluster {
  std::vector<int> people;
  std::vector<Column> columns;
};

constexpr int cluster_limit = 5;

struct Exact {
  Lp lp;
  std::vector<Cluster> clusters;
  std::vector<int> cluster_of, slot_of;  // person -> cluster, position in it
};

std::vector<Cluster> friendship_clusters(const Problem& pr, bool with_pairs,
                                         std::vector<int>& cluster_of) {
  std::vector<std::vector<int>> groups(pr.people);
  cluster_of.resize(pr.people);
  for (int p = 0; p < pr.people; ++p) {
    groups[p] = {p};
    cluster_of[p] = p;
  }
  if (with_pairs) {
    std::vector<const Pair*> heaviest;
    for (auto& pair : pr.pairs) heaviest.push_back(&pair);
    std::stable_sort(heaviest.begin(), heaviest.end(),
                     [](const Pair* a, const Pair* b) { return a->weight > b->weight; });
    for (const Pair* pair : heaviest) {
      int a = cluster_of[pair->a], b = cluster_of[pair->b];
      if (a == b || groups[a].size() + groups[b].size() > cluster_limit) continue;
      if (a > b) std::swap(a, b);
      for (int p : groups[b]) cluster_of[p] = a;
      groups[a].insert(groups[a].end(), groups[b].begin(), groups[b].end());
      groups[b].clear();
    }
  }
  std::vector<Cluster> clusters;
  for (auto& g : groups) {
    if (g.empty()) continue;
    std::sort(g.begin(), g.end());
    for (int p : g) cluster_of[p] = static_cast<int>(clusters.size());
    clusters.push_back({g, {}});
  }
  return clusters;
}

Exact build_exact(const Problem& pr, const MipRequest& request) {
  Exact m;
  auto& lp = m.lp;
  bool with_pairs = !request.fewest_moves;
  const std::vector<int>* ref = request.reference;
  m.clusters = friendship_clusters(pr, with_pairs, m.cluster_of);
  m.slot_of.assign(pr.people, 0);
  for (auto& cluster : m.clusters) {
    int k = static_cast<int>(cluster.people.size());
    for (int i = 0; i < k; ++i) m.slot_of[cluster.people[i]] = i;
    std::vector<int> pair_weight(k * k, 0);
    for (int i = 0; i < k; ++i) {
      for (auto& f : pr.friends[cluster.people[i]]) {
        if (m.cluster_of[f.other] == m.cluster_of[cluster.people[i]])
          pair_weight[i * k + m.slot_of[f.other]] = f.weight;
      }
    }
    for (unsigned subset = 1; subset < (1u << k); ++subset) {
      std::vector<int> teams;
      bool first = true;
      for (int i = 0; i < k; ++i) {
        if (!(subset >> i & 1)) continue;
        auto& e = pr.eligible[cluster.people[i]];
        if (first) {
          teams = e;
          first = false;
        } else {
          std::vector<int> common;
          std::set_intersection(teams.begin(), teams.end(), e.begin(), e.end(),
                                std::back_inserter(common));
          teams = std::move(common);
        }
      }
      int liked = 0;
      for (int i = 0; i < k; ++i) {
        for (int j = i + 1; j < k; ++j) {
          if ((subset >> i & 1) && (subset >> j & 1)) liked += pair_weight[i * k + j];
        }
      }
      for (int t : teams) {
        double objective = 0;
        for (int i = 0; i < k; ++i) {
          if (!(subset >> i & 1)) continue;
          int p = cluster.people[i];
          objective += request.fewest_moves ? (ref && (*ref)[p] == t ? 1 : 0) : pr.gain(p, t);
        }
        if (with_pairs) objective += liked;
        int column =
            lp.col(0, 1, objective, true, mps_name('y', static_cast<long>(lp.columns()), t));
        cluster.columns.push_back({column, t, subset});
      }
    }
  }
  lp.constant = request.fewest_moves ? 0 : -static_cast<double>(pr.move_offset);

  std::vector<int> person_row(pr.people);
  for (int p = 0; p < pr.people; ++p) person_row[p] = lp.row(1, 1);
  std::vector<int> size_row(pr.teams);
  std::vector<std::vector<int>> need_row(pr.teams, std::vector<int>(pr.competences, -1));
  for (int t = 0; t < pr.teams; ++t) {
    size_row[t] = lp.row(pr.min_size[t], pr.max_size[t]);
    for (auto& [c, n] : pr.need[t]) need_row[t][c] = lp.row(n, infinity);
  }
  int moves_row = -1, with_team = 0;
  if (ref && request.max_moves >= 0) {
    // people leaving the reference <= max_moves  <=>  staying >= (with a team) - max_moves
    for (int t : *ref) with_team += t >= 0;
    moves_row = lp.row(with_team - request.max_moves, infinity);
  }
  // (person, team) -> the columns that put them there, for the liked pairs between clusters.
  std::vector<std::vector<std::pair<int, int>>> placing(pr.people);
  std::vector<int> holders(pr.competences);
  for (auto& cluster : m.clusters) {
    for (auto& col : cluster.columns) {
      int size = 0, staying = 0;
      std::fill(holders.begin(), holders.end(), 0);
      for (std::size_t i = 0; i < cluster.people.size(); ++i) {
        if (!(col.members >> i & 1)) continue;
        int p = cluster.people[i];
        ++size;
        lp.at(person_row[p], col.column, 1);
        for (int c : pr.holds[p]) ++holders[c];
        if (ref && (*ref)[p] == col.team) ++staying;
        placing[p].emplace_back(col.team, col.column);
      }
      lp.at(size_row[col.team], col.column, size);
      for (int c = 0; c < pr.competences; ++c) {
        if (holders[c] && need_row[col.team][c] >= 0)
          lp.at(need_row[col.team][c], col.column, holders[c]);
      }
      if (moves_row >= 0 && staying) lp.at(moves_row, col.column, staying);
    }
  }
  if (with_pairs) {
    for (std::size_t i = 0; i < pr.pairs.size(); ++i) {
      auto& pair = pr.pairs[i];
      if (m.cluster_of[pair.a] == m.cluster_of[pair.b]) continue;
      for (int t : pr.eligible[pair.a]) {
        if (!pr.is_eligible(pair.b, t)) continue;
        int z = lp.col(0, 1, pair.weight, false, mps_name('z', static_cast<long>(i), t));
        for (int person : {pair.a, pair.b}) {
          int r = lp.row(-infinity, 0);
          lp.at(r, z, 1);
          for (auto& [team, column] : placing[person]) {
            if (team == t) lp.at(r, column, -1);
          }
        }
      }
    }
  }
  return m;
}

std::vector<double> column_values(const Exact& m, const std::vector<int>& team_of) {
  std::vector<double> v(m.lp.columns(), 0.0);
  for (auto& cluster : m.clusters) {
    for (auto& col : cluster.columns) {
      unsigned there = 0;
      for (std::size_t i = 0; i < cluster.people.size(); ++i) {
        if (team_of[cluster.people[i]] == col.team) there |= 1u << i;
      }
      if (there == col.members) v[col.column] = 1;
    }
  }
  return v;
}

std::vector<int> teams_from_columns(const Problem& pr, const Exact& m, const double* values) {
  std::vector<int> team_of(pr.people, -1);
  for (auto& cluster : m.clusters) {
    for (auto& col : cluster.columns) {
      if (values[col.column] <= 0.5) continue;
      for (std::size_t i = 0; i < cluster.people.size(); ++i) {
        if (col.members >> i & 1) team_of[cluster.people[i]] = col.team;
      }
    }
  }
  return team_of;
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
    auto values = column_values(m, request.start);
    double raw = 0;
    for (int j = 0; j < m.lp.columns(); ++j) raw += m.lp.obj[j] * values[j];
    if (!request.fewest_moves) raw = score(pr, request.start).objective() - m.lp.constant;
    start_value = raw + m.lp.constant;
  }
  // The start becomes a cutoff; ploeg::cbc::run proves nothing from a run cut short.
  std::optional<double> cutoff;
  if (!request.start.empty()) cutoff = -(start_value - m.lp.constant + 0.5);
  MipOutcome out;
  out.proven = cbc::run(model, std::max(0.1, request.seconds), cutoff, request.max_nodes).proven;
  const double* best = model.bestSolution();
  if (best && !model.isProvenInfeasible()) {
    out.found = true;
    out.team_of = teams_from_columns(pr, m, best);
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

}  // namespace ploeg::formation::detail
