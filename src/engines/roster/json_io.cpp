#include "engines/roster/json_io.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace ploeg::roster {
namespace {

namespace json = boost::json;

class Reader {
 public:
  Reader(std::string file, std::vector<std::string>& errors)
      : file_(std::move(file)), errors_(errors) {}
  void error(const std::string& where, const std::string& message) {
    errors_.push_back(file_ + ": " + where + ": " + message);
  }
  void only(const json::object& o, const std::string& where,
            std::initializer_list<const char*> known) {
    for (auto& [key, value] : o) {
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
        std::string list;
        for (auto* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        error(where, "unknown field \"" + std::string(key) + "\" (known: " + list + ")");
      }
    }
  }
  std::string text(const json::object& o, const char* key, const std::string& where, bool needed) {
    auto* v = o.if_contains(key);
    if (!v) {
      if (needed) error(where, "needs \"" + std::string(key) + "\"");
      return "";
    }
    if (!v->is_string()) {
      error(where + "." + key, "must be a string in quotes");
      return "";
    }
    return std::string(v->as_string());
  }
  std::optional<double> number(const json::value* v, const std::string& where) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return static_cast<double>(v->as_int64());
    if (v->is_uint64()) return static_cast<double>(v->as_uint64());
    if (v->is_double()) return v->as_double();
    error(where, "must be a number");
    return std::nullopt;
  }
  // A whole number of at most a million (desks, rooms, days, people), or
  // nullopt with an error; a number beyond an int must never reach a cast.
  std::optional<int> whole(const json::value* v, const std::string& where, bool negative_ok) {
    auto x = number(v, where);
    if (!x) return std::nullopt;
    constexpr double most = 1'000'000;
    if (*x != std::floor(*x) || *x > most || *x < (negative_ok ? -most : 0)) {
      error(where, negative_ok ? "must be a whole number" : "must be a whole number, 0 or more");
      return std::nullopt;
    }
    return static_cast<int>(*x);
  }
  const json::array* array(const json::object& o, const char* key, const std::string& where) {
    auto* v = o.if_contains(key);
    if (!v) return nullptr;
    if (!v->is_array()) {
      error(where + "." + key, "must be a list [...]");
      return nullptr;
    }
    return &v->as_array();
  }
  // A day of the week by its name, as "days" lists them.
  int day(const std::vector<std::string>& days, const json::value& v, const std::string& where) {
    if (v.is_string()) {
      auto found = std::find(days.begin(), days.end(), std::string(v.as_string()));
      if (found != days.end()) return static_cast<int>(found - days.begin());
      // In steps: GCC 12 warns falsely (-Wrestrict) on "text" + a temporary string.
      std::string message = "\"";
      message.append(v.as_string().data(), v.as_string().size());
      message += "\" is not one of the week's days (";
      message += joined(days);
      message += ')';
      error(where, message);
      return -1;
    }
    error(where, "must be a day's name in quotes (" + joined(days) + ")");
    return -1;
  }
  static std::string joined(const std::vector<std::string>& xs) {
    std::string out;
    for (auto& x : xs) out += (out.empty() ? "" : ", ") + x;
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string>& errors_;
};

// Per-day numbers: a list of one a day, or {"mon": n, ...} (missing days 0).
std::vector<int> per_day(Reader& in, const json::object& root, const char* key,
                         const std::vector<std::string>& days) {
  std::vector<int> out(days.size(), 0);
  auto* v = root.if_contains(key);
  if (!v) {
    in.error(key, "is missing: give one number a day, [12, 12, ...] or {\"mon\": 12, ...}");
    return out;
  }
  auto take = [&](std::size_t d, const json::value& n, const std::string& where) {
    if (auto x = in.whole(&n, where, false)) out[d] = *x;
  };
  if (v->is_array()) {
    auto& a = v->as_array();
    if (a.size() != days.size())
      in.error(key, "has " + std::to_string(a.size()) + " numbers for " +
                        std::to_string(days.size()) + " days");
    for (std::size_t d = 0; d < std::min(a.size(), days.size()); ++d)
      take(d, a[d], std::string(key) + "[" + std::to_string(d) + "]");
  } else if (v->is_object()) {
    for (auto& [name, n] : v->as_object()) {
      int d = in.day(days, json::value(name), std::string(key) + "." + std::string(name));
      if (d >= 0) take(static_cast<std::size_t>(d), n, std::string(key) + "." + std::string(name));
    }
  } else {
    in.error(key, "must be a list of numbers or {\"mon\": 12, ...}");
  }
  return out;
}

std::vector<std::optional<Place>> day_places(Reader& in, const json::object& o, const char* key,
                                             const std::vector<std::string>& days,
                                             const std::string& where) {
  std::vector<std::optional<Place>> out(days.size());
  auto* v = o.if_contains(key);
  if (!v) return out;
  if (!v->is_object()) {
    in.error(where + "." + key, "must be {\"mon\": \"home\", ...}");
    return out;
  }
  for (auto& [name, p] : v->as_object()) {
    std::string at = where + "." + key + "." + std::string(name);
    int d = in.day(days, json::value(name), at);
    if (d < 0) continue;
    auto place = p.is_string() ? place_named(std::string(p.as_string())) : std::nullopt;
    if (!place) {
      in.error(at, "must be one of home, office, field, off");
      continue;
    }
    out[static_cast<std::size_t>(d)] = place;
  }
  return out;
}

}  // namespace

WeekFile read_week(const std::string& text, const std::string& name) {
  WeekFile out;
  Reader in(name, out.errors);
  json::value root;
  boost::system::error_code ec;
  root = json::parse(text, ec);
  if (ec || !root.is_object()) {
    out.errors.push_back(name + ": not a JSON object (" + (ec ? ec.message() : "another value") +
                         ")");
    return out;
  }
  auto& o = root.as_object();
  // The limits first: past one, nothing else is read.
  for (auto [key, limit] :
       {std::pair{"days", limits::days}, std::pair{"members", limits::members},
        std::pair{"rules", limits::rules}, std::pair{"appointments", limits::appointments}}) {
    auto* v = o.if_contains(key);
    if (v && v->is_array() && v->as_array().size() > limit)
      in.error(key, "has " + std::to_string(v->as_array().size()) + " entries; at most " +
                        std::to_string(limit) + " are allowed: plan a smaller week or team");
  }
  if (!out.errors.empty()) return out;
  in.only(o, "the week", {"days", "policy", "desks", "rooms", "members", "rules", "appointments"});
  auto& w = out.week;
  if (auto* days = in.array(o, "days", "the week")) {
    for (auto& d : *days) {
      if (d.is_string() && !d.as_string().empty())
        w.days.emplace_back(d.as_string());
      else
        in.error("days", "each day is a name in quotes, \"mon\"");
    }
  } else {
    in.error("the week", "needs \"days\": [\"mon\", \"tue\", ...]");
  }
  if (auto* p = o.if_contains("policy")) {
    if (!p->is_object()) {
      in.error("policy", "must be {\"max_home_days\": 3, ...}");
    } else {
      auto& po = p->as_object();
      in.only(po, "policy", {"max_home_days", "team_office_days"});
      if (auto v = in.whole(po.if_contains("max_home_days"), "policy.max_home_days", true))
        w.policy.max_home_days = *v;
      if (auto* t = in.array(po, "team_office_days", "policy")) {
        for (auto& d : *t) {
          int day = in.day(w.days, d, "policy.team_office_days");
          if (day >= 0) w.policy.team_office_days.push_back(day);
        }
      }
    }
  }
  w.desks = per_day(in, o, "desks", w.days);
  w.rooms = per_day(in, o, "rooms", w.days);
  if (auto* members = in.array(o, "members", "the week")) {
    for (std::size_t i = 0; i < members->size(); ++i) {
      std::string where = "members[" + std::to_string(i) + "]";
      auto& v = (*members)[i];
      if (!v.is_object()) {
        in.error(where, "must be {\"id\": ..., \"competences\": [...], ...}");
        continue;
      }
      auto& mo = v.as_object();
      in.only(mo, where,
              {"id", "name", "competences", "works", "entered", "wishes", "past_granted"});
      Member m;
      m.id = in.text(mo, "id", where, true);
      m.name = in.text(mo, "name", where, false);
      if (auto* c = in.array(mo, "competences", where)) {
        for (auto& x : *c) {
          if (x.is_string())
            m.competences.emplace_back(x.as_string());
          else
            in.error(where + ".competences", "each competence is a code in quotes");
        }
      }
      m.works.assign(w.days.size(), true);
      if (auto* works = in.array(mo, "works", where)) {
        m.works.assign(w.days.size(), false);
        for (auto& d : *works) {
          int day = in.day(w.days, d, where + ".works");
          if (day >= 0) m.works[static_cast<std::size_t>(day)] = true;
        }
      }
      m.fixed = day_places(in, mo, "entered", w.days, where);
      m.wishes = day_places(in, mo, "wishes", w.days, where);
      for (std::size_t d = 0; d < w.days.size(); ++d) {
        if (m.wishes[d] == Place::off)
          in.error(
              where + ".wishes." + w.days[d],
              "a day off is not a wish: enter it, \"entered\": {\"" + w.days[d] + "\": \"off\"}");
      }
      if (auto v2 = in.number(mo.if_contains("past_granted"), where + ".past_granted")) {
        if (*v2 < 0 || *v2 > 1)
          in.error(where + ".past_granted", "must be from 0 to 1");
        else
          m.past_granted = *v2;
      }
      if (std::any_of(w.members.begin(), w.members.end(),
                      [&](const Member& x) { return x.id == m.id; }))
        in.error(where, "the id \"" + m.id + "\" is given twice");
      w.members.push_back(std::move(m));
    }
  }
  if (auto* rules = in.array(o, "rules", "the week")) {
    for (std::size_t i = 0; i < rules->size(); ++i) {
      std::string where = "rules[" + std::to_string(i) + "]";
      auto& v = (*rules)[i];
      if (!v.is_object()) {
        in.error(where, "must be {\"competence\": ..., \"min\": 1, ...}");
        continue;
      }
      auto& ro = v.as_object();
      in.only(ro, where, {"competence", "place", "min", "day"});
      Rule r;
      r.competence = in.text(ro, "competence", where, true);
      auto place = in.text(ro, "place", where, false);
      if (!place.empty()) {
        auto p = place_named(place);
        if (!p || *p == Place::off)
          in.error(where + ".place", "must be home, office or field");
        else
          r.place = *p;
      }
      if (auto v2 = in.whole(ro.if_contains("min"), where + ".min", true)) r.min = *v2;
      if (auto* d = ro.if_contains("day"); d && !(d->is_string() && d->as_string() == "every"))
        r.day = in.day(w.days, *d, where + ".day");
      w.rules.push_back(r);
    }
  }
  if (auto* appointments = in.array(o, "appointments", "the week")) {
    for (std::size_t i = 0; i < appointments->size(); ++i) {
      std::string where = "appointments[" + std::to_string(i) + "]";
      auto& v = (*appointments)[i];
      if (!v.is_object()) {
        in.error(where, "must be {\"id\": ..., \"day\": ..., ...}");
        continue;
      }
      auto& ao = v.as_object();
      in.only(ao, where, {"id", "day", "part", "competence", "where"});
      Appointment a;
      a.id = in.text(ao, "id", where, true);
      if (auto* d = ao.if_contains("day"))
        a.day = in.day(w.days, *d, where + ".day");
      else
        in.error(where, "needs \"day\"");
      auto part = in.text(ao, "part", where, false);
      if (part == "afternoon")
        a.part = 1;
      else if (!part.empty() && part != "morning")
        in.error(where + ".part", "must be \"morning\" or \"afternoon\"");
      a.competence = in.text(ao, "competence", where, true);
      auto kind = in.text(ao, "where", where, false);
      if (auto named = where_named(kind))
        a.where = *named;
      else if (!kind.empty())
        in.error(where + ".where", "must be \"office\", \"home_visit\" or \"video\"");
      w.appointments.push_back(a);
    }
  }
  if (out.errors.empty()) {
    for (auto& problem : validate(w)) out.errors.push_back(name + ": " + problem);
  }
  return out;
}

std::string plan_json(const Week& w, const Plan& plan) {
  json::object o;
  auto& s = plan.score;
  o["usable"] = s.usable();
  o["proven_optimal"] = plan.proven;
  o["objective"] = s.objective();
  o["wish_points"] = s.wish_points;
  o["wishes_granted"] = s.wishes_granted;
  o["wishes_asked"] = s.wishes_asked;
  o["penalty"] = s.penalty;
  json::object places, shares;
  for (std::size_t m = 0; m < w.members.size(); ++m) {
    json::object row;
    for (std::size_t d = 0; d < w.days.size(); ++d)
      row[w.days[d]] = place_name(plan.assignment.place[m][d]);
    places[w.members[m].id] = row;
    shares[w.members[m].id] = plan.granted_share[m];
  }
  o["plan"] = places;
  json::object appointments;
  for (std::size_t k = 0; k < w.appointments.size(); ++k) {
    int m = plan.assignment.appointment_member[k];
    appointments[w.appointments[k].id] =
        m < 0 ? json::value(nullptr) : json::value(w.members[static_cast<std::size_t>(m)].id);
  }
  o["appointments"] = appointments;
  json::array unmet;
  for (auto& u : s.unmet)
    unmet.push_back(json::object{{"kind", u.kind},
                                 {"day", w.days[static_cast<std::size_t>(u.day)]},
                                 {"missing", u.missing},
                                 {"text", u.text}});
  o["unmet"] = unmet;
  json::array hard;
  for (auto& h : s.hard) hard.push_back(json::value(h));
  o["hard"] = hard;
  o["granted_share"] = shares;
  return json::serialize(o) + "\n";
}

}  // namespace ploeg::roster
