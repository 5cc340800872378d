#include "engines/roster/exact.hpp"

#include <CbcModel.hpp>
#include <CoinLpIO.hpp>
#include <OsiClpSolverInterface.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engines/roster/lp.hpp"

namespace ploeg::roster {

Exact solve_exact(const Week& w, const Assignment& start, double seconds) {
  Exact out;
  auto lp = write_lp(w);
  // The LP text read from memory: the same model the tests hand to the cbc program.
  std::string text = lp.text;
  FILE* in = fmemopen(text.data(), text.size(), "r");
  if (!in) return out;
  CoinLpIO reader;
  reader.messageHandler()->setLogLevel(0);
  reader.readLp(in);  // CoinLpIO closes the file when it is done with it
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(*reader.getMatrixByRow(), reader.getColLower(), reader.getColUpper(),
                     reader.getObjCoefficients(), reader.getRowLower(), reader.getRowUpper());
  for (int j = 0; j < reader.getNumCols(); ++j) {
    if (reader.isInteger(j)) solver.setInteger(j);
    solver.setColName(j, reader.columnName(j));
  }
  CbcModel model(solver);
  CbcMain0(model);
  model.messageHandler()->setLogLevel(0);
  // A usable start is a cutoff (objectives are whole numbers): only better
  // plans count. A start that breaks a hard limit is no start at all.
  auto start_score = evaluate(w, start);
  double start_objective = start_score.objective();
  std::string cutoff = std::to_string(lp.constant - start_objective - 0.5);
  std::string limit = std::to_string(std::max(0.05, seconds));
  std::vector<const char*> argv = {"ploeg",   "-log", "0",          "-timeMode",
                                   "elapsed", "-sec", limit.c_str()};
  if (start_score.usable()) {
    argv.push_back("-cutoff");
    argv.push_back(cutoff.c_str());
  }
  argv.push_back("-solve");
  argv.push_back("-quit");
  auto started = std::chrono::steady_clock::now();
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  // As in the team formation: a run that used up its time proves nothing.
  bool cut_short = model.isSecondsLimitReached() || took.count() >= 0.9 * std::stod(limit);
  out.proven = !cut_short && (model.isProvenOptimal() || model.isProvenInfeasible());
  const double* best = model.bestSolution();
  if (!best || model.isProvenInfeasible()) return out;
  Assignment a = start;
  for (std::size_t m = 0; m < w.members.size(); ++m) {
    for (std::size_t d = 0; d < w.days.size(); ++d) {
      if (w.members[m].works[d] && !w.members[m].fixed[d]) a.place[m][d] = Place::off;
    }
  }
  a.appointment_member.assign(w.appointments.size(), -1);
  for (int j = 0; j < solver.getNumCols(); ++j) {
    if (best[j] < 0.5) continue;
    auto name = solver.getColName(j);
    int i = 0, k = 0;
    char place[16] = {0};
    if (std::sscanf(name.c_str(), "x_%d_%d_%15s", &i, &k, place) == 3) {
      if (auto p = place_named(place))
        a.place[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)] = *p;
    } else if (std::sscanf(name.c_str(), "y_%d_%d", &i, &k) == 2) {
      a.appointment_member[static_cast<std::size_t>(i)] = k;
    }
  }
  // Only a plan the checks accept and that is better replaces the start.
  auto score = evaluate(w, a);
  if (score.usable() && (!start_score.usable() || score.objective() > start_objective))
    out.better = std::move(a);
  return out;
}

}  // namespace ploeg::roster
