#include "engines/capacity/analytic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ploeg::capacity {

double erlang_c(int servers, double a) {
  if (servers <= 0) return 1;
  if (a >= servers) return 1;
  double b = 1;  // Erlang B by its recursion, stable for many servers
  for (int k = 1; k <= servers; ++k) b = a * b / (k + a * b);
  return servers * b / (servers - a * (1 - b));
}

double mmc_wait(int servers, double a, double mean_service) {
  if (a >= servers) return std::numeric_limits<double>::infinity();
  return erlang_c(servers, a) * mean_service / (servers - a);
}

double allen_cunneen_wait(int servers, double a, double mean_service, double ca2, double cs2) {
  return mmc_wait(servers, a, mean_service) * (ca2 + cs2) / 2;
}

namespace {

struct Visit {
  int position;
  bool after_handoff;
  double expected;
};

// Expected visits per position of a route, split by whether the visit follows
// a hand-off to another unit. The case's state is (position, step it last
// finished); probability mass flows through it until it leaves the route.
std::vector<Visit> visits_of(const Model& m, const CaseType& ct, bool functional) {
  std::size_t n = ct.route.size(), s = m.steps.size() + 1;
  std::vector<double> mass(n * s, 0.0), next(n * s);
  std::vector<Visit> out;
  for (std::size_t p = 0; p < n; ++p) {
    out.push_back({static_cast<int>(p), false, 0});
    out.push_back({static_cast<int>(p), true, 0});
  }
  mass[0] = 1;
  for (int wave = 0; wave < 100000; ++wave) {
    double left = 0;
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t prev = 0; prev < s; ++prev) {
        double x = mass[p * s + prev];
        if (x == 0) continue;
        auto& r = ct.route[p];
        double skip = x * (1 - r.probability), go = x * r.probability;
        if (p + 1 < n) next[(p + 1) * s + prev] += skip;
        int step = r.step;
        bool handoff =
            functional && prev > 0 &&
            m.steps[prev - 1].competence != m.steps[static_cast<std::size_t>(step)].competence;
        out[2 * p + (handoff ? 1 : 0)].expected += go;
        std::size_t back = r.rework_to < 0 ? p : static_cast<std::size_t>(r.rework_to);
        next[back * s + static_cast<std::size_t>(step) + 1] += go * r.rework;
        if (p + 1 < n)
          next[(p + 1) * s + static_cast<std::size_t>(step) + 1] += go * (1 - r.rework);
      }
    }
    mass.swap(next);
    for (double x : mass) left += x;
    if (left < 1e-13) break;
  }
  return out;
}

std::string fixed(double v, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

}  // namespace

double dispersion_index(const Model& m) {
  // The weekly arrivals of all case types together: a steady Poisson stream
  // has a variance equal to its mean.
  std::size_t weeks = 0;
  for (auto& ct : m.case_types) weeks = std::max(weeks, ct.arrivals_by_week.size());
  if (weeks < 2) return 1;
  std::vector<double> totals(weeks, 0);
  for (auto& ct : m.case_types) {
    for (std::size_t w = 0; w < weeks; ++w) totals[w] += ct.rate_in_week(static_cast<int>(w));
  }
  double mean = 0, ss = 0;
  for (double x : totals) mean += x;
  mean /= static_cast<double>(weeks);
  for (double x : totals) ss += (x - mean) * (x - mean);
  return mean > 0 ? ss / static_cast<double>(weeks - 1) / mean : 1;
}

std::vector<std::string> not_applicable(const Model& m) {
  std::vector<std::string> out;
  if (m.organisation.form == Form::functional && m.organisation.handoff_batch_hours > 0)
    out.emplace_back("batched_handoffs");
  if (dispersion_index(m) > max_dispersion) out.emplace_back("non_poisson_arrivals");
  return out;
}

Analytic analyse(const Model& m) {
  Analytic result;
  bool functional = m.organisation.form == Form::functional;
  int teams = std::max(1, m.organisation.teams);
  double extra = functional ? m.organisation.handoff_extra_hours : 0;
  std::size_t k_count = m.competences.size();
  std::vector<double> rate(k_count, 0), first(k_count, 0), second(k_count, 0);
  std::vector<std::vector<Visit>> all_visits;
  for (auto& ct : m.case_types) {
    double per_hour = ct.mean_rate() / m.simulation.hours_per_week / teams;
    result.arrivals_per_hour += per_hour * teams;
    auto visits = visits_of(m, ct, functional);
    for (auto& v : visits) {
      if (v.expected == 0) continue;
      auto& step =
          m.steps[static_cast<std::size_t>(ct.route[static_cast<std::size_t>(v.position)].step)];
      if (no_work(step)) continue;  // loads nobody
      auto k = static_cast<std::size_t>(step.competence);
      double speed = pool_of(m, step.competence).speed;
      double mean = (step.service.mean_hours + (v.after_handoff ? extra : 0)) / speed;
      double sd = step.service.cv * step.service.mean_hours / speed;
      double lambda = per_hour * v.expected;
      rate[k] += lambda;
      first[k] += lambda * mean;
      second[k] += lambda * (sd * sd + mean * mean);
    }
    all_visits.push_back(std::move(visits));
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    AnalyticPool p;
    p.competence = static_cast<int>(k);
    p.pool = pool_of(m, p.competence);
    p.arrivals_per_hour = rate[k];
    if (rate[k] > 0) {
      p.mean_service_hours = first[k] / rate[k];
      double es2 = second[k] / rate[k];
      p.service_scv = es2 / (p.mean_service_hours * p.mean_service_hours) - 1;
    }
    p.offered_load = rate[k] * p.mean_service_hours;
    p.utilisation = p.pool.servers > 0
                        ? p.offered_load / p.pool.servers
                        : (p.offered_load > 0 ? std::numeric_limits<double>::infinity() : 0);
    p.stable = p.offered_load == 0 || p.offered_load < p.pool.servers * (1 - 1e-12);
    // Arrivals at every pool are taken to be as random as Poisson's (ca^2 = 1):
    // exact for exponential steps (Burke), an approximation otherwise.
    bool exponential = std::abs(p.service_scv - 1) < 1e-9;
    p.method = exponential ? "erlang-c" : "allen-cunneen";
    if (p.stable && p.offered_load > 0) {
      p.wait_probability = erlang_c(p.pool.servers, p.offered_load);
      p.mean_wait_hours = allen_cunneen_wait(p.pool.servers, p.offered_load, p.mean_service_hours,
                                             1, p.service_scv);
    } else if (!p.stable) {
      p.wait_probability = 1;
      p.mean_wait_hours = std::numeric_limits<double>::infinity();
      result.stable = false;
      auto& c = m.competences[k];
      double needed = p.offered_load * p.pool.speed * teams / c.availability;  // FTE
      result.unstable.push_back(c.name + " is overloaded: its work needs " + fixed(needed, 1) +
                                " FTE and it has " + fixed(c.fte, 1) +
                                (teams > 1 ? " (over " + std::to_string(teams) + " teams)" : "") +
                                ", so its queue grows without limit; give it at least " +
                                fixed(std::floor(needed - c.fte) + 1, 0) + " FTE more");
    }
    result.pools.push_back(p);
  }
  double weighted = 0;
  for (std::size_t c = 0; c < m.case_types.size(); ++c) {
    auto& ct = m.case_types[c];
    AnalyticCaseType a;
    a.visits.assign(ct.route.size(), 0);
    double total = 0;
    for (auto& v : all_visits[c]) {
      if (v.expected == 0) continue;
      auto pos = static_cast<std::size_t>(v.position);
      a.visits[pos] += v.expected;
      // The throughput time ends with the decision; later steps are load only.
      if (ct.decision_position >= 0 && v.position > ct.decision_position) continue;
      auto& step = m.steps[static_cast<std::size_t>(ct.route[pos].step)];
      auto& pool = result.pools[static_cast<std::size_t>(step.competence)];
      if (no_work(step)) {
        total += v.expected * step.delay.mean_hours;
        continue;
      }
      double service = (step.service.mean_hours + (v.after_handoff ? extra : 0)) / pool.pool.speed;
      total += v.expected * (pool.mean_wait_hours + service + step.delay.mean_hours);
      if (v.after_handoff) {
        a.handoffs += v.expected;
        total += v.expected * m.organisation.handoff_batch_hours / 2;  // mean wait for the batch
      }
    }
    a.mean_throughput_hours = total;
    weighted += ct.mean_rate() / m.simulation.hours_per_week * total;
    result.case_types.push_back(std::move(a));
  }
  if (result.arrivals_per_hour > 0) {
    result.mean_throughput_hours = weighted / result.arrivals_per_hour;
    result.mean_in_system = weighted;
  }
  result.not_applicable = not_applicable(m);
  return result;
}

}  // namespace ploeg::capacity
