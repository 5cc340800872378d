#include "http/forwarded.hpp"

#include <boost/asio/ip/address.hpp>

#include <stdexcept>

namespace ploeg::http {
namespace {

// The address's bytes, IPv4-mapped IPv6 as IPv4; empty when it is no address.
std::vector<unsigned char> address_bytes(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    auto b = address.to_v4().to_bytes();
    return {b.begin(), b.end()};
  }
  auto b = address.to_v6().to_bytes();
  return {b.begin(), b.end()};
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Every comma-separated item of every header called `name`, in order.
std::vector<std::string_view> items(const Headers& headers, std::string_view name) {
  std::vector<std::string_view> out;
  auto [first, last] = headers.equal_range(std::string(name));
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->second;
    while (true) {
      auto comma = rest.find(',');
      out.push_back(trimmed(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

// "[2001:db8::1]:443" and "192.0.2.1:443" as proxies sometimes write them.
std::string_view without_port(std::string_view item) {
  if (!item.empty() && item.front() == '[') {
    auto close = item.find(']');
    return close == std::string_view::npos ? item : item.substr(1, close - 1);
  }
  auto colon = item.find(':');
  if (colon != std::string_view::npos && item.find(':', colon + 1) == std::string_view::npos) {
    return item.substr(0, colon);
  }
  return item;
}

}  // namespace

TrustedProxies TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  std::size_t at = 0;
  while (at < list.size()) {
    auto end = list.find_first_of(", \t", at);
    if (end == std::string_view::npos) end = list.size();
    auto entry = list.substr(at, end - at);
    at = end + 1;
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    Network network;
    network.bytes = address_bytes(entry.substr(0, slash));
    if (network.bytes.empty()) {
      throw std::invalid_argument("trusted proxy \"" + std::string(entry) +
                                  "\" is not an address or network such as 10.0.0.0/8 or ::1");
    }
    const unsigned bits = static_cast<unsigned>(network.bytes.size() * 8);
    network.prefix = bits;
    if (slash != std::string_view::npos) {
      auto digits = entry.substr(slash + 1);
      unsigned prefix = 0;
      bool ok = !digits.empty() && digits.size() <= 3;
      for (char c : digits) {
        ok = ok && c >= '0' && c <= '9';
        prefix = prefix * 10 + static_cast<unsigned>(c - '0');
      }
      if (!ok || prefix > bits) {
        throw std::invalid_argument("trusted proxy \"" + std::string(entry) +
                                    "\": the prefix length must be 0 to " + std::to_string(bits));
      }
      network.prefix = prefix;
    }
    out.networks_.push_back(std::move(network));
  }
  return out;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto bytes = address_bytes(address);
  if (bytes.empty()) return false;
  for (const auto& network : networks_) {
    if (network.bytes.size() != bytes.size()) continue;
    unsigned full = network.prefix / 8;
    unsigned rest = network.prefix % 8;
    bool match = std::equal(bytes.begin(), bytes.begin() + full, network.bytes.begin());
    if (match && rest != 0) {
      auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
      match = (bytes[full] & mask) == (network.bytes[full] & mask);
    }
    if (match) return true;
  }
  return false;
}

Origin origin_of(const TrustedProxies& proxies, const std::string& peer, const Headers& headers) {
  Origin origin{peer, false};
  if (!proxies.contains(peer)) return origin;
  auto chain = items(headers, "X-Forwarded-For");
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    auto address = without_port(*it);
    if (address_bytes(address).empty()) break;  // garbage: stop believing at this hop
    origin.client_address = std::string(address);
    if (!proxies.contains(address)) break;
  }
  auto schemes = items(headers, "X-Forwarded-Proto");
  if (!schemes.empty()) {
    auto scheme = schemes.back();
    origin.secure = scheme.size() == 5 && (scheme == "https" || scheme == "HTTPS");
  }
  return origin;
}

}  // namespace ploeg::http
