#include "engines/roster/lp.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace ploeg::roster {
namespace {

using Index = std::size_t;
Index at(int i) {
  return static_cast<Index>(i);
}

const Place choices[] = {Place::home, Place::office, Place::field};

std::string x(Index m, int d, Place p) {
  return "x_" + std::to_string(m) + "_" + std::to_string(d) + "_" + place_name(p);
}
std::string y(Index k, Index m) {
  return "y_" + std::to_string(k) + "_" + std::to_string(m);
}

// A sum of terms "+ coef name", kept on one line.
struct Sum {
  std::ostringstream out;
  bool empty = true;
  void add(int coef, const std::string& name) {
    out << (coef < 0 ? " - " : " + ") << std::abs(coef) << " " << name;
    empty = false;
  }
};

}  // namespace

LpModel write_lp(const Week& w) {
  LpModel lp;
  int days = static_cast<int>(w.days.size());
  auto free_day = [&](Index m, int d) {
    return w.members[m].works[at(d)] && !w.members[m].fixed[at(d)];
  };
  auto fixed_at = [&](Index m, int d) -> std::optional<Place> {
    if (!w.members[m].works[at(d)]) return Place::off;
    return w.members[m].fixed[at(d)];
  };
  auto team_day = [&](int d) {
    auto& t = w.policy.team_office_days;
    return std::find(t.begin(), t.end(), d) != t.end();
  };
  // Who may take each appointment: holds it, works that day, and (when the
  // day is entered) is where it needs them.
  std::map<std::pair<Index, Index>, bool> eligible;
  for (Index k = 0; k < w.appointments.size(); ++k) {
    auto& ap = w.appointments[k];
    for (Index m = 0; m < w.members.size(); ++m) {
      auto& mem = w.members[m];
      if (!mem.holds(ap.competence) || !mem.works[at(ap.day)]) continue;
      if (auto f = fixed_at(m, ap.day); f && !fits(ap.where, *f)) continue;
      eligible[{k, m}] = true;
    }
  }

  std::map<std::string, int> objective;  // a variable may earn from a wish and a rule
  std::ostringstream rows, bounds, binaries, generals;
  int row = 0;
  auto name = [&]() {
    // In steps: GCC 12 warns falsely (-Wrestrict) on "text" + a temporary string.
    std::string n = "c";
    n += std::to_string(++row);
    return n;
  };
  for (Index m = 0; m < w.members.size(); ++m) {
    auto& mem = w.members[m];
    for (int d = 0; d < days; ++d) {
      if (!free_day(m, d)) continue;
      Sum one;
      for (Place p : choices) {
        one.add(1, x(m, d, p));
        binaries << " " << x(m, d, p);
      }
      rows << " " << name() << ":" << one.out.str() << " = 1\n";
      if (mem.wishes[at(d)] && *mem.wishes[at(d)] != Place::off)
        objective[x(m, d, *mem.wishes[at(d)])] -= wish_weight(mem);
      // The field only when wished or for a home visit.
      if (mem.wishes[at(d)] != Place::field) {
        Sum field;
        field.add(1, x(m, d, Place::field));
        for (Index k = 0; k < w.appointments.size(); ++k) {
          auto& ap = w.appointments[k];
          if (ap.day == d && ap.where == Where::home_visit && eligible.count({k, m}))
            field.add(-1, y(k, m));
        }
        rows << " " << name() << ":" << field.out.str() << " <= 0\n";
      }
    }
    // Home days.
    Sum home;
    int entered = 0;
    for (int d = 0; d < days; ++d) {
      if (free_day(m, d))
        home.add(1, x(m, d, Place::home));
      else if (fixed_at(m, d) == Place::home)
        ++entered;
    }
    if (!home.empty)
      rows << " " << name() << ":" << home.out.str() << " <= " << w.policy.max_home_days - entered
           << "\n";
  }
  // Desks.
  for (int d = 0; d < days; ++d) {
    Sum office;
    int entered = 0;
    for (Index m = 0; m < w.members.size(); ++m) {
      if (free_day(m, d))
        office.add(1, x(m, d, Place::office));
      else if (fixed_at(m, d) == Place::office)
        ++entered;
    }
    if (!office.empty)
      rows << " " << name() << ":" << office.out.str() << " <= " << w.desks[at(d)] - entered
           << "\n";
  }
  // Appointments: one member each (rule_penalty when nobody), at a place that fits.
  std::map<std::tuple<Index, int, int>, Sum> per_part;  // (member, day, part)
  std::map<std::pair<int, int>, Sum> rooms;             // (day, part), office appointments
  for (Index k = 0; k < w.appointments.size(); ++k) {
    auto& ap = w.appointments[k];
    lp.constant -= rule_penalty;
    Sum one;
    for (Index m = 0; m < w.members.size(); ++m) {
      if (!eligible.count({k, m})) continue;
      one.add(1, y(k, m));
      binaries << " " << y(k, m);
      objective[y(k, m)] -= rule_penalty;
      per_part[{m, ap.day, ap.part}].add(1, y(k, m));
      if (ap.where == Where::office) rooms[{ap.day, ap.part}].add(1, y(k, m));
      if (free_day(m, ap.day)) {
        Sum fit;
        fit.add(1, y(k, m));
        for (Place p : choices) {
          if (fits(ap.where, p)) fit.add(-1, x(m, ap.day, p));
        }
        rows << " " << name() << ":" << fit.out.str() << " <= 0\n";
      }
    }
    if (!one.empty) rows << " " << name() << ":" << one.out.str() << " <= 1\n";
  }
  for (auto& [key, sum] : per_part) rows << " " << name() << ":" << sum.out.str() << " <= 1\n";
  for (auto& [key, sum] : rooms)
    rows << " " << name() << ":" << sum.out.str() << " <= " << w.rooms[at(key.first)] << "\n";
  // Coverage rules, short by s members at rule_penalty each.
  int rule_index = 0;
  for (auto& r : w.rules) {
    ++rule_index;
    for (int d = 0; d < days; ++d) {
      if (r.day >= 0 && r.day != d) continue;
      Sum cover;
      int entered = 0;
      for (Index m = 0; m < w.members.size(); ++m) {
        if (!w.members[m].holds(r.competence)) continue;
        if (free_day(m, d)) {
          if (r.place != Place::off) cover.add(1, x(m, d, r.place));
        } else if (fixed_at(m, d) == r.place) {
          ++entered;
        }
      }
      std::string s = "s_" + std::to_string(rule_index) + "_" + std::to_string(d);
      cover.add(1, s);
      objective[s] += rule_penalty;
      generals << " " << s;
      bounds << " 0 <= " << s << " <= " << std::max(0, r.min - entered) << "\n";
      rows << " " << name() << ":" << cover.out.str() << " >= " << r.min - entered << "\n";
    }
  }
  // Team office days: rule_penalty for each member who works and is not in the office.
  for (int d : w.policy.team_office_days) {
    if (!team_day(d)) continue;
    for (Index m = 0; m < w.members.size(); ++m) {
      if (free_day(m, d)) {
        // Absent = 1 - x_office: its penalty is a constant less rule_penalty * x_office.
        lp.constant -= rule_penalty;
        objective[x(m, d, Place::office)] -= rule_penalty;
      } else if (auto f = fixed_at(m, d); f && *f != Place::office && *f != Place::off) {
        lp.constant -= rule_penalty;
      }
    }
  }
  Sum goal;
  for (auto& [variable, coef] : objective) {
    if (coef != 0) goal.add(coef, variable);
  }
  std::ostringstream out;
  out << "\\ ploeg week planner, objective = " << lp.constant
      << " - minimum\nMinimize\n obj:" << (goal.empty ? " 0 dummy" : goal.out.str())
      << "\nSubject To\n"
      << rows.str() << "Bounds\n"
      << bounds.str() << (goal.empty ? " dummy = 0\n" : "") << "General\n"
      << generals.str() << "\nBinary\n"
      << binaries.str() << "\nEnd\n";
  lp.text = out.str();
  return lp;
}

}  // namespace ploeg::roster
