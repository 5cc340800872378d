// Week planning (issue 7): a team's week as plain data — who works which
// day, where (home, an office, field visits, off), the team's coverage
// rules, the citizens' appointments, the desks and meeting rooms it may use,
// and what each member wishes. Pure: no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ploeg::roster {

enum class Place { home, office, field, off };
const char* place_name(Place p);  // "home", "office", "field", "off"
std::optional<Place> place_named(const std::string& name);

struct Member {
  std::string id, name;
  std::vector<std::string> competences;
  std::vector<bool> works;                   // per day of the week
  std::vector<std::optional<Place>> fixed;   // per day: what the member entered themselves
  std::vector<std::optional<Place>> wishes;  // per day: what they would like
  // Share of their wishes granted over the past weeks (0..1; nullopt: no
  // history): whoever got fewer then weighs more now, so nobody always gets
  // the unpopular days.
  std::optional<double> past_granted;
  bool holds(const std::string& competence) const;
};

// "Each working day at least `min` members with `competence` at `place`";
// `day` -1 means every day.
struct Rule {
  int day = -1;
  std::string competence;
  Place place = Place::office;
  int min = 1;
};

enum class Where { office, home_visit, video };
const char* where_name(Where w);  // "office", "home_visit", "video"
std::optional<Where> where_named(const std::string& name);
// Whether a member working at `place` can take an appointment held `where`:
// the office needs them in, a home visit in the field, a video call in or at home.
bool fits(Where where, Place place);

struct Appointment {
  std::string id;
  int day = 0;
  int part = 0;  // 0 morning, 1 afternoon
  std::string competence;
  Where where =
      Where::office;  // office: needs a meeting room; home_visit: the member is in the field
};

struct Policy {
  int max_home_days = 3;
  std::vector<int> team_office_days;  // everyone who works is in the office
};

struct Week {
  std::vector<std::string> days;  // "mon", ... : the columns of the plan
  Policy policy;
  std::vector<Member> members;
  std::vector<Rule> rules;
  std::vector<Appointment> appointments;
  std::vector<int> desks;  // per day: desks the team may book
  std::vector<int> rooms;  // per day: meeting rooms free in each part of the day
};

// Penalties per unmet rule, weigh far above any wish: the planner gives up a
// wish before a rule.
inline constexpr int rule_penalty = 1000;

// A wish granted is worth 10 points, up to 20 for a member who got few of
// their wishes in the past weeks.
int wish_weight(const Member& m);

// Every mistake of the input, each saying what to change; empty when valid.
std::vector<std::string> validate(const Week& week);

// The largest week the planner takes (issue 18), checked when the JSON is read
// (read_week) before anything else, with what to reduce. Margins over the
// planner's benchmark (bench/roster: teams of 6 to 25 members, 5 days, two
// appointments for every three members).
namespace limits {
// Days: a week, or two for a fortnight's plan.
inline constexpr std::size_t days = 14;
// Members: four times the benchmark's largest team (25); a self-managing team
// has a dozen or so, and the exact model grows with members x days.
inline constexpr std::size_t members = 100;
// Rules and appointments: far more than a team's week holds.
inline constexpr std::size_t rules = 1'000;
inline constexpr std::size_t appointments = 2'000;
}  // namespace limits

// What `ploeg plan-week` says when memory runs out: "out of memory while
// planning 100 members over 14 days with 2000 appointments; plan fewer".
std::string out_of_memory_message(const Week& week);

}  // namespace ploeg::roster
