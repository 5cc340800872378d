// The audit log viewer's reading (viewer.hpp): filters as parameters, never
// pasted into the SQL; the same SQL on SQLite and PostgreSQL.
#include "audit/viewer.hpp"

#include <algorithm>
#include <cctype>

#include "audit/sealing.hpp"
#include "core/clock.hpp"

namespace ploeg::audit::viewer {
namespace {

std::string like(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out + "%";
}

// Whether `s` is well-formed UTF-8 (what the database takes as text).
bool well_formed(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80                        ? 1
                    : (b >> 5) == 0x6 && b >= 0xC2  ? 2
                    : (b >> 4) == 0xE               ? 3
                    : (b >> 3) == 0x1E && b <= 0xF4 ? 4
                                                    : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// Days since 1970-01-01 of "YYYY-MM-DD", or nullopt.
std::optional<std::int64_t> day_of(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  int y = std::stoi(text.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > lengths[m - 1] + (m == 2 && leap ? 1 : 0)) {
    return std::nullopt;
  }
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const std::int64_t era = y / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Where {
  std::string sql;
  std::vector<store::Value> params;
};

// The filter as a WHERE clause; the problems when it is not one.
std::vector<FieldError> where_of(const Filter& f, Where& where) {
  std::vector<FieldError> errors;
  for (auto* field : {&f.actor, &f.action, &f.subject}) {
    auto name = field == &f.actor ? "actor" : field == &f.action ? "action" : "subject";
    if (!well_formed(*field)) {
      errors.push_back({name, "audit_filter_text", "send the filter as UTF-8 text"});
    } else if (field->size() > max_filter) {
      errors.push_back({name,
                        "audit_filter_too_long",
                        "use at most " + std::to_string(max_filter) + " characters",
                        {{"max", std::to_string(max_filter)}}});
    }
  }
  std::optional<std::int64_t> from, to;
  if (!f.from.empty() && !(from = day_of(f.from))) {
    errors.push_back({"from", "audit_filter_day", "give a day as YYYY-MM-DD"});
  }
  if (!f.to.empty() && !(to = day_of(f.to))) {
    errors.push_back({"to", "audit_filter_day", "give a day as YYYY-MM-DD"});
  }
  if (!errors.empty()) return errors;
  where.sql = " WHERE 1 = 1";
  auto add = [&](const std::string& condition, store::Value value) {
    where.params.push_back(std::move(value));
    auto n = "$" + std::to_string(where.params.size());
    std::string c = condition;
    for (auto at = c.find('?'); at != std::string::npos; at = c.find('?')) c.replace(at, 1, n);
    where.sql += " AND " + c;
  };
  if (!f.actor.empty()) add("lower(actor) LIKE ? ESCAPE '\\'", like(f.actor));
  if (!f.action.empty()) add("lower(action) LIKE ? ESCAPE '\\'", like(f.action));
  if (!f.subject.empty()) add("lower(subject) LIKE ? ESCAPE '\\'", like(f.subject));
  if (from) add("at >= ?", utc_of_local(*from, 0));
  if (to) add("at < ?", utc_of_local(*to + 1, 0));
  if (f.until > 0) add("id <= ?", f.until);
  return errors;
}

std::vector<Entry> entries(store::Connection& c, const Where& where, std::int64_t limit,
                           std::int64_t offset) {
  auto params = where.params;
  params.push_back(limit);
  params.push_back(offset);
  auto n = where.params.size();
  auto result = c.query(std::string("SELECT ") + detail::columns + " FROM audit_log" + where.sql +
                            " ORDER BY id DESC LIMIT $" + std::to_string(n + 1) + " OFFSET $" +
                            std::to_string(n + 2),
                        params);
  std::vector<Entry> out;
  for (auto& row : result.rows) out.push_back(detail::entry_from(row));
  return out;
}

Outcome refused_unless_admin(const Actor& actor) {
  if (actor.admin()) return {};
  return Outcome::refused(Verdict::forbidden);
}

Event looked(const Actor& actor, const char* action, const std::string& detail) {
  return {actor.name, action, "audit_log", detail, actor.remote_address, actor.request_id};
}

}  // namespace

std::string describe(const Filter& f) {
  std::string out;
  auto part = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += "; ";
    out += name;
    out += '=';
    out += value;
  };
  part("actor", f.actor);
  part("action", f.action);
  part("subject", f.subject);
  part("from", f.from);
  part("to", f.to);
  if (f.until > 0) part("until", std::to_string(f.until));
  return out.empty() ? "all" : out;
}

std::string csv_cell(const std::string& text) {
  std::string cell = text;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

Found view(store::Database& db, const Actor& actor, const Filter& filter, std::int64_t limit,
           std::int64_t offset) {
  Found found;
  if (auto refused = refused_unless_admin(actor); !refused) {
    static_cast<Outcome&>(found) = refused;
    return found;
  }
  Where where;
  if (auto errors = where_of(filter, where); !errors.empty()) {
    static_cast<Outcome&>(found) = Outcome::invalid_if(std::move(errors));
    return found;
  }
  limit = std::clamp<std::int64_t>(limit, 1, max_limit);
  offset = std::max<std::int64_t>(0, offset);
  db.transaction([&](store::Connection& c) {
    auto counted =
        c.query("SELECT count(*), COALESCE(max(id), 0) FROM audit_log" + where.sql, where.params);
    found.total = counted.rows.at(0).integer(0);
    found.newest = counted.rows.at(0).integer(1);
    found.entries = entries(c, where, limit, offset);
    append(c, looked(actor, "audit.view", describe(filter) + "; offset=" + std::to_string(offset)));
  });
  return found;
}

Exported export_csv(store::Database& db, const Actor& actor, const Filter& filter) {
  Exported out;
  if (auto refused = refused_unless_admin(actor); !refused) {
    static_cast<Outcome&>(out) = refused;
    return out;
  }
  Where where;
  if (auto errors = where_of(filter, where); !errors.empty()) {
    static_cast<Outcome&>(out) = Outcome::invalid_if(std::move(errors));
    return out;
  }
  std::vector<Entry> rows;
  db.transaction([&](store::Connection& c) {
    rows = entries(c, where, max_export, 0);
    append(c, looked(actor, "audit.export",
                     describe(filter) + "; rows=" + std::to_string(rows.size())));
  });
  out.csv = "id,at,actor,action,subject,detail,remote_address,request_id\r\n";
  for (auto& e : rows) {
    out.csv += std::to_string(e.id) + "," + csv_cell(local_minute(e.at)) + "," +
               csv_cell(e.event.actor) + "," + csv_cell(e.event.action) + "," +
               csv_cell(e.event.subject) + "," + csv_cell(e.event.detail) + "," +
               csv_cell(e.event.remote_address) + "," + csv_cell(e.event.request_id) + "\r\n";
  }
  out.rows = static_cast<std::int64_t>(rows.size());
  return out;
}

}  // namespace ploeg::audit::viewer
