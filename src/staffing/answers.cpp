#include "staffing/answers.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "core/crypto.hpp"

namespace ploeg::staffing {
namespace {

namespace json = boost::json;

// Numbers written with every digit they have, so a key never depends on rounding.
std::string exact(double x) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

json::value maybe(const std::optional<double>& x) {
  return x ? json::value(*x) : json::value(nullptr);
}

std::optional<double> maybe_of(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

json::array maybes(const std::vector<std::optional<double>>& xs) {
  json::array out;
  for (auto& x : xs) out.push_back(maybe(x));
  return out;
}

std::vector<std::optional<double>> maybes_of(const json::value& v) {
  std::vector<std::optional<double>> out;
  for (auto& x : v.as_array()) out.push_back(maybe_of(x));
  return out;
}

json::array estimate(const capacity::Estimate& e) {
  return json::array{e.mean, e.low, e.high};
}

capacity::Estimate estimate_of(const json::value& v) {
  auto& a = v.as_array();
  return {a.at(0).to_number<double>(), a.at(1).to_number<double>(), a.at(2).to_number<double>()};
}

double number(const json::object& o, const char* key) {
  return o.at(key).to_number<double>();
}

}  // namespace

std::string answer_key(const Scope& scope, const Flow& flow, const Assumptions& assumptions,
                       const std::string& model) {
  std::string text = "staffing answer 1\n" + scope.kind + ":" + scope.code + "\n";
  if (!model.empty()) text += "model " + model + "\n";
  text += std::to_string(assumptions.target_percent) + " " +
          std::to_string(assumptions.target_days) + " " + exact(assumptions.availability) + "\n";
  for (auto& [code, hours] : assumptions.hours) text += "hours " + code + " " + exact(hours) + "\n";
  text += "teams " + std::to_string(flow.teams) + " weeks " + std::to_string(flow.weeks) + "\n";
  for (auto& t : flow.types) {
    text += "type " + t.code + " " + std::to_string(t.target_days) + " " +
            std::to_string(t.received) + " " + exact(t.per_week) + "\n";
    for (auto& s : t.steps)
      text += " step " + s.code + " " + s.competence + " " + exact(s.share) + "\n";
  }
  for (auto& [code, fte] : flow.fte) text += "fte " + code + " " + exact(fte) + "\n";
  return crypto::sha256_hex(text);
}

boost::json::object role_json(const RoleAnswer& r) {
  return json::object{{"code", r.code},
                      {"fte_today", r.fte_today},
                      {"utilisation_today", r.utilisation_today},
                      {"needed_per_team", r.needed_per_team},
                      {"needed", r.needed},
                      {"utilisation_plan", r.utilisation_plan},
                      {"one_more_days", maybe(r.one_more_days)}};
}

std::string answer_json(const Answer& a) {
  json::array unstable, roles, days;
  for (auto& line : a.unstable) unstable.emplace_back(line);
  for (auto& r : a.roles) roles.push_back(role_json(r));
  for (auto& line : a.days_by_offset) days.push_back(maybes(line));
  json::array offsets, weeks;
  for (int o : a.offsets) offsets.push_back(o);
  for (int w : a.weeks) weeks.push_back(w);
  return json::serialize(
      json::object{{"stable_today", a.stable_today},
                   {"unstable", std::move(unstable)},
                   {"today", a.today ? json::value(estimate(*a.today)) : json::value(nullptr)},
                   {"today_share", maybe(a.today_share)},
                   {"met", a.met},
                   {"plan", estimate(a.plan)},
                   {"plan_share", a.plan_share},
                   {"roles", std::move(roles)},
                   {"offsets", std::move(offsets)},
                   {"days_by_offset", std::move(days)},
                   {"weeks", std::move(weeks)},
                   {"backlog_today", maybes(a.backlog_today)},
                   {"backlog_plan", maybes(a.backlog_plan)},
                   {"functional", json::array{a.functional.mean_days, a.functional.p90_days}},
                   {"teams", json::array{a.teams.mean_days, a.teams.p90_days}},
                   {"simulations", a.simulations}});
}

Answer answer_from_json(const std::string& text) {
  auto o = json::parse(text).as_object();
  Answer a;
  a.stable_today = o.at("stable_today").as_bool();
  for (auto& line : o.at("unstable").as_array()) a.unstable.emplace_back(line.as_string());
  if (!o.at("today").is_null()) a.today = estimate_of(o.at("today"));
  a.today_share = maybe_of(o.at("today_share"));
  a.met = o.at("met").as_bool();
  a.plan = estimate_of(o.at("plan"));
  a.plan_share = number(o, "plan_share");
  for (auto& v : o.at("roles").as_array()) {
    auto& r = v.as_object();
    RoleAnswer role;
    role.code = role.name = std::string(r.at("code").as_string());
    role.fte_today = number(r, "fte_today");
    role.utilisation_today = number(r, "utilisation_today");
    role.needed_per_team = static_cast<int>(r.at("needed_per_team").to_number<std::int64_t>());
    role.needed = static_cast<int>(r.at("needed").to_number<std::int64_t>());
    role.utilisation_plan = number(r, "utilisation_plan");
    role.one_more_days = maybe_of(r.at("one_more_days"));
    a.roles.push_back(role);
  }
  for (auto& v : o.at("offsets").as_array())
    a.offsets.push_back(static_cast<int>(v.to_number<std::int64_t>()));
  for (auto& line : o.at("days_by_offset").as_array()) a.days_by_offset.push_back(maybes_of(line));
  for (auto& v : o.at("weeks").as_array())
    a.weeks.push_back(static_cast<int>(v.to_number<std::int64_t>()));
  a.backlog_today = maybes_of(o.at("backlog_today"));
  a.backlog_plan = maybes_of(o.at("backlog_plan"));
  auto& f = o.at("functional").as_array();
  a.functional = {f.at(0).to_number<double>(), f.at(1).to_number<double>()};
  auto& t = o.at("teams").as_array();
  a.teams = {t.at(0).to_number<double>(), t.at(1).to_number<double>()};
  a.simulations = static_cast<int>(o.at("simulations").to_number<std::int64_t>());
  return a;
}

std::optional<StoredAnswer> stored_answer(store::Connection& c, const std::string& key,
                                          const Flow& flow) {
  auto found =
      c.query("SELECT answer, computed_at FROM staffing_answers WHERE answer_key = $1", {key});
  if (found.empty()) return std::nullopt;
  StoredAnswer stored{answer_from_json(found.rows[0].text(0)), found.rows[0].integer(1)};
  for (auto& role : stored.answer.roles) {
    auto name = flow.competence_names.find(role.code);
    if (name != flow.competence_names.end()) role.name = name->second;
  }
  return stored;
}

void store_answer(store::Connection& c, const std::string& key, const std::string& scope,
                  const Answer& answer, std::int64_t now) {
  c.query("DELETE FROM staffing_answers WHERE answer_key = $1 OR computed_at < $2",
          {key, now - answer_kept_seconds});
  c.query(
      "INSERT INTO staffing_answers (answer_key, scope, computed_at, answer) VALUES ($1, $2, $3, "
      "$4)",
      {key, scope, now, answer_json(answer)});
}

void register_migrations(store::Migrations& migrations) {
  migrations.add(store::with_ids(80, "staffing: answers computed by background jobs", R"(
CREATE TABLE staffing_answers (
  answer_key TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  computed_at BIGINT NOT NULL,
  answer TEXT NOT NULL
);
CREATE INDEX staffing_answers_by_age ON staffing_answers (computed_at);
)"));
}

}  // namespace ploeg::staffing
