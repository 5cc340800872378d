// What the round's pages show, built from the domain's plain types: the
// board (as template data and as the JSON the live board reads), the
// proposal per team, and a person's own outcome.
#pragma once

#include <map>
#include <string>

#include "teamchoice/rounds.hpp"
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

// The proposal's figures and every team with the people it would get.
web::Data proposal(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                   const Proposal& proposal);

// Who changed team when the proposal was accepted: "name: from -> to".
web::List changes(const web::Catalogue& catalogue, const std::string& lang, const Round& round,
                  const Proposal& proposal);

// "12.5" with at most `decimals` decimals.
std::string number(double value, int decimals);

}  // namespace ploeg::teamchoice::views
