// One run of COIN-OR CBC's branch and cut as the engines use it: silent,
// wall-clock time limit, an optional node limit (a run that stops on nodes
// gives the same answer on a busy machine as on an idle one), an optional cutoff (only solutions
// below it count), and a proof only when the run did not use up its time — CBC 2.10 cut short
// inside its preprocessing can report "infeasible under the cutoff" without raising its time-limit
// flag, a false proof that the start is optimal (seen at 300 people in the team formation).
#pragma once

#include <optional>

class CbcModel;

namespace ploeg::cbc {

struct RunOutcome {
  bool proven = false;     // optimal, or nothing below the cutoff; and not cut short
  bool cut_short = false;  // the time or node limit was reached (or the time nearly)
};

// `model` is set up (CbcMain0 called, the solver loaded); afterwards its
// bestSolution() and status are CBC's.
// `max_nodes` < 0: no node limit.
RunOutcome run(CbcModel& model, double seconds, std::optional<double> cutoff, int max_nodes = -1);

}  // namespace ploeg::cbc
