// "How many people do we need?" (issue 6): a team's or a region's case flow
// as the casework data has it — requests received per type over the last
// year, each type's process steps and the share of requests that need each
// step, and the staff today per competence.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace ploeg::staffing {

struct StepNeed {
  std::string code, name, competence;
  double share = 1;  // of this type's requests that go through the step
};

struct TypeDemand {
  std::string code, name;
  int target_days = 30;
  std::int64_t received = 0;  // over the counted weeks
  double per_week = 0;
  std::vector<StepNeed> steps;
};

struct Flow {
  std::string scope_name;
  int teams = 1;
  int weeks = 52;  // received is counted over these weeks before today
  std::vector<TypeDemand> types;
  // FTE today per competence code: each member's FTE and share in the team,
  // split equally over the process competences they hold.
  std::map<std::string, double> fte;
  std::map<std::string, std::string> competence_names;  // code -> name
  std::vector<std::string> competences;                 // the process's, in order of first use
  std::int64_t people = 0;
  // Each member's FTE in the scope and the process competences they hold,
  // from which `fte` was split: a model built from the event log splits it
  // by the hours they were seen working on each instead (staffing/log.hpp).
  struct Member {
    std::int64_t person_id = 0;
    double fte = 0;
    std::vector<std::string> competences;
  };
  std::vector<Member> members;
};

// What a page offers to choose: the regional teams and the regions.
struct Choice {
  std::string code, name, region;  // region: the team's region's name
};
struct Choices {
  std::vector<Choice> teams, regions;
};
Choices scope_choices(store::Connection& c, const std::string& language = "");

// What is planned: a regional team, or the regional teams of a region.
struct Scope {
  std::string kind;  // "team" or "region"; empty: none chosen
  std::string code, name;
  std::vector<std::int64_t> team_ids;
};
// The team of code `team` or else the region of code `region`, named in
// `language`; an empty scope when both are empty; nothing when the one asked
// for does not exist.
std::optional<Scope> find_scope(store::Connection& c, const std::string& team,
                                const std::string& region, const std::string& language);

// The flow of these teams (one team, or the regional teams of a region),
// counted over the 52 weeks before `now` (unix seconds).
// Request types, steps and competences named in `language` (else their fallback name).
Flow read_flow(store::Connection& c, const std::vector<std::int64_t>& team_ids,
               const std::string& scope_name, std::int64_t now, const std::string& language = "");

}  // namespace ploeg::staffing
