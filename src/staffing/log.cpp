#include "staffing/log.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "casework/working_time.hpp"
#include "core/crypto.hpp"
#include "staffing/plan.hpp"

namespace ploeg::staffing {
namespace {

constexpr std::int64_t week_seconds = 7 * 86400;

std::string id_list(std::size_t n, std::size_t first) {
  std::string list;
  for (std::size_t k = 0; k < n; ++k) list += (k ? ", $" : "$") + std::to_string(first + k);
  return list;
}

double overlap_hours(const Span& a, const Span& b) {
  return casework::working_hours(std::max(a.first, b.first), std::min(a.second, b.second));
}

// The working hours someone held a step, less the waits within them: the work.
double work_in(const Span& held, const std::vector<Span>& waits) {
  double work = casework::working_hours(held.first, held.second);
  for (auto& w : waits) work -= overlap_hours(held, w);
  return std::max(0.0, work);
}

// A team's members are its servers: each does any step of a competence they
// hold in the hours the log saw it take (a pool's fractional server would
// stretch a part-timer's step by their FTE). Not for a region, whose teams
// each have their own people, nor when a step's competence has nobody: the
// pools then say which competence is short.
void add_people(const Flow& flow, double availability, capacity::Model& m) {
  if (flow.teams != 1) return;
  std::vector<capacity::Person> people;
  std::vector<bool> held(m.competences.size(), false);
  for (auto& member : flow.members) {
    capacity::Person person{std::min(member.fte, 1.0 / availability), availability, {}};
    for (auto& code : member.competences) {
      int k = m.competence_index(code);
      if (k < 0) continue;
      person.competences.push_back(k);
      held[static_cast<std::size_t>(k)] = true;
    }
    if (person.fte > 0 && !person.competences.empty()) people.push_back(std::move(person));
  }
  for (auto& step : m.steps) {
    if (capacity::no_work(step)) continue;
    if (step.competence < 0 || !held[static_cast<std::size_t>(step.competence)]) return;
  }
  m.people = std::move(people);
}

}  // namespace

EventLog read_log(store::Connection& c, const std::vector<std::int64_t>& team_ids,
                  std::int64_t since, std::int64_t now) {
  EventLog log;
  log.since = since;
  log.now = now;
  if (team_ids.empty()) return log;
  std::vector<store::Value> params{since, now};
  for (auto id : team_ids) params.emplace_back(id);
  // The requests of the year, and those filed before it that were still open in it.
  std::string which = " r.team_id IN (" + id_list(team_ids.size(), 3) +
                      ") AND r.submitted_at < $2 AND (r.submitted_at >= $1 OR r.finished_at IS "
                      "NULL OR r.finished_at >= $1)";
  std::map<std::int64_t, std::size_t> index;
  for (auto& row : c.query("SELECT r.id, t.code, r.submitted_at FROM requests r JOIN request_types "
                           "t ON t.id = r.request_type_id WHERE" +
                               which + " ORDER BY r.id",
                           params)
                       .rows) {
    index[row.integer(0)] = log.requests.size();
    log.requests.push_back({row.text(1), row.integer(2), {}});
  }
  // Each request's steps from its events: someone holds a step from
  // `taken` to `released` or `done` (`handed` passes it on, still held).
  std::int64_t current = -1, ready = 0;
  std::map<std::string, std::vector<Span>> held;
  std::map<std::string, std::vector<std::int64_t>> holders;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> holding;  // step -> (taken at, by)
  for (auto& row : c.query("SELECT e.request_id, e.at, e.kind, e.step_code, "
                           "COALESCE(e.person_id, 0) FROM request_events e "
                           "JOIN requests r ON r.id = e.request_id WHERE" +
                               which +
                               " AND e.kind IN ('taken', 'released', 'done') ORDER BY "
                               "e.request_id, e.at, e.id",
                           params)
                       .rows) {
    auto& request = log.requests[index.at(row.integer(0))];
    if (row.integer(0) != current) {
      current = row.integer(0);
      ready = request.submitted_at;
      held.clear();
      holders.clear();
      holding.clear();
    }
    auto at = row.integer(1);
    auto kind = row.text(2);
    auto step = row.text(3);
    if (kind == "taken") {
      holding.emplace(step, std::pair{at, row.integer(4)});
    } else if (auto open = holding.find(step); open != holding.end()) {
      held[step].push_back({open->second.first, at});
      holders[step].push_back(open->second.second);
      holding.erase(open);
    }
    if (kind == "done") {
      request.steps.push_back(
          {step, ready, at, std::move(held[step]), std::move(holders[step]), {}});
      held.erase(step);
      holders.erase(step);
      ready = at;
    }
  }
  for (auto& row : c.query("SELECT w.request_id, w.step_code, w.started_at, w.ended_at FROM "
                           "request_waits w JOIN requests r ON r.id = w.request_id WHERE" +
                               which + " AND w.ended_at IS NOT NULL",
                           params)
                       .rows) {
    auto& request = log.requests[index.at(row.integer(0))];
    for (auto& s : request.steps) {
      if (s.code == row.text(1) && row.integer(2) >= s.ready && row.integer(2) <= s.done) {
        s.waits.push_back({row.integer(2), row.integer(3)});
        break;
      }
    }
  }
  return log;
}

LogModel build_model(const Flow& flow, const EventLog& log, double availability) {
  namespace cap = capacity;
  LogModel out;
  out.compared_weeks = model_compared_weeks;
  auto& m = out.model;
  m.simulation.clock = cap::Clock::office_hours;
  m.simulation.hours_per_week = casework::working_hours_per_week;
  m.simulation.horizon_weeks = model_horizon_weeks;
  m.simulation.warmup_weeks = model_horizon_weeks - model_compared_weeks;
  m.simulation.replications = model_replications;
  m.simulation.seed = 1;
  m.organisation.teams = flow.teams;

  // What the log says of each step, all types together.
  struct Seen {
    std::vector<double> work, delay;
    double days = 0;
    std::int64_t compared = 0;
  };
  std::map<std::string, Seen> seen;
  std::int64_t year_start = log.now - 52 * week_seconds;
  std::int64_t compared_start = log.now - std::int64_t{model_compared_weeks} * week_seconds;
  std::int64_t settled_before = log.now - std::int64_t{model_settle_weeks} * week_seconds;
  std::map<std::string, std::vector<double>> arrivals;  // type -> 52 weeks, oldest first
  for (auto& r : log.requests) {
    if (r.submitted_at >= year_start && r.submitted_at < log.now) {
      auto& weeks = arrivals[r.type];
      weeks.resize(52, 0.0);
      weeks[static_cast<std::size_t>((r.submitted_at - year_start) / week_seconds)] += 1;
    }
    for (auto& s : r.steps) {
      if (s.done < year_start || s.done >= log.now) continue;
      auto& x = seen[s.code];
      if (s.done >= compared_start) {
        x.days += static_cast<double>(s.done - s.ready) / 86400.0;
        ++x.compared;
      }
      // Durations only of visits that began early enough to be over: the
      // steps done in the year but begun in its last weeks are the short
      // ones (the long ones are not done yet), which would make the model
      // too quick.
      if (s.ready < year_start || s.ready >= settled_before) continue;
      double work = 0, delay = 0;
      for (auto& h : s.held) work += work_in(h, s.waits);
      for (auto& w : s.waits) delay += casework::working_hours(w.first, w.second);
      x.work.push_back(work);
      x.delay.push_back(delay);
    }
  }

  // Staff per competence: each member's FTE split by the hours the log saw
  // them work on each of the competences they hold; equally when it saw none.
  std::map<std::string, std::string> competence_of;  // step code -> competence
  for (auto& type : flow.types) {
    for (auto& need : type.steps) competence_of[need.code] = need.competence;
  }
  std::map<std::pair<std::int64_t, std::string>, double> worked;  // (person, competence) -> hours
  for (auto& r : log.requests) {
    for (auto& s : r.steps) {
      if (s.done < year_start || s.done >= log.now) continue;
      auto k = competence_of.find(s.code);
      if (k == competence_of.end()) continue;
      for (std::size_t i = 0; i < s.held.size() && i < s.holders.size(); ++i)
        worked[{s.holders[i], k->second}] += work_in(s.held[i], s.waits);
    }
  }
  std::map<std::string, double> fte;
  for (auto& member : flow.members) {
    double total = 0;
    for (auto& code : member.competences) total += worked[{member.person_id, code}];
    for (auto& code : member.competences) {
      fte[code] += total > 0 ? member.fte * worked[{member.person_id, code}] / total
                             : member.fte / static_cast<double>(member.competences.size());
    }
  }
  for (auto& code : flow.competences) {
    double f = fte[code];
    if (flow.members.empty()) {  // a flow made by hand: its FTE as they are
      auto found = flow.fte.find(code);
      f = found == flow.fte.end() ? 0.0 : found->second;
    }
    m.competences.push_back({code, f, availability});
  }

  for (auto& type : flow.types) {
    cap::CaseType ct;
    ct.name = type.code;
    // Arrivals by week of the year, turned so the simulation's last week is
    // the log's last: simulated week w takes the log's week w - (horizon - 52).
    auto& counts = arrivals[type.code];
    counts.resize(52, 0.0);
    ct.arrivals_by_week.assign(52, 0.0);
    for (int w = 0; w < 52; ++w)
      ct.arrivals_by_week[static_cast<std::size_t>((w + model_horizon_weeks - 52) % 52)] =
          counts[static_cast<std::size_t>(w)];
    ct.arrivals_per_week = ct.mean_rate();
    for (auto& need : type.steps) {
      if (need.share <= 0) continue;
      int step = m.step_index(need.code);
      if (step < 0) {
        cap::Step s;
        s.name = need.code;
        s.competence = m.competence_index(need.competence);
        StepSeen info{need.code, need.name, need.competence};
        auto found = seen.find(need.code);
        if (found == seen.end() || found->second.work.empty()) {
          // Not in the log: the usual hours, no delay.
          s.service = {default_hours(need.competence), 1.0, cap::Distribution::exponential};
          info.work_hours = s.service.mean_hours;
        } else {
          auto& x = found->second;
          info.visits = static_cast<std::int64_t>(x.work.size());
          out.visits += info.visits;
          bool worked = std::any_of(x.work.begin(), x.work.end(), [](double h) { return h > 0; });
          s.service = worked ? cap::empirical(x.work)
                             : cap::ServiceTime{0, 0, cap::Distribution::deterministic};
          info.work_hours = s.service.mean_hours;
          info.delay_share = static_cast<double>(std::count_if(x.delay.begin(), x.delay.end(),
                                                               [](double h) { return h > 0; })) /
                             static_cast<double>(x.delay.size());
          if (info.delay_share > 0) {
            s.delay = cap::empirical(x.delay);
            info.delay_hours = s.delay.mean_hours;
          }
          info.compared = x.compared;
          if (x.compared) info.mean_days = x.days / static_cast<double>(x.compared);
        }
        m.steps.push_back(std::move(s));
        out.steps.push_back(std::move(info));
        step = static_cast<int>(m.steps.size()) - 1;
      }
      if (need.code == "decision") ct.decision_position = static_cast<int>(ct.route.size());
      ct.route.push_back({step, std::min(1.0, need.share), 0, -1});
    }
    if (!ct.route.empty()) m.case_types.push_back(std::move(ct));
  }
  add_people(flow, availability, m);
  return out;
}

std::string model_digest(const capacity::Model& m) {
  std::string text = "log model 2\n";
  char buffer[40];
  auto add = [&](double x) {
    std::snprintf(buffer, sizeof buffer, "%.17g ", x);
    text += buffer;
  };
  for (auto& c : m.competences) {
    text += c.name + " ";
    add(c.fte);
    add(c.availability);
  }
  for (auto& s : m.steps) {
    text += "\nstep " + s.name + " ";
    add(s.service.mean_hours);
    for (double x : s.service.samples) add(x);
    text += "| ";
    add(s.delay.mean_hours);
    for (double x : s.delay.samples) add(x);
  }
  for (auto& p : m.people) {
    text += "\nperson ";
    add(p.fte);
    add(p.availability);
    for (int k : p.competences) text += std::to_string(k) + " ";
  }
  for (auto& ct : m.case_types) {
    text += "\ntype " + ct.name + " " + std::to_string(ct.decision_position) + " ";
    for (double x : ct.arrivals_by_week) add(x);
    for (auto& r : ct.route) {
      text += std::to_string(r.step) + ":";
      add(r.probability);
    }
  }
  return crypto::sha256_hex(text);
}

}  // namespace ploeg::staffing
