// What the round's pages show, built from the domain's plain types: the
// board (as template data and as the JSON the live board reads), the
// proposal per team, and a person's own outcome.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "teamchoice/rounds.hpp"
#include "teamchoice/runs.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"

namespace ploeg::teamchoice::views {

using Names = std::map<std::string, std::string>;  // competence code -> name

std::string status_text(const web::Catalogue& catalogue, const std::string& lang,
                        const std::string& status);
// Which of their choices a person got: to them ("Your first choice") or to
// the coach ("1st choice"); "stated no choice" when they chose nothing.
std::string choice_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Placement& placement, bool to_them);

web::Data board(const web::Catalogue& catalogue, const std::string& lang, const Board& board,
                const Names& names);
std::string board_json(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                       const Board& board, const Names& names);
// The same as an object (the API's round holds it).
boost::json::object board_object(const web::Catalogue& catalogue, const std::string& lang,
                                 const Round& round, const Board& board, const Names& names);

// The proposal's figures and every team with the people it would get.
web::Data proposal(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                   const Proposal& proposal, const Names& names);

// Who changed team when the proposal was accepted: "name: from -> to".
web::List changes(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                  const Proposal& proposal);

// Why a person did not get their first choice, in `lang`: from the reason's
// data, or the stored English sentence for proposals from before it was kept.
// `wanted` is the name of the team they chose first.
std::string reason_text(const web::Catalogue& catalogue, const std::string& lang,
                        const Round& round, const Placement& placement, const std::string& wanted,
                        const Names& names);

// A person's own outcome of a published or accepted proposal: their team,
// which of their choices it was (to them) and why not their first; nothing
// when the proposal does not place them. `choice` is what they chose.
struct OwnOutcome {
  const Placement* placement = nullptr;
  const RoundTeam* team = nullptr;
  std::string choice_text;
  std::string reason;  // empty: nothing to explain
};
std::optional<OwnOutcome> own_outcome(const web::Catalogue& catalogue, const std::string& lang,
                                      const Round& round, const Proposal& proposal,
                                      std::int64_t person_id, const std::optional<Choice>& choice,
                                      const Names& names);

// Why no feasible proposal exists, one line each, in `lang` (the stored
// English sentences for proposals from before the data was kept).
web::List violations(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                     const Proposal& proposal, const Names& names);

// The optimiser's latest run as the page shows it: "Optimiser running: 45% —
// improving", or why it failed. Nothing to show for a run that is done.
struct RunView {
  bool show = false;
  bool active = false;
  bool failed = false;
  int percent = 0;
  std::string text;
};
RunView run_view(const web::Catalogue& catalogue, const std::string& lang,
                 const std::optional<Run>& run, const Proposal& proposal);
web::Data run_data(const RunView& view);
std::string run_json(const RunView& view);

// "12.5" with at most `decimals` decimals.
std::string number(double value, int decimals);

}  // namespace ploeg::teamchoice::views
