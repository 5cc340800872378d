// The CSV files of `ploeg form-teams`: people.csv, teams.csv and an
// assignment.csv, separated by a line "=====".
#include <cstdint>
#include <string>
#include <vector>

#include "engines/formation/csv_io.hpp"
#include "fuzz/split.hpp"

using namespace ploeg::formation;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = ploeg::fuzz::split(ploeg::fuzz::text(data, size), 3);
  auto parsed = csv_io::read(files[0], "people.csv", files[1], "teams.csv");
  Assignment assignment;
  std::vector<std::string> errors;
  csv_io::read_assignment(files[2], "assignment.csv", assignment, errors);
  if (parsed.errors.empty()) {
    (void)csv_io::people_csv(parsed.input);
    (void)csv_io::teams_csv(parsed.input);
    (void)csv_io::assignment_csv(parsed.input, assignment);
  }
  return 0;
}
