#include "advice/rules.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/text.hpp"

namespace ploeg::advice {
namespace {

constexpr const char* state_codes[] = {"draft", "asking", "decided", "withdrawn"};
constexpr const char* stance_codes[] = {"support", "concern", "objection", "pass"};

// 0 Monday .. 6 Sunday: 1970-01-01 was a Thursday.
int weekday(std::int64_t day) {
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

std::string name_of(std::int64_t person_id, const std::vector<Adviser>& advisers,
                    const std::map<std::int64_t, std::string>& names) {
  for (auto& a : advisers) {
    if (a.person_id == person_id && !a.name.empty()) return a.name;
  }
  auto found = names.find(person_id);
  return found == names.end() ? "#" + std::to_string(person_id) : found->second;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
  return text;
}

}  // namespace

std::string code_of(State state) {
  return state_codes[static_cast<int>(state)];
}
std::string code_of(Stance stance) {
  return stance_codes[static_cast<int>(stance)];
}

std::optional<State> state_of(const std::string& code) {
  for (int i = 0; i < 4; ++i) {
    if (code == state_codes[i]) return static_cast<State>(i);
  }
  return std::nullopt;
}

std::optional<Stance> stance_of(const std::string& code) {
  for (int i = 0; i < 4; ++i) {
    if (code == stance_codes[i]) return static_cast<Stance>(i);
  }
  return std::nullopt;
}

std::int64_t add_working_days(std::int64_t day, int working_days) {
  // Whole weeks at once, then day by day: a large count stays cheap.
  if (working_days <= 0) return day;
  day += 7 * std::int64_t{(working_days - 1) / 5};
  int left = (working_days - 1) % 5 + 1;
  while (left > 0) {
    ++day;
    if (weekday(day) < 5) --left;
  }
  return day;
}

bool was_asked(const std::vector<Adviser>& advisers, std::int64_t person_id) {
  return std::any_of(advisers.begin(), advisers.end(),
                     [&](const Adviser& a) { return a.person_id == person_id; });
}

std::vector<Advice> latest_advice(const std::vector<Advice>& advice) {
  std::vector<Advice> out;
  for (auto& a : advice) {
    auto same = std::find_if(out.begin(), out.end(),
                             [&](const Advice& b) { return b.person_id == a.person_id; });
    if (same == out.end())
      out.push_back(a);
    else if (std::tie(a.at, a.id) >= std::tie(same->at, same->id))
      *same = a;
  }
  return out;
}

std::vector<Adviser> missing_required(const std::vector<Adviser>& advisers,
                                      const std::vector<Advice>& advice) {
  std::set<std::int64_t> answered;
  for (auto& a : advice) answered.insert(a.person_id);
  std::vector<Adviser> missing;
  for (auto& a : advisers) {
    if (a.required && !answered.count(a.person_id)) missing.push_back(a);
  }
  return missing;
}

std::vector<FieldError> decide_too_early(std::int64_t today, std::int64_t due_day,
                                         const std::vector<Adviser>& advisers,
                                         const std::vector<Advice>& advice) {
  if (today > due_day) return {};
  auto missing = missing_required(advisers, advice);
  if (missing.empty()) return {};
  std::vector<std::string> names;
  for (auto& a : missing) names.push_back(a.name);
  auto list = joined(names);
  return {{"decision",
           "advice_decide_too_early",
           "advice is due until the due day and these required advisers have not answered: " + list,
           {{"names", list}, {"count", std::to_string(missing.size())}}}};
}

std::vector<FieldError> unanswered(const std::vector<Adviser>& advisers,
                                   const std::vector<Advice>& advice,
                                   const std::map<std::int64_t, std::string>& answers,
                                   const std::map<std::int64_t, std::string>& names) {
  std::vector<FieldError> problems;
  for (auto stance : {Stance::objection, Stance::concern}) {
    for (auto& a : latest_advice(advice)) {
      if (a.stance != stance) continue;
      auto found = answers.find(a.id);
      if (found != answers.end() && !text::trimmed(found->second).empty()) continue;
      auto who = name_of(a.person_id, advisers, names);
      bool objection = stance == Stance::objection;
      problems.push_back({"answer_" + std::to_string(a.id),
                          objection ? "advice_unanswered_objection" : "advice_unanswered_concern",
                          std::string(objection ? "the objection" : "the concern") + " of " + who +
                              " has no answer",
                          {{"name", who}}});
    }
  }
  return problems;
}

}  // namespace ploeg::advice
