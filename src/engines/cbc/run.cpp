#include "engines/cbc/run.hpp"

#include <CbcModel.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace ploeg::cbc {

RunOutcome run(CbcModel& model, double seconds, std::optional<double> cutoff, int max_nodes) {
  std::string limit = std::to_string(std::max(0.05, seconds));
  std::string below = cutoff ? std::to_string(*cutoff) : "";
  std::string nodes = std::to_string(max_nodes);
  std::vector<const char*> argv = {"ploeg",   "-log", "0",          "-timeMode",
                                   "elapsed", "-sec", limit.c_str()};
  if (cutoff) {
    argv.push_back("-cutoff");
    argv.push_back(below.c_str());
  }
  if (max_nodes >= 0) {
    argv.push_back("-maxNodes");
    argv.push_back(nodes.c_str());
  }
  argv.push_back("-solve");
  argv.push_back("-quit");
  auto started = std::chrono::steady_clock::now();
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  RunOutcome out;
  out.cut_short = model.isSecondsLimitReached() || model.isNodeLimitReached() ||
                  took.count() >= 0.9 * std::stod(limit);
  out.proven = !out.cut_short && (model.isProvenOptimal() || model.isProvenInfeasible());
  return out;
}

}  // namespace ploeg::cbc
