#include "casework/demo_history.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <string_view>
#include <utility>

#include "casework/figures.hpp"
#include "casework/process.hpp"
#include "casework/working_time.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "organisation/demo_data.hpp"

namespace ploeg::casework::history {
namespace {

constexpr std::int64_t day_seconds = 86400;
constexpr std::int64_t hour_seconds = 3600;
constexpr int year_days = 365;

// Ranges from the raw generator, the same on every standard library
// (std::uniform_int_distribution and std::normal_distribution are not).
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) {  // uniform in [0, n), without modulo bias
    const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % n;
    std::uint64_t x;
    do x = engine_();
    while (x >= limit);
    return x % n;
  }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return unit() < p; }
  // About normal (mean 0, deviation 1): the sum of four uniforms, no libm.
  double normal() { return (unit() + unit() + unit() + unit() - 2.0) * 1.7320508075688772; }
  template <typename List>
  const auto& pick(const List& list) {
    return list[below(list.size())];
  }
  // An index drawn by weight.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double x = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// Mondays are busy, weekends empty; January peaks, summer dips.
constexpr std::array<double, 7> weekday_weight = {1.35, 1.1, 1.0, 0.95, 0.8, 0, 0};  // Mon..Sun
constexpr std::array<double, 12> month_weight = {1.3, 1.15, 1.05, 1.0,  0.95, 0.9,
                                                 0.7, 0.65, 1.05, 1.05, 1.0,  0.85};

int weekday(std::int64_t day) {
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}  // 0 Monday

int month_of(std::int64_t day) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{day}}};
  return static_cast<int>(static_cast<unsigned>(date.month())) - 1;
}

int year_of(std::int64_t day) {
  using namespace std::chrono;
  return static_cast<int>(year_month_day{sys_days{days{day}}}.year());
}

// The request mix per region, in the order elderly assistance, income
// replacement, integration allowance, parking card: the coast and the
// Ardennes age, the old industrial basins lose jobs, the capital integrates.
struct Mix {
  std::string_view region;
  std::array<double, 4> weights;
};
constexpr std::array<Mix, 12> region_mix = {{
    {"antwerpen", {25, 35, 25, 15}},
    {"arlon", {40, 20, 10, 30}},
    {"brugge", {45, 20, 10, 25}},
    {"brussel", {15, 35, 40, 10}},
    {"charleroi", {20, 45, 25, 10}},
    {"gent", {25, 30, 30, 15}},
    {"hasselt", {35, 30, 15, 20}},
    {"leuven", {30, 25, 20, 25}},
    {"liege", {25, 40, 25, 10}},
    {"mons", {25, 45, 20, 10}},
    {"namur", {35, 30, 15, 20}},
    {"wavre", {40, 25, 10, 25}},
}};
constexpr std::array<std::string_view, 4> mixed_types = {"elderly_assistance", "income_replacement",
                                                         "integration_allowance", "parking_card"};

struct TypeText {
  std::string_view type;
  double granted;          // share of decisions that grant
  double condition_share;  // of requests carrying the type's first condition
  std::array<const char*, 3> descriptions;
};
constexpr std::array<TypeText, 4> type_texts = {{
    {"elderly_assistance",
     0.75,
     0.3,
     {"I am 78 and need help with the cost of care at home.",
      "My mother lives alone and needs assistance with daily care.",
      "Since my fall last winter I need help at home."}},
    {"income_replacement",
     0.65,
     0,
     {"After my accident I can no longer work full time.",
      "My illness keeps me from working; I ask for an allowance.",
      "My doctor says I cannot go back to my job."}},
    {"integration_allowance",
     0.7,
     0.2,
     {"I use a wheelchair and need adaptations to live on my own.",
      "My hearing loss brings extra costs at work and at home.",
      "Because of my disability I need help with transport and care."}},
    {"parking_card",
     0.85,
     0.5,
     {"I can walk only a short distance and need a parking card.",
      "My parking card expires next month.",
      "My daughter uses a wheelchair and I drive her everywhere."}},
}};

const TypeText* text_of(const std::string& type) {
  for (auto& t : type_texts) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

// How each step goes in a usual team: hours of work, and how often and how
// long (calendar days) it waits for someone outside the team. Teams differ
// by a speed that stretches both (Profile::speed).
struct StepPace {
  std::string_view code;
  double work_hours;
  double wait_share;
  const char* reason;  // waits.hpp's wait_reasons
  double wait_days;
};
constexpr std::array<StepPace, 8> step_paces = {{
    {"intake", 1.0, 0.1, "citizen", 3},
    {"completeness_check", 1.5, 0.6, "citizen", 10},
    {"social_assessment", 4.0, 0.8, "citizen", 9},
    {"medical_assessment", 2.0, 0.9, "report", 16},
    {"decision", 1.5, 0.25, "service", 6},
    {"notification", 0.5, 0, "service", 0},
    {"payment", 0.5, 0.5, "service", 5},
    {"", 2.0, 0.3, "service", 5},  // any other step
}};

const StepPace& pace_of(const std::string& code) {
  for (auto& p : step_paces) {
    if (p.code == code) return p;
  }
  return step_paces.back();
}

const char* outcome_of(const std::string& step) {
  if (step == "intake") return "Request registered; the citizen was called back.";
  if (step == "completeness_check") return "File complete: identity, income and certificates.";
  if (step == "social_assessment") return "Home visit done; the situation matches the request.";
  if (step == "medical_assessment") return "Medical file reviewed; reduced autonomy confirmed.";
  if (step == "notification") return "Decision letter sent by post and e-mail.";
  if (step == "payment") return "First payment scheduled.";
  return "Done.";
}

constexpr std::array granted_motivations = {
    "The conditions of the allowance are met: granted from the date of the request.",
    "The assessments confirm the reduced autonomy: the allowance is granted.",
    "Income below the threshold and the needs confirmed: granted."};
constexpr std::array refused_motivations = {
    "The household income is above the threshold of the allowance: refused.",
    "The medical assessment does not confirm the reduced autonomy required: refused.",
    "The documents asked for twice were not sent: refused, a new request is possible."};
constexpr std::array good_comments = {"Quick and friendly, thank you.",
                                      "A clear letter and a helpful phone call.", ""};
constexpr std::array poor_comments = {"It took far too long.", "Nobody answered my e-mails.", ""};
constexpr std::array complaints = {"I have been waiting for months without any news.",
                                   "I was asked for the same documents three times.",
                                   "The decision letter is hard to understand."};

// "2026-4KQ7-M2XD": the year of filing and eight characters that a bijection
// of the request's number gives, so no two generated references meet.
std::string reference_of(std::int64_t submitted_at, std::uint64_t number, std::uint64_t seed) {
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  constexpr std::uint64_t mask = (std::uint64_t{1} << 40) - 1;  // 8 characters of 5 bits
  std::uint64_t x = number & mask;
  x = (x * 0x9E3779B97F4A7C15ULL) & mask;  // odd multipliers and xor: one to one modulo 2^40
  x ^= (seed * 0xD1B54A32D192ED03ULL) & mask;
  x = (x * 0xBF58476D1CE4E5B9ULL) & mask;
  std::string out = std::to_string(year_of(figures::day_of(submitted_at))) + "-";
  for (int i = 7; i >= 0; --i) {
    out += alphabet[(x >> (5 * i)) & 31];
    if (i == 4) out += '-';
  }
  return out;
}

// How a team works over the year.
struct Profile {
  double speed = 1;         // times the usual duration: below 1 is faster
  bool struggling = false;  // clearly slower than the others, all year
  bool has_medical = true;  // someone holds the medical competence
  std::vector<double> type_weights;
  std::map<std::string, std::vector<std::int64_t>> holders;  // competence -> members
};

// One team's arrivals over the year: its own random stream (which also
// draws its requests), its days' weights and how many it has had so far.
struct Arrivals {
  explicit Arrivals(Random r) : random(std::move(r)) {}
  Random random;
  std::vector<double> weights;
  double sum = 0;
  double carried = 0;
  std::int64_t count = 0;
  std::int64_t filed = 0;
};

class Generator {
 public:
  Generator(const Input& input, const Options& options,
            const std::function<void(const Request&)>& each)
      : in_(input), options_(options), each_(each), today_(figures::day_of(options.now)) {}

  void run() {
    if (in_.teams.empty() || in_.process.types.empty()) return;
    profiles();
    std::vector<double> day_weights = arrival_days();
    std::int64_t total = options_.requests_per_person * in_.people;
    std::int64_t size_sum = 0;
    for (auto& t : in_.teams) size_sum += static_cast<std::int64_t>(t.members.size());
    std::vector<Arrivals> teams;
    teams.reserve(in_.teams.size());
    std::int64_t given = 0, size_before = 0;
    for (std::size_t t = 0; t < in_.teams.size(); ++t) {
      auto& a = teams.emplace_back(
          Random(options_.seed * 0xD1B54A32D192ED03ULL + t * 0x94D049BB133111EBULL + 1));
      a.weights = day_weights;
      for (auto& w : a.weights) w *= 0.8 + 0.4 * a.random.unit();  // no two teams alike
      a.sum = std::accumulate(a.weights.begin(), a.weights.end(), 0.0);
      // Shares by size, rounded so they add up to the total exactly.
      size_before += static_cast<std::int64_t>(in_.teams[t].members.size());
      std::int64_t upto = size_sum ? total * size_before / size_sum : 0;
      a.count = upto - given;
      given = upto;
    }
    // Day by day, every team's requests in the order they come in: numbers
    // (and so ids) grow with time, as when citizens file them.
    std::vector<std::pair<std::int64_t, std::size_t>> day;  // (submitted_at, team)
    for (int d = 0; d < year_days; ++d) {
      day.clear();
      auto [open, close] = filing_hours(today_ - (year_days - 1) + d);
      for (std::size_t t = 0; t < teams.size(); ++t) {
        auto n = arrivals_on(teams[t], d);
        for (std::int64_t i = 0; i < n; ++i) {
          day.emplace_back(teams[t].random.between(open, close - 1), t);
        }
      }
      std::sort(day.begin(), day.end());
      for (auto [at, t] : day) request(t, at, teams[t].random);
    }
  }

 private:
  void profiles() {
    Random random(options_.seed * 0x9E3779B97F4A7C15ULL + 17);
    std::size_t n = in_.teams.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
    // One team in sixteen struggles (at least one), one in eight is fast.
    std::size_t struggling = std::max<std::size_t>(1, n / 16);
    std::size_t fast = std::max<std::size_t>(1, n / 8);
    profiles_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      auto& p = profiles_[order[k]];
      if (k < struggling) {
        p.speed = 1.3;
        p.struggling = true;
      } else if (k < struggling + fast) {
        p.speed = 0.5 + 0.1 * random.unit();
      } else {
        p.speed = 0.85 + 0.35 * random.unit();
      }
    }
    for (std::size_t t = 0; t < n; ++t) {
      auto& team = in_.teams[t];
      auto& p = profiles_[t];
      for (auto& m : team.members) {
        for (auto& c : m.competences) p.holders[c].push_back(m.person_id);
      }
      p.has_medical = p.holders.count("medical") > 0;
      auto mix = std::find_if(region_mix.begin(), region_mix.end(),
                              [&](const Mix& m) { return m.region == team.region; });
      for (auto& type : in_.process.types) {
        double w = 20;
        for (std::size_t i = 0; i < mixed_types.size(); ++i) {
          if (mix != region_mix.end() && mixed_types[i] == type.code) w = mix->weights[i];
        }
        p.type_weights.push_back(w * (0.85 + 0.3 * random.unit()));
      }
    }
  }

  // The weight of each day of the year ending today: weekday, season and
  // the part of the filing hours (7:00-21:00) that lies before now.
  std::vector<double> arrival_days() {
    std::vector<double> weights(year_days);
    for (int d = 0; d < year_days; ++d) {
      std::int64_t day = today_ - (year_days - 1) + d;
      auto [open, close] = filing_hours(day);
      double part = close > open ? static_cast<double>(close - open) / (14 * hour_seconds) : 0;
      weights[d] = weekday_weight[weekday(day)] * month_weight[month_of(day)] * part;
    }
    return weights;
  }

  std::pair<std::int64_t, std::int64_t> filing_hours(std::int64_t day) const {
    std::int64_t open = utc_of_local(day, 7 * 60);  // 07:00 to 21:00 in Brussels
    return {open, std::min(open + 14 * hour_seconds, options_.now)};
  }

  // How many requests a team gets on day d of the year, rounded as they
  // accumulate so the days add up to the team's count.
  static std::int64_t arrivals_on(Arrivals& a, int d) {
    if (a.sum <= 0 || a.count <= 0) return 0;
    a.carried += static_cast<double>(a.count) * a.weights[d] / a.sum;
    auto upto =
        d == year_days - 1 ? a.count : std::min<std::int64_t>(a.count, std::llround(a.carried));
    auto n = upto - a.filed;
    a.filed = upto;
    return std::max<std::int64_t>(0, n);
  }

  std::int64_t someone(const Profile& p, const std::string& competence, Random& random) {
    auto found = p.holders.find(competence);
    return found == p.holders.end() ? 0 : random.pick(found->second);
  }

  void request(std::size_t t, std::int64_t submitted_at, Random& random) {
    const auto& team = in_.teams[t];
    const auto& p = profiles_[t];
    Request& r = r_;
    r = Request{};
    r.number = ++number_;
    r.team = t;
    r.type = random.weighted(p.type_weights);
    const auto& type = in_.process.types[r.type];
    const TypeText* text = text_of(type.code);
    if (!type.conditions.empty() && random.chance(text ? text->condition_share : 0.2)) {
      r.conditions.push_back(type.conditions[0]);
    }
    r.submitted_at = submitted_at;
    r.reference = reference_of(submitted_at, static_cast<std::uint64_t>(r.number), options_.seed);
    r.postcode = team.postcodes.empty() ? "" : random.pick(team.postcodes);
    contact(r, team.region, random);
    r.description = text ? random.pick(text->descriptions) : "I ask for " + type.name + ".";

    auto steps = steps_for(type, r.conditions);
    // The decision step: the one coded so, else the last.
    std::size_t decision = steps.size() - 1;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i]->code == "decision") decision = i;
    }

    // Step by step on the working clock (working_time.hpp): a short wait in
    // the queue, the hours of work of whoever takes it, and, for some steps,
    // a wait that is not work — for the citizen's documents or an
    // appointment, a doctor's report, another service — in the middle of it.
    // A team without a doctor asks an outside one: its medical step is a
    // wait for the report and no work of the team.
    std::int64_t now = options_.now;
    std::vector<std::int64_t> taken(steps.size()), ends(steps.size());
    std::vector<Wait> waits(steps.size());
    std::int64_t ready = submitted_at;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const auto& s = *steps[i];
      const StepPace& pace = pace_of(s.code);
      bool outside = s.competence == "medical" && !p.has_medical;
      double work =
          outside ? 0 : pace.work_hours * p.speed * std::exp(0.3 * random.normal() - 0.045);
      taken[i] = outside ? ready : after_working_hours(ready, random.unit() * 1.0);
      double wait_days = 0;
      if (outside || random.chance(pace.wait_share)) {
        double mean = outside ? pace.wait_days * 1.4 : pace.wait_days;
        wait_days = mean * p.speed * std::exp(0.4 * random.normal() - 0.08);
      }
      if (wait_days > 0) {
        auto& w = waits[i];
        w.step_code = s.code;
        w.reason = pace.reason;
        w.started_at = after_working_hours(taken[i], work / 2);
        w.ended_at = after_working_hours(w.started_at, wait_days * working_hours_per_week / 7);
        ends[i] = after_working_hours(w.ended_at, work / 2);
      } else {
        ends[i] = after_working_hours(taken[i], work);
      }
      ready = ends[i];
    }
    std::int64_t decided_at = ends[decision];
    bool granted = random.chance(text ? text->granted : 0.7);
    double late = (static_cast<double>(decided_at - submitted_at) / day_seconds) /
                  std::max(1, type.target_days);

    r.events.push_back({submitted_at, "filed", "", 0, "", false});
    // Every step done before now, with who took it and the waits it had;
    // the current one waiting in the queue, taken, or waiting for someone.
    std::size_t done = 0;
    while (done < steps.size() && ends[done] < now) {
      auto& s = *steps[done];
      bool outside = s.competence == "medical" && !p.has_medical;
      std::int64_t by = outside ? 0 : someone(p, s.competence, random);
      if (by) r.events.push_back({taken[done], "taken", s.code, by, "", false});
      if (waits[done].started_at) r.waits.push_back(waits[done]);
      if (done == decision) {
        decide(r, granted, decided_at, random);
        r.events.push_back({ends[done], "done", s.code, by, r.motivation, false});
        r.events.push_back({ends[done], "decided", s.code, by, r.motivation, false});
      } else {
        r.events.push_back(
            {ends[done], "done", s.code, by, outcome_of(s.code), s.competence == "medical"});
      }
      ++done;
    }
    r.step_index = static_cast<int>(done);
    if (done == steps.size()) {
      r.finished_at = ends.back();
    } else {
      auto& current = *steps[done];
      bool outside = current.competence == "medical" && !p.has_medical;
      std::int64_t holder = outside ? 0 : someone(p, current.competence, random);
      if (holder && taken[done] < now) {
        r.holder_id = holder;
        r.taken_at = taken[done];
        r.events.push_back({r.taken_at, "taken", current.code, holder, "", false});
      }
      if (waits[done].started_at && waits[done].started_at < now) {
        Wait w = waits[done];
        if (w.ended_at >= now) w.ended_at = 0;  // still waiting
        r.waits.push_back(w);
      }
      if (!r.decided_at && now - submitted_at > type.target_days * day_seconds &&
          random.chance(0.06)) {
        // Overdue and still no decision: some citizens complain.
        std::int64_t due = submitted_at + type.target_days * day_seconds;
        complain(r, due + static_cast<std::int64_t>(random.unit() * (now - due)), random);
      }
    }
    if (r.decided_at) satisfaction(r, late, random);
    std::stable_sort(r.events.begin(), r.events.end(),
                     [](const Event& a, const Event& b) { return a.at < b.at; });
    each_(r);
  }

  void decide(Request& r, bool granted, std::int64_t at, Random& random) {
    r.decided_at = at;
    r.decision = granted ? "granted" : "refused";
    r.motivation = granted ? random.pick(granted_motivations) : random.pick(refused_motivations);
  }

  void complain(Request& r, std::int64_t at, Random& random) {
    r.complained_at = at;
    r.events.push_back({at, "complaint", "", 0, random.pick(complaints), false});
  }

  // Four in ten rate the decision, worse when it came late or refused;
  // complaints grow with lateness.
  void satisfaction(Request& r, double late, Random& random) {
    bool refused = r.decision == "refused";
    if (random.chance(0.4)) {
      std::int64_t at = r.decided_at + random.between(day_seconds, 14 * day_seconds);
      if (at < options_.now) {
        std::vector<double> w = late <= 0.5   ? std::vector<double>{2, 3, 10, 40, 45}
                                : late <= 1.0 ? std::vector<double>{3, 6, 16, 45, 30}
                                : late <= 1.5 ? std::vector<double>{12, 18, 30, 28, 12}
                                              : std::vector<double>{30, 25, 25, 15, 5};
        if (refused) w = {w[0] + 15, w[1] + 10, w[2] + 5, w[3], w[4] / 2};
        r.rating = static_cast<int>(random.weighted(w)) + 1;
        r.rated_at = at;
        r.events.push_back({at, "rated", "", 0,
                            r.rating >= 4 ? random.pick(good_comments) : random.pick(poor_comments),
                            false});
      }
    }
    double p = late <= 0.75 ? 0.01 : late <= 1.0 ? 0.02 : late <= 1.5 ? 0.05 : 0.1;
    if (refused) p += 0.02;
    if (!r.complained_at && random.chance(p)) {
      std::int64_t at = r.decided_at + random.between(2 * day_seconds, 30 * day_seconds);
      if (at < options_.now) complain(r, at, random);
    }
  }

  void contact(Request& r, const std::string& region, Random& random) {
    namespace demo = organisation::demo;
    auto seed = std::find_if(demo::regions.begin(), demo::regions.end(),
                             [&](auto& s) { return region == s.code; });
    bool dutch = seed == demo::regions.end() || seed->speaks == demo::Speaks::dutch ||
                 (seed->speaks == demo::Speaks::both && random.chance(0.5));
    std::string first = dutch ? random.pick(demo::flemish_first) : random.pick(demo::walloon_first);
    std::string last = dutch ? random.pick(demo::flemish_last) : random.pick(demo::walloon_last);
    r.contact_name = first + " " + last;
    bool email = random.chance(0.9);
    if (email) {
      r.contact_email = text::email_local_part(first) + "." + text::email_local_part(last) +
                        std::to_string(random.between(1, 999)) + "@example.org";
    }
    if (!email || random.chance(0.4)) {
      r.contact_phone = "04" + std::to_string(random.between(70, 99)) + " " +
                        std::to_string(random.between(10, 99)) + " " +
                        std::to_string(random.between(10, 99)) + " " +
                        std::to_string(random.between(10, 99));
    }
  }

  const Input& in_;
  const Options& options_;
  const std::function<void(const Request&)>& each_;
  std::int64_t today_;
  std::vector<Profile> profiles_;
  std::int64_t number_ = 0;
  Request r_;
};

}  // namespace

void generate(const Input& input, const Options& options,
              const std::function<void(const Request&)>& each) {
  Generator(input, options, each).run();
}

}  // namespace ploeg::casework::history
