// Advisers ploeg suggests for a proposal (issue 20, item 2), from what it
// knows of the organisation: the members of each affected team (the holder
// of the relevant star role first), their coaches, people whose expertise or
// competences match the proposal's words, members of working groups on the
// subject and people affected by earlier decisions on it. Each suggestion
// says why; one adviser per affected team is required, the rest optional.
// Pure: the caller reads the facts (directory search included) and passes
// them in; reasons are codes the page puts in the reader's language.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ploeg::advice {

struct TeamFacts {
  std::string code;
  struct Member {
    std::int64_t person_id = 0;
    std::string name;
    std::vector<std::string> star_roles;  // role codes held in this team
  };
  std::vector<Member> members;
  std::vector<std::pair<std::int64_t, std::string>> coaches;  // person, name
};

// A person the directory's full-text search found for the proposal's
// words, best first: `kind` "expertise" or "competence", `what` the
// matched expertise or competence (as the reader will see it).
struct WordMatch {
  std::int64_t person_id = 0;
  std::string name;
  std::string kind;
  std::string what;
};

struct GroupFacts {
  std::string code;
  std::vector<std::pair<std::int64_t, std::string>> members;  // person, name
};

// Someone an earlier decision on the same subject affected, and which.
struct EarlierFacts {
  std::int64_t person_id = 0;
  std::string name;
  std::string decision;  // its reference, e.g. "D-2026-0042"
};

struct SuggestInput {
  std::int64_t author_id = 0;  // never suggested
  std::string star_role;       // the role relevant to the subject; empty: none
  std::vector<TeamFacts> teams;
  std::vector<WordMatch> matches;
  std::vector<GroupFacts> groups;
  std::vector<EarlierFacts> earlier;
  std::size_t optional_limit = 12;  // optional suggestions shown at most
};

// Why someone is suggested. kind: "star_role" (subject: role, team: team
// code), "team_member" (team), "coach" (team), "expertise" / "competence"
// (subject: what matched), "working_group" (team: group code),
// "earlier_decision" (subject: the decision's reference).
struct Reason {
  std::string kind;
  std::string subject;
  std::string team;
  bool operator==(const Reason&) const = default;
};

struct Suggestion {
  std::int64_t person_id = 0;
  std::string name;
  bool required = false;  // the one adviser of an affected team
  std::vector<Reason> reasons;
};

// Reasons as kept with an adviser (proposal_advisers.reasons): a line each,
// "kind|subject|team", so each reader reads them in their own language; a
// "|" or line break inside a field becomes a space. decode_reasons skips
// lines it cannot read.
std::string encode_reasons(const std::vector<Reason>& reasons);
std::vector<Reason> decode_reasons(const std::string& text);

// Required advisers first, in the order of the teams; then optional ones by
// how many reasons they have, then by name. A person is suggested once with
// all their reasons. A team whose only members are the author has no
// required adviser.
std::vector<Suggestion> suggest_advisers(const SuggestInput& input);

}  // namespace ploeg::advice
