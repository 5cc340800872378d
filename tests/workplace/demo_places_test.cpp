// The demo's offices on both backends: one per region, its floors and
// meeting rooms named in the region's language (organisation's
// demo_region_languages): Dutch in Flanders, French in Wallonia, both in
// Brussels and in a region the demo does not know.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/platform.hpp"
#include "store/backend.hpp"
#include "workplace/booking.hpp"

namespace ploeg::workplace::testing {
namespace {

class DemoPlacesTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    app::all_migrations().apply(*db_);
  }

  // "floor 0|floor 1|room A|room B" of the office of that code.
  std::string words(const std::string& office) {
    std::string out;
    for (auto& r : query("SELECT f.name FROM floors f JOIN offices o ON o.id = f.office_id WHERE "
                         "o.code = $1 ORDER BY f.level",
                         {office})
                       .rows)
      out += r.text(0) + "|";
    for (auto& r : query("SELECT m.name FROM meeting_rooms m JOIN offices o ON o.id = m.office_id "
                         "WHERE o.code = $1 ORDER BY m.seats DESC",
                         {office})
                       .rows)
      out += r.text(0) + "|";
    return out;
  }
};

TEST_P(DemoPlacesTest, FloorsAndRoomsAreNamedInTheRegionsLanguage) {
  for (auto code : {"gent", "charleroi", "brussel", "X9"})
    query("INSERT INTO regions (code, name, office_address) VALUES ($1, $2, 'Street 1')",
          {std::string(code), std::string("Region ") + code});
  db_->transaction([](store::Connection& c) { create_demo_places(c); });

  EXPECT_EQ(count("offices"), 4);
  EXPECT_EQ(words("gent"), "Gelijkvloers|Eerste verdieping|Zaal A|Zaal B|");
  EXPECT_EQ(words("charleroi"), "Rez-de-chaussée|Premier étage|Salle A|Salle B|");
  const std::string both =
      "Gelijkvloers / Rez-de-chaussée|Eerste verdieping / Premier étage|Zaal A / Salle A|Zaal B / "
      "Salle B|";
  EXPECT_EQ(words("brussel"), both);
  EXPECT_EQ(words("X9"), both) << "a region the demo does not have: both languages";
  EXPECT_EQ(query("SELECT name FROM offices WHERE code = 'gent'").rows.at(0).text(0),
            "Region gent office");

  db_->transaction([](store::Connection& c) { create_demo_places(c); });
  EXPECT_EQ(count("offices"), 4) << "a second run adds nothing";
  EXPECT_EQ(count("floors"), 8);
}

PLOEG_INSTANTIATE_BACKENDS(DemoPlacesTest);

}  // namespace
}  // namespace ploeg::workplace::testing
