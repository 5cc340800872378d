// One way to refuse: a command's Outcome becomes the HTTP status, the form
// shown again and the API's error in web/outcome.cpp only; these check that
// translation against the statuses the API and the pages promise.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "web/outcome.hpp"

namespace ploeg::web {
namespace {

TEST(OneRefusal, EachVerdictHasItsStatus) {
  EXPECT_EQ(status_of(Verdict::ok), 200);
  EXPECT_EQ(status_of(Verdict::invalid), 422);
  EXPECT_EQ(status_of(Verdict::forbidden), 403);
  EXPECT_EQ(status_of(Verdict::not_found), 404);
  EXPECT_EQ(status_of(Verdict::conflict), 409);
  Outcome fine;
  EXPECT_TRUE(fine.ok());
  EXPECT_TRUE(static_cast<bool>(fine));
  EXPECT_EQ(fine.first_key(), "");
}

TEST(OneRefusal, AFormComesBackWithWhatWasSentAndEachProblem) {
  auto outcome = Outcome::refused(Verdict::conflict, {"desk", "week_desk_taken", "taken"});
  auto sent = submitted("desk-2", {{"desk", "G-1"}, {"day", "2"}}, outcome);
  EXPECT_TRUE(sent.is("desk-2"));
  EXPECT_EQ(sent.value("desk-2", "desk", ""), "G-1");
  EXPECT_EQ(sent.status, 409);
  EXPECT_EQ(sent.page_status(), 409);
  ASSERT_EQ(sent.errors.size(), 1u);
  EXPECT_EQ(sent.errors[0].field, "desk");
  EXPECT_EQ(sent.errors[0].key, "week_desk_taken");
}

TEST(OneRefusal, TheApiNamesTheProblemItsFieldAndEveryOtherOne) {
  Outcome two;
  two.verdict = Verdict::invalid;
  two.errors.push_back({"day", "week_desk_outside_horizon", "Desks can be booked until Friday."});
  two.errors.push_back({"form", "case_invalid", "Look again."});
  auto answer = api::refusal(two);
  EXPECT_EQ(answer.status, 422);
  auto body = boost::json::parse(answer.body).as_object();
  auto& error = body.at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "week_desk_outside_horizon");
  EXPECT_EQ(error.at("message").as_string(), "Desks can be booked until Friday.");
  EXPECT_EQ(error.at("field").as_string(), "day");
  ASSERT_EQ(error.at("errors").as_array().size(), 2u);

  // A refusal without a reason still says what it is, with no field.
  auto bare = api::refusal(Outcome::refused(Verdict::not_found));
  EXPECT_EQ(bare.status, 404);
  auto bare_body = boost::json::parse(bare.body);
  auto& nothing = bare_body.as_object().at("error").as_object();
  EXPECT_EQ(nothing.at("code").as_string(), "not_found");
  EXPECT_TRUE(nothing.at("field").is_null());
  EXPECT_FALSE(nothing.contains("errors"));
}

}  // namespace
}  // namespace ploeg::web
