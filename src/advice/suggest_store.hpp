// The facts suggest.hpp's advisers are chosen from, read for one proposal:
// the affected teams' members, star roles and coaches, the people the
// directory finds for the proposal's words, and the authors of earlier
// decisions on the same words.
#pragma once

#include <string>
#include <vector>

#include "advice/suggest.hpp"
#include "store/database.hpp"

namespace ploeg::advice {

// The words of a title worth searching on: letters and digits, at least
// four characters, lower case, each once, at most six.
std::vector<std::string> subject_words(const std::string& title);

// The suggested advisers of the proposal with this reference (none when
// there is no such proposal); names of teams and competences in `language`.
std::vector<Suggestion> suggested_advisers(store::Connection& c, const std::string& reference,
                                           const std::string& language = "");

}  // namespace ploeg::advice
