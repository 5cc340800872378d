// A domain command's Outcome (core/outcome.hpp) as the visitor gets it: the
// HTTP status for each verdict, the page's form shown again with the input
// kept, or an error page (the API's error: web::api::Answers::refusal). The
// one place verdicts become status codes.
#pragma once

#include <string>

#include "core/outcome.hpp"
#include "http/message.hpp"
#include "web/form.hpp"
#include "web/site.hpp"

namespace ploeg::web {

// ok 200, invalid 422, forbidden 403, not_found 404, conflict 409.
int status_of(Verdict verdict);
inline int status_of(const Outcome& outcome) {
  return status_of(outcome.verdict);
}

// The form `form` came back refused: what was sent and the outcome's problems.
Submitted submitted(std::string form, http::Fields values, const Outcome& outcome);

// An error page for a refusal that has no form to go back to: the outcome's
// first problem, or `otherwise` when it gives none.
http::Response refused_page(const Site& site, http::Request& request, const Outcome& outcome,
                            const std::string& otherwise);

}  // namespace ploeg::web
