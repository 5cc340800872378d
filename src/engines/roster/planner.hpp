// The week planner (issue 7): checks a week plan against the team's rules
// and proposes one that meets them and grants as many wishes as it can,
// weighted for fairness across weeks; every rule it could not meet comes
// with the reason, in terms of the input.
#pragma once

#include <string>
#include <vector>

#include "engines/roster/model.hpp"

namespace ploeg::roster {

struct Assignment {
  std::vector<std::vector<Place>> place;  // [member][day]
  std::vector<int> appointment_member;    // per appointment: a member's index, -1 none
};

// Why a member is not where a rule needs them.
struct Holder {
  int member = 0;
  std::string reason;        // "not_working", "entered", "home_visit", "at"
  Place place = Place::off;  // where they are
};

struct Unmet {
  std::string kind;  // "rule", "appointment", "team_office_day"
  int day = 0;
  int missing = 0;  // members short (rule), 1 otherwise
  std::string
      text;  // what is unmet and why, in English (the CLI's); the fields below let a page say it
  std::string competence;  // rule, appointment
  Place place = Place::office;
  int present = 0, asked = 0;   // rule
  std::vector<Holder> holders;  // rule: the others who hold the competence
  int member = -1;              // team_office_day
  std::string reason;           // team_office_day: "entered", "home_visit", "desks_full", "at";
                                // appointment: "no_holder", "no_room", "nobody_free"
  std::string appointment;      // appointment: its id
};

struct Score {
  int wish_points = 0, wishes_granted = 0, wishes_asked = 0;
  int penalty = 0;                // rule_penalty for each member short, appointment or absence
  std::vector<std::string> hard;  // broken hard constraints: the plan cannot be used
  std::vector<Unmet> unmet;
  bool usable() const { return hard.empty(); }
  int objective() const { return wish_points - penalty; }
};

// Check mode: what a plan (members' own rows, or a proposal) breaks.
Score evaluate(const Week& week, const Assignment& plan);

struct Plan {
  Assignment assignment;
  Score score;
  std::vector<double> granted_share;  // per member this week (1 when they wished nothing)
  int moves = 0;                      // improving moves of the local search
  bool proven = false;                // no better plan exists (CBC said so in time)
  bool improved_by_cbc = false;       // CBC found a better plan than the local search
};

struct ProposeOptions {
  double seconds = 1.0;  // for CBC after the local search; 0: the local search alone
};

// A proposal: construction, then local search (a member's day, an
// appointment to another member, two members swapping a day) while it
// improves, then CBC on the exact model for anything better. Deterministic
// (within CBC's time limit).
Plan propose(const Week& week, const ProposeOptions& options = {});

}  // namespace ploeg::roster
