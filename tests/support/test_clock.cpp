// The test programs read the application's clock (core/clock) like the
// servers they start: when a suite runs at a chosen moment (PLOEG_NOW, set by
// CTest for the date-sensitive runs, inherited by every child `ploeg`), the
// test's "today" is the server's.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"

namespace ploeg::test {
namespace {

const bool clock_started = [] {
  const char* now = std::getenv("PLOEG_NOW");
  if (!now || !*now) return false;
  auto moment = clock::parse_moment(now);
  if (!moment) throw std::invalid_argument(std::string("PLOEG_NOW: not a moment: ") + now);
  clock::start_at(*moment);
  return true;
}();

}  // namespace

int clock_from_environment = clock_started ? 1 : 0;
}  // namespace ploeg::test
