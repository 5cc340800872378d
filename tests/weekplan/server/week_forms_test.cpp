// A refused form on the team's week never dead-ends: it comes back as the same
// page (422), with what was entered still in the form and the problem next to
// its field, in the visitor's language; nothing is saved. No date here depends
// on the weekday the tests run on.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"
#include "weekplan/server/week_support.hpp"

namespace ploeg::test {
namespace {

using week::date_of;
using week::monday_in;

class WeekFormsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-week-forms-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<store::Database> database() {
    return store::Database::open(demo_->database());
  }
  static std::int64_t count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return database()->acquire()->query(sql, params).rows.at(0).integer(0);
  }
  // The co-worker, reading the site in `lang`.
  static Visitor coworker_in(const std::string& lang) {
    auto v = demo_->signed_in("coworker");
    v.cookies()["ploeg_lang"] = lang;
    return v;
  }
  // The <select> named `name` of the page, options and all.
  static std::string select_named(const std::string& page, const std::string& name) {
    std::smatch m;
    std::regex select("<select[^>]*name=\"" + name + "\"[^>]*>.*?</select>");
    return std::regex_search(page, m, select) ? m.str() : "";
  }
  static inline std::unique_ptr<DemoServer> demo_;
};

struct Words {
  std::string lang, week_heading, message, error_page;
};

TEST_F(WeekFormsTest, AnAppointmentOnTheDefaultDayOfAPastWeekComesBackWithWhatWasEntered) {
  // On a Saturday the week page shows the week that is ending, whose days are
  // all past: an appointment added on its first day, the form's default, is
  // refused. Last week's Saturday shows the same week whatever today is.
  auto team = week::coworker_team(*database());
  auto week = "/teams/" + team.code + "/week";
  auto saturday = monday_in(-1) + 5;
  auto before = count("SELECT COUNT(*) FROM week_appointments WHERE team_id = $1", {team.id});
  for (auto& words : std::vector<Words>{
           {"en", "The week of", "That day is past: choose today or a later day.",
            "Back to the home page"},
           {"nl", "De week van", "Die dag is voorbij: kies vandaag of een latere dag.",
            "Terug naar de startpagina"}}) {
    auto v = coworker_in(words.lang);
    auto page = v.get(week + "?start=" + date_of(saturday));
    ASSERT_EQ(page.status, 200);
    std::smatch m;
    ASSERT_TRUE(
        std::regex_search(page.body, m, std::regex(R"re(name="start" value="([0-9-]+)")re")));
    EXPECT_EQ(m[1], date_of(monday_in(-1)));
    auto day = select_named(page.body, "day");
    ASSERT_TRUE(std::regex_search(day, m, std::regex(R"re(<option value="(\d)")re")));
    std::string default_day = m[1];
    EXPECT_EQ(day.find(" selected"), std::string::npos) << "no day chosen: the first one goes";

    auto refused = v.post(week + "/appointments", {{"start", date_of(monday_in(-1))},
                                                   {"day", default_day},
                                                   {"time", "10:15"},
                                                   {"minutes", "45"},
                                                   {"competence", "medical"},
                                                   {"where", "home_visit"},
                                                   {"request", ""}});
    EXPECT_EQ(refused.status, 422) << words.lang;
    auto& body = refused.body;
    EXPECT_NE(body.find("<h1 id=\"week-heading\">" + words.week_heading + " "), std::string::npos)
        << body;
    EXPECT_EQ(body.find(words.error_page), std::string::npos) << "not the error page";
    EXPECT_EQ(body.find("_heading"), std::string::npos) << "no raw message key";
    // What was entered is still there.
    EXPECT_NE(select_named(body, "day").find("<option value=\"" + default_day + "\" selected>"),
              std::string::npos);
    EXPECT_NE(
        body.find(R"(id="ap-time" name="time" type="time" min="07:00" max="19:00" value="10:15")"),
        std::string::npos);
    EXPECT_NE(
        body.find(
            R"(id="ap-minutes" name="minutes" type="number" min="15" max="240" step="15" value="45")"),
        std::string::npos);
    EXPECT_NE(select_named(body, "competence").find("<option value=\"medical\" selected>"),
              std::string::npos);
    EXPECT_NE(select_named(body, "where").find("<option value=\"home_visit\" selected>"),
              std::string::npos);
    // The form is far down the page: an alert at the top leads to it.
    EXPECT_NE(body.find("<div class=\"alert alert--error\" role=\"alert\"><p>"), std::string::npos);
    EXPECT_NE(body.find("<a href=\"#appointment-add-heading\">"), std::string::npos);
    EXPECT_NE(body.find("id=\"appointment-add-heading\""), std::string::npos);
    // The problem stands next to the day, which points to it.
    EXPECT_NE(body.find("aria-invalid=\"true\" aria-describedby=\"ap-day-error\">"),
              std::string::npos);
    EXPECT_NE(body.find("</select><p class=\"field__error\" id=\"ap-day-error\">" + words.message +
                        "</p>"),
              std::string::npos)
        << body;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM week_appointments WHERE team_id = $1", {team.id}), before)
      << "nothing saved";
}

TEST_F(WeekFormsTest, MoreHomeDaysThanThePolicyAllowsComeBackInTheRow) {
  auto team = week::coworker_team(*database());
  auto week = "/teams/" + team.code + "/week";
  auto start = date_of(monday_in(5));
  auto allowed = count("SELECT max_home_days FROM workplace_policy WHERE id = 1");
  ASSERT_LT(allowed, 5);
  ASSERT_EQ(count("SELECT COUNT(*) FROM person_days_off WHERE person_id = $1", {team.person}), 0)
      << "the co-worker works every weekday";
  // One home day more than allowed; the last day of the row at the office.
  http::Fields row = {{"start", start}};
  for (int d = 0; d < 5; ++d)
    row.emplace_back("day_" + std::to_string(d), d <= allowed ? "home" : "office");
  auto message = [&](const std::string& lang) -> std::string {
    auto max = std::to_string(allowed);
    if (lang == "nl")
      return "Meer thuiswerkdagen dan het beleid toestaat (" + max +
             " per week): kies voor een ervan kantoor of huisbezoek.";
    return "More home days than the policy allows (" + max +
           " a week): choose the office or field visits for one of them.";
  };
  for (auto& words :
       std::vector<Words>{{"en", "The week of", message("en"), "Back to the home page"},
                          {"nl", "De week van", message("nl"), "Terug naar de startpagina"}}) {
    auto v = coworker_in(words.lang);
    ASSERT_EQ(v.get(week + "?start=" + start).status, 200);
    auto refused = v.post(week + "/mine", row);
    EXPECT_EQ(refused.status, 422) << words.lang;
    auto& body = refused.body;
    EXPECT_NE(body.find("<h1 id=\"week-heading\">" + words.week_heading + " "), std::string::npos)
        << body;
    EXPECT_EQ(body.find(words.error_page), std::string::npos) << "not the error page";
    EXPECT_EQ(body.find("_heading"), std::string::npos) << "no raw message key";
    // The row as entered, each day marked as the one the problem is about.
    for (int d = 0; d < 5; ++d) {
      auto choice = select_named(body, "day_" + std::to_string(d));
      EXPECT_NE(choice.find("aria-invalid=\"true\" aria-describedby=\"week-mine-error\""),
                std::string::npos)
          << choice;
      EXPECT_NE(choice.find(std::string("value=\"") + (d <= allowed ? "home" : "office") +
                            "\" selected>"),
                std::string::npos)
          << choice;
    }
    // The problem is in the row, under the member's name.
    EXPECT_TRUE(std::regex_search(
        body,
        std::regex("<tr class=\"week__own\">\\s*<th scope=\"row\">[^<]+<p class=\"field__error\" "
                   "id=\"week-mine-error\">" +
                   std::regex_replace(words.message, std::regex(R"([()])"), R"(\$&)") +
                   "</p></th>")))
        << body;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM week_entries WHERE person_id = $1 AND day >= $2 AND day < "
                  "$3",
                  {team.person, monday_in(5), monday_in(6)}),
            0)
      << "nothing saved";
}

TEST_F(WeekFormsTest, AMoveToASaturdayComesBackOpenWithTheDateMarked) {
  auto team = week::coworker_team(*database());
  auto week = "/teams/" + team.code + "/week";
  auto monday = monday_in(7);
  auto start = date_of(monday);
  auto v = coworker_in("en");
  v.get(week + "?start=" + start);
  ASSERT_EQ(v.post(week + "/appointments", {{"start", start},
                                            {"day", "2"},
                                            {"time", "11:00"},
                                            {"minutes", "30"},
                                            {"competence", "medical"},
                                            {"where", "video"}})
                .status,
            303);
  auto id = std::to_string(
      count("SELECT id FROM week_appointments WHERE team_id = $1 AND day = $2 AND starts = 660",
            {team.id, monday + 2}));
  auto saturday = date_of(monday + 5);
  for (auto& [lang, message] : std::vector<std::pair<std::string, std::string>>{
           {"en", "That day is in the weekend: choose a day from Monday to Friday."},
           {"nl", "Die dag valt in het weekend: kies een dag van maandag tot vrijdag."}}) {
    v.cookies()["ploeg_lang"] = lang;
    auto refused = v.post(week + "/appointments/move", {{"start", start},
                                                        {"appointment", id},
                                                        {"date", saturday},
                                                        {"time", "16:45"},
                                                        {"minutes", "90"},
                                                        {"where", "office"}});
    EXPECT_EQ(refused.status, 422);
    auto& body = refused.body;
    EXPECT_NE(body.find("<details class=\"week__move\" open>"), std::string::npos)
        << "the form is open as it was";
    EXPECT_NE(body.find("id=\"mv-date-" + id + "\" name=\"date\" type=\"date\" min=\"" +
                        date_of(week::today()) + "\" value=\"" + saturday +
                        "\" required aria-invalid=\"true\""),
              std::string::npos)
        << body;
    EXPECT_NE(body.find("value=\"16:45\""), std::string::npos);
    EXPECT_NE(body.find("id=\"mv-minutes-" + id +
                        "\" name=\"minutes\" type=\"number\" min=\"15\" "
                        "max=\"240\" step=\"15\" value=\"90\""),
              std::string::npos);
    EXPECT_NE(
        body.find("<p class=\"field__error\" id=\"mv-date-error-" + id + "\">" + message + "</p>"),
        std::string::npos)
        << body;
  }
  // Another team's appointment has no row here: its problem is told in the alert.
  auto foreign = count("SELECT id FROM week_appointments WHERE team_id <> $1 LIMIT 1", {team.id});
  v.cookies()["ploeg_lang"] = "en";
  auto unknown = v.post(week + "/appointments/move", {{"start", start},
                                                      {"appointment", std::to_string(foreign)},
                                                      {"date", date_of(monday + 3)},
                                                      {"time", "10:00"},
                                                      {"minutes", "30"},
                                                      {"where", "video"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("role=\"alert\"><p>Some fields need your attention: see the messages "
                              "below. <a href=\"#mv-date-" +
                              std::to_string(foreign) +
                              "\">Go to the form.</a></p><p>This team has no such appointment this "
                              "week: reload the page.</p></div>"),
            std::string::npos)
      << unknown.body;
  EXPECT_EQ(
      count("SELECT day * 10000 + starts FROM week_appointments WHERE id = $1", {std::stoll(id)}),
      (monday + 2) * 10000 + 660)
      << "it did not move";
}

TEST_F(WeekFormsTest, ARuleAndThePolicyComeBackWithTheirFieldsMarked) {
  auto team = week::coworker_team(*database());
  auto rules = "/teams/" + team.code + "/week/rules";
  auto v = coworker_in("nl");
  ASSERT_EQ(v.get(rules).status, 200);
  auto before = count("SELECT COUNT(*) FROM team_rules WHERE team_id = $1", {team.id});
  auto refused =
      v.post(rules, {{"day", "3"}, {"minimum", "0"}, {"competence", "medical"}, {"place", "home"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("<h1 id=\"rules-heading\">"), std::string::npos);
  EXPECT_NE(select_named(refused.body, "day").find("<option value=\"3\" selected>"),
            std::string::npos);
  EXPECT_NE(select_named(refused.body, "competence").find("<option value=\"medical\" selected>"),
            std::string::npos);
  EXPECT_NE(refused.body.find("name=\"minimum\" type=\"number\" min=\"1\" max=\"20\" value=\"0\" "
                              "required aria-invalid=\"true\""),
            std::string::npos);
  EXPECT_NE(refused.body.find("<p class=\"field__error\" id=\"rule-minimum-error\">Geef "
                              "minstens hoeveel als een geheel getal van 1 tot 20.</p>"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM team_rules WHERE team_id = $1", {team.id}), before);

  auto admin = demo_->signed_in("admin");
  admin.get("/admin/workplace");
  auto policy =
      admin.post("/admin/workplace", {{"max_home_days", "9"}, {"booking_horizon_days", "0"}});
  EXPECT_EQ(policy.status, 422);
  EXPECT_NE(policy.body.find("<h1 id=\"policy-heading\">"), std::string::npos);
  EXPECT_NE(
      policy.body.find("name=\"max_home_days\" type=\"number\" min=\"0\" max=\"5\" value=\"9\""),
      std::string::npos);
  EXPECT_NE(
      policy.body.find("<p class=\"field__error\" id=\"policy-home-error\">Give the home days "
                       "as a whole number from 0 to 5.</p>"),
      std::string::npos);
  EXPECT_NE(policy.body.find("<p class=\"field__error\" id=\"policy-horizon-error\">Give the "
                             "booking horizon as a whole number of days from 1 to 366.</p>"),
            std::string::npos)
      << "both problems at once";
}

}  // namespace
}  // namespace ploeg::test
