// End to end: `ploeg export` and `ploeg import` as processes, and the upload
// page of a real `ploeg serve` (multipart, CSRF, permissions, downloads).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class ExchangeServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-exchange-"); }
  static void TearDownTestSuite() { demo_.reset(); }
  Visitor signed_in(const std::string& who) { return demo_->signed_in(who); }
  // A multipart upload of `files` (name, contents) with the visitor's token.
  static HttpResponse upload(Visitor& v,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             bool check_only, std::optional<std::string> csrf = std::nullopt) {
    const std::string boundary = "----ploegTestBoundary7MA4YWxk";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" +
                       csrf.value_or(v.csrf()) + "\r\n";
    for (auto& [name, contents] : files) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" +
              name + "\"\r\nContent-Type: text/csv\r\n\r\n" + contents + "\r\n";
    }
    if (check_only) {
      body +=
          "--" + boundary + "\r\nContent-Disposition: form-data; name=\"check_only\"\r\n\r\n1\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return v.send("POST", "/organisation/import", body,
                  {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(ExchangeServerTest, TheCommandLineExportsAndImportsBackUnchanged) {
  auto out = demo_->dir() / "csv";
  std::string output;
  ASSERT_TRUE(run_ploeg({"export", "--format", "csv", "--out", out.string(), "--database",
                         demo_->database()},
                        "", {}, &output)
                  .success())
      << output;
  auto people = read_file(out / "people.csv");
  EXPECT_EQ(people.rfind("email,name,languages,fte,home_postcode,competences,expertise,"
                         "ask_me_about\r\n",
                         0),
            0u);
  EXPECT_FALSE(read_file(out / "teams.csv").empty());
  EXPECT_FALSE(read_file(out / "memberships.csv").empty());

  auto json = demo_->dir() / "organisation.json";
  ASSERT_TRUE(run_ploeg({"export", "--format", "json", "--out", json.string(), "--database",
                         demo_->database()})
                  .success());
  EXPECT_EQ(read_file(json).rfind("{\"format\":\"ploeg-organisation\",\"version\":1,", 0), 0u);

  ASSERT_TRUE(run_ploeg({"import", (out / "teams.csv").string(), (out / "people.csv").string(),
                         (out / "memberships.csv").string(), "--database", demo_->database()},
                        "", {}, &output)
                  .success())
      << output;
  EXPECT_NE(output.find("people: 0 added, 0 changed, 300 unchanged"), std::string::npos) << output;
  ASSERT_TRUE(run_ploeg({"import", json.string(), "--dry-run", "--database", demo_->database()}, "",
                        {}, &output)
                  .success())
      << output;
  EXPECT_NE(output.find("Checked, nothing imported"), std::string::npos) << output;

  // A second export is the same, byte for byte.
  auto again = demo_->dir() / "csv-again";
  ASSERT_TRUE(run_ploeg({"export", "--format", "csv", "--out", again.string(), "--database",
                         demo_->database()})
                  .success());
  EXPECT_EQ(read_file(again / "people.csv"), people);
}

TEST_F(ExchangeServerTest, TheCommandLineReportsEveryProblemAndExitsOne) {
  auto bad = demo_->dir() / "bad.csv";
  write_file(bad, "email,team,share_percent\nnobody@demo.ploeg.example,no-team,10\nx,y,500\n");
  std::string output;
  auto status =
      run_ploeg({"import", bad.string(), "--database", demo_->database()}, "", {}, &output);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 1);
  EXPECT_NE(output.find(bad.string() + ":2: column email: "), std::string::npos) << output;
  EXPECT_NE(output.find(bad.string() + ":2: column team: "), std::string::npos) << output;
  EXPECT_NE(output.find(bad.string() + ":3: column share_percent: "), std::string::npos) << output;
}

TEST_F(ExchangeServerTest, AnAdministratorUploadsFilesWithTheFormsToken) {
  auto admin = signed_in("admin");
  auto page = admin.get("/organisation/import");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  ASSERT_FALSE(admin.csrf().empty());

  auto people = admin.get("/organisation/export/people.csv");
  ASSERT_EQ(people.status, 200);
  auto teams = admin.get("/organisation/export/teams.csv").body;
  auto memberships = admin.get("/organisation/export/memberships.csv").body;
  admin.get("/organisation/import");  // a fresh token from the form

  auto checked = upload(
      admin, {{"people.csv", people.body}, {"teams.csv", teams}, {"memberships.csv", memberships}},
      true);
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_NE(checked.body.find("<td class=\"import__number\">300</td>"), std::string::npos)
      << checked.body;

  std::string bad = "email,name,fte,home_postcode\nnew@demo.ploeg.example,New,2,0001\n";
  auto refused = upload(admin, {{"new-people.csv", bad}}, false);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("<td>new-people.csv</td>"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("<code>fte</code>"), std::string::npos);
  EXPECT_NE(refused.body.find("<code>home_postcode</code>"), std::string::npos);

  auto forged = upload(admin, {{"people.csv", people.body}}, false, "not-the-token");
  EXPECT_EQ(forged.status, 403);
}

// Home postcodes, e-mail addresses, FTE and shares go to administrators only;
// every export is audited and never cached.
TEST_F(ExchangeServerTest, PersonalDataInExportsGoesToAdministratorsOnly) {
  auto exports = [&] {
    return store::Database::open(demo_->database())
        ->acquire()
        ->query("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.export'")
        .rows.at(0)
        .integer(0);
  };
  const auto before = exports();
  for (const char* who : {"coworker", "coach"}) {
    auto v = signed_in(who);
    EXPECT_EQ(v.get("/organisation/export.json").status, 403) << who;
    auto people = v.get("/organisation/export/people.csv");
    ASSERT_EQ(people.status, 200) << who;
    EXPECT_EQ(people.header("Cache-Control").value_or(""), "no-store");
    EXPECT_EQ(people.body.rfind("name,languages,competences,expertise,ask_me_about\r\n", 0), 0u)
        << people.body.substr(0, 200);
    EXPECT_EQ(people.body.find('@'), std::string::npos) << who;
    auto memberships = v.get("/organisation/export/memberships.csv");
    ASSERT_EQ(memberships.status, 200);
    EXPECT_EQ(memberships.body.rfind("name,team\r\n", 0), 0u);
    EXPECT_EQ(memberships.body.find('@'), std::string::npos);
    auto teams = v.get("/organisation/export/teams.csv");
    ASSERT_EQ(teams.status, 200);
    EXPECT_EQ(teams.header("Content-Disposition").value_or(""),
              "attachment; filename=\"teams.csv\"");
    EXPECT_EQ(teams.body.find('@'), std::string::npos);
    EXPECT_EQ(v.get("/organisation/export/secrets.csv").status, 404);
    EXPECT_EQ(v.get("/organisation/import").status, 403);
  }
  EXPECT_EQ(exports(), before + 6);

  auto admin = signed_in("admin");
  auto json = admin.get("/organisation/export.json");
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(json.header("Content-Disposition").value_or(""),
            "attachment; filename=\"organisation.json\"");
  EXPECT_EQ(json.header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(json.body.rfind("{\"format\":\"ploeg-organisation\"", 0), 0u);
  auto people = admin.get("/organisation/export/people.csv");
  EXPECT_EQ(people.body.rfind("email,name,languages,fte,home_postcode,", 0), 0u);
  EXPECT_NE(people.body.find("@demo.ploeg.example"), std::string::npos);
  EXPECT_EQ(exports(), before + 8);

  auto anonymous = http_request(demo_->port(), "GET", "/organisation/export.json");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.header("Location").value_or("").rfind("/login", 0), 0u);
  EXPECT_EQ(http_request(demo_->port(), "GET", "/organisation/export/people.csv").status, 303);
}

}  // namespace
}  // namespace ploeg::test
