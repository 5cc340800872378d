// The one table of who may do what; anything it does not name is refused.
#include <gtest/gtest.h>

#include "accounts/permissions.hpp"

namespace ploeg::accounts {
namespace {

http::Request from(const std::string& address) {
  http::Request r;
  r.remote_address = address;
  return r;
}

web::Visitor signed_in(const std::string& role) {
  web::Visitor v;
  v.user_id = 7;
  v.username = "an";
  v.role = role;
  return v;
}

TEST(Permissions, DenyByDefault) {
  web::Visitor admin = signed_in("admin");
  EXPECT_FALSE(allows(from("127.0.0.1"), admin, "no.such.permission"));
  EXPECT_FALSE(allows(from("127.0.0.1"), admin, ""));
}

TEST(Permissions, PublicSignedInAndAdmin) {
  web::Visitor anonymous;
  auto remote = from("192.0.2.10");
  EXPECT_TRUE(allows(remote, anonymous, "public"));
  EXPECT_FALSE(allows(remote, anonymous, "signed_in"));
  EXPECT_TRUE(allows(remote, signed_in("coworker"), "signed_in"));
  EXPECT_FALSE(allows(remote, signed_in("coworker"), "admin"));
  EXPECT_FALSE(allows(remote, signed_in("coach"), "admin"));
  EXPECT_TRUE(allows(remote, signed_in("admin"), "admin"));
}

// Coming from this machine is no permission: behind a proxy on the same host
// every visitor does (/metrics checks its own scrape token, server_test.cpp).
TEST(Permissions, LoopbackIsNobodySpecial) {
  web::Visitor anonymous;
  for (const char* name : {"signed_in", "admin", "metrics"}) {
    EXPECT_FALSE(allows(from("127.0.0.1"), anonymous, name)) << name;
    EXPECT_FALSE(allows(from("::1"), anonymous, name)) << name;
  }
}

}  // namespace
}  // namespace ploeg::accounts
