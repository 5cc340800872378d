#include "engines/capacity/staffing.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <regex>

#include "engines/capacity/analytic.hpp"

namespace ploeg::capacity {

std::optional<Target> parse_target(const std::string& text, std::string& error) {
  static const std::regex form(
      R"(\s*(mean|p(\d{1,2})|(\d{1,2}(?:\.\d+)?)%)\s*<=\s*(\d+(?:\.\d+)?)\s*([dwh])\s*)");
  std::smatch m;
  if (!std::regex_match(text, m, form)) {
    error = "the target \"" + text +
            "\" is not one ploeg reads: write p90<=60d (90% of cases within 60 days), 90%<=60d, "
            "p50<=10d or mean<=20d; units d, w or h";
    return std::nullopt;
  }
  Target t;
  t.text = text;
  if (m[1] == "mean") {
    t.mean = true;
  } else {
    t.quantile = (m[2].matched ? std::stod(m[2]) : std::stod(m[3])) / 100;
    if (!(t.quantile > 0 && t.quantile < 1)) {
      error = "the target's share must be between 1% and 99%";
      return std::nullopt;
    }
  }
  double amount = std::stod(m[4]);
  t.days = m[5] == "d" ? amount : m[5] == "w" ? amount * 7 : amount / 24;
  if (!(t.days > 0)) {
    error = "the target's time must be more than 0";
    return std::nullopt;
  }
  return t;
}

Model with_staff(const Model& model, const std::vector<int>& per_team) {
  Model m = model;
  int teams = std::max(1, m.organisation.teams);
  for (std::size_t k = 0; k < m.competences.size(); ++k)
    m.competences[k].fte = static_cast<double>(per_team[k]) * teams;
  m.people.clear();  // a staff counted per competence works as its pools
  return m;
}

namespace {

struct Evaluation {
  bool met = false;
  Estimate value_days, share;
};

class Search {
 public:
  Search(const Model& team, const Target& target) : team_(team), target_(target) {}

  Evaluation evaluate(const std::vector<int>& people) {
    ++simulations;
    Model m = with_staff(team_, people);
    Evaluation overloaded;  // its queues grow without limit: as far from the target as can be
    double inf = std::numeric_limits<double>::infinity();
    overloaded.value_days = {inf, inf, inf};
    if (!analyse(m).stable) return overloaded;
    SimulationOptions so;
    so.backlog = false;
    so.target_hours = m.hours(target_.days);
    so.quantile = target_.mean ? 0 : target_.quantile;
    auto r = simulate(m, so);
    return judge(m, r);
  }

  Evaluation judge(const Model& m, const SimulationResult& r) const {
    const CaseTypeFigures* f = &r.all_cases;
    for (std::size_t c = 0; c < m.case_types.size(); ++c) {
      if (m.case_types[c].name == target_.case_type) f = &r.case_types[c];
    }
    auto days = [&](Estimate e) { return Estimate{m.days(e.mean), m.days(e.low), m.days(e.high)}; };
    Evaluation e;
    e.value_days = days(target_.mean ? f->throughput_hours : f->quantile_hours);
    e.share = f->within_target;
    e.met = e.value_days.mean <= target_.days;
    return e;
  }

  int simulations = 0;

 private:
  const Model& team_;
  const Target& target_;
};

// People per team from the analytic model: each competence stable, then one
// more where the analytic mean throughput time falls most, until it is below
// what the target asks (for a quantile, the mean an exponential spread of
// throughput times would need).
std::vector<int> analytic_guess(const Model& team, const Target& target, int cap) {
  std::size_t ks = team.competences.size();
  auto load = analyse(team);
  std::vector<int> people(ks, 0);
  for (std::size_t k = 0; k < ks; ++k) {
    double work =
        load.pools[k].offered_load * pool_of(team, static_cast<int>(k)).speed;  // FTE present
    double fte = work / team.competences[k].availability;
    people[k] = work > 0 ? static_cast<int>(std::floor(fte + 1e-9)) + 1 : 0;
  }
  double goal =
      team.hours(target.mean ? target.days : target.days / -std::log(1 - target.quantile));
  auto mean_of = [&](const std::vector<int>& p) {
    auto a = analyse(with_staff(team, p));
    if (!a.stable) return std::numeric_limits<double>::infinity();
    if (target.case_type.empty()) return a.mean_throughput_hours;
    for (std::size_t c = 0; c < team.case_types.size(); ++c) {
      if (team.case_types[c].name == target.case_type) return a.case_types[c].mean_throughput_hours;
    }
    return a.mean_throughput_hours;
  };
  for (int round = 0; round < cap * static_cast<int>(ks) && mean_of(people) > goal; ++round) {
    double best = mean_of(people);
    std::size_t pick = ks;
    for (std::size_t k = 0; k < ks; ++k) {
      if (people[k] == 0 || people[k] >= cap) continue;
      ++people[k];
      double v = mean_of(people);
      --people[k];
      if (v < best - 1e-12) best = v, pick = k;
    }
    if (pick == ks) break;  // nothing helps: the rest is hand-off batches and service time
    ++people[pick];
  }
  return people;
}

}  // namespace

StaffPlan plan_staff(const Model& model, const Target& target, const StaffingOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& s) {
    if (options.progress) options.progress(s);
  };
  int teams = std::max(1, model.organisation.teams);
  Model team = one_team(model);
  std::size_t ks = team.competences.size();
  StaffPlan plan;
  for (auto& c : model.competences) plan.today.push_back(c.fte / teams);
  plan.first_guess = analytic_guess(team, target, options.max_people_per_competence);
  Search search(team, target);
  std::vector<int> people = plan.first_guess;
  say("simulating the analytic guess");
  Evaluation at = search.evaluate(people);
  int cap = options.max_people_per_competence;
  // Too few: one more person where the target's figure falls most, until
  // more people no longer help (the steps' own work is longer than the target).
  int stalled = 0;
  while (!at.met && stalled < 3) {
    std::size_t pick = ks;
    Evaluation best = at;
    for (std::size_t k = 0; k < ks; ++k) {
      if (people[k] >= cap || (people[k] == 0 && plan.first_guess[k] == 0)) continue;
      ++people[k];
      auto e = search.evaluate(people);
      --people[k];
      if (pick == ks || e.value_days.mean < best.value_days.mean) best = e, pick = k;
    }
    if (pick == ks) break;
    bool finite = std::isfinite(at.value_days.mean) && std::isfinite(best.value_days.mean);
    stalled = finite && best.value_days.mean > at.value_days.mean * 0.995 ? stalled + 1 : 0;
    ++people[pick];
    at = best;
    say("adding one in " + team.competences[pick].name);
  }
  // Enough: one fewer wherever the target still holds, the most slack first.
  while (at.met) {
    std::size_t pick = ks;
    Evaluation best;
    for (std::size_t k = 0; k < ks; ++k) {
      if (people[k] <= 1) continue;
      --people[k];
      auto e = search.evaluate(people);
      ++people[k];
      if (e.met && (pick == ks || e.value_days.mean < best.value_days.mean)) best = e, pick = k;
    }
    if (pick == ks) break;
    --people[pick];
    at = best;
    say("one fewer in " + team.competences[pick].name);
  }
  plan.per_team = people;
  // The effect of one more person in each role, on one team.
  for (std::size_t k = 0; k < ks; ++k) {
    if (people[k] == 0) continue;
    ++people[k];
    auto e = search.evaluate(people);
    --people[k];
    plan.marginal.push_back({static_cast<int>(k), e.value_days.mean, e.share.mean});
  }
  // And the whole organisation at the plan, every team simulated.
  say("checking the plan on the whole organisation");
  Model whole = with_staff(model, people);
  SimulationOptions so;
  so.target_hours = whole.hours(target.days);
  so.quantile = target.mean ? 0 : target.quantile;
  plan.check = simulate(whole, so);
  ++search.simulations;
  auto final_eval = search.judge(whole, plan.check);
  plan.met = final_eval.met && analyse(whole).stable;
  plan.value_days = final_eval.value_days;
  plan.share = final_eval.share;
  plan.simulations = search.simulations;
  plan.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return plan;
}

}  // namespace ploeg::capacity
