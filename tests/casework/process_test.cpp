// The process definition's rules: which steps a request goes through and
// what makes a definition invalid.
#include "casework/process.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ploeg::casework {
namespace {

const std::vector<std::string> catalogue = {"administration", "decision", "intake",
                                            "medical",        "payment",  "social_work"};

std::vector<std::string> codes(const std::vector<const ProcessStep*>& steps) {
  std::vector<std::string> out;
  for (auto* s : steps) out.push_back(s->code);
  return out;
}

const RequestType& type(const Process& p, const std::string& code) {
  return *std::find_if(p.types.begin(), p.types.end(),
                       [&](const RequestType& t) { return t.code == code; });
}

using Values = std::vector<std::pair<std::string, std::string>>;

// Whether `problems` holds the message `key` with these values.
bool mentions(const std::vector<ProcessProblem>& problems, const std::string& key,
              const Values& values) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const ProcessProblem& p) { return p.key == key && p.values == values; });
}

TEST(Process, TheDefaultIsValidAndRunsFromIntakeToDecision) {
  auto p = default_process();
  EXPECT_TRUE(problems(p, catalogue).empty());
  ASSERT_EQ(p.types.size(), 4u);
  EXPECT_TRUE(std::is_sorted(p.types.begin(), p.types.end(),
                             [](auto& a, auto& b) { return a.code < b.code; }));
  for (auto& t : p.types) {
    auto steps = codes(steps_for(t, {}));
    EXPECT_EQ(steps.front(), "intake") << t.code;
    EXPECT_NE(std::find(steps.begin(), steps.end(), "decision"), steps.end()) << t.code;
  }
}

TEST(Process, ARenewedParkingCardSkipsTheMedicalAssessment) {
  auto p = default_process();
  auto& card = type(p, "parking_card");
  EXPECT_EQ(codes(steps_for(card, {})),
            (std::vector<std::string>{"intake", "completeness_check", "medical_assessment",
                                      "decision", "notification"}));
  EXPECT_EQ(codes(steps_for(card, {"renewal"})),
            (std::vector<std::string>{"intake", "completeness_check", "decision", "notification"}));
  // A condition of another type changes nothing here.
  EXPECT_EQ(steps_for(card, {"review"}).size(), 5u);
  // An income replacement allowance always has its medical assessment and payment.
  auto income = codes(steps_for(type(p, "income_replacement"), {"renewal", "review"}));
  EXPECT_NE(std::find(income.begin(), income.end(), "medical_assessment"), income.end());
  EXPECT_EQ(income.back(), "payment");
}

TEST(Process, EveryMistakeIsNamedWithItsFix) {
  auto p = default_process();
  auto& card = p.types.back();
  card.steps[2].competence = "plumbing";
  card.steps[1].skip_when = {"moved"};
  card.target_days = 0;
  p.types.push_back(p.types.front());  // the same code twice
  p.types.push_back({"Bad Code", "", 30, {}, {}});
  auto found = problems(p, catalogue);
  EXPECT_TRUE(mentions(
      found, "process_step_competence",
      {{"type", "parking_card"}, {"step", "medical_assessment"}, {"competence", "plumbing"}}));
  EXPECT_TRUE(
      mentions(found, "process_step_skip",
               {{"type", "parking_card"}, {"step", "completeness_check"}, {"condition", "moved"}}));
  EXPECT_TRUE(mentions(found, "process_target_range", {{"type", "parking_card"}, {"days", "0"}}));
  EXPECT_TRUE(mentions(found, "process_type_twice", {{"type", "elderly_assistance"}}));
  EXPECT_TRUE(mentions(found, "process_type_code", {{"type", "Bad Code"}}));
  EXPECT_TRUE(mentions(found, "process_type_unnamed", {{"type", "Bad Code"}}));
  EXPECT_TRUE(mentions(found, "process_no_steps", {{"type", "Bad Code"}}));
  // Each names its request type, so a page shows it with that type's form.
  for (auto& problem : found) EXPECT_FALSE(problem.type_code.empty()) << problem.key;
  EXPECT_TRUE(problems(Process{}, catalogue).size() == 1);
}

TEST(Process, ATypeWhoseConditionsSkipEveryStepIsRefused) {
  Process p;
  p.types.push_back({"lost",
                     "Lost card",
                     10,
                     {"duplicate"},
                     {{"decision", "Decision", "decision", {"duplicate"}}}});
  EXPECT_TRUE(mentions(problems(p, catalogue), "process_skips_all", {{"type", "lost"}}));
}

}  // namespace
}  // namespace ploeg::casework
