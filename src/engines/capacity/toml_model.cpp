#include "engines/capacity/toml_model.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>

namespace ploeg::capacity {
namespace {

// Reads one table's keys, remembering every mistake with its line.
class Reader {
 public:
  Reader(std::string file, std::vector<std::string>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void error(const toml::node* at, const std::string& message) {
    std::string where = file_;
    if (at && at->source().begin.line > 0) {
      // In steps: GCC 12 warns falsely (-Wrestrict) on "text" + a temporary string.
      where += ':';
      where += std::to_string(at->source().begin.line);
    }
    errors_.push_back(where + ": " + message);
  }

  // Every key of `table` must be one of `known`.
  void only(const toml::table& table, const std::string& what,
            std::initializer_list<const char*> known) {
    std::set<std::string> allowed(known.begin(), known.end());
    for (auto& [key, value] : table) {
      if (allowed.count(std::string(key.str()))) continue;
      std::string list;
      for (auto* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      error(&value,
            "unknown key '" + std::string(key.str()) + "' in " + what + " (known: " + list + ")");
    }
  }

  std::optional<double> number(const toml::table& t, const char* key, const std::string& what) {
    auto* node = t.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<double>()) return *v;
    error(node, what + "." + key + " must be a number");
    return std::nullopt;
  }
  std::optional<std::int64_t> integer(const toml::table& t, const char* key,
                                      const std::string& what) {
    auto* node = t.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::int64_t>()) return *v;
    error(node, what + "." + key + " must be a whole number");
    return std::nullopt;
  }
  std::optional<std::string> text(const toml::table& t, const char* key, const std::string& what) {
    auto* node = t.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>()) return *v;
    error(node, what + "." + key + " must be a string in quotes");
    return std::nullopt;
  }
  // An array of tables ([[name]]), or nothing.
  const toml::array* tables(const toml::table& root, const char* key) {
    auto* node = root.get(key);
    if (!node) return nullptr;
    auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      error(node, std::string("write each ") + key + " as a [[" + key + "]] table");
      return nullptr;
    }
    return array;
  }

 private:
  std::string file_;
  std::vector<std::string>& errors_;
};

// A whole number of the file as an int: beyond int's range it is clamped, and
// validate() reports it as over (or under) its limit rather than wrapping around.
int clamped(std::int64_t v) {
  return static_cast<int>(std::clamp<std::int64_t>(v, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
}

std::optional<Distribution> distribution_named(const std::string& name) {
  if (name == "exponential") return Distribution::exponential;
  if (name == "gamma") return Distribution::gamma;
  if (name == "lognormal") return Distribution::lognormal;
  if (name == "deterministic") return Distribution::deterministic;
  return std::nullopt;
}

void read_simulation(Reader& in, const toml::table& root, Simulation& sim) {
  auto* node = root.get("simulation");
  if (!node) return;
  auto* t = node->as_table();
  if (!t) return in.error(node, "[simulation] must be a table");
  in.only(*t, "[simulation]",
          {"time", "hours_per_week", "horizon_weeks", "warmup_weeks", "replications", "seed"});
  if (auto time = in.text(*t, "time", "simulation")) {
    if (*time == "continuous") {
      sim.clock = Clock::continuous;
    } else if (*time == "office-hours") {
      sim.clock = Clock::office_hours;
      sim.hours_per_week = 38;
    } else {
      in.error(t->get("time"),
               "simulation.time must be \"continuous\" or \"office-hours\", not \"" + *time + "\"");
    }
  }
  if (auto h = in.number(*t, "hours_per_week", "simulation")) {
    if (sim.clock == Clock::continuous && *h != 168)
      in.error(t->get("hours_per_week"),
               "hours_per_week is for time = \"office-hours\"; a continuous week has 168 hours");
    sim.hours_per_week = *h;
  }
  if (auto v = in.integer(*t, "horizon_weeks", "simulation")) sim.horizon_weeks = clamped(*v);
  if (auto v = in.integer(*t, "warmup_weeks", "simulation")) sim.warmup_weeks = clamped(*v);
  if (auto v = in.integer(*t, "replications", "simulation")) sim.replications = clamped(*v);
  if (auto v = in.integer(*t, "seed", "simulation")) sim.seed = static_cast<std::uint64_t>(*v);
}

void read_organisation(Reader& in, const toml::table& root, Organisation& org) {
  auto* node = root.get("organisation");
  if (!node) return;
  auto* t = node->as_table();
  if (!t) return in.error(node, "[organisation] must be a table");
  in.only(*t, "[organisation]", {"form", "teams", "handoff_batch_hours", "handoff_extra_hours"});
  if (auto form = in.text(*t, "form", "organisation")) {
    if (*form == "teams")
      org.form = Form::teams;
    else if (*form == "functional")
      org.form = Form::functional;
    else
      in.error(t->get("form"),
               "organisation.form must be \"teams\" or \"functional\", not \"" + *form + "\"");
  }
  if (auto v = in.integer(*t, "teams", "organisation")) org.teams = clamped(*v);
  if (auto v = in.number(*t, "handoff_batch_hours", "organisation")) org.handoff_batch_hours = *v;
  if (auto v = in.number(*t, "handoff_extra_hours", "organisation")) org.handoff_extra_hours = *v;
}

void read_competences(Reader& in, const toml::table& root, Model& m) {
  auto* list = in.tables(root, "competence");
  if (!list) return;
  for (auto& node : *list) {
    auto& t = *node.as_table();
    in.only(t, "[[competence]]", {"name", "fte", "availability"});
    Competence c;
    auto name = in.text(t, "name", "competence");
    if (!name) {
      in.error(&node, "a [[competence]] needs a name");
      continue;
    }
    c.name = *name;
    if (m.competence_index(c.name) >= 0)
      in.error(&node, "competence " + c.name + " is given twice");
    c.fte = in.number(t, "fte", c.name).value_or(0);
    if (!t.get("fte"))
      in.error(&node, "competence " + c.name + " needs fte (its staff in full-time equivalents)");
    c.availability = in.number(t, "availability", c.name).value_or(1);
    m.competences.push_back(c);
  }
}

void read_steps(Reader& in, const toml::table& root, Model& m) {
  auto* list = in.tables(root, "step");
  if (!list) return;
  for (auto& node : *list) {
    auto& t = *node.as_table();
    in.only(t, "[[step]]", {"name", "competence", "staff", "service_hours"});
    auto name = in.text(t, "name", "step");
    if (!name) {
      in.error(&node, "a [[step]] needs a name");
      continue;
    }
    Step s;
    s.name = *name;
    if (m.step_index(s.name) >= 0) in.error(&node, "step " + s.name + " is given twice");
    std::string competence = in.text(t, "competence", s.name).value_or(s.name);
    int k = m.competence_index(competence);
    auto staff = in.number(t, "staff", s.name);
    if (staff) {
      if (k < 0) {
        m.competences.push_back({competence, *staff, 1});
        k = static_cast<int>(m.competences.size() - 1);
      } else {
        // Two steps of one competence share its staff: say how many once.
        in.error(t.get("staff"), "step " + s.name + ": the staff of " + competence +
                                     " is already given (steps of one competence share it); "
                                     "give it once, in a [[competence]] table");
      }
    } else if (k < 0) {
      in.error(&node, "step " + s.name + ": no staff for competence " + competence +
                          "; write staff = N here or a [[competence]] table named " + competence);
      m.competences.push_back({competence, 0, 1});
      k = static_cast<int>(m.competences.size() - 1);
    }
    s.competence = k;
    auto* service = t.get("service_hours");
    if (!service || !service->as_table()) {
      in.error(service ? service : &node,
               "step " + s.name +
                   " needs service_hours = { mean = H, cv = C } (hours; cv 1 is exponential)");
    } else {
      auto& st = *service->as_table();
      in.only(st, "service_hours of step " + s.name, {"mean", "cv", "distribution"});
      s.service.mean_hours = in.number(st, "mean", s.name + ".service_hours").value_or(0);
      if (!st.get("mean"))
        in.error(service, "step " + s.name + ": service_hours needs a mean (hours)");
      s.service.cv = in.number(st, "cv", s.name + ".service_hours").value_or(1);
      s.service.distribution = s.service.cv == 1   ? Distribution::exponential
                               : s.service.cv == 0 ? Distribution::deterministic
                                                   : Distribution::gamma;
      if (auto d = in.text(st, "distribution", s.name + ".service_hours")) {
        if (auto known = distribution_named(*d))
          s.service.distribution = *known;
        else
          in.error(st.get("distribution"), "step " + s.name +
                                               ": distribution must be exponential, gamma, "
                                               "lognormal or deterministic, not \"" +
                                               *d + "\"");
      }
    }
    m.steps.push_back(s);
  }
}

void read_case_types(Reader& in, const toml::table& root, Model& m) {
  auto* list = in.tables(root, "case_type");
  if (!list) return;
  for (auto& node : *list) {
    auto& t = *node.as_table();
    in.only(t, "[[case_type]]", {"name", "arrivals_per_week", "arrivals_by_week", "steps"});
    CaseType ct;
    ct.name = in.text(t, "name", "case_type").value_or("");
    if (ct.name.empty()) in.error(&node, "a [[case_type]] needs a name");
    ct.arrivals_per_week = in.number(t, "arrivals_per_week", ct.name).value_or(0);
    if (auto* weeks = t.get("arrivals_by_week")) {
      auto* array = weeks->as_array();
      if (!array || array->empty()) {
        in.error(weeks, ct.name + ".arrivals_by_week must be a list of weekly arrival rates");
      } else {
        for (auto& w : *array) {
          if (auto v = w.value<double>())
            ct.arrivals_by_week.push_back(*v);
          else
            in.error(&w, ct.name + ".arrivals_by_week must hold numbers only");
        }
      }
    } else if (!t.get("arrivals_per_week")) {
      in.error(&node, "case_type " + ct.name + " needs arrivals_per_week (or arrivals_by_week)");
    }
    auto* steps = t.get("steps");
    auto* array = steps ? steps->as_array() : nullptr;
    if (!array) {
      in.error(steps ? steps : &node,
               "case_type " + ct.name +
                   " needs steps = [\"step\", { step = \"other\", probability = 0.6 }, ...]");
      m.case_types.push_back(ct);
      continue;
    }
    std::vector<std::string> rework_targets;
    std::vector<const toml::node*> rework_nodes;
    for (auto& entry : *array) {
      RouteStep r;
      std::string step_name, rework_to;
      if (auto name = entry.value<std::string>()) {
        step_name = *name;
      } else if (auto* e = entry.as_table()) {
        in.only(*e, "a step of case_type " + ct.name,
                {"step", "probability", "rework", "rework_to"});
        step_name = in.text(*e, "step", ct.name).value_or("");
        r.probability = in.number(*e, "probability", ct.name + "." + step_name).value_or(1);
        r.rework = in.number(*e, "rework", ct.name + "." + step_name).value_or(0);
        rework_to = in.text(*e, "rework_to", ct.name + "." + step_name).value_or("");
      } else {
        in.error(&entry,
                 "each of " + ct.name + "'s steps is a step's name or { step = \"name\", ... }");
        continue;
      }
      r.step = m.step_index(step_name);
      if (r.step < 0)
        in.error(&entry, "case_type " + ct.name + ": no [[step]] named \"" + step_name + "\"");
      rework_targets.push_back(rework_to);
      rework_nodes.push_back(&entry);
      ct.route.push_back(r);
    }
    // rework_to names an earlier (or the same) position of this route.
    for (std::size_t p = 0; p < ct.route.size(); ++p) {
      if (rework_targets[p].empty()) continue;
      int found = -1;
      for (std::size_t q = 0; q <= p; ++q) {
        if (ct.route[q].step >= 0 &&
            m.steps[static_cast<std::size_t>(ct.route[q].step)].name == rework_targets[p])
          found = static_cast<int>(q);
      }
      if (found < 0)
        in.error(rework_nodes[p], "case_type " + ct.name + ": rework_to \"" + rework_targets[p] +
                                      "\" must be this step or one before it on the route");
      ct.route[p].rework_to = found;
    }
    m.case_types.push_back(ct);
  }
}

}  // namespace

ModelFile read_model(const std::string& text, const std::string& name) {
  ModelFile out;
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    out.errors.push_back(name + ":" + std::to_string(e.source().begin.line) + ": " +
                         std::string(e.description()));
    return out;
  }
  Reader in(name, out.errors);
  in.only(root, "the model", {"simulation", "organisation", "competence", "step", "case_type"});
  read_simulation(in, root, out.model.simulation);
  read_organisation(in, root, out.model.organisation);
  read_competences(in, root, out.model);
  read_steps(in, root, out.model);
  read_case_types(in, root, out.model);
  if (out.errors.empty()) {
    for (auto& problem : validate(out.model)) out.errors.push_back(name + ": " + problem);
  }
  return out;
}

}  // namespace ploeg::capacity
