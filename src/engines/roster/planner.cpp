#include "engines/roster/planner.hpp"

#include "engines/roster/exact.hpp"

#include <algorithm>
#include <numeric>

namespace ploeg::roster {
namespace {

using Index = std::size_t;

Index at(int i) {
  return static_cast<Index>(i);
}

bool has_home_visit(const Week& w, const Assignment& a, int m, int d) {
  for (Index k = 0; k < w.appointments.size(); ++k) {
    auto& ap = w.appointments[k];
    if (a.appointment_member[k] == m && ap.day == d && ap.where == Where::home_visit) return true;
  }
  return false;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (Index i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

// Why the holders of a competence are not at `place` on day d.
std::vector<Holder> holders_of(const Week& w, const Assignment& a, const std::string& competence,
                               Place place, int d) {
  std::vector<Holder> out;
  for (Index m = 0; m < w.members.size(); ++m) {
    auto& mem = w.members[m];
    if (!mem.holds(competence)) continue;
    auto where = a.place[m][at(d)];
    if (where == place) continue;
    std::string reason = !mem.works[at(d)]       ? "not_working"
                         : mem.fixed[at(d)]      ? "entered"
                         : where == Place::field ? "home_visit"
                                                 : "at";
    out.push_back({static_cast<int>(m), reason, where});
  }
  return out;
}

Unmet unmet(std::string kind, int day, int missing, std::string text) {
  Unmet u;
  u.kind = std::move(kind);
  u.day = day;
  u.missing = missing;
  u.text = std::move(text);
  return u;
}

std::string holders_text(const Week& w, const std::vector<Holder>& holders,
                         const std::string& competence) {
  if (holders.empty()) return "nobody else holds " + competence;
  std::vector<std::string> why;
  for (auto& h : holders) {
    auto& mem = w.members[at(h.member)];
    std::string name = mem.name.empty() ? mem.id : mem.name;
    why.push_back(h.reason == "not_working"  ? name + " (does not work that day)"
                  : h.reason == "entered"    ? name + " (entered " + place_name(h.place) + ")"
                  : h.reason == "home_visit" ? name + " (on a home visit)"
                                             : name + " (" + place_name(h.place) + ")");
  }
  return "the others who hold " + competence + ": " + list_names(why);
}

}  // namespace

Score evaluate(const Week& w, const Assignment& a) {
  Score s;
  int days = static_cast<int>(w.days.size());
  auto day = [&](int d) { return w.days[at(d)]; };
  std::vector<int> office(at(days), 0);
  for (Index m = 0; m < w.members.size(); ++m) {
    auto& mem = w.members[m];
    std::string name = mem.name.empty() ? mem.id : mem.name;
    int home = 0;
    for (int d = 0; d < days; ++d) {
      Place p = a.place[m][at(d)];
      if (!mem.works[at(d)] && p != Place::off)
        s.hard.push_back(name + " does not work on " + day(d));
      if (mem.fixed[at(d)] && p != *mem.fixed[at(d)])
        s.hard.push_back(name + " entered " + place_name(*mem.fixed[at(d)]) + " for " + day(d));
      if (mem.works[at(d)] && p == Place::off && mem.fixed[at(d)] != Place::off)
        s.hard.push_back(name + " works on " + day(d) + " but is planned off");
      if (p == Place::field && mem.fixed[at(d)] != Place::field &&
          mem.wishes[at(d)] != Place::field && !has_home_visit(w, a, static_cast<int>(m), d))
        s.hard.push_back(name + " is in the field on " + day(d) + " without a home visit");
      if (p == Place::home) ++home;
      if (p == Place::office) ++office[at(d)];
      if (mem.wishes[at(d)] && mem.works[at(d)] && !mem.fixed[at(d)]) {
        ++s.wishes_asked;
        if (p == *mem.wishes[at(d)]) {
          ++s.wishes_granted;
          s.wish_points += wish_weight(mem);
        }
      }
    }
    if (home > w.policy.max_home_days)
      s.hard.push_back(name + " has " + std::to_string(home) + " home days; the policy allows " +
                       std::to_string(w.policy.max_home_days));
  }
  for (int d = 0; d < days; ++d) {
    if (office[at(d)] > w.desks[at(d)])
      s.hard.push_back(day(d) + ": " + std::to_string(office[at(d)]) + " in the office for " +
                       std::to_string(w.desks[at(d)]) + " desks");
  }
  // Appointments: a holder of the competence, at a place that fits, one per part of day each.
  std::vector<int> rooms_used(at(days) * 2, 0);
  std::vector<int> booked(w.members.size() * at(days) * 2, 0);
  for (Index k = 0; k < w.appointments.size(); ++k) {
    auto& ap = w.appointments[k];
    int m = a.appointment_member[k];
    if (m < 0) {
      s.penalty += rule_penalty;
      std::vector<std::string> holders;
      for (auto& mem : w.members) {
        if (mem.holds(ap.competence)) holders.push_back(mem.name.empty() ? mem.id : mem.name);
      }
      bool no_room = ap.where == Where::office &&
                     rooms_used[at(ap.day) * 2 + at(ap.part)] >= w.rooms[at(ap.day)];
      std::string why = holders.empty() ? "nobody in the team holds " + ap.competence
                        : no_room       ? "every meeting room is taken then"
                                        : "none of " + list_names(holders) + " can take it then";
      Unmet u = unmet("appointment", ap.day, 1,
                      "appointment " + ap.id + " (" + ap.competence + ", " + day(ap.day) +
                          (ap.part == 0 ? " morning" : " afternoon") + ") has nobody: " + why);
      u.competence = ap.competence;
      u.appointment = ap.id;
      u.reason = holders.empty() ? "no_holder" : no_room ? "no_room" : "nobody_free";
      s.unmet.push_back(std::move(u));
      continue;
    }
    auto& mem = w.members[at(m)];
    std::string name = mem.name.empty() ? mem.id : mem.name;
    if (!mem.holds(ap.competence))
      s.hard.push_back("appointment " + ap.id + ": " + name + " does not hold " + ap.competence);
    if (!fits(ap.where, a.place[at(m)][at(ap.day)]))
      s.hard.push_back("appointment " + ap.id + ": " + name + " is " +
                       place_name(a.place[at(m)][at(ap.day)]) + " that day, it needs " +
                       where_name(ap.where));
    if (++booked[(at(m) * at(days) + at(ap.day)) * 2 + at(ap.part)] > 1)
      s.hard.push_back("appointment " + ap.id + ": " + name + " has another one then");
    if (ap.where == Where::office &&
        ++rooms_used[at(ap.day) * 2 + at(ap.part)] > w.rooms[at(ap.day)])
      s.hard.push_back("appointment " + ap.id + ": no meeting room is free then");
  }
  // Coverage rules.
  for (auto& r : w.rules) {
    for (int d = 0; d < days; ++d) {
      if (r.day >= 0 && r.day != d) continue;
      int present = 0;
      for (Index m = 0; m < w.members.size(); ++m) {
        if (w.members[m].holds(r.competence) && a.place[m][at(d)] == r.place) ++present;
      }
      if (present >= r.min) continue;
      int missing = r.min - present;
      s.penalty += rule_penalty * missing;
      auto holders = holders_of(w, a, r.competence, r.place, d);
      Unmet u = unmet("rule", d, missing,
                      day(d) + ": " + std::to_string(present) + " with " + r.competence + " at " +
                          place_name(r.place) + ", the rule asks " + std::to_string(r.min) + "; " +
                          holders_text(w, holders, r.competence));
      u.competence = r.competence;
      u.place = r.place;
      u.present = present;
      u.asked = r.min;
      u.holders = std::move(holders);
      s.unmet.push_back(std::move(u));
    }
  }
  // Team office days: everyone who works is in the office.
  for (int d : w.policy.team_office_days) {
    for (Index m = 0; m < w.members.size(); ++m) {
      auto& mem = w.members[m];
      Place p = a.place[m][at(d)];
      if (!mem.works[at(d)] || p == Place::office || p == Place::off) continue;
      s.penalty += rule_penalty;
      std::string name = mem.name.empty() ? mem.id : mem.name;
      std::string why = mem.fixed[at(d)]                  ? "entered " + std::string(place_name(p))
                        : p == Place::field               ? "on a home visit"
                        : office[at(d)] >= w.desks[at(d)] ? "every desk is taken"
                                                          : std::string(place_name(p));
      Unmet u =
          unmet("team_office_day", d, 1,
                day(d) + " is a team office day; " + name + " is not in the office (" + why + ")");
      u.member = static_cast<int>(m);
      u.place = p;
      u.reason = mem.fixed[at(d)]                  ? "entered"
                 : p == Place::field               ? "home_visit"
                 : office[at(d)] >= w.desks[at(d)] ? "desks_full"
                                                   : "at";
      s.unmet.push_back(std::move(u));
    }
  }
  return s;
}

namespace {

class Search {
 public:
  explicit Search(const Week& w) : w_(w), days_(static_cast<int>(w.days.size())) {}

  Assignment start() {
    Assignment a;
    a.place.assign(w_.members.size(), std::vector<Place>(at(days_), Place::off));
    a.appointment_member.assign(w_.appointments.size(), -1);
    for (Index m = 0; m < w_.members.size(); ++m) {
      auto& mem = w_.members[m];
      int home = 0;
      for (int d = 0; d < days_; ++d) {
        auto& p = a.place[m][at(d)];
        if (!mem.works[at(d)])
          p = Place::off;
        else if (mem.fixed[at(d)])
          p = *mem.fixed[at(d)];
        else if (team_day(d))
          p = Place::office;
        else if (mem.wishes[at(d)] && *mem.wishes[at(d)] != Place::off)
          p = *mem.wishes[at(d)];
        else
          p = Place::home;
        if (p == Place::home) ++home;
      }
      // Too many home days: the last ones not entered by the member go to the office.
      for (int d = days_ - 1; d >= 0 && home > w_.policy.max_home_days; --d) {
        if (a.place[m][at(d)] == Place::home && !mem.fixed[at(d)]) {
          a.place[m][at(d)] = Place::office;
          --home;
        }
      }
    }
    // Appointments, the fewest candidates first, to whoever fits at least cost.
    std::vector<Index> order(w_.appointments.size());
    std::iota(order.begin(), order.end(), Index{0});
    auto candidates = [&](const Appointment& ap) {
      int n = 0;
      for (auto& mem : w_.members) n += mem.holds(ap.competence) && mem.works[at(ap.day)];
      return n;
    };
    std::stable_sort(order.begin(), order.end(), [&](Index x, Index y) {
      return candidates(w_.appointments[x]) < candidates(w_.appointments[y]);
    });
    for (Index k : order) give(a, k);
    return a;
  }

  // Local search, from whatever the start breaks: fewer broken hard limits
  // first, then a higher objective. Each move is tried alone and with the one
  // follow-up that a limit it breaks asks for (someone else leaves the full
  // office that day; the member stays home another day instead).
  Plan improve(Assignment a) {
    Plan plan;
    Score best = evaluate(w_, a);
    auto better = [&](const Score& s) {
      if (s.hard.size() != best.hard.size()) return s.hard.size() < best.hard.size();
      return s.objective() > best.objective();
    };
    // Tries `trial` and its follow-ups for member m's day d; keeps the best if it improves.
    auto attempt = [&](Assignment& trial, Index m, int d) {
      Assignment chosen;
      Score chosen_score = best;
      bool found = false;
      auto consider = [&](const Assignment& t) {
        auto s = evaluate(w_, t);
        bool wins = found ? (s.hard.size() != chosen_score.hard.size()
                                 ? s.hard.size() < chosen_score.hard.size()
                                 : s.objective() > chosen_score.objective())
                          : better(s);
        if (wins) chosen = t, chosen_score = s, found = true;
      };
      consider(trial);
      for (Index n = 0; n < w_.members.size(); ++n) {
        // Someone else out of the office that day, to free a desk.
        if (n != m && trial.place[n][at(d)] == Place::office && free(n, d)) {
          for (Place p : {Place::home, Place::field}) {
            Place was = trial.place[n][at(d)];
            trial.place[n][at(d)] = p;
            consider(trial);
            trial.place[n][at(d)] = was;
          }
        }
      }
      // The member home on another day no more, to stay within the home days.
      for (int e = 0; e < days_; ++e) {
        if (e == d || trial.place[m][at(e)] != Place::home || !free(m, e)) continue;
        trial.place[m][at(e)] = Place::office;
        consider(trial);
        trial.place[m][at(e)] = Place::home;
      }
      if (!found) return false;
      a = std::move(chosen);
      best = chosen_score;
      ++plan.moves;
      return true;
    };
    for (int round = 0; round < 100; ++round) {
      bool moved = false;
      // A member's day elsewhere.
      for (Index m = 0; m < w_.members.size(); ++m) {
        for (int d = 0; d < days_; ++d) {
          if (!free(m, d)) continue;
          for (Place p : {Place::home, Place::office, Place::field}) {
            if (p == a.place[m][at(d)]) continue;
            Assignment trial = a;
            trial.place[m][at(d)] = p;
            moved |= attempt(trial, m, d);
          }
        }
      }
      // Two members swap their places on a day; a member swaps two days.
      for (int d = 0; d < days_; ++d) {
        for (Index m = 0; m < w_.members.size(); ++m) {
          for (Index n = m + 1; n < w_.members.size(); ++n) {
            if (a.place[m][at(d)] == a.place[n][at(d)] || !free(m, d) || !free(n, d)) continue;
            Assignment trial = a;
            std::swap(trial.place[m][at(d)], trial.place[n][at(d)]);
            auto s = evaluate(w_, trial);
            if (better(s)) a = std::move(trial), best = s, moved = true, ++plan.moves;
          }
          for (int e = d + 1; e < days_; ++e) {
            if (a.place[m][at(d)] == a.place[m][at(e)] || !free(m, d) || !free(m, e)) continue;
            Assignment trial = a;
            std::swap(trial.place[m][at(d)], trial.place[m][at(e)]);
            auto s = evaluate(w_, trial);
            if (better(s)) a = std::move(trial), best = s, moved = true, ++plan.moves;
          }
        }
      }
      // An appointment to another member (who goes where it needs them), or to nobody.
      for (Index k = 0; k < w_.appointments.size(); ++k) {
        auto& ap = w_.appointments[k];
        for (int m = -1; m < static_cast<int>(w_.members.size()); ++m) {
          if (m == a.appointment_member[k]) continue;
          if (m >= 0 &&
              (!w_.members[at(m)].holds(ap.competence) || !w_.members[at(m)].works[at(ap.day)]))
            continue;
          Assignment trial = a;
          trial.appointment_member[k] = m;
          if (m >= 0 && !fits(ap.where, trial.place[at(m)][at(ap.day)]) && free(at(m), ap.day))
            trial.place[at(m)][at(ap.day)] =
                ap.where == Where::home_visit ? Place::field : Place::office;
          if (m >= 0)
            moved |= attempt(trial, at(m), ap.day);
          else {
            auto s = evaluate(w_, trial);
            if (better(s)) a = std::move(trial), best = s, moved = true, ++plan.moves;
          }
        }
      }
      if (!moved) break;
    }
    plan.assignment = std::move(a);
    plan.score = best;
    return plan;
  }

 private:
  // A working day the member has not entered: the planner may choose it.
  bool free(Index m, int d) const {
    return w_.members[m].works[at(d)] && !w_.members[m].fixed[at(d)];
  }
  bool team_day(int d) const {
    auto& t = w_.policy.team_office_days;
    return std::find(t.begin(), t.end(), d) != t.end();
  }

  // The appointment to the member who can take it at the least cost, moved
  // where it needs them; left to nobody when no one can.
  void give(Assignment& a, Index k) {
    auto& ap = w_.appointments[k];
    int best_member = -1;
    Score best;
    for (Index m = 0; m < w_.members.size(); ++m) {
      auto& mem = w_.members[m];
      if (!mem.holds(ap.competence) || !mem.works[at(ap.day)]) continue;
      Assignment trial = a;
      trial.appointment_member[k] = static_cast<int>(m);
      if (!fits(ap.where, trial.place[m][at(ap.day)]) && !mem.fixed[at(ap.day)])
        trial.place[m][at(ap.day)] = ap.where == Where::home_visit ? Place::field : Place::office;
      auto s = evaluate(w_, trial);
      if (!s.usable()) continue;
      if (best_member < 0 || s.objective() > best.objective())
        best_member = static_cast<int>(m), best = s;
    }
    if (best_member < 0) return;
    a.appointment_member[k] = best_member;
    auto& p = a.place[at(best_member)][at(ap.day)];
    if (!fits(ap.where, p) && !w_.members[at(best_member)].fixed[at(ap.day)])
      p = ap.where == Where::home_visit ? Place::field : Place::office;
  }

  const Week& w_;
  int days_;
};

}  // namespace

Plan propose(const Week& week, const ProposeOptions& options) {
  Search search(week);
  Plan plan = search.improve(search.start());
  if (options.seconds > 0) {
    auto exact = solve_exact(week, plan.assignment, options.seconds);
    plan.proven = exact.proven;
    if (exact.better) {
      plan.assignment = std::move(*exact.better);
      plan.score = evaluate(week, plan.assignment);
      plan.improved_by_cbc = true;
    }
  }
  for (Index m = 0; m < week.members.size(); ++m) {
    auto& mem = week.members[m];
    int asked = 0, granted = 0;
    for (Index d = 0; d < week.days.size(); ++d) {
      if (!mem.wishes[d] || !mem.works[d] || mem.fixed[d]) continue;
      ++asked;
      granted += plan.assignment.place[m][d] == *mem.wishes[d];
    }
    plan.granted_share.push_back(asked ? static_cast<double>(granted) / asked : 1.0);
  }
  return plan;
}

}  // namespace ploeg::roster
