// One way to refuse: a command's Outcome becomes the HTTP status, the form
// shown again and the API's error in web/outcome.cpp and web::api::Answers
// only; these check that translation against what the pages and the API
// promise.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "web/api_answer.hpp"
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

TEST(OneRefusal, TheApiNamesTheProblemInTheCallersLanguageWithEveryOtherOne) {
  const auto web_root = std::filesystem::path(PLOEG_SOURCE_DIR) / "web";
  Site site(Views(web_root / "templates"), Catalogue::load(web_root / "locales"), "ploeg",
            [](http::Request&, const std::string&) { return true; });
  api::Answers answers(site);
  http::Request request;
  visitor(request).lang = "nl";

  Outcome two;
  two.verdict = Verdict::invalid;
  two.errors.push_back({"day", "week_desk_outside_horizon", "Outside the horizon."});
  two.errors.push_back({"form", "no_such_key_here", "Look again."});
  auto answer = answers.refusal(request, two);
  EXPECT_EQ(answer.status, 422);
  auto body = boost::json::parse(answer.body);
  auto& error = body.as_object().at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "week_desk_outside_horizon");
  EXPECT_EQ(error.at("message").as_string(),
            site.catalogue().text("nl", "week_desk_outside_horizon"));
  EXPECT_EQ(error.at("field").as_string(), "day");
  auto& all = error.at("errors").as_array();
  ASSERT_EQ(all.size(), 2u);
  // A key the catalogue lacks still says something: the English message.
  EXPECT_EQ(all[1].as_object().at("message").as_string(), "Look again.");

  auto taken = answers.refusal(
      request, Outcome::refused(Verdict::conflict, {"desk", "week_desk_taken", "taken"}));
  EXPECT_EQ(taken.status, 409);
  auto taken_body = boost::json::parse(taken.body);
  EXPECT_FALSE(taken_body.as_object().at("error").as_object().contains("errors"));
}

}  // namespace
}  // namespace ploeg::web
