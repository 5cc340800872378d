// Trusted proxies and the client address behind them (http/forwarded.hpp).
#include <gtest/gtest.h>

#include "http/forwarded.hpp"

namespace ploeg::http {
namespace {

Headers forwarded(std::initializer_list<std::pair<const char*, const char*>> list) {
  Headers h;
  for (auto& [name, value] : list) h.emplace(name, value);
  return h;
}

TEST(TrustedProxiesTest, AddressesAndNetworks) {
  auto proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 2001:db8::/32,::1");
  EXPECT_TRUE(proxies.contains("127.0.0.1"));
  EXPECT_FALSE(proxies.contains("127.0.0.2"));
  EXPECT_TRUE(proxies.contains("10.255.3.4"));
  EXPECT_FALSE(proxies.contains("11.0.0.1"));
  EXPECT_TRUE(proxies.contains("2001:db8:ffff::1"));
  EXPECT_FALSE(proxies.contains("2001:db9::1"));
  EXPECT_TRUE(proxies.contains("::1"));
  EXPECT_TRUE(proxies.contains("::ffff:10.0.0.9"));  // IPv4 seen through an IPv6 socket
  EXPECT_FALSE(proxies.contains("not an address"));
  EXPECT_FALSE(proxies.contains(""));
  // A prefix that is not a byte boundary.
  auto odd = TrustedProxies::parse("192.168.0.0/23");
  EXPECT_TRUE(odd.contains("192.168.1.200"));
  EXPECT_FALSE(odd.contains("192.168.2.1"));
  EXPECT_TRUE(TrustedProxies::parse("").empty());
}

TEST(TrustedProxiesTest, ABadEntryIsNamed) {
  for (const char* bad :
       {"10.0.0.0/33", "::1/129", "proxy.example.org", "10.0.0.0/", "1.2.3.4/x"}) {
    try {
      TrustedProxies::parse(std::string("127.0.0.1, ") + bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST(OriginTest, OnlyATrustedPeerIsBelieved) {
  auto proxies = TrustedProxies::parse("10.0.0.1");
  auto headers = forwarded({{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
  auto direct = origin_of(proxies, "198.51.100.2", headers);
  EXPECT_EQ(direct.client_address, "198.51.100.2");
  EXPECT_FALSE(direct.secure);
  auto proxied = origin_of(proxies, "10.0.0.1", headers);
  EXPECT_EQ(proxied.client_address, "203.0.113.7");
  EXPECT_TRUE(proxied.secure);
}

TEST(OriginTest, TheRightmostUntrustedHopIsTheClient) {
  auto proxies = TrustedProxies::parse("10.0.0.0/8");
  // The client wrote "1.1.1.1" itself; the proxies appended the rest.
  auto o = origin_of(
      proxies, "10.0.0.1",
      forwarded({{"X-Forwarded-For", "1.1.1.1, 203.0.113.7"}, {"X-Forwarded-For", "10.2.2.2"}}));
  EXPECT_EQ(o.client_address, "203.0.113.7");
  // Ports and brackets as some proxies write them.
  EXPECT_EQ(origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-For", "[2001:db8::5]:443"}}))
                .client_address,
            "2001:db8::5");
  EXPECT_EQ(origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-For", "203.0.113.9:5555"}}))
                .client_address,
            "203.0.113.9");
  // Garbage at the nearest hop: the proxy itself stays the client.
  EXPECT_EQ(origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-For", "1.1.1.1, <script>"}}))
                .client_address,
            "10.0.0.1");
  // No header: the proxy is the client.
  EXPECT_EQ(origin_of(proxies, "10.0.0.1", {}).client_address, "10.0.0.1");
}

TEST(OriginTest, TheNearestProxyDecidesTheScheme) {
  auto proxies = TrustedProxies::parse("10.0.0.1");
  EXPECT_FALSE(
      origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-Proto", "https, http"}})).secure);
  EXPECT_TRUE(
      origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-Proto", "http, https"}})).secure);
  EXPECT_FALSE(origin_of(proxies, "10.0.0.1", forwarded({{"X-Forwarded-Proto", "httpsx"}})).secure);
}

}  // namespace
}  // namespace ploeg::http
