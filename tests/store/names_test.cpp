// The organisation's names in three languages (store/names.hpp) on both
// backends: one language's names in one query, a thing's names by language,
// writing and removing them, and the SQL fragment that falls back to the
// thing's own name.
#include "store/names.hpp"

#include <gtest/gtest.h>

#include "store/backend.hpp"

namespace ploeg::store {
namespace {

class NamesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    Migrations m;
    names::register_migrations(m);
    m.apply(*db_);
    query("CREATE TABLE things (code TEXT PRIMARY KEY, name TEXT NOT NULL)");
    query("INSERT INTO things (code, name) VALUES ('intake', 'Intake'), ('payment', 'Payment')");
  }
};
PLOEG_INSTANTIATE_BACKENDS(NamesTest);

TEST_P(NamesTest, OneLanguagesNamesComeInOneReadWithTheFallbackForTheRest) {
  db_->transaction([](Connection& c) {
    names::put(c, kinds::competence, "intake",
               {{"nl", "Onthaal"}, {"fr", "Accueil"}, {"en", "Intake"}});
    names::put(c, kinds::step, "parking_card/intake", {{"fr", "Accueil"}});
  });
  auto lease = db_->acquire();
  auto nl = names::load(*lease, "nl");
  EXPECT_EQ(nl.language(), "nl");
  EXPECT_EQ(nl.of(kinds::competence, "intake", "Intake"), "Onthaal");
  EXPECT_EQ(nl.of(kinds::competence, "payment", "Payment"), "Payment");  // none: the fallback
  EXPECT_EQ(nl.of(kinds::region, "intake", "?"), "?");                   // another kind
  EXPECT_EQ(nl.step("parking_card", "intake", "Intake"), "Intake");      // no Dutch name
  auto fr = names::load(*lease, "fr");
  EXPECT_EQ(fr.step("parking_card", "intake", "Intake"), "Accueil");
  EXPECT_TRUE(names::load(*lease, "de").empty());
}

TEST_P(NamesTest, PuttingNamesReplacesThoseGivenRemovesEmptyOnesAndKeepsTheRest) {
  db_->transaction([](Connection& c) {
    names::put(c, kinds::role, "quality", {{"nl", "Kwaliteit"}, {"fr", "Qualité"}});
    names::put(c, kinds::role, "quality", {{"nl", "Kwaliteitszorg"}, {"en", "Quality"}});
  });
  auto lease = db_->acquire();
  EXPECT_EQ(names::of(*lease, kinds::role, "quality"),
            (std::map<std::string, std::string>{
                {"en", "Quality"}, {"fr", "Qualité"}, {"nl", "Kwaliteitszorg"}}));
  names::put(*lease, kinds::role, "quality", {{"fr", ""}});
  EXPECT_EQ(names::of(*lease, kinds::role, "quality").count("fr"), 0u);

  names::put(*lease, kinds::role, "planning", {{"nl", "Planning"}});
  names::put(*lease, kinds::region, "gent", {{"fr", "Gand"}});
  auto roles = names::all(*lease, {kinds::role});
  ASSERT_EQ(roles.size(), 3u);
  EXPECT_EQ(roles[0], (Name{kinds::role, "planning", "nl", "Planning"}));
  EXPECT_EQ(roles[1], (Name{kinds::role, "quality", "en", "Quality"}));
  EXPECT_EQ(names::all(*lease).size(), 4u);

  names::remove(*lease, kinds::role, "quality");
  EXPECT_TRUE(names::of(*lease, kinds::role, "quality").empty());
  EXPECT_EQ(names::all(*lease).size(), 2u);
  names::remove(*lease, kinds::role, "");
  EXPECT_EQ(names::all(*lease).size(), 1u);  // the region's name stays
}

TEST_P(NamesTest, TheSchemaRefusesAnUnknownLanguageAndAnEmptyName) {
  auto lease = db_->acquire();
  EXPECT_THROW(lease->query("INSERT INTO names (kind, code, language, name) VALUES ('role', "
                            "'quality', 'de', 'Qualität')"),
               ConstraintError);
  EXPECT_THROW(lease->query("INSERT INTO names (kind, code, language, name) VALUES ('role', "
                            "'quality', 'nl', '')"),
               ConstraintError);
}

TEST_P(NamesTest, TheSqlFragmentPicksTheLanguagesNameElseTheThingsOwn) {
  db_->transaction([](Connection& c) {
    names::put(c, kinds::competence, "intake", {{"nl", "Onthaal"}, {"fr", "Accueil"}});
  });
  auto lease = db_->acquire();
  auto select = "SELECT t.code, " + names::sql(kinds::competence, "t.code", "t.name", "$1") +
                " FROM things t ORDER BY t.code";
  auto nl = lease->query(select, {std::string("nl")});
  ASSERT_EQ(nl.rows.size(), 2u);
  EXPECT_EQ(nl.rows[0].text(1), "Onthaal");
  EXPECT_EQ(nl.rows[1].text(1), "Payment");
  auto en = lease->query(select, {std::string("en")});
  EXPECT_EQ(en.rows[0].text(1), "Intake");
  // Another kind with the same code is not this thing's name.
  auto other = lease->query("SELECT " + names::sql(kinds::region, "t.code", "t.name", "$1") +
                                " FROM things t WHERE "
                                "t.code = 'intake'",
                            {std::string("nl")});
  EXPECT_EQ(other.rows[0].text(0), "Intake");
}

}  // namespace
}  // namespace ploeg::store
