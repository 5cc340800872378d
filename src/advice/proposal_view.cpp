// A proposal as one viewer may read it: someone else's draft is not there,
// and advice marked for the author only is read by the author and its
// adviser. Any signed-in account reads the rest, people or not.
#include "advice/proposals.hpp"

#include <set>

namespace ploeg::advice {

std::optional<ProposalView> proposal_view(store::Connection& c, const Actor& actor,
                                          const std::string& reference) {
  // An account that is nobody of the organisation (an administrator) reads
  // what everyone signed in reads: no draft, no advice for the author only.
  if (reference.size() > 40) return std::nullopt;
  auto found = c.query(
      "SELECT p.id, p.reference, p.title, p.problem, p.proposal, p.decision, p.state, p.version, "
      "p.author_id, a.name, p.decider_kind, p.decider_code, p.asked_at, p.advice_due_day, "
      "p.review_day, p.decided_at FROM proposals p JOIN people a ON a.id = p.author_id WHERE "
      "p.reference = $1",
      {reference});
  if (found.empty()) return std::nullopt;
  auto& r = found.rows[0];
  ProposalView v;
  auto id = r.integer(0);
  v.reference = r.text(1);
  v.title = r.text(2);
  v.problem = r.text(3);
  v.proposal = r.text(4);
  v.decision = r.text(5);
  v.state = state_of(r.text(6)).value_or(State::draft);
  v.version = static_cast<int>(r.integer(7));
  v.author_id = r.integer(8);
  v.author_name = r.text(9);
  v.decider = r.text(10) == "author" ? "author" : r.text(10) + ":" + r.text(11);
  v.asked_at = r.optional_integer(12);
  v.advice_due_day = r.optional_integer(13);
  v.review_day = r.optional_integer(14);
  v.decided_at = r.optional_integer(15);
  v.is_author = !actor.person.nobody() && v.author_id == actor.person.id;
  // A draft, and a draft withdrawn before advice was asked, stay the author's.
  bool private_draft = v.state == State::draft || (v.state == State::withdrawn && !v.asked_at);
  if (private_draft && !v.is_author) return std::nullopt;

  for (auto& t : c.query("SELECT t.code, t.name FROM proposal_teams x JOIN teams t ON t.id = "
                         "x.team_id WHERE x.proposal_id = $1 ORDER BY t.code",
                         {id})
                     .rows)
    v.teams.emplace_back(t.text(0), t.text(1));
  for (auto& t : c.query("SELECT g.code, g.name FROM proposal_regions x JOIN regions g ON g.id = "
                         "x.region_id WHERE x.proposal_id = $1 ORDER BY g.code",
                         {id})
                     .rows)
    v.regions.emplace_back(t.text(0), t.text(1));

  std::set<std::int64_t> answered;
  for (auto& a : c.query("SELECT a.id, a.person_id, p.name, a.stance, a.text, a.author_only, "
                         "a.asked, a.version, a.at, a.answer FROM advice a JOIN people p ON p.id "
                         "= a.person_id WHERE a.proposal_id = $1 ORDER BY a.at, a.id",
                         {id})
                     .rows) {
    answered.insert(a.integer(1));
    bool author_only = a.integer(5) != 0;
    bool own = !actor.person.nobody() && a.integer(1) == actor.person.id;
    if (author_only && !v.is_author && !own) continue;
    ProposalView::AdviceView item;
    item.id = a.integer(0);
    item.person_id = a.integer(1);
    item.name = a.text(2);
    item.stance = stance_of(a.text(3)).value_or(Stance::support);
    item.text = a.text(4);
    item.author_only = author_only;
    item.asked = a.integer(6) != 0;
    item.version = static_cast<int>(a.integer(7));
    item.at = a.integer(8);
    item.answer = a.text(9);
    v.advice.push_back(std::move(item));
  }
  for (auto& a : c.query("SELECT a.person_id, p.name, a.required, a.reasons FROM "
                         "proposal_advisers a JOIN people p ON p.id = a.person_id WHERE "
                         "a.proposal_id = $1 ORDER BY a.required DESC, p.name, a.person_id",
                         {id})
                     .rows) {
    v.advisers.push_back(
        {a.integer(0), a.text(1), a.text(3), a.integer(2) != 0, answered.count(a.integer(0)) > 0});
  }
  return v;
}

}  // namespace ploeg::advice
