// The advice process (issue 20) as rules that need no database: when advice
// is due, when the author may decide, which objections and concerns a
// decision still has to answer, and how advice from someone who was not
// asked counts. The store and the pages call these; they are tested alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.hpp"

namespace ploeg::advice {

// Where a proposal is: private to its author, asking advice (visible to
// everyone signed in), decided, or withdrawn.
enum class State { draft, asking, decided, withdrawn };

// What an adviser says. `pass`: a required adviser who has nothing to add
// and says so, which counts as an answer.
enum class Stance { support, concern, objection, pass };

// Codes as stored and sent: "draft", "support", ...; nullopt for another text.
std::string code_of(State state);
std::string code_of(Stance stance);
std::optional<State> state_of(const std::string& code);
std::optional<Stance> stance_of(const std::string& code);

// Advice is due ten working days after it is asked, unless the author says otherwise.
inline constexpr int default_advice_working_days = 10;
// The calendar day `working_days` working days (Monday to Friday) after
// `day`; days count from 1970-01-01 on the organisation's calendar.
std::int64_t add_working_days(std::int64_t day, int working_days);

struct Adviser {
  std::int64_t person_id = 0;
  std::string name;
  bool required = false;
};

struct Advice {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  Stance stance = Stance::support;
  int version = 1;    // of the proposal it was given on
  bool asked = true;  // false: given without being asked, kept as optional advice
  std::int64_t at = 0;
};

// Advice from `person_id` on a proposal whose advisers are `advisers`:
// asked when they are among them, else optional and marked so.
bool was_asked(const std::vector<Adviser>& advisers, std::int64_t person_id);

// Each person's last advice, in the order they first gave advice: an
// adviser who changes their mind (or answers a new version) is counted once.
std::vector<Advice> latest_advice(const std::vector<Advice>& advice);

// The required advisers who have not answered (an explicit pass is an answer).
std::vector<Adviser> missing_required(const std::vector<Adviser>& advisers,
                                      const std::vector<Advice>& advice);

// Whether the author may decide on `today`: once the due day is past, or
// when every required adviser has answered. Refused (field "decision",
// key advice_decide_too_early) with the names of those still missing.
std::vector<FieldError> decide_too_early(std::int64_t today, std::int64_t due_day,
                                         const std::vector<Adviser>& advisers,
                                         const std::vector<Advice>& advice);

// Every objection and concern (each person's last advice) needs an answer in
// the decision: `answers` by advice id. A problem for each one without a
// non-blank answer (field "answer_<id>", key advice_unanswered_objection or
// advice_unanswered_concern, naming the adviser), objections first.
std::vector<FieldError> unanswered(const std::vector<Adviser>& advisers,
                                   const std::vector<Advice>& advice,
                                   const std::map<std::int64_t, std::string>& answers,
                                   const std::map<std::int64_t, std::string>& names = {});

}  // namespace ploeg::advice
