#include "engines/roster/generate.hpp"

#include <random>

namespace ploeg::roster {

Week generate_week(int members, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<std::uint64_t>(n)); };
  Week w;
  w.days = {"mon", "tue", "wed", "thu", "fri"};
  w.policy.max_home_days = 3;
  w.policy.team_office_days = {2};  // Wednesday: the team meets
  const char* roles[] = {"intake",  "administration", "social_work",    "social_work",
                         "medical", "decision",       "administration", "intake"};
  for (int i = 0; i < members; ++i) {
    Member m;
    m.id = "m" + std::to_string(i + 1);
    m.name = "Member " + std::to_string(i + 1);
    m.competences.push_back(roles[i % 8]);
    if (chance(0.3)) m.competences.push_back(roles[pick(8)]);
    m.works.assign(5, true);
    if (chance(0.25)) m.works[static_cast<std::size_t>(pick(5))] = false;  // four days a week
    m.fixed.assign(5, std::nullopt);
    m.wishes.assign(5, std::nullopt);
    for (std::size_t d = 0; d < 5; ++d) {
      if (!m.works[d]) continue;
      if (chance(0.06)) {
        m.fixed[d] = Place::off;  // leave
      } else if (chance(0.08) && d != 2) {
        m.fixed[d] = Place::home;
      } else if (chance(0.7)) {
        // Home on Monday and Friday is popular; the office mid-week.
        double home = d == 0 || d == 4 ? 0.8 : d == 2 ? 0.2 : 0.45;
        m.wishes[d] = chance(home) ? Place::home : Place::office;
        if (chance(0.04)) m.wishes[d] = Place::field;
      }
    }
    m.past_granted = std::uniform_real_distribution<double>(0.4, 1.0)(random);
    w.members.push_back(m);
  }
  w.rules.push_back({-1, "intake", Place::office, 1});  // walk-in citizens every day
  w.rules.push_back({1, "medical", Place::office, 1});  // medical examinations on Tuesday...
  w.rules.push_back({3, "medical", Place::office, 1});  // ...and Thursday
  w.rules.push_back({-1, "decision", Place::office, 1});
  int desks = std::max(2, members * 6 / 10);
  w.desks.assign(5, desks);
  w.desks[2] = members;  // the team's neighbourhood takes everyone on its office day
  w.rooms.assign(5, 2);
  int appointments = std::max(2, members * 2 / 3);
  const char* kinds[] = {"medical", "social_work", "intake", "social_work"};
  for (int k = 0; k < appointments; ++k) {
    Appointment a;
    a.id = "a" + std::to_string(k + 1);
    a.competence = kinds[k % 4];
    a.day = a.competence == std::string("medical") ? (chance(0.5) ? 1 : 3) : pick(5);
    a.part = pick(2);
    a.where = a.competence == std::string("medical") ? Where::office
              : a.competence == std::string("social_work")
                  ? (chance(0.5) ? Where::home_visit : Where::video)
                  : Where::office;
    w.appointments.push_back(a);
  }
  return w;
}

}  // namespace ploeg::roster
