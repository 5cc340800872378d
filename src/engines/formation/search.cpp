#include "engines/formation/search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engines/formation/random.hpp"

namespace ploeg::formation::detail {
namespace {

struct Delta {
  std::int64_t violation = 0, objective = 0, moved = 0;
};

// The assignment with its team sizes, competence counts, violation, objective
// and moves kept up to date move by move.
class State {
 public:
  State(const Problem& pr, std::vector<int> team_of, const std::vector<int>* reference)
      : pr_(pr), reference_(reference), team_of_(std::move(team_of)) {
    size_.assign(pr.teams, 0);
    have_.assign(static_cast<std::size_t>(pr.teams) * pr.competences, 0);
    members_.resize(pr.teams);
    position_.assign(pr.people, -1);
    for (int p = 0; p < pr.people; ++p) {
      if (int t = team_of_[p]; t >= 0) add(p, t);
    }
    violation_ = detail::violation(pr, team_of_);
    objective_ = score(pr, team_of_).objective();
    for (int p = 0; p < pr.people; ++p) moved_ += moved_from_reference(p, team_of_[p]);
  }

  const std::vector<int>& team_of() const { return team_of_; }
  std::int64_t violation() const { return violation_; }
  std::int64_t objective() const { return objective_; }
  std::int64_t moved() const { return moved_; }
  int size(int t) const { return size_[t]; }
  const std::vector<int>& members(int t) const { return members_[t]; }
  int have(int t, int c) const { return have_[static_cast<std::size_t>(t) * pr_.competences + c]; }

  Delta delta(int p, int b) const {
    Delta d;
    int a = team_of_[p];
    if (a == b) return d;
    if (a < 0 || !pr_.is_eligible(p, a)) d.violation -= 1;
    if (a >= 0) {
      d.violation += size_violation(a, size_[a] - 1) - size_violation(a, size_[a]);
      for (int c : pr_.holds[p]) {
        int n = pr_.need_of[a][c];
        if (n > 0) d.violation += std::max(0, n - have(a, c) + 1) - std::max(0, n - have(a, c));
      }
      d.objective -= pr_.gain(p, a);
    }
    d.violation += size_violation(b, size_[b] + 1) - size_violation(b, size_[b]);
    for (int c : pr_.holds[p]) {
      int n = pr_.need_of[b][c];
      if (n > 0) d.violation += std::max(0, n - have(b, c) - 1) - std::max(0, n - have(b, c));
    }
    d.objective += pr_.gain(p, b);
    for (auto& f : pr_.friends[p]) {
      int u = team_of_[f.other];
      if (u == b) d.objective += f.weight;
      if (u >= 0 && u == a) d.objective -= f.weight;
    }
    d.moved = moved_from_reference(p, b) - moved_from_reference(p, a);
    return d;
  }

  void apply(int p, int b, const Delta& d) {
    if (team_of_[p] >= 0) remove(p, team_of_[p]);
    add(p, b);
    team_of_[p] = b;
    violation_ += d.violation;
    objective_ += d.objective;
    moved_ += d.moved;
  }

  // Swapping p (in a) and q (in b) as two moves; returns their summed delta.
  Delta swap_delta(int p, int q) {
    int a = team_of_[p], b = team_of_[q];
    Delta first = delta(p, b);
    apply(p, b, first);
    Delta second = delta(q, a);
    Delta back = delta(p, a);
    apply(p, a, back);
    return {first.violation + second.violation, first.objective + second.objective,
            first.moved + second.moved};
  }

 private:
  int size_violation(int t, int s) const {
    return std::max(0, pr_.min_size[t] - s) + std::max(0, s - pr_.max_size[t]);
  }
  int moved_from_reference(int p, int t) const {
    return reference_ && (*reference_)[p] >= 0 && (*reference_)[p] != t ? 1 : 0;
  }
  void add(int p, int t) {
    ++size_[t];
    for (int c : pr_.holds[p]) ++have_[static_cast<std::size_t>(t) * pr_.competences + c];
    position_[p] = static_cast<int>(members_[t].size());
    members_[t].push_back(p);
  }
  void remove(int p, int t) {
    --size_[t];
    for (int c : pr_.holds[p]) --have_[static_cast<std::size_t>(t) * pr_.competences + c];
    int last = members_[t].back();
    members_[t][position_[p]] = last;
    position_[last] = position_[p];
    members_[t].pop_back();
    position_[p] = -1;
  }

  const Problem& pr_;
  const std::vector<int>* reference_;
  std::vector<int> team_of_, size_, have_, position_;
  std::vector<std::vector<int>> members_;
  std::int64_t violation_ = 0, objective_ = 0, moved_ = 0;
};

// Lexicographic costs: violations outweigh moves, which outweigh the objective.
struct Costs {
  double moved = 0, violation = 0;
  double of(const Delta& d) const {
    return violation * static_cast<double>(d.violation) + moved * static_cast<double>(d.moved) -
           static_cast<double>(d.objective);
  }
};

Costs costs_for(const Problem& pr, bool with_reference) {
  double range = 1;
  for (int p = 0; p < pr.people; ++p) {
    range += std::max({pr.weights.first, pr.weights.second, pr.weights.third, 0}) + pr.weights.move;
  }
  for (auto& pair : pr.pairs) range += pair.weight;
  Costs costs;
  costs.moved = with_reference ? range : 0;
  costs.violation = (costs.moved + 1) * (pr.people + 1) + range;
  return costs;
}

// Teams by competence they lack: people holding scarce competences go first,
// each to the team where they fill a gap or else score most.
std::vector<int> construct(const Problem& pr, const std::vector<int>& hint, Random& random) {
  std::vector<int> team_of(pr.people, -1);
  State state(pr, team_of, nullptr);
  for (int p = 0; p < static_cast<int>(hint.size()); ++p) {
    if (hint[p] >= 0 && state.size(hint[p]) < pr.max_size[hint[p]]) {
      state.apply(p, hint[p], state.delta(p, hint[p]));
    }
  }
  std::vector<int> holders(pr.competences, 0);
  for (int p = 0; p < pr.people; ++p) {
    for (int c : pr.holds[p]) ++holders[c];
  }
  std::vector<std::pair<double, int>> order;
  for (int p = 0; p < pr.people; ++p) {
    if (state.team_of()[p] >= 0) continue;
    double scarcity = 0;
    for (int c : pr.holds[p]) scarcity = std::max(scarcity, 1.0 / (1 + holders[c]));
    order.emplace_back(-scarcity * 1e6 + static_cast<double>(pr.eligible[p].size()) + random.unit(),
                       p);
  }
  std::sort(order.begin(), order.end());
  for (auto& [key, p] : order) {
    int best = -1;
    double best_value = -std::numeric_limits<double>::infinity();
    for (int t : pr.eligible[p]) {
      Delta d = state.delta(p, t);
      double room = state.size(t) < pr.max_size[t] ? 0 : -1e6;
      double value =
          room - 1e3 * static_cast<double>(d.violation) + static_cast<double>(d.objective);
      if (value > best_value) {
        best_value = value;
        best = t;
      }
    }
    state.apply(p, best, state.delta(p, best));
  }
  return state.team_of();
}

// Targeted repair: for each shortfall the single move or swap that lowers the
// cost most, until no violation is left or none of them helps.
void repair(const Problem& pr, State& state, const Costs& costs,
            const std::vector<std::vector<int>>& candidates,
            std::chrono::steady_clock::time_point deadline) {
  while (state.violation() > 0 && std::chrono::steady_clock::now() < deadline) {
    bool improved = false;
    auto try_best = [&](auto&& each_option) {
      double best = -1e-9;
      int bp = -1, bq = -1, bt = -1;
      each_option([&](int p, int t, int q) {
        double c;
        if (q >= 0) {
          if (!pr.is_eligible(q, state.team_of()[p]) || state.team_of()[p] < 0) return;
          c = costs.of(state.swap_delta(p, q));
        } else {
          c = costs.of(state.delta(p, t));
        }
        if (c < best) {
          best = c;
          bp = p, bq = q, bt = t;
        }
      });
      if (bp < 0) return;
      if (bq >= 0) {
        int a = state.team_of()[bp], b = state.team_of()[bq];
        state.apply(bp, b, state.delta(bp, b));
        state.apply(bq, a, state.delta(bq, a));
      } else {
        state.apply(bp, bt, state.delta(bp, bt));
      }
      improved = true;
    };
    for (int p = 0; p < pr.people; ++p) {
      int t = state.team_of()[p];
      if (t >= 0 && pr.is_eligible(p, t)) continue;
      try_best([&](auto&& option) {
        for (int u : pr.eligible[p]) option(p, u, -1);
      });
    }
    for (int t = 0; t < pr.teams; ++t) {
      bool short_of = state.size(t)<pr.min_size[t], over = state.size(t)> pr.max_size[t];
      bool lacking = false;
      for (auto& [c, n] : pr.need[t]) lacking |= state.have(t, c) < n;
      if (!short_of && !over && !lacking) continue;
      try_best([&](auto&& option) {
        if (over) {
          for (int p : state.members(t)) {
            for (int u : pr.eligible[p]) option(p, u, -1);
          }
        }
        for (int p : candidates[t]) {
          if (state.team_of()[p] == t) continue;
          option(p, t, -1);
          if (lacking) {
            for (int q : state.members(t)) option(p, t, q);
          }
        }
      });
    }
    if (!improved) break;
  }
}

}  // namespace

SearchOutcome search(const Problem& pr, const SearchRequest& request) {
  Random random{request.seed * 0x2545f4914f6cdd1dULL + 1};
  std::vector<int> start =
      request.start.empty() ? construct(pr, request.hint, random) : request.start;
  Costs costs = costs_for(pr, request.reference != nullptr);
  State state(pr, std::move(start), request.reference);

  std::vector<std::vector<int>> candidates(pr.teams);
  for (int p = 0; p < pr.people; ++p) {
    for (int t : pr.eligible[p]) candidates[t].push_back(p);
  }
  repair(pr, state, costs, candidates, request.deadline);
  if (request.progress) {
    request.progress(0.1, state.violation() == 0 ? "a feasible assignment found, improving"
                                                 : "no feasible assignment found yet");
  }

  // Simulated annealing on the lexicographic cost; never accepts a new violation.
  // The moves since the best assignment so far, undone at the end: cheaper
  // than copying every assignment that improves on the best.
  std::vector<std::pair<int, int>> since_best, trial;
  std::int64_t best_violation = state.violation(), best_moved = state.moved();
  std::int64_t best_objective = state.objective();
  const std::int64_t steps = static_cast<std::int64_t>(request.effort * 2000.0 * pr.people);
  const double hot = 2.0, cold = 0.05;
  for (std::int64_t step = 0; step < steps; ++step) {
    if ((step & 4095) == 0) {
      if (std::chrono::steady_clock::now() >= request.deadline) break;
      if (request.target >= 0 && best_violation == 0 && best_objective >= request.target &&
          best_moved == 0) {
        break;
      }
      if (request.progress && (step & ((1 << 18) - 1)) == 0 && step > 0) {
        request.progress(0.1 + 0.9 * static_cast<double>(step) / static_cast<double>(steps),
                         "improving: objective " + std::to_string(best_objective));
      }
    }
    double temperature =
        hot * std::pow(cold / hot, static_cast<double>(step) / static_cast<double>(steps));
    int p = random.below(pr.people);
    int a = state.team_of()[p];
    auto& friends = pr.friends[p];
    int b = -1;
    double pick = random.unit();
    if (pick < 0.4 && pr.preferred[p][0] >= 0) {
      int k = random.below(3);
      b = pr.preferred[p][k] >= 0 ? pr.preferred[p][k] : pr.preferred[p][0];
    } else if (pick < 0.7 && !friends.empty()) {
      b = state.team_of()[friends[random.below(friends.size())].other];
    } else if (pick < 0.8 && pr.current[p] >= 0) {
      b = pr.current[p];
    } else {
      b = pr.eligible[p][random.below(pr.eligible[p].size())];
    }
    if (a < 0 || b < 0 || b == a || !pr.is_eligible(p, b)) continue;
    // Now and then p takes a liked colleague from the same team along: a
    // pair that only gains together, which single moves never find.
    int buddy = -1;
    if (!friends.empty() && random.unit() < 0.25) {
      int f = friends[random.below(friends.size())].other;
      if (state.team_of()[f] == a && pr.is_eligible(f, b)) buddy = f;
    }
    bool full = state.size(b) >= pr.max_size[b];
    int q = -1;
    if (full || random.unit() < 0.3) {
      auto& members = state.members(b);
      if (members.empty()) continue;
      q = members[random.below(members.size())];
      if (!pr.is_eligible(q, a)) continue;
    }
    if (buddy < 0) {
      Delta d = q >= 0 ? state.swap_delta(p, q) : state.delta(p, b);
      if (d.violation > 0 || (state.violation() == 0 && d.violation != 0)) continue;
      double c = costs.of(d);
      if (c > 0 && random.unit() >= std::exp(-c / temperature)) continue;
      since_best.emplace_back(p, a);
      if (q >= 0) {
        since_best.emplace_back(q, b);
        state.apply(p, b, state.delta(p, b));
        state.apply(q, a, state.delta(q, a));
      } else {
        state.apply(p, b, d);
      }
    } else {
      // Tentatively: p and buddy to b, and as many of b back to a as b overflows.
      trial.clear();
      Delta total;
      auto move = [&](int x, int t) {
        Delta d = state.delta(x, t);
        trial.emplace_back(x, state.team_of()[x]);
        state.apply(x, t, d);
        total.violation += d.violation;
        total.objective += d.objective;
        total.moved += d.moved;
      };
      move(p, b);
      move(buddy, b);
      if (q >= 0 && q != buddy) move(q, a);
      if (state.size(b) > pr.max_size[b]) {
        auto& members = state.members(b);
        int r = members[random.below(members.size())];
        if (r != p && r != buddy && pr.is_eligible(r, a)) move(r, a);
      }
      bool keep = !(total.violation > 0 ||
                    (state.violation() - total.violation == 0 && total.violation != 0));
      double c = costs.of(total);
      if (keep && c > 0 && random.unit() >= std::exp(-c / temperature)) keep = false;
      if (!keep) {
        for (auto it = trial.rbegin(); it != trial.rend(); ++it) {
          state.apply(it->first, it->second, state.delta(it->first, it->second));
        }
        continue;
      }
      since_best.insert(since_best.end(), trial.begin(), trial.end());
    }
    bool better = state.violation() < best_violation ||
                  (state.violation() == best_violation &&
                   (state.moved() < best_moved ||
                    (state.moved() == best_moved && state.objective() > best_objective)));
    if (better) {
      best_violation = state.violation();
      best_moved = state.moved();
      best_objective = state.objective();
      since_best.clear();
    }
  }
  std::vector<int> best = state.team_of();
  for (auto it = since_best.rbegin(); it != since_best.rend(); ++it) best[it->first] = it->second;
  return {best, best_violation, best_moved};
}

}  // namespace ploeg::formation::detail
