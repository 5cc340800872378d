// The web layer's rate limit (web/rate_limit.hpp), as casework uses it for
// filings and complaints, on SQLite and PostgreSQL: at most so many hits per
// key in a sliding window, counted in the database, keys kept as hashes.
#include "web/rate_limit.hpp"

#include <gtest/gtest.h>

#include "casework/held_clock.hpp"
#include "store/backend.hpp"

namespace ploeg::casework {
namespace {

class RateLimitTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    store::Migrations migrations;
    web::register_rate_limit_migrations(migrations);
    migrations.apply(*db_);
  }
  std::int64_t admit(const web::RateLimit& limit, const std::string& key) {
    return db_->transaction([&](store::Connection& c) { return web::admit(c, limit, key); });
  }
  std::int64_t wait(const web::RateLimit& limit, const std::string& key) {
    return web::wait_seconds(*db_->acquire(), limit, key);
  }
};

constexpr web::RateLimit three_a_minute{"test.three", 3, 60};
constexpr web::RateLimit one_an_hour{"test.one", 1, 3600};

TEST_P(RateLimitTest, AKeyGoesSoManyTimesInItsWindowAndAgainWhenTheFirstHasLeftIt) {
  testing::HeldClock held;
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 0);
  held.advance(10);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 0);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 0);
  // The fourth waits until the first is a minute old; a refusal counts nothing.
  EXPECT_EQ(wait(three_a_minute, "198.51.100.7"), 50);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 50);
  held.advance(20);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 30);
  // Other keys, and the same key under another limit, count apart.
  EXPECT_EQ(admit(three_a_minute, "198.51.100.8"), 0);
  EXPECT_EQ(admit(one_an_hour, "198.51.100.7"), 0);
  EXPECT_EQ(admit(one_an_hour, "198.51.100.7"), 3600);
  held.advance(30);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 0);
  EXPECT_EQ(admit(three_a_minute, "198.51.100.7"), 10);
}

TEST_P(RateLimitTest, OnlyHashesAreKeptAndOldHitsAreDropped) {
  testing::HeldClock held;
  for (int i = 0; i < 5; ++i) admit(three_a_minute, "key-" + std::to_string(i));
  EXPECT_EQ(count("rate_limit_hits"), 5);
  EXPECT_TRUE(query("SELECT 1 FROM rate_limit_hits WHERE key_hash LIKE '%key-%'").empty());
  held.advance(61);
  admit(three_a_minute, "another");
  // The hits that have left the window are gone.
  EXPECT_EQ(count("rate_limit_hits"), 1);
}

PLOEG_INSTANTIATE_BACKENDS(RateLimitTest);

}  // namespace
}  // namespace ploeg::casework
