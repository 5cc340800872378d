// The week of `ploeg plan-week` (JSON), read as the command reads it.
#include <cstdint>
#include <string>

#include "engines/roster/json_io.hpp"
#include "fuzz/split.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = ploeg::roster::read_week(std::string(ploeg::fuzz::text(data, size)), "week.json");
  (void)file;
  return 0;
}
