// Which peers are proxies we trust, and what a request's client address and
// scheme are once their X-Forwarded-For / X-Forwarded-Proto headers are
// believed. From any other peer those headers are ignored: a client could
// otherwise pick its own address (to dodge throttling, to forge the audit) or
// claim a secure connection.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace ploeg::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "127.0.0.1, 10.0.0.0/8 ::1": addresses or networks (CIDR), separated by
  // commas or spaces. Throws std::invalid_argument naming the bad entry.
  static TrustedProxies parse(std::string_view list);
  bool contains(std::string_view address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    std::vector<unsigned char> bytes;  // 4 or 16
    unsigned prefix = 0;               // bits that must match
  };
  std::vector<Network> networks_;
};

struct Origin {
  std::string client_address;  // the address that sent the request to the first trusted proxy
  bool secure = false;         // the client's own connection was https
};

// `peer` is the address of the socket's other end. When it is a trusted
// proxy, the client is the rightmost X-Forwarded-For address that is not one
// (proxies append), and the scheme is the last X-Forwarded-Proto value.
Origin origin_of(const TrustedProxies& proxies, const std::string& peer, const Headers& headers);

}  // namespace ploeg::http
