#include "engines/capacity/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engines/capacity/calendar.hpp"
#include "engines/capacity/random.hpp"

namespace ploeg::capacity {

double t95(int df) {
  // Two-sided 95% quantiles of Student's t (published tables), then the
  // Cornish-Fisher expansion, which is within 1e-4 of the table beyond 30.
  static const double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                 2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                 2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                 2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0;
  if (df <= 30) return table[df];
  double z = 1.959964, n = df;
  return z + (z * z * z + z) / (4 * n) +
         (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

Estimate estimate(const std::vector<double>& xs) {
  Estimate e;
  if (xs.empty()) return e;
  double sum = 0;
  for (double x : xs) sum += x;
  e.mean = sum / static_cast<double>(xs.size());
  if (xs.size() < 2) return e.low = e.high = e.mean, e;
  double ss = 0;
  for (double x : xs) ss += (x - e.mean) * (x - e.mean);
  double half = t95(static_cast<int>(xs.size()) - 1) *
                std::sqrt(ss / static_cast<double>(xs.size() - 1) / static_cast<double>(xs.size()));
  e.low = e.mean - half;
  e.high = e.mean + half;
  return e;
}

namespace {

using detail::Calendar;
using detail::Event;
using detail::Random;

enum Kind : std::uint32_t {
  arrival = 0,
  completion = 1,
  handoff = 2,
  delay_over = 3,
  person_back = 4  // a person of Model::people is free again
};
constexpr int kind_shift = 29;

struct Case {
  double arrived;
  double queued;  // when it joined its current queue
  int type;
  int team;
  int position;   // on its route
  int last_step;  // the step it last finished, -1 none
  int next;       // the position it goes on to when its delay is over
  bool counted;   // arrived inside the measured window
  bool decided;
};

// A first-in-first-out queue of case numbers that grows by doubling.
class Ring {
 public:
  bool empty() const { return size_ == 0; }
  void push(int x) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = x;
    ++size_;
  }
  int front() const { return items_[head_]; }
  int pop() {
    int x = items_[head_];
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
    return x;
  }

 private:
  void grow() {
    std::vector<int> bigger(std::max<std::size_t>(16, items_.size() * 2));
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
    items_.swap(bigger);
    head_ = 0;
  }
  std::vector<int> items_;
  std::size_t head_ = 0, size_ = 0;
};

struct PoolState {
  int servers = 0, busy = 0;
  double speed = 1;
  double last = 0, busy_area = 0;
  Ring queue;
};

// One replication's raw figures.
struct Replication {
  std::vector<double> step_wait_sum, step_visits, competence_wait_sum, competence_waits,
      competence_busy;
  std::vector<std::vector<double>> throughput;  // per case type, hours
  std::vector<double> open_at_week_end;
  double in_system_area = 0;
  double counted_arrivals = 0;
  std::int64_t events = 0;
};

class Run {
 public:
  // `team` tells the random streams of the teams apart when each runs on its own.
  Run(const Model& m, const SimulationOptions& options, int replication, std::uint64_t team)
      : m_(m),
        by_decision_(options.count_by_decision),
        teams_(std::max(1, m.organisation.teams)),
        competences_(m.competences.size()),
        functional_(m.organisation.form == Form::functional),
        week_(m.simulation.hours_per_week),
        start_(m.simulation.warmup_weeks * week_),
        end_(m.simulation.horizon_weeks * week_),
        routing_(m.simulation.seed, static_cast<std::uint64_t>(replication), team << 32),
        people_(m.people.size()) {
    for (std::size_t c = 0; c < m.case_types.size(); ++c)
      arrivals_.emplace_back(m.simulation.seed, replication, (team << 32) + 1 + c);
    for (std::size_t s = 0; s < m.steps.size(); ++s)
      service_.emplace_back(m.simulation.seed, replication, (team << 32) + 1000 + s);
    for (std::size_t s = 0; s < m.steps.size(); ++s)
      delay_.emplace_back(m.simulation.seed, replication, (team << 32) + 2000 + s);
    pools_.resize(static_cast<std::size_t>(teams_) * competences_);
    for (int t = 0; t < teams_; ++t) {
      for (std::size_t k = 0; k < competences_; ++k) {
        auto pool = pool_of(m, static_cast<int>(k));
        auto& p = pools_[static_cast<std::size_t>(t) * competences_ + k];
        p.servers = pool.servers;
        p.speed = pool.speed;
      }
    }
    out_.step_wait_sum.assign(m.steps.size(), 0);
    out_.step_visits.assign(m.steps.size(), 0);
    out_.competence_wait_sum.assign(competences_, 0);
    out_.competence_waits.assign(competences_, 0);
    out_.competence_busy.assign(competences_, 0);
    out_.throughput.resize(m.case_types.size());
    calendar_.reserve(1024);
  }

  Replication run() {
    for (std::size_t c = 0; c < m_.case_types.size(); ++c) schedule_arrival(static_cast<int>(c), 0);
    double next_week_end = week_;
    int weeks = m_.simulation.horizon_weeks;
    while (!calendar_.empty()) {
      Event e = calendar_.take();
      while (e.time >= next_week_end && static_cast<int>(out_.open_at_week_end.size()) < weeks) {
        account_in_system(next_week_end);
        out_.open_at_week_end.push_back(in_system_);
        next_week_end += week_;
      }
      account_in_system(e.time);
      now_ = e.time;
      ++out_.events;
      std::uint32_t kind = e.what >> kind_shift, x = e.what & ((1u << kind_shift) - 1);
      if (kind == arrival)
        arrive(static_cast<int>(x));
      else if (kind == completion)
        complete(static_cast<int>(x));
      else if (kind == handoff)
        enter_pool(static_cast<int>(x));
      else if (kind == delay_over)
        route(static_cast<int>(x), cases_[x].next);
      else
        back(static_cast<int>(x));
    }
    while (static_cast<int>(out_.open_at_week_end.size()) < weeks)
      out_.open_at_week_end.push_back(0);
    for (std::size_t i = 0; i < pools_.size(); ++i) {
      account_busy(pools_[i], end_);
      out_.competence_busy[i % competences_] += pools_[i].busy_area;
    }
    return std::move(out_);
  }

 private:
  void push(double time, std::uint32_t kind, int x) {
    calendar_.push({time, seq_++, kind << kind_shift | static_cast<std::uint32_t>(x)});
  }

  // Overlap of [from, to) with the measured window.
  double in_window(double from, double to) const {
    double a = std::max(from, start_), b = std::min(to, end_);
    return b > a ? b - a : 0;
  }
  void account_in_system(double t) {
    out_.in_system_area += in_system_ * in_window(last_in_system_, t);
    last_in_system_ = t;
  }
  void account_busy(PoolState& p, double t) {
    p.busy_area += p.busy * in_window(p.last, t);
    p.last = t;
  }

  // The next arrival of a case type after `from`: Poisson at the week's rate,
  // restarted at each week boundary (memoryless), none after the horizon.
  void schedule_arrival(int type, double from) {
    auto& ct = m_.case_types[static_cast<std::size_t>(type)];
    auto& random = arrivals_[static_cast<std::size_t>(type)];
    double t = from;
    while (t < end_) {
      int week = static_cast<int>(t / week_);
      double boundary = (week + 1) * week_;
      double rate = ct.rate_in_week(week) / week_;  // per hour, all teams
      if (rate > 0) {
        double next = t + random.exponential(1 / rate);
        if (next < boundary) {
          if (next < end_) push(next, arrival, type);
          return;
        }
      }
      t = boundary;
    }
  }

  int new_case() {
    if (!free_.empty()) {
      int id = free_.back();
      free_.pop_back();
      return id;
    }
    cases_.push_back({});
    return static_cast<int>(cases_.size() - 1);
  }

  void arrive(int type) {
    schedule_arrival(type, now_);
    int id = new_case();
    auto& c = cases_[static_cast<std::size_t>(id)];
    c.arrived = now_;
    c.type = type;
    c.team = teams_ > 1 ? arrivals_[static_cast<std::size_t>(type)].below(teams_) : 0;
    c.position = 0;
    c.last_step = -1;
    c.next = 0;
    c.decided = false;
    c.counted = now_ >= start_;
    if (c.counted) out_.counted_arrivals += 1;
    ++in_system_;
    route(id, 0);
  }

  // Moves the case to the first position from `position` on that it needs,
  // or out of the system when there is none.
  void route(int id, int position) {
    auto& c = cases_[static_cast<std::size_t>(id)];
    auto& r = m_.case_types[static_cast<std::size_t>(c.type)].route;
    auto n = static_cast<int>(r.size());
    while (position < n && r[static_cast<std::size_t>(position)].probability < 1 &&
           !routing_.chance(r[static_cast<std::size_t>(position)].probability))
      ++position;
    int decision = m_.case_types[static_cast<std::size_t>(c.type)].decision_position;
    if (!c.decided && (position == n || (decision >= 0 && position > decision))) decide(c);
    if (position == n) {
      free_.push_back(id);
      return;
    }
    c.position = position;
    auto& rs = r[static_cast<std::size_t>(position)];
    if (no_work(m_.steps[static_cast<std::size_t>(rs.step)])) {
      // Nobody of the team works on it (an outside doctor's report): its delay only.
      c.last_step = rs.step;
      go_on(id, rs, position + 1);
      return;
    }
    if (functional_ && c.last_step >= 0 && crosses_units(c)) {
      double batch = m_.organisation.handoff_batch_hours;
      double release = batch > 0 ? (std::floor(now_ / batch) + 1) * batch : now_;
      push(release, handoff, id);
      return;
    }
    enter_pool(id);
  }

  // The case is decided now: its throughput time counts when it arrived in
  // the measured window (or, by_decision_, when it is decided in it), and it
  // leaves the backlog.
  void decide(Case& c) {
    c.decided = true;
    --in_system_;
    bool counted = by_decision_ ? now_ >= start_ && now_ < end_ : c.counted;
    if (counted) out_.throughput[static_cast<std::size_t>(c.type)].push_back(now_ - c.arrived);
  }

  bool crosses_units(const Case& c) const {
    int next = m_.case_types[static_cast<std::size_t>(c.type)]
                   .route[static_cast<std::size_t>(c.position)]
                   .step;
    return m_.steps[static_cast<std::size_t>(next)].competence !=
           m_.steps[static_cast<std::size_t>(c.last_step)].competence;
  }

  PoolState& pool_for(const Case& c, int& competence) {
    int step = m_.case_types[static_cast<std::size_t>(c.type)]
                   .route[static_cast<std::size_t>(c.position)]
                   .step;
    competence = m_.steps[static_cast<std::size_t>(step)].competence;
    return pools_[static_cast<std::size_t>(c.team) * competences_ +
                  static_cast<std::size_t>(competence)];
  }

  void enter_pool(int id) {
    auto& c = cases_[static_cast<std::size_t>(id)];
    int competence;
    auto& p = pool_for(c, competence);
    c.queued = now_;
    if (!people_.empty()) {
      int person = free_person(competence);
      if (person >= 0)
        start_by(person, id);
      else
        p.queue.push(id);
    } else if (p.busy < p.servers) {
      start_service(p, id);
    } else {
      p.queue.push(id);
    }
  }

  // The hours of work of the case's current step, its wait counted.
  double begin_work(Case& c) {
    auto& rs =
        m_.case_types[static_cast<std::size_t>(c.type)].route[static_cast<std::size_t>(c.position)];
    auto& step = m_.steps[static_cast<std::size_t>(rs.step)];
    if (c.counted) {
      double wait = now_ - c.queued;
      out_.step_wait_sum[static_cast<std::size_t>(rs.step)] += wait;
      out_.step_visits[static_cast<std::size_t>(rs.step)] += 1;
      out_.competence_wait_sum[static_cast<std::size_t>(step.competence)] += wait;
      out_.competence_waits[static_cast<std::size_t>(step.competence)] += 1;
    }
    double work = detail::draw(service_[static_cast<std::size_t>(rs.step)], step.service);
    if (functional_ && c.last_step >= 0 && crosses_units(c))
      work += m_.organisation.handoff_extra_hours;
    return work;
  }

  void start_service(PoolState& p, int id) {
    double work = begin_work(cases_[static_cast<std::size_t>(id)]);
    account_busy(p, now_);
    ++p.busy;
    push(now_ + work / p.speed, completion, id);
  }

  // A free person who holds the competence, the one free the longest; -1 none.
  int free_person(int competence) const {
    int found = -1;
    for (std::size_t i = 0; i < people_.size(); ++i) {
      auto& held = m_.people[i].competences;
      if (people_[i].busy || std::find(held.begin(), held.end(), competence) == held.end())
        continue;
      if (found < 0 || people_[i].free_since < people_[static_cast<std::size_t>(found)].free_since)
        found = static_cast<int>(i);
    }
    return found;
  }

  // The person works the step at full speed and is away for the rest of
  // the time their presence leaves: a member present half the time is gone
  // as long again as they worked.
  void start_by(int person, int id) {
    auto& c = cases_[static_cast<std::size_t>(id)];
    int competence;
    pool_for(c, competence);
    double work = begin_work(c);
    out_.competence_busy[static_cast<std::size_t>(competence)] += in_window(now_, now_ + work);
    people_[static_cast<std::size_t>(person)].busy = true;
    push(now_ + work, completion, id);
    push(now_ + work / m_.people[static_cast<std::size_t>(person)].presence(), person_back, person);
  }

  // The person takes the case that has waited longest for any competence they hold.
  void back(int person) {
    auto& state = people_[static_cast<std::size_t>(person)];
    state.busy = false;
    state.free_since = now_;
    Ring* oldest = nullptr;
    for (int k : m_.people[static_cast<std::size_t>(person)].competences) {
      auto& queue = pools_[static_cast<std::size_t>(k)].queue;
      if (!queue.empty() &&
          (!oldest || cases_[static_cast<std::size_t>(queue.front())].queued <
                          cases_[static_cast<std::size_t>(oldest->front())].queued))
        oldest = &queue;
    }
    if (oldest) start_by(person, oldest->pop());
  }

  void complete(int id) {
    auto& c = cases_[static_cast<std::size_t>(id)];
    if (people_.empty()) {
      int competence;
      auto& p = pool_for(c, competence);
      account_busy(p, now_);
      --p.busy;
      if (!p.queue.empty()) start_service(p, p.queue.pop());
    }
    auto& rs =
        m_.case_types[static_cast<std::size_t>(c.type)].route[static_cast<std::size_t>(c.position)];
    c.last_step = rs.step;
    int next = c.position + 1;
    if (rs.rework > 0 && routing_.chance(rs.rework))
      next = rs.rework_to < 0 ? c.position : rs.rework_to;
    go_on(id, rs, next);
  }

  // After the work of a step: its delay, if it has one, then the position `next`.
  void go_on(int id, const RouteStep& rs, int next) {
    auto& delay = m_.steps[static_cast<std::size_t>(rs.step)].delay;
    if (delay.mean_hours > 0) {
      double wait = detail::draw(delay_[static_cast<std::size_t>(rs.step)], delay);
      if (wait > 0) {
        cases_[static_cast<std::size_t>(id)].next = next;
        push(now_ + wait, delay_over, id);
        return;
      }
    }
    route(id, next);
  }

  const Model& m_;
  bool by_decision_;
  int teams_;
  std::size_t competences_;
  bool functional_;
  double week_, start_, end_;
  double now_ = 0;
  Random routing_;
  std::vector<Random> arrivals_, service_, delay_;
  std::vector<PoolState> pools_;
  struct PersonState {
    bool busy = false;
    double free_since = 0;
  };
  std::vector<PersonState> people_;  // Model::people's, when the model has them
  std::vector<Case> cases_;
  std::vector<int> free_;
  Calendar calendar_;
  std::uint32_t seq_ = 0;
  double in_system_ = 0, last_in_system_ = 0;
  Replication out_;
};

template <typename T>
void add_to(std::vector<T>& total, const std::vector<T>& part) {
  total.resize(std::max(total.size(), part.size()));
  for (std::size_t i = 0; i < part.size(); ++i) total[i] += part[i];
}

// Regional teams share nothing, and a Poisson stream split uniformly at
// random is one independent Poisson stream a team: each team runs on its
// own (a calendar of its own few events rather than every team's, which at
// 333 teams was the most of the time) and their figures add up.
Replication run_replication(const Model& m, const SimulationOptions& o, int replication) {
  if (m.organisation.form != Form::teams || m.organisation.teams <= 1)
    return Run(m, o, replication, 0).run();
  Model team = one_team(m);
  Replication total;
  for (int t = 0; t < m.organisation.teams; ++t) {
    Replication part = Run(team, o, replication, static_cast<std::uint64_t>(t)).run();
    add_to(total.step_wait_sum, part.step_wait_sum);
    add_to(total.step_visits, part.step_visits);
    add_to(total.competence_wait_sum, part.competence_wait_sum);
    add_to(total.competence_waits, part.competence_waits);
    add_to(total.competence_busy, part.competence_busy);
    add_to(total.open_at_week_end, part.open_at_week_end);
    total.throughput.resize(part.throughput.size());
    for (std::size_t c = 0; c < part.throughput.size(); ++c)
      total.throughput[c].insert(total.throughput[c].end(), part.throughput[c].begin(),
                                 part.throughput[c].end());
    total.in_system_area += part.in_system_area;
    total.counted_arrivals += part.counted_arrivals;
    total.events += part.events;
  }
  return total;
}

double quantile(std::vector<double>& xs, double q) {
  if (xs.empty()) return 0;
  auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size()))) - 1;
  k = std::min(k, xs.size() - 1);
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
  return xs[k];
}

}  // namespace

SimulationResult simulate(const Model& m, const SimulationOptions& options) {
  auto started = std::chrono::steady_clock::now();
  int reps = m.simulation.replications;
  double window =
      (m.simulation.horizon_weeks - m.simulation.warmup_weeks) * m.simulation.hours_per_week;
  double window_weeks = m.simulation.horizon_weeks - m.simulation.warmup_weeks;
  std::size_t steps = m.steps.size(), ks = m.competences.size(), types = m.case_types.size();
  int teams = std::max(1, m.organisation.teams);
  // Per figure, one value per replication.
  std::vector<std::vector<double>> step_wait(steps), step_rate(steps), util(ks), comp_wait(ks);
  std::vector<std::vector<double>> mean_t(types + 1), p50(types + 1), p90(types + 1),
      within(types + 1), pq(types + 1);
  std::vector<std::vector<double>> open(static_cast<std::size_t>(m.simulation.horizon_weeks));
  std::vector<double> wip, lambda;
  SimulationResult result;
  result.case_types.resize(types);
  for (int r = 0; r < reps; ++r) {
    Replication rep = run_replication(m, options, r);
    result.events += rep.events;
    for (std::size_t s = 0; s < steps; ++s) {
      step_wait[s].push_back(rep.step_visits[s] > 0 ? rep.step_wait_sum[s] / rep.step_visits[s]
                                                    : 0);
      step_rate[s].push_back(rep.step_visits[s] / window_weeks);
    }
    for (std::size_t k = 0; k < ks; ++k) {
      // A pool's busy time is its servers' (stretched when they are slower);
      // people's is the hours they worked.
      auto pool = pool_of(m, static_cast<int>(k));
      double capacity =
          (m.people.empty() ? pool.servers : pool.capacity()) * static_cast<double>(teams) * window;
      util[k].push_back(capacity > 0 ? rep.competence_busy[k] / capacity : 0);
      comp_wait[k].push_back(
          rep.competence_waits[k] > 0 ? rep.competence_wait_sum[k] / rep.competence_waits[k] : 0);
    }
    std::vector<double> everything;
    for (std::size_t c = 0; c <= types; ++c) {
      auto& xs = c < types ? rep.throughput[c] : everything;
      if (c < types) everything.insert(everything.end(), xs.begin(), xs.end());
      double sum = 0, hit = 0;
      for (double x : xs) {
        sum += x;
        hit += options.target_hours > 0 && x <= options.target_hours;
      }
      double n = static_cast<double>(xs.size());
      mean_t[c].push_back(n > 0 ? sum / n : 0);
      within[c].push_back(n > 0 ? hit / n : 0);
      p50[c].push_back(quantile(xs, 0.5));
      p90[c].push_back(quantile(xs, 0.9));
      if (options.quantile > 0) pq[c].push_back(quantile(xs, options.quantile));
      auto& figures = c < types ? result.case_types[c] : result.all_cases;
      figures.completed += static_cast<std::int64_t>(xs.size());
    }
    for (std::size_t w = 0; w < open.size(); ++w) open[w].push_back(rep.open_at_week_end[w]);
    wip.push_back(rep.in_system_area / window);
    lambda.push_back(rep.counted_arrivals / window);
    if (options.progress) options.progress(r + 1, reps);
  }
  for (std::size_t s = 0; s < steps; ++s)
    result.steps.push_back({estimate(step_wait[s]), estimate(step_rate[s])});
  for (std::size_t k = 0; k < ks; ++k)
    result.competences.push_back(
        {pool_of(m, static_cast<int>(k)), estimate(util[k]), estimate(comp_wait[k])});
  for (std::size_t c = 0; c <= types; ++c) {
    auto& figures = c < types ? result.case_types[c] : result.all_cases;
    figures.throughput_hours = estimate(mean_t[c]);
    figures.p50_hours = estimate(p50[c]);
    figures.p90_hours = estimate(p90[c]);
    figures.within_target = estimate(within[c]);
    figures.quantile_hours = estimate(pq[c]);
  }
  if (options.backlog) {
    for (std::size_t w = 0; w < open.size(); ++w)
      result.backlog.push_back({static_cast<int>(w) + 1, estimate(open[w])});
  }
  result.mean_in_system = estimate(wip);
  result.arrivals_per_hour = estimate(lambda);
  double little = result.arrivals_per_hour.mean * result.all_cases.throughput_hours.mean;
  if (result.mean_in_system.mean > 0)
    result.little_relative_error =
        std::abs(result.mean_in_system.mean - little) / result.mean_in_system.mean;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ploeg::capacity
