#include "advice/proposals.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "advice/inbox.hpp"
#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"

namespace ploeg::advice {
namespace {

using ploeg::Outcome;

Outcome refused(Verdict verdict, std::string field, std::string key, std::string message,
                std::vector<std::pair<std::string, std::string>> values = {}) {
  return Outcome::refused(
      verdict, {std::move(field), std::move(key), std::move(message), std::move(values)});
}

void check_text(std::vector<FieldError>& problems, const std::string& field,
                const std::string& value, std::size_t max, bool required) {
  auto n = text::characters(text::trimmed(value));
  if (required && n == 0) {
    problems.push_back({field, "advice_" + field + "_missing", "write the " + field});
  } else if (n > max) {
    problems.push_back({field,
                        "advice_text_too_long",
                        "shorten the " + field + " to " + std::to_string(max) + " characters",
                        {{"max", std::to_string(max)}}});
  }
}

struct Checked {
  std::vector<std::int64_t> team_ids, region_ids;
  std::string decider;
};

// The ids of the `table`'s rows with these codes (each once), in one query;
// a problem (field `what` + "s") for each code there is none of.
void ids_of(store::Connection& c, const char* table, const std::string& what,
            const std::vector<std::string>& codes, std::vector<std::int64_t>& ids,
            std::vector<FieldError>& problems) {
  std::set<std::string> wanted(codes.begin(), codes.end());
  if (wanted.empty()) return;
  std::string list;
  std::vector<store::Value> params;
  for (auto& code : wanted) {
    params.emplace_back(code);
    list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  std::set<std::string> found;
  for (auto& r : c.query(std::string("SELECT id, code FROM ") + table + " WHERE code IN (" + list +
                             ") ORDER BY code",
                         params)
                     .rows) {
    ids.push_back(r.integer(0));
    found.insert(r.text(1));
  }
  for (auto& code : wanted) {
    if (!found.count(code))
      problems.push_back({what + "s",
                          "advice_unknown_" + what,
                          "there is no " + what + " " + code,
                          {{"code", code}}});
  }
}

// The input's problems by field, and the ids of the teams and regions it names.
std::vector<FieldError> check_input(store::Connection& c, const Actor& actor,
                                    const ProposalInput& in, Checked& out) {
  std::vector<FieldError> problems;
  check_text(problems, "title", in.title, max_title_length, true);
  check_text(problems, "problem", in.problem, max_proposal_text_length, true);
  check_text(problems, "proposal", in.proposal, max_proposal_text_length, true);
  if (in.teams.size() > max_affected || in.regions.size() > max_affected) {
    problems.push_back({"teams",
                        "advice_too_many_affected",
                        "name at most " + std::to_string(max_affected) + " teams and regions",
                        {{"max", std::to_string(max_affected)}}});
    return problems;
  }
  ids_of(c, "teams", "team", in.teams, out.team_ids, problems);
  ids_of(c, "regions", "region", in.regions, out.region_ids, problems);
  if (in.advice_working_days < 1 || in.advice_working_days > 60)
    problems.push_back({"advice_working_days", "advice_days_out_of_range",
                        "give advisers between 1 and 60 working days"});
  if (in.review_day && *in.review_day <= today())
    problems.push_back(
        {"review_day", "advice_review_not_after_today", "choose a review date after today"});
  out.decider = in.decider.empty() ? "author" : in.decider;
  if (out.decider != "author") {
    auto code = out.decider.rfind("team:", 0) == 0 ? out.decider.substr(5) : "";
    bool member = std::any_of(actor.person.teams.begin(), actor.person.teams.end(),
                              [&](const Person::TeamShare& t) { return t.code == code; });
    if (!member)
      problems.push_back({"decider", "advice_decider_not_yours",
                          "the decider is you or a team you are a member of"});
  }
  return problems;
}

std::string decider_kind(const std::string& decider) {
  return decider == "author" ? "author" : "team";
}
std::string decider_code(const std::string& decider) {
  return decider == "author" ? "" : decider.substr(decider.find(':') + 1);
}

void write_affected(store::Connection& c, std::int64_t id, const Checked& checked) {
  c.query("DELETE FROM proposal_teams WHERE proposal_id = $1", {id});
  c.query("DELETE FROM proposal_regions WHERE proposal_id = $1", {id});
  for (auto team : checked.team_ids)
    c.query("INSERT INTO proposal_teams (proposal_id, team_id) VALUES ($1, $2)", {id, team});
  for (auto region : checked.region_ids)
    c.query("INSERT INTO proposal_regions (proposal_id, region_id) VALUES ($1, $2)", {id, region});
}

void audit_proposal(store::Connection& c, const Actor& actor, const std::string& action,
                    const std::string& reference, const std::string& detail) {
  audit::append(c, {actor.name, action, "proposal:" + reference, detail, actor.remote_address,
                    actor.request_id});
}

// Tells each person (once, never the actor) through their inbox.
void tell(store::Connection& c, const Actor& actor, const std::vector<std::int64_t>& people,
          const char* kind, const std::string& reference, std::int64_t proposal_id) {
  auto title =
      c.query("SELECT title FROM proposals WHERE id = $1", {proposal_id}).rows.at(0).text(0);
  std::set<std::int64_t> told;
  for (auto person : people) {
    if (person == actor.person.id || !told.insert(person).second) continue;
    notify(c, person, kind, "proposal:" + reference, title, now_seconds());
  }
}

std::vector<std::int64_t> advisers_of(store::Connection& c, std::int64_t proposal_id) {
  std::vector<std::int64_t> ids;
  for (auto& r : c.query("SELECT person_id FROM proposal_advisers WHERE proposal_id = $1 ORDER BY "
                         "person_id",
                         {proposal_id})
                     .rows)
    ids.push_back(r.integer(0));
  return ids;
}

struct Current {
  std::int64_t id = 0, author_id = 0;
  State state = State::draft;
  int version = 1, working_days = default_advice_working_days;
  std::optional<std::int64_t> due_day;
};

std::optional<Current> current(store::Connection& c, const std::string& reference) {
  auto found = c.query(
      "SELECT id, author_id, state, version, advice_working_days, advice_due_day FROM proposals "
      "WHERE reference = $1",
      {reference});
  if (found.empty()) return std::nullopt;
  auto& r = found.rows[0];
  return Current{r.integer(0),
                 r.integer(1),
                 state_of(r.text(2)).value_or(State::draft),
                 static_cast<int>(r.integer(3)),
                 static_cast<int>(r.integer(4)),
                 r.optional_integer(5)};
}

// Runs `act` on the proposal in one transaction, after the checks every
// command shares: signed in as a person, the proposal exists and (for
// someone else's draft) is not shown to exist.
Outcome on_proposal(store::Database& db, const Actor& actor, const std::string& reference,
                    const std::function<Outcome(store::Connection&, const Current&)>& act) {
  if (actor.person.nobody())
    return refused(Verdict::forbidden, "", "advice_refused_no_person",
                   "only a person of the organisation takes part in the advice process");
  if (text::characters(reference) > 40) return Outcome::refused(Verdict::not_found);
  // A refusal found half-way (an adviser unknown after others were
  // written) rolls the whole transaction back: nothing half-written.
  struct Refused {};
  Outcome outcome;
  try {
    db.transaction([&](store::Connection& c) {
      auto p = current(c, reference);
      // A draft (or one withdrawn before advice was asked) is its author's alone.
      bool private_draft =
          p && (p->state == State::draft || (p->state == State::withdrawn && !p->due_day));
      if (!p || (private_draft && p->author_id != actor.person.id)) {
        outcome = Outcome::refused(Verdict::not_found);
        return;
      }
      outcome = act(c, *p);
      if (!outcome.ok()) throw Refused{};
    });
  } catch (const Refused&) {
    // outcome says why
  }
  return outcome;
}

Outcome only_author(const Actor& actor, const Current& p) {
  if (p.author_id != actor.person.id)
    return refused(Verdict::forbidden, "", "advice_refused_not_author",
                   "only the author may do this");
  return {};
}

Outcome in_state(const Current& p, std::initializer_list<State> states, const char* doing) {
  if (std::find(states.begin(), states.end(), p.state) != states.end()) return {};
  return refused(Verdict::conflict, "", "advice_wrong_state",
                 std::string("a proposal that is ") + code_of(p.state) + " cannot be " + doing,
                 {{"state", code_of(p.state)}});
}

}  // namespace

Created create_proposal(store::Database& db, const Actor& actor, const ProposalInput& input) {
  Created out;
  if (actor.person.nobody()) {
    out = refused(Verdict::forbidden, "", "advice_refused_no_person",
                  "only a person of the organisation takes part in the advice process");
    return out;
  }
  db.transaction([&](store::Connection& c) {
    Checked checked;
    auto problems = check_input(c, actor, input, checked);
    if (!problems.empty()) {
      out = Outcome::invalid_if(std::move(problems));
      return;
    }
    auto now = now_seconds();
    auto id =
        c.query(
             "INSERT INTO proposals (reference, author_id, decider_kind, decider_code, "
             "title, problem, proposal, advice_working_days, review_day, created_at, "
             "updated_at) VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
             {actor.person.id, decider_kind(checked.decider), decider_code(checked.decider),
              text::trimmed(input.title), text::trimmed(input.problem),
              text::trimmed(input.proposal), input.advice_working_days,
              input.review_day ? store::Value{*input.review_day} : store::Value{nullptr}, now})
            .rows.at(0)
            .integer(0);
    char reference[24];
    std::snprintf(reference, sizeof reference, "P-%05lld", static_cast<long long>(id));
    c.query("UPDATE proposals SET reference = $1 WHERE id = $2", {std::string(reference), id});
    write_affected(c, id, checked);
    out.reference = reference;
    audit_proposal(c, actor, "proposal.create", out.reference, "draft");
  });
  return out;
}

Outcome edit_proposal(store::Database& db, const Actor& actor, const std::string& reference,
                      const ProposalInput& input) {
  return on_proposal(db, actor, reference, [&](store::Connection& c, const Current& p) {
    if (auto o = only_author(actor, p); !o.ok()) return o;
    if (auto o = in_state(p, {State::draft, State::asking}, "changed"); !o.ok()) return o;
    Checked checked;
    auto problems = check_input(c, actor, input, checked);
    if (!problems.empty()) return Outcome::invalid_if(std::move(problems));
    auto now = now_seconds();
    int version = p.version;
    if (p.state == State::asking) {
      // Advice was asked on the version as it was: keep it, and number the new one.
      c.query(
          "INSERT INTO proposal_versions (proposal_id, version, title, problem, proposal, "
          "saved_at) SELECT id, version, title, problem, proposal, $2 FROM proposals WHERE id = $1",
          {p.id, now});
      ++version;
    }
    c.query(
        "UPDATE proposals SET title = $2, problem = $3, proposal = $4, decider_kind = $5, "
        "decider_code = $6, advice_working_days = $7, review_day = $8, version = $9, "
        "updated_at = $10 WHERE id = $1",
        {p.id, text::trimmed(input.title), text::trimmed(input.problem),
         text::trimmed(input.proposal), decider_kind(checked.decider),
         decider_code(checked.decider), input.advice_working_days,
         input.review_day ? store::Value{*input.review_day} : store::Value{nullptr}, version, now});
    write_affected(c, p.id, checked);
    if (version != p.version)
      tell(c, actor, advisers_of(c, p.id), inbox_kinds::proposal_changed, reference, p.id);
    audit_proposal(c, actor, "proposal.edit", reference, "version " + std::to_string(version));
    return Outcome{};
  });
}

Outcome ask_advice(store::Database& db, const Actor& actor, const std::string& reference,
                   const std::vector<AdviserChoice>& advisers) {
  return on_proposal(db, actor, reference, [&](store::Connection& c, const Current& p) {
    if (auto o = only_author(actor, p); !o.ok()) return o;
    if (auto o = in_state(p, {State::draft}, "sent for advice again"); !o.ok()) return o;
    if (advisers.empty())
      return refused(Verdict::invalid, "advisers", "advice_no_advisers",
                     "choose at least one adviser");
    if (advisers.size() > max_advisers)
      return refused(Verdict::invalid, "advisers", "advice_too_many_advisers",
                     "choose at most " + std::to_string(max_advisers) + " advisers",
                     {{"max", std::to_string(max_advisers)}});
    std::set<std::int64_t> seen;
    for (auto& a : advisers) {
      if (a.person_id == actor.person.id || !seen.insert(a.person_id).second ||
          c.query("SELECT 1 FROM people WHERE id = $1", {a.person_id}).empty())
        return refused(Verdict::invalid, "advisers", "advice_adviser_unknown",
                       "each adviser is another person of the organisation, named once");
      c.query(
          "INSERT INTO proposal_advisers (proposal_id, person_id, required, reasons) VALUES ($1, "
          "$2, $3, $4)",
          {p.id, a.person_id, a.required ? 1 : 0,
           a.reasons.size() > max_reasons_bytes ? std::string{} : a.reasons});
    }
    auto now = now_seconds();
    auto due = add_working_days(local_day(now), p.working_days);
    c.query(
        "UPDATE proposals SET state = 'asking', asked_at = $2, advice_due_day = $3, updated_at = "
        "$2 WHERE id = $1",
        {p.id, now, due});
    tell(c, actor, advisers_of(c, p.id), inbox_kinds::asked_for_advice, reference, p.id);
    audit_proposal(c, actor, "proposal.ask", reference,
                   std::to_string(advisers.size()) + " advisers, due " + date_text(due));
    return Outcome{};
  });
}

Outcome give_advice(store::Database& db, const Actor& actor, const std::string& reference,
                    const std::string& stance_code, const std::string& text, bool author_only) {
  return on_proposal(db, actor, reference, [&](store::Connection& c, const Current& p) {
    if (p.author_id == actor.person.id)
      return refused(Verdict::forbidden, "", "advice_refused_own_proposal",
                     "the author does not advise on their own proposal");
    if (auto o = in_state(p, {State::asking}, "advised on"); !o.ok()) return o;
    auto stance = stance_of(stance_code);
    if (!stance)
      return refused(Verdict::invalid, "stance", "advice_stance_unknown",
                     "choose support, concern, objection or pass");
    bool asked =
        !c.query("SELECT 1 FROM proposal_advisers WHERE proposal_id = $1 AND person_id = $2",
                 {p.id, actor.person.id})
             .empty();
    if (*stance == Stance::pass && !asked)
      return refused(Verdict::invalid, "stance", "advice_pass_not_asked",
                     "only an adviser who was asked may pass");
    std::vector<FieldError> problems;
    check_text(problems, "text", text, max_advice_length, *stance != Stance::pass);
    if (!problems.empty()) return Outcome::invalid_if(std::move(problems));
    c.query(
        "INSERT INTO advice (proposal_id, person_id, stance, text, author_only, asked, version, "
        "at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {p.id, actor.person.id, stance_code, text::trimmed(text), author_only ? 1 : 0,
         asked ? 1 : 0, p.version, now_seconds()});
    tell(c, actor, {p.author_id}, inbox_kinds::advice_received, reference, p.id);
    audit_proposal(c, actor, "proposal.advice", reference,
                   stance_code + (asked ? "" : ", not asked"));
    return Outcome{};
  });
}

Outcome decide(store::Database& db, const Actor& actor, const std::string& reference,
               const std::string& decision, const std::map<std::int64_t, std::string>& answers) {
  return on_proposal(db, actor, reference, [&](store::Connection& c, const Current& p) {
    if (auto o = only_author(actor, p); !o.ok()) return o;
    if (auto o = in_state(p, {State::asking}, "decided"); !o.ok()) return o;
    std::vector<Adviser> advisers;
    for (auto& r : c.query("SELECT a.person_id, p.name, a.required FROM proposal_advisers a JOIN "
                           "people p ON p.id = a.person_id WHERE a.proposal_id = $1 ORDER BY "
                           "p.name, a.person_id",
                           {p.id})
                       .rows)
      advisers.push_back({r.integer(0), r.text(1), r.integer(2) != 0});
    std::vector<Advice> advice;
    std::map<std::int64_t, std::string> names;
    for (auto& r : c.query("SELECT a.id, a.person_id, a.stance, a.version, a.asked, a.at, p.name "
                           "FROM advice a JOIN people p ON p.id = a.person_id WHERE "
                           "a.proposal_id = $1 ORDER BY a.at, a.id",
                           {p.id})
                       .rows) {
      advice.push_back({r.integer(0), r.integer(1), stance_of(r.text(2)).value_or(Stance::support),
                        static_cast<int>(r.integer(3)), r.integer(4) != 0, r.integer(5)});
      names[r.integer(1)] = r.text(6);
    }
    std::vector<FieldError> problems;
    check_text(problems, "decision", decision, max_proposal_text_length, true);
    for (auto& [id, answer] : answers) {
      if (text::characters(answer) > max_advice_length)
        problems.push_back(
            {"answer_" + std::to_string(id),
             "advice_text_too_long",
             "shorten the answer to " + std::to_string(max_advice_length) + " characters",
             {{"max", std::to_string(max_advice_length)}}});
    }
    for (auto& e : decide_too_early(today(), p.due_day.value_or(0), advisers, advice))
      problems.push_back(e);
    for (auto& e : unanswered(advisers, advice, answers, names)) problems.push_back(e);
    if (!problems.empty()) return Outcome::invalid_if(std::move(problems));
    auto now = now_seconds();
    auto latest = latest_advice(advice);
    for (auto& a : latest) {
      auto found = answers.find(a.id);
      if (found == answers.end() || text::trimmed(found->second).empty()) continue;
      c.query("UPDATE advice SET answer = $2, answered_at = $3 WHERE id = $1",
              {a.id, text::trimmed(found->second), now});
    }
    c.query(
        "UPDATE proposals SET state = 'decided', decision = $2, decided_at = $3, updated_at = $3 "
        "WHERE id = $1",
        {p.id, text::trimmed(decision), now});
    // Everyone in the teams it affects, and everyone who advised, hears of it.
    std::vector<std::int64_t> told = advisers_of(c, p.id);
    for (auto& a : advice) told.push_back(a.person_id);
    for (auto& r : c.query("SELECT DISTINCT m.person_id FROM proposal_teams x JOIN memberships m "
                           "ON m.team_id = x.team_id WHERE x.proposal_id = $1 ORDER BY m.person_id",
                           {p.id})
                       .rows)
      told.push_back(r.integer(0));
    tell(c, actor, told, inbox_kinds::decision_affects_my_team, reference, p.id);
    audit_proposal(c, actor, "proposal.decide", reference,
                   std::to_string(latest.size()) + " advisers answered");
    return Outcome{};
  });
}

Outcome withdraw(store::Database& db, const Actor& actor, const std::string& reference) {
  return on_proposal(db, actor, reference, [&](store::Connection& c, const Current& p) {
    if (auto o = only_author(actor, p); !o.ok()) return o;
    if (auto o = in_state(p, {State::draft, State::asking}, "withdrawn"); !o.ok()) return o;
    c.query("UPDATE proposals SET state = 'withdrawn', updated_at = $2 WHERE id = $1",
            {p.id, now_seconds()});
    audit_proposal(c, actor, "proposal.withdraw", reference, code_of(p.state));
    return Outcome{};
  });
}

}  // namespace ploeg::advice
