#include "advice/demo.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "advice/demo_texts.hpp"
#include "advice/inbox.hpp"
#include "advice/rules.hpp"
#include "advice/suggest.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "organisation/demo_generator.hpp"

namespace ploeg::advice {
namespace {

constexpr std::int64_t day_seconds = 86400;

// Ranges from the raw generator: the same on every standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) { return n ? engine_() % n : 0; }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <typename List>
  const auto& pick(const List& list) {
    return list[below(list.size())];
  }

 private:
  std::mt19937_64 engine_;
};

struct Team {
  std::int64_t id = 0;
  std::string code, region;
  int language = 0;  // 0 nl, 1 fr, 2 en: the texts its members write
  std::vector<TeamFacts::Member> members;
  std::optional<std::pair<std::int64_t, std::string>> coach;
};

std::vector<Team> read_teams(store::Connection& c, Random& random) {
  std::vector<Team> teams;
  std::map<std::int64_t, std::size_t> index;
  for (auto& r : c.query("SELECT t.id, t.code, g.code, t.coach_id, p.name FROM teams t JOIN "
                         "regions g ON g.id = t.region_id LEFT JOIN people p ON p.id = t.coach_id "
                         "WHERE t.kind = 'regional' ORDER BY t.code")
                     .rows) {
    Team t;
    t.id = r.integer(0);
    t.code = r.text(1);
    t.region = r.text(2);
    auto languages = organisation::demo_region_languages(t.region);
    auto language = languages.empty() ? std::string("en") : random.pick(languages);
    t.language = language == "nl" ? 0 : language == "fr" ? 1 : 2;
    if (!r.is_null(3)) t.coach = std::pair{r.integer(3), r.text(4)};
    index[t.id] = teams.size();
    teams.push_back(std::move(t));
  }
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::string>> roles;
  for (auto& r : c.query("SELECT a.team_id, a.person_id, r.code FROM role_assignments a JOIN roles "
                         "r ON r.id = a.role_id ORDER BY a.team_id, r.code")
                     .rows)
    roles[{r.integer(0), r.integer(1)}].push_back(r.text(2));
  for (auto& r : c.query("SELECT m.team_id, m.person_id, p.name FROM memberships m JOIN people p "
                         "ON p.id = m.person_id ORDER BY m.team_id, m.share_percent DESC, p.name, "
                         "p.id")
                     .rows) {
    auto at = index.find(r.integer(0));
    if (at == index.end()) continue;
    teams[at->second].members.push_back(
        {r.integer(1), r.text(2), roles[{r.integer(0), r.integer(1)}]});
  }
  teams.erase(std::remove_if(teams.begin(), teams.end(),
                             [](const Team& t) { return t.members.size() < 2; }),
              teams.end());
  return teams;
}

// The star role a subject's title names (the part before the colon, in English).
std::string role_of(const demo::Subject& s) {
  std::string title = s.title.en;
  auto colon = title.find(':');
  auto word = text::ascii_lower(colon == std::string::npos ? "" : title.substr(0, colon));
  return word == "well-being" ? "well_being" : word;
}

class Writer {
 public:
  Writer(store::Connection& c, std::int64_t now, Random& random)
      : c_(c), now_(now), random_(random) {}

  void proposal(const Team& team, const std::vector<Team>& teams, DemoAdvice& out) {
    const auto& subject = random_.pick(demo::subjects);
    int lang = team.language;
    const auto& author = random_.pick(team.members);
    // Affected: the author's team, and often a neighbour of the same region.
    std::vector<const Team*> affected{&team};
    if (random_.chance(0.6)) {
      std::vector<const Team*> near;
      for (auto& t : teams) {
        if (t.region == team.region && t.id != team.id) near.push_back(&t);
      }
      if (!near.empty()) affected.push_back(random_.pick(near));
    }
    auto created = now_ - static_cast<std::int64_t>(3 + random_.below(360)) * day_seconds -
                   static_cast<std::int64_t>(random_.below(8 * 3600));
    bool draft = now_ - created < 20 * day_seconds && random_.chance(0.3);
    auto asked = created + static_cast<std::int64_t>(1 + random_.below(3)) * day_seconds;
    if (asked >= now_) draft = true;
    auto due = add_working_days(local_day(asked), default_advice_working_days);
    // Asking until the day after the due day: a decision comes later.
    bool still_asking = !draft && due >= local_day(now_) - 1;
    bool withdrawn = !draft && !still_asking && random_.chance(0.08);
    std::string state = draft          ? "draft"
                        : still_asking ? "asking"
                        : withdrawn    ? "withdrawn"
                                       : "decided";

    // Advisers: what ploeg would have suggested from the teams, and someone
    // from elsewhere.
    SuggestInput in;
    in.author_id = author.person_id;
    in.star_role = role_of(subject);
    for (auto* t : affected) {
      TeamFacts facts{t->code, t->members, {}};
      if (t->coach) facts.coaches.push_back(*t->coach);
      in.teams.push_back(std::move(facts));
    }
    in.optional_limit = 3;
    auto advisers = draft ? std::vector<Suggestion>{} : suggest_advisers(in);

    auto id = c_.query(
                    "INSERT INTO proposals (reference, author_id, title, problem, proposal, "
                    "state, created_at, updated_at, asked_at, advice_due_day) VALUES ('', $1, $2, "
                    "$3, $4, $5, $6, $6, $7, $8) RETURNING id",
                    {author.person_id, std::string(subject.title.in(lang)),
                     std::string(subject.problem.in(lang)), std::string(subject.proposal.in(lang)),
                     state, created, draft ? store::Value{nullptr} : store::Value{asked},
                     draft ? store::Value{nullptr} : store::Value{due}})
                  .rows.at(0)
                  .integer(0);
    char reference[24];
    std::snprintf(reference, sizeof reference, "P-%05lld", static_cast<long long>(id));
    c_.query("UPDATE proposals SET reference = $1 WHERE id = $2", {std::string(reference), id});
    for (auto* t : affected)
      c_.query("INSERT INTO proposal_teams (proposal_id, team_id) VALUES ($1, $2)", {id, t->id});
    ++out.proposals;
    if (draft) return;

    // Advice: most answer, in the days before it is due.
    std::int64_t last = asked;
    auto due_end = utc_of_local(due, 17 * 60);
    for (auto& a : advisers) {
      auto reasons = encode_reasons(a.reasons);
      c_.query(
          "INSERT INTO proposal_advisers (proposal_id, person_id, required, reasons) VALUES ($1, "
          "$2, $3, $4)",
          {id, a.person_id, a.required ? 1 : 0, reasons});
      if (!random_.chance(a.required ? 0.95 : 0.7)) continue;
      // On a working day's hours between the ask and the due day.
      auto day =
          local_day(asked) + static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(
                                 std::max<std::int64_t>(1, due - local_day(asked) + 1))));
      auto at = utc_of_local(day, 9 * 60 + static_cast<int>(random_.below(8 * 60)));
      if (at <= asked) at = asked + static_cast<std::int64_t>(60 + random_.below(3600));
      if (at >= now_) continue;
      last = std::max(last, at);
      double x = random_.unit();
      std::string stance = x < 0.55   ? "support"
                           : x < 0.8  ? "concern"
                           : x < 0.92 ? "objection"
                                      : "pass";
      std::string text = stance == "support"     ? random_.pick(demo::support).in(lang)
                         : stance == "concern"   ? random_.pick(demo::concern).in(lang)
                         : stance == "objection" ? random_.pick(demo::objection).in(lang)
                                                 : "";
      bool decided = state == "decided";
      bool answer = decided && (stance == "concern" || stance == "objection");
      auto answered_at = std::max(at, due_end) + day_seconds;
      c_.query(
          "INSERT INTO advice (proposal_id, person_id, stance, text, author_only, asked, version, "
          "at, answer, answered_at) VALUES ($1, $2, $3, $4, $5, 1, 1, $6, $7, $8)",
          {id, a.person_id, stance, text, random_.chance(0.05) ? 1 : 0, at,
           answer ? std::string(random_.pick(demo::answers).in(lang)) : std::string(),
           answer ? store::Value{answered_at} : store::Value{nullptr}});
      ++out.advice;
    }
    auto about = "proposal:" + std::string(reference);
    auto title = std::string(subject.title.in(lang));
    if (state == "asking") {
      for (auto& a : advisers)
        notify(c_, a.person_id, inbox_kinds::asked_for_advice, about, title, asked);
    }
    if (state != "decided") {
      if (state == "withdrawn")
        c_.query("UPDATE proposals SET updated_at = $2 WHERE id = $1", {id, due_end});
      return;
    }
    // Decided a few days after the due day, during office hours (09:00-16:00 on the organisation's
    // clock).
    auto decided_day_first =
        local_day(std::max(last, due_end)) + 1 + static_cast<std::int64_t>(random_.below(4));
    auto decided_at =
        std::min(utc_of_local(decided_day_first, 9 * 60 + static_cast<int>(random_.below(7 * 60))),
                 now_ - 3600);
    auto decided_day = local_day(decided_at);
    c_.query(
        "UPDATE advice SET answered_at = $2 WHERE proposal_id = $1 AND answered_at IS NOT NULL",
        {id, decided_at});
    c_.query(
        "UPDATE proposals SET decision = $2, decided_at = $3, updated_at = $3, review_day = $4 "
        "WHERE id = $1",
        {id, std::string(subject.decision.in(lang)), decided_at, decided_day + 90});
    // The last month's decisions are in the affected teams' inboxes.
    if (now_ - decided_at < 30 * day_seconds) {
      for (auto* t : affected) {
        for (auto& m : t->members) {
          if (m.person_id != author.person_id)
            notify(c_, m.person_id, inbox_kinds::decision_affects_my_team, about, title,
                   decided_at);
        }
      }
    }
  }

  void group(const demo::GroupText& g, const std::string& region, const std::vector<Team>& teams,
             DemoAdvice& out) {
    std::vector<const TeamFacts::Member*> people;
    int lang = 0;
    for (auto& t : teams) {
      if (t.region != region) continue;
      lang = t.language;
      for (auto& m : t.members) people.push_back(&m);
    }
    if (people.size() < 3) return;
    auto created = now_ - static_cast<std::int64_t>(30 + random_.below(300)) * day_seconds;
    auto starter = random_.pick(people);
    auto id =
        c_.query(
              "INSERT INTO working_groups (code, name, purpose, created_by, created_at, "
              "ends_day, max_share_percent) VALUES ($1, $2, $3, $4, $5, $6, 20) RETURNING id",
              {std::string(g.code) + "-" + region, std::string(g.name.in(lang)),
               std::string(g.purpose.in(lang)), starter->person_id, created,
               random_.chance(0.5) ? store::Value{nullptr}
                                   : store::Value{local_day(now_) + 30 +
                                                  static_cast<std::int64_t>(random_.below(200))}})
            .rows.at(0)
            .integer(0);
    std::set<std::int64_t> in;
    auto size = 3 + random_.below(6);
    for (std::size_t k = 0; k < size * 3 && in.size() < size; ++k) {
      auto* m = k == 0 ? starter : random_.pick(people);
      if (!in.insert(m->person_id).second) continue;
      c_.query(
          "INSERT INTO working_group_members (group_id, person_id, share_percent, joined_at) "
          "VALUES ($1, $2, $3, $4)",
          {id, m->person_id, static_cast<std::int64_t>(5 + 5 * random_.below(4)),
           created + static_cast<std::int64_t>(random_.below(20)) * day_seconds});
    }
    ++out.groups;
  }

 private:
  store::Connection& c_;
  std::int64_t now_;
  Random& random_;
};

}  // namespace

std::optional<DemoAdvice> create_demo_advice(store::Database& db, std::int64_t now,
                                             std::uint64_t seed, double per_person) {
  return db.transaction([&](store::Connection& c) -> std::optional<DemoAdvice> {
    if (!c.query("SELECT 1 FROM proposals LIMIT 1").empty() ||
        !c.query("SELECT 1 FROM working_groups LIMIT 1").empty())
      return std::nullopt;
    Random random(seed * 0x9E3779B97F4A7C15ULL + 20);
    auto teams = read_teams(c, random);
    DemoAdvice out;
    Writer writer(c, now, random);
    for (auto& team : teams) {
      auto n = static_cast<std::size_t>(per_person * static_cast<double>(team.members.size()) +
                                        random.unit());
      for (std::size_t k = 0; k < n; ++k) writer.proposal(team, teams, out);
    }
    // What the demo's inboxes hold went out by mail already (no digest on
    // the first morning for everyone); what is over a week old was read.
    c.query("UPDATE inbox_items SET mailed_at = created_at");
    c.query("UPDATE inbox_items SET read_at = created_at + 86400 WHERE created_at < $1",
            {now - 7 * day_seconds});
    std::set<std::string> regions;
    for (auto& t : teams) regions.insert(t.region);
    for (auto& region : regions) {
      for (auto& g : demo::groups) {
        if (random.chance(0.6)) writer.group(g, region, teams, out);
      }
    }
    return out;
  });
}

}  // namespace ploeg::advice
