// What a week's plan leaves unmet, in the visitor's language: the members'
// rows as they stand (a day not filled in counts as the accepted plan, or
// the office before there is one) or the
// planner's proposal, worded from the engine's structured facts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engines/roster/planner.hpp"
#include "web/catalogue.hpp"
#include "web/views.hpp"
#include "weekplan/store.hpp"

namespace ploeg::weekplan {

// The members' own rows, with the appointments as they are given now.
roster::Assignment rows_as_plan(const TeamWeek& t);
// The planner's proposal, with the members it proposed for the appointments.
roster::Assignment proposal_as_plan(const TeamWeek& t);

enum class Checked { rows, proposal };

std::vector<std::string> unmet_texts(const web::Catalogue& cat, const std::string& lang,
                                     const TeamWeek& t, const roster::Assignment& plan,
                                     const roster::Score& score, Checked checked);

// What the week leaves unmet as the members' rows stand and, when there is
// one, with the planner's proposal: what the week page and the API show.
struct Unmet {
  std::vector<std::string> rows;
  std::optional<std::vector<std::string>> proposal;  // none without a proposal
};
Unmet unmet_now(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t);

// "Tuesday 09:30: Medical examination (home visit)", in the visitor's language.
std::string appointment_label(const web::Catalogue& cat, const std::string& lang, const TeamWeek& t,
                              const AppointmentRow& a);

}  // namespace ploeg::weekplan
