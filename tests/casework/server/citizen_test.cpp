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
  static store::Result query(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto db = store::Database::open(demo_->database());
    return db->acquire()->query(sql, params);
  }
  // The tests that reach a limit leave the others their own.
  void TearDown() override { query("DELETE FROM rate_limit_hits"); }

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
  ASSERT_EQ(again.status, 303) << again.body;
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

// Issue 18: a form's key, sent from another browser, answered with a fresh
// status link to the request filed with it.
TEST_F(CitizenTest, AnotherBrowserSendingAFiledFormsKeyGetsNothingOfThatRequest) {
  Visitor marie(demo_->port());
  auto key = key_of(marie.get("/request").body);
  auto filed = marie.post("/request", form(key));
  ASSERT_EQ(filed.status, 303);
  auto link = filed.header("Location").value_or("");
  auto reference = reference_on(marie.get(link).body);
  ASSERT_FALSE(reference.empty());
  auto before = requests();
  auto links = query("SELECT count(*) FROM request_links").rows.at(0).integer(0);

  Visitor other(demo_->port());
  other.get("/request");  // its own CSRF cookie, as any browser has
  auto eve = form(key);
  for (auto& [name, value] : eve) {
    if (name == "name") value = "Eve Intruder";
    if (name == "email") value = "eve@example.be";
  }
  // With other words, and even with the very same ones: refused, field named.
  for (const auto& sent : {eve, form(key)}) {
    auto answer = other.post("/request", sent);
    EXPECT_EQ(answer.status, 422);
    EXPECT_NE(answer.body.find("This form was already sent"), std::string::npos);
    EXPECT_FALSE(answer.has_header("Location"));
    for (const std::string& secret : {reference, link, std::string("/status/")}) {
      EXPECT_EQ(answer.body.find(secret), std::string::npos) << secret;
    }
    // The form comes back with what this browser typed, under a new key.
    auto fresh = key_of(answer.body);
    EXPECT_FALSE(fresh.empty());
    EXPECT_NE(fresh, key);
  }
  auto eves = other.post("/request", eve);
  EXPECT_EQ(eves.body.find("Marie"), std::string::npos);
  EXPECT_EQ(eves.body.find("marie@example.be"), std::string::npos);
  EXPECT_NE(eves.body.find("Eve Intruder"), std::string::npos);
  EXPECT_EQ(requests(), before);
  EXPECT_EQ(query("SELECT count(*) FROM request_links").rows.at(0).integer(0), links);

  // Sending that form again files Eve's own, new request.
  auto fresh = eve;
  for (auto& [name, value] : fresh) {
    if (name == "submission_key") value = key_of(eves.body);
  }
  auto own = other.post("/request", fresh);
  ASSERT_EQ(own.status, 303) << own.body;
  auto own_reference = reference_on(other.get(own.header("Location").value_or("")).body);
  EXPECT_FALSE(own_reference.empty());
  EXPECT_NE(own_reference, reference);

  // Marie's own browser, resending her form: her request, as before.
  auto again = marie.post("/request", form(key));
  ASSERT_EQ(again.status, 303);
  EXPECT_EQ(reference_on(marie.get(again.header("Location").value_or("")).body), reference);
  EXPECT_EQ(requests(), before + 1);
}

TEST_F(CitizenTest, TooManyFilingsFromOneAddressAreRefusedInTheVisitorsLanguage) {
  Visitor citizen(demo_->port());
  citizen.cookies()["ploeg_lang"] = "nl";
  auto before = requests();
  HttpResponse refused;
  int filed = 0;
  // Every filing of this suite's server so far came from this address too.
  for (int i = 0; i <= 20 && refused.status == 0; ++i) {
    auto sent = citizen.post("/request", form(key_of(citizen.get("/request").body)));
    if (sent.status == 303) {
      ++filed;
    } else {
      refused = sent;
    }
  }
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_LE(filed, 20);
  EXPECT_EQ(requests(), before + filed);
  auto retry = std::stoi(refused.header("Retry-After").value_or("0"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 3600);
  EXPECT_NE(refused.body.find("Te veel pogingen"), std::string::npos) << refused.body;
  EXPECT_TRUE(std::regex_search(refused.body, std::regex("Probeer het opnieuw over \\d+ minu")))
      << refused.body;
  EXPECT_EQ(refused.body.find("Marie"), std::string::npos);
}

TEST_F(CitizenTest, AStatusLinkTakesAFewComplaintsADayThatStayOneComplaint) {
  Visitor citizen(demo_->port());
  auto sent = citizen.post("/request", form(key_of(citizen.get("/request").body)));
  ASSERT_EQ(sent.status, 303);
  auto location = sent.header("Location").value_or("");
  auto link = location.substr(0, location.find('?'));
  auto reference = reference_on(citizen.get(link).body);
  for (int i = 1; i <= 5; ++i) {
    auto complained =
        citizen.post(link + "/complaint", {{"text", "Still no news, " + std::to_string(i) + "."}});
    ASSERT_EQ(complained.status, 303) << i << complained.body;
  }
  auto over = citizen.post(link + "/complaint", {{"text", "Sixth."}});
  EXPECT_EQ(over.status, 429);
  auto retry = std::stoi(over.header("Retry-After").value_or("0"));
  EXPECT_GT(retry, 3600);
  EXPECT_LE(retry, 24 * 3600);
  EXPECT_NE(over.body.find("Too many attempts"), std::string::npos);
  EXPECT_NE(over.body.find("Try again after "), std::string::npos);
  // One complaint, with every text; the sixth was not taken.
  auto events = query(
      "SELECT e.body FROM request_events e JOIN requests r ON r.id = e.request_id WHERE "
      "r.reference = $1 AND e.kind = 'complaint'",
      {reference});
  ASSERT_EQ(events.rows.size(), 1u);
  for (int i = 1; i <= 5; ++i) {
    EXPECT_NE(events.rows[0].text(0).find("Still no news, " + std::to_string(i) + "."),
              std::string::npos);
  }
  EXPECT_EQ(events.rows[0].text(0).find("Sixth."), std::string::npos);
}

}  // namespace
}  // namespace ploeg::test
