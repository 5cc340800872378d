// The message catalogue is complete in every language, and every key a
// template or the code asks for exists.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::web {
namespace {

const std::filesystem::path web_root = std::filesystem::path(PLOEG_SOURCE_DIR) / "web";

TEST(Catalogue, EnglishDutchAndFrenchAreComplete) {
  auto catalogue = Catalogue::load(web_root / "locales");
  std::set<std::string> languages(catalogue.languages().begin(), catalogue.languages().end());
  EXPECT_EQ(languages, (std::set<std::string>{"en", "fr", "nl"}));
  auto problems = catalogue.problems();
  for (auto& p : problems) ADD_FAILURE() << p;
  // A translation is not the English text copied (a few words like "ploeg" may be).
  int same = 0;
  for (auto& [key, english] : catalogue.messages("en")) {
    if (english.size() > 12 && catalogue.text("nl", key) == english) ++same;
  }
  EXPECT_LT(same, 3) << "Dutch texts that are still English";
}

TEST(Catalogue, EveryKeyTheTemplatesUseExists) {
  auto catalogue = Catalogue::load(web_root / "locales");
  std::regex key_use(R"(\{\{\s*t\.([a-z0-9_]+)\s*\}\})");
  int uses = 0;
  for (auto& entry : std::filesystem::recursive_directory_iterator(web_root / "templates")) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), key_use), end; it != end; ++it) {
      ++uses;
      EXPECT_TRUE(catalogue.messages("en").count((*it)[1].str()))
          << entry.path() << " uses t." << (*it)[1].str() << " which is not in en.toml";
    }
  }
  EXPECT_GT(uses, 10);
}

TEST(Catalogue, EveryKeyTheCodeUsesExists) {
  auto catalogue = Catalogue::load(web_root / "locales");
  for (const char* key :
       {"language_name", "nav_home", "nav_account", "title_home", "title_login", "title_password",
        "title_error", "login_failed", "login_missing", "login_throttled", "password_hint",
        "password_current_wrong", "password_too_short", "password_mismatch", "password_same",
        "role_admin", "role_coach", "role_coworker", "error_400_heading", "error_400_message",
        "error_403_heading", "error_403_message", "error_403_csrf_message", "error_404_heading",
        "error_404_message", "error_405_heading", "error_405_message", "error_413_heading",
        "error_413_message", "error_500_heading", "error_500_message", "error_503_heading",
        "error_503_message",
        // organisation::editing's field errors
        "edit_too_long", "edit_date_invalid", "edit_rotation_before_since",
        "edit_holder_not_member", "edit_tag_too_long", "edit_too_many_tags", "edit_one_line",
        // casework: the citizen's pages and filing a request
        "nav_request", "title_request", "title_status", "status_unknown", "status_target",
        "request_condition_renewal", "request_condition_review", "request_type_unknown",
        "request_condition_unknown", "request_postcode_missing", "request_postcode_unknown",
        "request_region_without_team", "request_name_missing", "request_too_long",
        "request_contact_missing", "request_email_invalid", "request_phone_invalid",
        "request_description_missing", "request_form_stale",
        // casework: handling, rating, complaints, the process page
        "case_finished", "case_step_moved", "case_competence_missing", "case_taken",
        "case_taken_meanwhile", "case_text_too_long", "case_nothing_to_take", "case_not_taken",
        "case_not_holder", "case_hand_over_to", "case_outcome_missing", "case_decision_missing",
        "case_motivation_short", "case_note_missing", "case_medical_not_yours", "case_move_decided",
        "case_move_postcode", "case_move_same_team", "case_reason_missing", "rating_too_early",
        "rating_score", "rating_done", "complaint_missing", "nav_process", "title_process",
        "process_type_unknown",
        // The process editor's problems.
        "process_no_types", "process_type_code", "process_type_twice", "process_type_unnamed",
        "process_target_range", "process_condition_code", "process_no_steps", "process_step_code",
        "process_step_twice", "process_step_unnamed", "process_step_competence",
        "process_step_skip", "process_skips_all", "process_steps_line", "process_target_field",
        "process_code_exists", "process_remove_used", "process_remove_last",
        // The dashboard's charts.
        "figures_backlog", "figures_chart_backlog", "figures_chart_backlog_desc",
        "figures_chart_flow", "figures_chart_flow_desc", "figures_chart_satisfaction",
        "figures_chart_satisfaction_desc", "figures_chart_throughput",
        "figures_chart_throughput_desc", "figures_col_month", "figures_col_week", "figures_decided",
        "figures_median_days", "figures_p90_days", "figures_received", "figures_satisfaction",
        "figures_so_far"}) {
    for (auto& lang : catalogue.languages()) {
      EXPECT_TRUE(catalogue.messages(lang).count(key)) << lang << " lacks " << key;
    }
  }
}

TEST(Catalogue, PlaceholdersAndNegotiation) {
  auto catalogue = Catalogue::load(web_root / "locales");
  for (auto& lang : catalogue.languages()) {
    auto text = catalogue.format(lang, "login_throttled", {{"minutes", "15"}});
    EXPECT_NE(text.find("15"), std::string::npos) << lang;
    EXPECT_EQ(text.find("{minutes}"), std::string::npos) << lang;
  }
  EXPECT_EQ(catalogue.negotiate("nl-BE,nl;q=0.9,fr;q=0.8"), "nl");
  EXPECT_EQ(catalogue.negotiate("de-DE,fr;q=0.7,en;q=0.5"), "fr");
  EXPECT_EQ(catalogue.negotiate("de"), "en");
  EXPECT_EQ(catalogue.negotiate(""), "en");
  EXPECT_EQ(catalogue.negotiate("fr;q=0, nl;q=0.1"), "nl");
  EXPECT_EQ(catalogue.text("nl", "no_such_key"), "no_such_key");
}

TEST(Views, EveryTemplateParsesAndEscapes) {
  Views views(web_root / "templates");
  ASSERT_TRUE(views.has("layout/page"));
  ASSERT_TRUE(views.has("errors/error"));
  Data data;
  data.set("status", "404");
  data.set("heading", "<script>alert(1)</script>");
  data.set("message", "a \"quoted\" & 'single' text");
  data.set("request_id", "abc");
  auto html = views.render("errors/error", data);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_THROW(views.render("no/such", data), std::out_of_range);
}

}  // namespace
}  // namespace ploeg::web
