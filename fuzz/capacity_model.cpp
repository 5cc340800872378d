// The resource planning model of `ploeg simulate` and `ploeg plan-staff` (TOML).
#include <cstdint>
#include <string>

#include "engines/capacity/toml_model.hpp"
#include "fuzz/split.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = ploeg::capacity::read_model(std::string(ploeg::fuzz::text(data, size)), "model.toml");
  (void)file;
  return 0;
}
