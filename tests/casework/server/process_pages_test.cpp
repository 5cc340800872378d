// End to end: an administrator edits the process definition in the browser's
// plain forms; bad input names the line to fix and saves nothing.
#include <gtest/gtest.h>

#include <memory>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class ProcessPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-process-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  static std::string one(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto db = store::Database::open(demo_->database());
    auto found = db->acquire()->query(sql, params);
    return found.empty() ? "" : found.rows[0].text(0);
  }

  static http::Fields parking_card(const std::string& target, const std::string& steps) {
    return {{"name", "Parking card"},
            {"target_days", target},
            {"conditions", "renewal"},
            {"steps", steps}};
  }

  static inline const std::string parking_steps =
      "intake | Intake | intake\r\ncompleteness_check | Completeness check | administration\r\n"
      "medical_assessment | Medical assessment | medical | renewal\r\ndecision | Decision | "
      "decision\r\nnotification | Notification | administration\r\n";

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(ProcessPagesTest, AnAdministratorChangesATargetAndTheStepsStayInOrder) {
  auto admin = demo_->signed_in("admin");
  auto page = admin.get("/admin/process");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("completeness_check | Completeness check | administration"),
            std::string::npos);
  // The names here are the fallback; the page leads to them in three languages.
  EXPECT_NE(page.body.find("<a href=\"/admin/names?kind=request_type\">Names in three "
                           "languages</a>"),
            std::string::npos);
  auto saved = admin.post("/admin/process/parking_card", parking_card("45", parking_steps));
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(one("SELECT target_days FROM request_types WHERE code = 'parking_card'"), "45");
  EXPECT_EQ(one("SELECT group_concat(s.code, ',') FROM (SELECT p.code FROM process_steps p JOIN "
                "request_types t ON t.id = p.request_type_id WHERE t.code = 'parking_card' ORDER "
                "BY p.position) s"),
            "intake,completeness_check,medical_assessment,decision,notification");
  EXPECT_EQ(one("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1"),
            "request type edited: parking_card");
}

TEST_F(ProcessPagesTest, BadStepsNameTheLineAndSaveNothing) {
  auto admin = demo_->signed_in("admin");
  auto before = one("SELECT target_days FROM request_types WHERE code = 'parking_card'");
  auto sent = admin.post("/admin/process/parking_card",
                         parking_card("99", "intake | Intake\r\ndecision | Decision | astrology"));
  EXPECT_EQ(sent.status, 422);
  EXPECT_NE(sent.body.find("Steps, line 1"), std::string::npos) << sent.body;
  EXPECT_NE(sent.body.find("needs the competence “astrology”"), std::string::npos);
  // What was typed is still in the form.
  EXPECT_NE(sent.body.find("decision | Decision | astrology"), std::string::npos);
  EXPECT_EQ(one("SELECT target_days FROM request_types WHERE code = 'parking_card'"), before);
  EXPECT_EQ(admin.post("/admin/process/parking_card", parking_card("0", parking_steps)).status,
            422);
  // In the administrator's own language.
  ASSERT_EQ(admin.post("/language", {{"lang", "nl"}}).status, 303);
  auto dutch = admin.post("/admin/process/parking_card",
                          parking_card("99", "intake | Intake\r\ndecision | Decision | astrology"));
  EXPECT_EQ(dutch.status, 422);
  EXPECT_NE(dutch.body.find("Stappen, regel 1"), std::string::npos) << dutch.body;
  EXPECT_NE(dutch.body.find("vraagt de competentie “astrology”"), std::string::npos);
}

TEST_F(ProcessPagesTest, ANewTypeIsOfferedToCitizensAndATypeWithRequestsStays) {
  auto admin = demo_->signed_in("admin");
  auto added = admin.post("/admin/process", {{"code", "housing_adaptation"},
                                             {"name", "Housing adaptation"},
                                             {"target_days", "60"},
                                             {"conditions", ""},
                                             {"steps",
                                              "intake | Intake | intake\ndecision | "
                                              "Decision | decision\n"}});
  ASSERT_EQ(added.status, 303) << added.body;
  Visitor citizen(demo_->port());
  EXPECT_NE(citizen.get("/request").body.find("Housing adaptation"), std::string::npos);
  EXPECT_EQ(admin
                .post("/admin/process", {{"code", "housing_adaptation"},
                                         {"name", "Again"},
                                         {"target_days", "60"},
                                         {"steps", "intake | Intake | intake"}})
                .status,
            422);
  // The demo's history has income replacement requests: that type stays.
  auto refused = admin.post("/admin/process/income_replacement/remove", {});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(one("SELECT id FROM request_types WHERE code = 'income_replacement'"), "");
  ASSERT_EQ(admin.post("/admin/process/housing_adaptation/remove", {}).status, 303);
  EXPECT_EQ(one("SELECT id FROM request_types WHERE code = 'housing_adaptation'"), "");
}

TEST_F(ProcessPagesTest, OnlyAdministratorsSeeOrChangeTheProcess) {
  auto coworker = demo_->signed_in("coworker");
  EXPECT_EQ(coworker.get("/admin/process").status, 403);
  EXPECT_EQ(coworker.post("/admin/process/parking_card", parking_card("5", parking_steps)).status,
            403);
  auto admin = demo_->signed_in("admin");
  EXPECT_EQ(admin.post("/admin/process/parking_card", parking_card("5", parking_steps), "").status,
            403);  // no CSRF token
  EXPECT_NE(one("SELECT target_days FROM request_types WHERE code = 'parking_card'"), "5");
  EXPECT_EQ(admin.post("/admin/process/no_such_type", parking_card("5", parking_steps)).status,
            404);
}

}  // namespace
}  // namespace ploeg::test
