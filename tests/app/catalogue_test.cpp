// The message catalogue is complete in every language, and the keys the code
// builds at run time exist (message_keys_test.cpp reads the others from the
// templates and the code).
#include <gtest/gtest.h>

#include <fstream>
#include <set>

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
        // Team choice rounds.
        "nav_rounds", "title_rounds", "title_round", "title_round_board", "rounds_heading",
        "rounds_intro", "rounds_opened_on", "rounds_none", "rounds_open_heading",
        "rounds_open_intro", "rounds_not_saved", "rounds_title_label", "rounds_region_label",
        "rounds_open_submit", "rounds_status_open", "rounds_status_proposed",
        "rounds_status_accepted", "rounds_status_closed", "rounds_choice_heading",
        "rounds_choice_intro", "rounds_choice_first", "rounds_choice_second", "rounds_choice_third",
        "rounds_choice_pick", "rounds_choice_none", "rounds_choice_liked",
        "rounds_choice_liked_hint", "rounds_choice_submit", "rounds_choice_saved_at",
        "rounds_choice_0", "rounds_choice_1", "rounds_choice_2", "rounds_choice_3",
        "rounds_outcome_heading", "rounds_manage_heading", "rounds_optimise", "rounds_publish",
        "rounds_accept", "rounds_close", "rounds_proposal_heading", "rounds_proposal_made",
        "rounds_objective", "rounds_bound", "rounds_gap", "rounds_preference_points",
        "rounds_colleague_points", "rounds_move_penalty", "rounds_proven_optimal", "rounds_moved",
        "rounds_infeasible", "rounds_proposal_summary", "rounds_proposal_team_size",
        "rounds_board_heading", "rounds_board_intro", "rounds_board_alone", "rounds_board_chosen",
        "rounds_board_size", "rounds_board_lacks", "rounds_board_below", "rounds_board_above",
        "rounds_board_lacking", "rounds_board_complete", "rounds_board_members",
        "rounds_done_opened", "rounds_done_chosen", "rounds_done_optimised",
        "rounds_done_published", "rounds_done_accepted", "rounds_done_closed", "rounds_unknown",
        "rounds_error_refused", "rounds_error_not_in_round", "rounds_error_title",
        "rounds_error_region", "rounds_error_no_teams", "rounds_error_not_open",
        "rounds_error_no_first", "rounds_error_too_many", "rounds_error_team_unknown",
        "rounds_error_team_twice", "rounds_error_colleague_self", "rounds_error_colleague_unknown",
        "rounds_error_engine", "rounds_error_no_proposal", "rounds_error_not_published",
        "rounds_error_finished", "rounds_choice_nothing", "rounds_placed_0", "rounds_placed_1",
        "rounds_placed_2", "rounds_placed_3", "rounds_placed_none", "rounds_changes_heading",
        "rounds_change_line", "rounds_no_team",
        // Team choice rounds: the optimiser in the background, star roles, reasons and violations.
        "rounds_done_started", "rounds_error_running", "rounds_run_superseded", "rounds_run_stale",
        "rounds_run_error", "rounds_run_progress", "rounds_run_bar", "rounds_run_wait",
        "rounds_run_refresh", "rounds_run_phase_queued", "rounds_run_phase_start",
        "rounds_run_phase_searching", "rounds_run_phase_bound", "rounds_run_phase_improving",
        "rounds_run_phase_proving", "rounds_run_phase_done", "rounds_accept_ends_roles",
        "rounds_roles_ended", "rounds_reason_in", "rounds_reason_got_2", "rounds_reason_got_3",
        "rounds_reason_full", "rounds_reason_needed", "rounds_reason_minimum",
        "rounds_reason_colleagues", "rounds_reason_others", "rounds_violation_no_team",
        "rounds_violation_wrong_region", "rounds_violation_team_competence",
        "rounds_violation_team_below_min", "rounds_violation_team_above_max",
        "rounds_violation_people_below_min", "rounds_violation_people_above_max",
        "rounds_violation_competence_short", "rounds_violation_competence_short_each",
        "rounds_violation_region_short", "rounds_violation_region_crowded",
        "rounds_violation_region_competence_short", "rounds_violation_region_competence_short_each",
        "rounds_violation_team_region_short", "rounds_violation_no_combination",
        "rounds_violation_none_found",
        // The dashboard's charts.
        "figures_backlog", "figures_chart_backlog", "figures_chart_backlog_desc",
        "figures_chart_flow", "figures_chart_flow_desc", "figures_chart_satisfaction",
        "figures_chart_satisfaction_desc", "figures_chart_throughput",
        "figures_chart_throughput_desc", "figures_col_month", "figures_col_week", "figures_decided",
        "figures_median_days", "figures_p90_days", "figures_received", "figures_satisfaction",
        "figures_so_far"}) {
    for (auto& lang : catalogue.languages()) {
      EXPECT_TRUE(catalogue.has(lang, key)) << lang << " lacks " << key;
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

TEST(Catalogue, PluralCategoriesFollowCldr) {
  // English and Dutch: one for 1 only, so 0 is plural ("0 people", "0 mensen").
  for (const char* lang : {"en", "nl"}) {
    EXPECT_EQ(plural_category(lang, 0), "other") << lang;
    EXPECT_EQ(plural_category(lang, 1), "one") << lang;
    for (long long n : {2, 5, 11, 21, 101, 1000000}) EXPECT_EQ(plural_category(lang, n), "other");
  }
  // French: one for 0 and 1 ("0 personne", "1 personne"), other from 2.
  EXPECT_EQ(plural_category("fr", 0), "one");
  EXPECT_EQ(plural_category("fr", 1), "one");
  for (long long n : {2, 5, 11, 21, 101}) EXPECT_EQ(plural_category("fr", n), "other") << n;
  // A language without a rule of its own follows English.
  EXPECT_EQ(plural_category("de", 0), "other");
  EXPECT_EQ(plural_category("de", 1), "one");
}

// A catalogue written for the test into a directory of its own.
class PluralCatalogue : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ploeg_plural_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& lang, const std::string& toml) {
    std::ofstream(dir_ / (lang + ".toml")) << toml;
  }
  std::filesystem::path dir_;
};

TEST_F(PluralCatalogue, TheCountPicksTheFormByTheLanguagesRule) {
  write(
      "en",
      R"(found = { one = "{count} person found in {team}", other = "{count} people found in {team}" }
plain = "Team {team}"
only_en = { one = "one thing", other = "{count} things" }
)");
  write(
      "fr",
      R"(found = { one = "{count} personne trouvée dans {team}", other = "{count} personnes trouvées dans {team}" }
plain = "Équipe {team}"
)");
  write(
      "nl",
      R"(found = { one = "{count} persoon gevonden in {team}", other = "{count} mensen gevonden in {team}" }
plain = "Team {team}"
)");
  auto catalogue = Catalogue::load(dir_);
  Catalogue::Values team{{"team", "Gent"}};
  EXPECT_EQ(catalogue.format("en", "found", team, 0), "0 people found in Gent");
  EXPECT_EQ(catalogue.format("en", "found", team, 1), "1 person found in Gent");
  EXPECT_EQ(catalogue.format("en", "found", team, 2), "2 people found in Gent");
  EXPECT_EQ(catalogue.format("nl", "found", team, 0), "0 mensen gevonden in Gent");
  EXPECT_EQ(catalogue.format("nl", "found", team, 1), "1 persoon gevonden in Gent");
  EXPECT_EQ(catalogue.format("nl", "found", team, 7), "7 mensen gevonden in Gent");
  EXPECT_EQ(catalogue.format("fr", "found", team, 0), "0 personne trouvée dans Gent");
  EXPECT_EQ(catalogue.format("fr", "found", team, 1), "1 personne trouvée dans Gent");
  EXPECT_EQ(catalogue.format("fr", "found", team, 2), "2 personnes trouvées dans Gent");
  // A value named count is shown instead of the number.
  EXPECT_EQ(catalogue.format("en", "found", {{"count", "one"}, {"team", "Gent"}}, 1),
            "one person found in Gent");
  // Missing in French: the English forms by the English rule.
  EXPECT_EQ(catalogue.format("fr", "only_en", {}, 0), "0 things");
  // A message of one text is formatted as it is, whatever the count.
  EXPECT_EQ(catalogue.format("fr", "plain", team, 3), "Équipe Gent");
  // Plural messages are not among the texts a template sees, and have no one text.
  EXPECT_FALSE(catalogue.messages("fr").count("found"));
  EXPECT_TRUE(catalogue.plurals("fr").count("found"));
  EXPECT_TRUE(catalogue.has("fr", "found"));
  EXPECT_TRUE(catalogue.has("fr", "plain"));
  EXPECT_FALSE(catalogue.has("fr", "only_en"));
  EXPECT_TRUE(catalogue.is_plural("found"));
  EXPECT_FALSE(catalogue.is_plural("plain"));
  EXPECT_EQ(catalogue.text("fr", "found"), "found");
  EXPECT_EQ(catalogue.format("fr", "found", team), "found");
}

TEST_F(PluralCatalogue, ProblemsNameTheFormsALanguageLacksOrDoesNotUse) {
  write("en", R"(a = { one = "1 day", other = "{count} days" }
b = { one = "1 team", other = "{count} teams" }
c = "{count} requests"
d = { one = "1 week", other = "{count} weeks" }
)");
  write("fr", R"(a = { other = "{count} jours" }
b = { one = "1 équipe", few = "{count} équipes", other = "{count} équipes" }
c = { one = "1 demande", other = "{count} demandes" }
d = "{count} semaines"
)");
  write("nl", R"(a = { one = "1 dag", other = "" }
b = { one = "1 team", other = "{count} teams" }
c = "{count} aanvragen"
)");
  auto problems = Catalogue::load(dir_).problems();
  std::set<std::string> found(problems.begin(), problems.end());
  EXPECT_EQ(found, (std::set<std::string>{
                       "fr: a lacks its plural form one",
                       "fr: b has a plural form few that fr does not use",
                       "fr: c has plural forms, but is one text in en",
                       "fr: d is one text, but has plural forms in en",
                       "nl: a.other is empty",
                       "nl: missing d",
                   }));
}

TEST_F(PluralCatalogue, AFormOutsideCldrsCategoriesIsRefused) {
  write("en", R"(a = { one = "1 day", several = "{count} days" })");
  try {
    Catalogue::load(dir_);
    FAIL() << "loaded a plural form named several";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"a\" has plural forms: \"several\" must be zero, one, "
                                         "two, few, many or other"),
              std::string::npos)
        << e.what();
  }
  write("en", R"(a = 3)");
  EXPECT_THROW(Catalogue::load(dir_), std::invalid_argument);
}

TEST(Catalogue, TheHoldersOfACompetenceAgreeWithTheirNumber) {
  // "X ont la compétence" was written for one holder as for several.
  auto catalogue = Catalogue::load(web_root / "locales");
  Catalogue::Values one{{"holders", "Anna Peeters"}, {"competence", "intake"}};
  Catalogue::Values two{{"holders", "Anna Peeters, Bram Claes"}, {"competence", "intake"}};
  EXPECT_EQ(catalogue.format("fr", "week_appointment_why_untaken", one, 1),
            "personne ne l’a encore pris ; Anna Peeters a la compétence intake.");
  EXPECT_EQ(catalogue.format("fr", "week_appointment_why_untaken", two, 2),
            "personne ne l’a encore pris ; Anna Peeters, Bram Claes ont la compétence intake.");
  EXPECT_EQ(catalogue.format("en", "week_appointment_why_untaken", one, 1),
            "nobody has taken it yet; Anna Peeters holds intake.");
  EXPECT_EQ(catalogue.format("en", "week_appointment_why_untaken", two, 2),
            "nobody has taken it yet; Anna Peeters, Bram Claes hold intake.");
  EXPECT_EQ(catalogue.format("nl", "week_appointment_why_untaken", one, 1),
            "niemand heeft ze al opgenomen; Anna Peeters heeft intake.");
  EXPECT_EQ(catalogue.format("nl", "week_appointment_why_untaken", two, 2),
            "niemand heeft ze al opgenomen; Anna Peeters, Bram Claes hebben intake.");
  // Counted people: "1 person", never "1 people"; French 0 is singular.
  EXPECT_EQ(catalogue.format("en", "rounds_board_members", {}, 1), "1 person");
  EXPECT_EQ(catalogue.format("en", "rounds_board_members", {}, 0), "0 people");
  EXPECT_EQ(catalogue.format("fr", "rounds_board_members", {}, 0), "0 personne");
  EXPECT_EQ(catalogue.format("fr", "rounds_board_members", {}, 1), "1 personne");
  EXPECT_EQ(catalogue.format("fr", "rounds_board_members", {}, 3), "3 personnes");
  EXPECT_EQ(catalogue.format("nl", "rounds_board_members", {}, 1), "1 persoon");
  EXPECT_EQ(catalogue.format("nl", "rounds_board_members", {}, 0), "0 mensen");
  // A round's violation: the people it counts agree with their verb.
  Catalogue::Values short_of{
      {"have", "1"}, {"competence", "intake"}, {"teams", "3"}, {"need", "3"}};
  EXPECT_EQ(catalogue.format("en", "rounds_violation_competence_short", short_of, 1),
            "1 person holds intake for 3 teams that need 3 in all.");
  EXPECT_EQ(catalogue.format("fr", "rounds_violation_competence_short", short_of, 1),
            "1 personne a la compétence intake, alors que 3 équipes en demandent 3 en tout.");
  EXPECT_EQ(catalogue.format("nl", "rounds_violation_competence_short", short_of, 1),
            "1 persoon heeft intake, voor 3 teams die er samen 3 nodig hebben.");
  short_of[0].second = "2";
  EXPECT_EQ(catalogue.format("fr", "rounds_violation_competence_short", short_of, 2),
            "2 personnes ont la compétence intake, alors que 3 équipes en demandent 3 en tout.");
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
