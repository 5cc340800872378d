// The demo's year of the advice process (issue 20): proposals of every
// regional team (drafts, some asking advice now, most decided, a few
// withdrawn) with their advisers, advice and the answers to every objection
// and concern; and a few working groups a region. Deterministic from the
// seed; nothing when the database holds proposals already.
#pragma once

#include <cstdint>
#include <optional>

#include "store/database.hpp"

namespace ploeg::advice {

struct DemoAdvice {
  std::int64_t proposals = 0, advice = 0, groups = 0;
};

// `now` ends the year; `per_person` proposals a person a year, on average.
std::optional<DemoAdvice> create_demo_advice(store::Database& db, std::int64_t now,
                                             std::uint64_t seed, double per_person = 0.35);

}  // namespace ploeg::advice
