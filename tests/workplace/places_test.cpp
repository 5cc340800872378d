// The workplace's places and policy on both backends: every office by code
// with its number of desks, offices and desks found by their codes, and the
// one-row policy read, saved and read back.
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "workplace/places.hpp"
#include "workplace/places_backend.hpp"

namespace ploeg::workplace::testing {
namespace {

class PlacesTest : public PlacesBackendTest {};

// An office as "code|name|address|desks", to compare whole lists.
std::vector<std::string> lines(const std::vector<OfficeSummary>& list) {
  std::vector<std::string> out;
  for (auto& o : list)
    out.push_back(o.code + "|" + o.name + "|" + o.address + "|" + std::to_string(o.desks));
  return out;
}

TEST_P(PlacesTest, OfficesAreListedByCodeWithTheirDesks) {
  EXPECT_EQ(lines(offices(*db_->acquire())),
            (std::vector<std::string>{"O1|Office|Street 1|4", "O2|Elsewhere|Street 9|1"}));

  // An office without floors counts no desks and sorts by its code, first.
  query("INSERT INTO offices (code, name, address) VALUES ('A0', 'Annex', 'Lane 2')");
  // A desk on a second floor of O2 counts for O2 as well.
  auto floor = query(
                   "INSERT INTO floors (office_id, name, level) VALUES ($1, 'First floor', 1) "
                   "RETURNING id",
                   {elsewhere})
                   .rows.at(0)
                   .integer(0);
  auto zone = query("INSERT INTO zones (floor_id, name) VALUES ($1, 'Quiet') RETURNING id", {floor})
                  .rows.at(0)
                  .integer(0);
  query("INSERT INTO desks (zone_id, code) VALUES ($1, 'X-2')", {zone});
  EXPECT_EQ(lines(offices(*db_->acquire())),
            (std::vector<std::string>{"A0|Annex|Lane 2|0", "O1|Office|Street 1|4",
                                      "O2|Elsewhere|Street 9|2"}));
}

TEST_P(PlacesTest, OfficesAndDesksAreFoundByTheirCodes) {
  auto lease = db_->acquire();
  EXPECT_EQ(office_id(*lease, "O1"), std::optional<std::int64_t>(office));
  EXPECT_EQ(office_id(*lease, "O2"), std::optional<std::int64_t>(elsewhere));
  EXPECT_EQ(office_id(*lease, "O3"), std::nullopt);
  EXPECT_EQ(office_id(*lease, ""), std::nullopt);
  EXPECT_EQ(office_id(*lease, "o1"), std::nullopt) << "codes are exact";

  for (auto code : {"T1-1", "T1-2", "G-1", "G-2", "X-1"})
    EXPECT_EQ(desk_id(*lease, code), std::optional<std::int64_t>(desks.at(code))) << code;
  EXPECT_EQ(desk_id(*lease, "T1-3"), std::nullopt);
  EXPECT_EQ(desk_id(*lease, "O1"), std::nullopt) << "an office is no desk";
  EXPECT_EQ(office_id(*lease, "T1-1"), std::nullopt) << "a desk is no office";
}

TEST_P(PlacesTest, ThePolicyIsReadSavedAndReadBack) {
  auto before = policy(*db_->acquire());
  EXPECT_EQ(before.max_home_days, 3) << "the migration's default";
  EXPECT_EQ(before.booking_horizon_days, 28);
  EXPECT_EQ(booking_horizon(*db_->acquire()), 28);

  db_->transaction([&](store::Connection& c) { save_policy(c, Policy{2, 14}); });
  auto after = policy(*db_->acquire());
  EXPECT_EQ(after.max_home_days, 2);
  EXPECT_EQ(after.booking_horizon_days, 14);
  EXPECT_EQ(booking_horizon(*db_->acquire()), 14);
  EXPECT_EQ(count("workplace_policy"), 1) << "one row, changed in place";

  // A change rolled back leaves the saved policy.
  try {
    db_->transaction([&](store::Connection& c) {
      save_policy(c, Policy{5, 60});
      throw std::runtime_error("rolled back");
    });
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(policy(*db_->acquire()).max_home_days, 2);
  EXPECT_EQ(policy(*db_->acquire()).booking_horizon_days, 14);

  db_->transaction([&](store::Connection& c) { save_policy(c, Policy{0, 1}); });
  EXPECT_EQ(policy(*db_->acquire()).max_home_days, 0) << "no home days at all is a policy too";
  EXPECT_EQ(booking_horizon(*db_->acquire()), 1);
}

PLOEG_INSTANTIATE_BACKENDS(PlacesTest);

}  // namespace
}  // namespace ploeg::workplace::testing
