// How often one client may do something: at most `max` times within a
// sliding window, per key (a client address, a status link, ...). The hits
// are kept in the database, not in a process, so every `ploeg serve` behind
// one load balancer counts the same ones. Keys are stored as hashes: an
// address is personal data and a status link is a secret.
//
// Any feature may use it: name its limit ("casework.filing"), call admit()
// inside the transaction that does the thing (so a refused or failed attempt
// counts nothing), and answer too_many() when it says to wait.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace ploeg::web {

struct RateLimit {
  std::string_view name;            // what is counted: "casework.filing"
  int max = 0;                      // at most this many times ...
  std::int64_t window_seconds = 0;  // ... within this long, per key
};

// The seconds until `key` may go again under `limit`; 0: now. Reads only.
std::int64_t wait_seconds(store::Connection& c, const RateLimit& limit, std::string_view key);

// Counts one for `key` now when the limit allows it and answers 0; else counts
// nothing and answers the seconds to wait. Drops the hits of this limit that
// have left its window (the table stays as small as the traffic of one window).
// On PostgreSQL two admits at the same moment may both pass the last free
// place: a limit against floods, not an exact count.
std::int64_t admit(store::Connection& c, const RateLimit& limit, std::string_view key);

// The answer to a refused attempt: 429 with a Retry-After header and a page (or
// a JSON error) in the visitor's language saying when to try again.
http::Response too_many(const Site& site, http::Request& request, std::int64_t retry_after);

// The table of hits. Registered by its first user (casework) until the part
// that puts the features together registers the shared tables itself.
void register_rate_limit_migrations(store::Migrations& migrations);

}  // namespace ploeg::web
