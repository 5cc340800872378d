#include "engines/roster/exact.hpp"

#include <CbcModel.hpp>
#include <CoinLpIO.hpp>
#include <OsiClpSolverInterface.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "engines/cbc/run.hpp"
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
  std::optional<double> cutoff;
  if (start_score.usable()) cutoff = lp.constant - start_objective - 0.5;
  out.proven = cbc::run(model, seconds, cutoff).proven;
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
