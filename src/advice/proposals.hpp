// Proposals under the advice process (issue 20): a co-worker writes one
// (private while a draft), asks advice of the people it affects and of
// those who know the subject, reads their advice and decides, answering
// every objection and concern; or withdraws it. Each change is one
// transaction with its audit entry; the rules that need no database are in
// rules.hpp, the suggested advisers in suggest.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advice/rules.hpp"
#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ploeg::advice {

// The longest texts taken, in characters.
inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_proposal_text_length = 20'000;  // problem, proposal, decision
inline constexpr std::size_t max_advice_length = 5'000;          // advice, an answer to it
inline constexpr std::size_t max_affected = 500;                 // teams or regions named
inline constexpr std::size_t max_advisers = 500;
inline constexpr std::size_t max_reasons_bytes = 2'000;  // an adviser's encoded reasons

struct ProposalInput {
  std::string title, problem, proposal;
  // Who decides: "author", or "team:CODE" for a team the author is in.
  std::string decider = "author";
  std::vector<std::string> teams;    // codes of the teams it affects
  std::vector<std::string> regions;  // codes of the regions it affects
  int advice_working_days = default_advice_working_days;
  std::optional<std::int64_t> review_day;  // when to look back; after today
};

struct Created : ploeg::Outcome {
  Created() = default;
  Created(ploeg::Outcome o) : ploeg::Outcome(std::move(o)) {}
  std::string reference;  // "P-00042"
};

// A signed-in person writes a draft, seen only by them.
Created create_proposal(store::Database& db, const Actor& actor, const ProposalInput& input);
// The author changes it: a draft in place; once advice is asked, a new
// version (the old one kept in proposal_versions). Not once decided or withdrawn.
ploeg::Outcome edit_proposal(store::Database& db, const Actor& actor, const std::string& reference,
                             const ProposalInput& input);

struct AdviserChoice {
  std::int64_t person_id = 0;
  bool required = false;
  std::string reasons;  // why ploeg suggested them: encode_reasons (suggest.hpp); may be empty
};
// The author asks advice of these people: the proposal is visible to
// everyone signed in from now, and advice is due after its working days.
ploeg::Outcome ask_advice(store::Database& db, const Actor& actor, const std::string& reference,
                          const std::vector<AdviserChoice>& advisers);

// Anyone signed in but the author gives advice while it is asked: from
// someone not asked it is kept as optional advice and marked so. A pass is
// for advisers who were asked. `author_only`: only the author reads it.
ploeg::Outcome give_advice(store::Database& db, const Actor& actor, const std::string& reference,
                           const std::string& stance, const std::string& text, bool author_only);

// The author decides: after the due day or once every required adviser
// answered, with an answer (by advice id) to every objection and concern.
ploeg::Outcome decide(store::Database& db, const Actor& actor, const std::string& reference,
                      const std::string& decision,
                      const std::map<std::int64_t, std::string>& answers);
// The author withdraws a draft or a proposal that asks advice.
ploeg::Outcome withdraw(store::Database& db, const Actor& actor, const std::string& reference);

struct ProposalView {
  std::string reference, title, problem, proposal, decision;
  State state = State::draft;
  int version = 1;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string decider;
  std::vector<std::pair<std::string, std::string>> teams, regions;  // code, name
  std::optional<std::int64_t> asked_at, advice_due_day, review_day, decided_at;
  struct AdviserView {
    std::int64_t person_id = 0;
    std::string name, reasons;
    bool required = false, answered = false;
  };
  std::vector<AdviserView> advisers;
  struct AdviceView {
    std::int64_t id = 0, person_id = 0, at = 0;
    std::string name, text, answer;
    Stance stance = Stance::support;
    bool asked = true, author_only = false;
    int version = 1;
  };
  std::vector<AdviceView> advice;  // what the viewer may read, oldest first
  bool is_author = false;
};
// The proposal as `actor` may see it; nullopt when there is none or it is
// someone else's draft, or a draft withdrawn before advice was asked (the
// cases look the same). An account that is nobody (an administrator) reads
// what every signed-in person reads.
std::optional<ProposalView> proposal_view(store::Connection& c, const Actor& actor,
                                          const std::string& reference);

// Migration 110: proposals, their versions, affected teams and regions,
// advisers, advice (with the decision's answers) and questions.
void register_proposal_migrations(store::Migrations& migrations);

}  // namespace ploeg::advice
