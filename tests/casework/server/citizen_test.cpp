// End to end: a citizen files a request on the real `ploeg serve`, without
// an account, and follows it through the private link of the receipt.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "app/ploeg_server.hpp"
#include "store/database.hpp"

namespace ploeg::test {
namespace {

class CitizenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>("ploeg-citizen-"); }
  static void TearDownTestSuite() { demo_.reset(); }

  // The form as a browser would send it, with the key the page carried.
  static http::Fields form(const std::string& key, const std::string& postcode = "9000") {
    return {{"type", "parking_card"},      {"conditions", "renewal"},
            {"postcode", postcode},        {"name", "Marie <b>Peeters</b>"},
            {"email", "marie@example.be"}, {"description", "My card expires."},
            {"submission_key", key}};
  }
  static std::string key_of(const std::string& page) {
    std::smatch m;
    static const std::regex key(R"re(name="submission_key" value="([^"]+)")re");
    return std::regex_search(page, m, key) ? m[1].str() : "";
  }
  std::int64_t requests() {
    auto db = store::Database::open(demo_->database());
    return db->acquire()->query("SELECT count(*) FROM requests").rows.at(0).integer(0);
  }

  static inline std::unique_ptr<DemoServer> demo_;
};

TEST_F(CitizenTest, ARequestFiledOnTheFormIsFollowedThroughItsPrivateLink) {
  Visitor citizen(demo_->port());
  auto page = citizen.get("/request");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("value=\"parking_card\""), std::string::npos);
  auto key = key_of(page.body);
  ASSERT_FALSE(key.empty());
  auto before = requests();

  auto sent = citizen.post("/request", form(key));
  ASSERT_EQ(sent.status, 303) << sent.body;
  auto location = sent.header("Location").value_or("");
  ASSERT_EQ(location.rfind("/status/", 0), 0u) << location;
  auto status = citizen.get(location);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.header("Cache-Control").value_or(""), "no-store");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      status.body, m, std::regex(R"re(status__reference">(\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<)re")));
  auto reference = m[1].str();
  EXPECT_NE(status.body.find("Intake"), std::string::npos);
  EXPECT_NE(status.body.find("Ghent "), std::string::npos);  // 9000: a team of the Gent region

  // The second click of a double click: the same request.
  auto again = citizen.post("/request", form(key));
  ASSERT_EQ(again.status, 303);
  auto second = citizen.get(again.header("Location").value_or(""));
  EXPECT_NE(second.body.find(reference), std::string::npos);
  EXPECT_EQ(requests(), before + 1);
}

TEST_F(CitizenTest, AWrongPostcodeComesBackWithWhatWasTypedAndNothingFiled) {
  Visitor citizen(demo_->port());
  auto key = key_of(citizen.get("/request").body);
  auto before = requests();
  auto r = citizen.post("/request", form(key, "0999"));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("0999 is in none of our regions"), std::string::npos);
  // What was typed is kept, escaped.
  EXPECT_NE(r.body.find("Marie &lt;b&gt;Peeters&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>Peeters"), std::string::npos);
  EXPECT_EQ(key_of(r.body), key);  // the corrected resend is still one request
  EXPECT_EQ(requests(), before);
}

TEST_F(CitizenTest, AFormWithoutItsCsrfTokenIsRefused) {
  Visitor citizen(demo_->port());
  auto key = key_of(citizen.get("/request").body);
  auto before = requests();
  EXPECT_EQ(citizen.post("/request", form(key), "").status, 403);
  EXPECT_EQ(requests(), before);
}

TEST_F(CitizenTest, AnUnknownLinkSaysNothingAboutOtherRequests) {
  Visitor citizen(demo_->port());
  auto unknown = citizen.get("/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  auto garbage = citizen.get("/status/%27%3B--");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(garbage.status, 404);
  EXPECT_NE(unknown.body.find("There is no request behind this link"), std::string::npos);
}

TEST_F(CitizenTest, TheStatusPageTakesComplaintsAndRatesOnlyAfterTheDecision) {
  Visitor citizen(demo_->port());
  auto sent = citizen.post("/request", form(key_of(citizen.get("/request").body)));
  ASSERT_EQ(sent.status, 303);
  auto location = sent.header("Location").value_or("");
  auto link = location.substr(0, location.find('?'));
  auto status = citizen.get(link);
  // The team's current throughput time, or that there is none yet.
  EXPECT_TRUE(std::regex_search(status.body, std::regex("this team decides in \\d+ days")) ||
              status.body.find("no current throughput time yet") != std::string::npos);
  EXPECT_EQ(status.body.find("name=\"score\""), std::string::npos);  // not decided yet
  ASSERT_NE(status.body.find("action=\"" + link + "/complaint\""), std::string::npos);

  // Rating before the decision is refused with a reason; nothing is saved.
  auto early = citizen.post(link + "/rating", {{"score", "5"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("once it is decided"), std::string::npos);
  // An empty complaint comes back with its message; a real one is thanked for.
  auto empty = citizen.post(link + "/complaint", {{"text", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Write your complaint."), std::string::npos);
  auto complained = citizen.post(link + "/complaint", {{"text", "Nobody called me <back>."}});
  ASSERT_EQ(complained.status, 303);
  auto thanked = citizen.get(complained.header("Location").value_or(""));
  EXPECT_EQ(thanked.header("Cache-Control").value_or(""), "no-store");
  EXPECT_NE(thanked.body.find("We received your complaint"), std::string::npos);
  auto db = store::Database::open(demo_->database());
  auto saved = db->acquire()->query(
      "SELECT count(*) FROM request_events WHERE kind = 'complaint' AND body = $1",
      {std::string("Nobody called me <back>.")});
  EXPECT_EQ(saved.rows.at(0).integer(0), 1);
  // A complaint on a link that does not exist: the same answer as its page.
  EXPECT_EQ(
      citizen.post("/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/complaint", {{"text", "x"}})
          .status,
      404);
}

}  // namespace
}  // namespace ploeg::test
