#include "engines/roster/model.hpp"

#include <algorithm>
#include <cmath>

namespace ploeg::roster {

const char* place_name(Place p) {
  switch (p) {
    case Place::home:
      return "home";
    case Place::office:
      return "office";
    case Place::field:
      return "field";
    case Place::off:
      return "off";
  }
  return "off";
}

std::optional<Place> place_named(const std::string& name) {
  for (auto p : {Place::home, Place::office, Place::field, Place::off}) {
    if (name == place_name(p)) return p;
  }
  return std::nullopt;
}

const char* where_name(Where w) {
  switch (w) {
    case Where::office:
      return "office";
    case Where::home_visit:
      return "home_visit";
    case Where::video:
      return "video";
  }
  return "office";
}

std::optional<Where> where_named(const std::string& name) {
  for (auto w : {Where::office, Where::home_visit, Where::video}) {
    if (name == where_name(w)) return w;
  }
  return std::nullopt;
}

bool fits(Where where, Place place) {
  switch (where) {
    case Where::office:
      return place == Place::office;
    case Where::home_visit:
      return place == Place::field;
    case Where::video:
      return place == Place::home || place == Place::office;
  }
  return false;
}

bool Member::holds(const std::string& competence) const {
  return std::find(competences.begin(), competences.end(), competence) != competences.end();
}

int wish_weight(const Member& m) {
  double past = std::clamp(m.past_granted.value_or(0.5), 0.0, 1.0);
  return 10 + static_cast<int>(std::lround(10 * (1 - past)));
}

std::string out_of_memory_message(const Week& w) {
  return "out of memory while planning " + std::to_string(w.members.size()) + " members over " +
         std::to_string(w.days.size()) + " days with " + std::to_string(w.appointments.size()) +
         " appointments; plan a smaller week or team";
}

std::vector<std::string> validate(const Week& w) {
  std::vector<std::string> problems;
  auto days = static_cast<int>(w.days.size());
  auto day_text = [&](int d) {
    return d >= 0 && d < days ? w.days[static_cast<std::size_t>(d)] : std::to_string(d);
  };
  if (w.days.empty()) problems.push_back("the week has no days");
  if (w.policy.max_home_days < 0 || w.policy.max_home_days > days)
    problems.push_back("policy.max_home_days must be from 0 to " + std::to_string(days));
  for (int d : w.policy.team_office_days) {
    if (d < 0 || d >= days) problems.push_back("a team office day is not a day of this week");
  }
  if (static_cast<int>(w.desks.size()) != days || static_cast<int>(w.rooms.size()) != days)
    problems.push_back("desks and rooms need one number for each day of the week");
  for (auto& m : w.members) {
    auto who = "member " + (m.name.empty() ? m.id : m.name) + ": ";
    if (static_cast<int>(m.works.size()) != days || static_cast<int>(m.fixed.size()) != days ||
        static_cast<int>(m.wishes.size()) != days) {
      problems.push_back(who + "needs an entry for each day of the week");
      continue;
    }
    int home = 0;
    for (int d = 0; d < days; ++d) {
      auto& f = m.fixed[static_cast<std::size_t>(d)];
      if (f && *f == Place::home) ++home;
      if (!m.works[static_cast<std::size_t>(d)] && f && *f != Place::off)
        problems.push_back(who + "does not work on " + day_text(d) + " but entered " +
                           place_name(*f));
    }
    if (home > w.policy.max_home_days)
      problems.push_back(who + "entered " + std::to_string(home) +
                         " home days; the policy allows " + std::to_string(w.policy.max_home_days) +
                         ": change " + std::to_string(home - w.policy.max_home_days) + " of them");
  }
  for (auto& r : w.rules) {
    bool anyone = std::any_of(w.members.begin(), w.members.end(),
                              [&](const Member& m) { return m.holds(r.competence); });
    if (!anyone)
      problems.push_back("the rule for " + r.competence +
                         " cannot be met: nobody in the team holds " + r.competence);
    if (r.day >= days) problems.push_back("a rule names a day outside this week");
  }
  for (auto& a : w.appointments) {
    auto what = "appointment " + a.id + ": ";
    if (a.day < 0 || a.day >= days) problems.push_back(what + "its day is not a day of this week");
    if (a.part < 0 || a.part > 1) problems.push_back(what + "part must be morning or afternoon");
    bool anyone = std::any_of(w.members.begin(), w.members.end(),
                              [&](const Member& m) { return m.holds(a.competence); });
    if (!anyone)
      problems.push_back(what + "needs " + a.competence +
                         ", which nobody in the team holds: give it to another team or change "
                         "the competence");
  }
  return problems;
}

}  // namespace ploeg::roster
