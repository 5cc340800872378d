// The organisation's import files (people.csv, teams.csv, memberships.csv,
// names.csv or one JSON document), read and checked against a small
// organisation as an import does before it writes anything.
#include <cstdint>
#include <string>

#include "fuzz/split.hpp"
#include "organisation/exchange_records.hpp"

using namespace ploeg;
using namespace ploeg::organisation;

namespace {

const Organisation& existing() {
  static const Organisation o = [] {
    Organisation out;
    for (const char* code : {"intake", "administration", "social_work", "medical", "decision"})
      out.competences.push_back({code, code});
    out.regions.push_back({"north", "North", "Street 1", {"1000", "1020"}});
    out.regions.push_back({"south", "South", "Street 2", {"9000"}});
    out.people.push_back({"an@example.org", "An", {"nl"}, 800, "1000", {{"intake", 2}}, {}, ""});
    Team team;
    team.code = "north-1";
    team.name = "North 1";
    team.kind = "regional";
    team.region = "north";
    team.min_size = 2;
    team.max_size = 15;
    out.teams.push_back(team);
    out.memberships.push_back({"an@example.org", "north-1", 100});
    return out;
  }();
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = fuzz::split(fuzz::text(data, size), 4);
  exchange::detail::Parsed parsed;
  const char* names[] = {"people.csv", "teams.csv", "memberships.csv", "names.csv"};
  for (std::size_t k = 0; k < files.size(); ++k) {
    if (k > 0 && files[k].empty()) continue;
    exchange::detail::read_file({names[k], files[k]}, parsed);
  }
  auto plan = exchange::detail::plan_import(existing(), parsed);
  (void)plan;
  return 0;
}
