#include "engines/cbc/run.hpp"

#include <CbcModel.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace ploeg::cbc {

RunOutcome run(CbcModel& model, double seconds, std::optional<double> cutoff) {
  std::string limit = std::to_string(std::max(0.05, seconds));
  std::string below = cutoff ? std::to_string(*cutoff) : "";
  std::vector<const char*> argv = {"ploeg",   "-log", "0",          "-timeMode",
                                   "elapsed", "-sec", limit.c_str()};
  if (cutoff) {
    argv.push_back("-cutoff");
    argv.push_back(below.c_str());
  }
  argv.push_back("-solve");
  argv.push_back("-quit");
  auto started = std::chrono::steady_clock::now();
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  RunOutcome out;
  out.cut_short = model.isSecondsLimitReached() || took.count() >= 0.9 * std::stod(limit);
  out.proven = !out.cut_short && (model.isProvenOptimal() || model.isProvenInfeasible());
  return out;
}

}  // namespace ploeg::cbc
