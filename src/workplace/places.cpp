#include "workplace/places.hpp"

namespace ploeg::workplace {
namespace {

std::optional<std::int64_t> id_of(store::Connection& c, const char* sql, const std::string& code) {
  auto found = c.query(sql, {code});
  if (found.empty()) return std::nullopt;
  return found.rows[0].integer(0);
}

}  // namespace

std::vector<OfficeSummary> offices(store::Connection& c) {
  std::vector<OfficeSummary> list;
  for (auto& r : c.query("SELECT o.code, o.name, o.address, (SELECT COUNT(*) FROM desks d JOIN "
                         "zones z ON z.id = d.zone_id JOIN floors f ON f.id = z.floor_id WHERE "
                         "f.office_id = o.id) FROM offices o ORDER BY o.code")
                     .rows)
    list.push_back({r.text(0), r.text(1), r.text(2), r.integer(3)});
  return list;
}

std::optional<std::int64_t> office_id(store::Connection& c, const std::string& code) {
  return id_of(c, "SELECT id FROM offices WHERE code = $1", code);
}

std::optional<std::int64_t> desk_id(store::Connection& c, const std::string& code) {
  return id_of(c, "SELECT id FROM desks WHERE code = $1", code);
}

}  // namespace ploeg::workplace
