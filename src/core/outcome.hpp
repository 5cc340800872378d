// What came of a domain command, the same in every feature: done, or refused
// for one of four reasons. The feature says why, field by field, with a
// catalogue key (FieldError); src/web turns it into the HTTP status, the page
// shown again with the input kept, or the API's error, in one place
// (web/outcome.hpp), so no feature picks status codes itself.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/field_error.hpp"

namespace ploeg {

enum class Verdict {
  ok,
  invalid,    // the input is wrong: errors say what to change (422)
  forbidden,  // the actor may not (403)
  not_found,  // no such thing, or the actor may not know whether there is (404)
  conflict,   // the state changed meanwhile, or clashes: look again (409)
};

struct Outcome {
  Verdict verdict = Verdict::ok;
  std::vector<FieldError> errors;  // why, when refused (may be empty for 403 and 404)

  bool ok() const { return verdict == Verdict::ok; }
  explicit operator bool() const { return ok(); }
  bool is(Verdict v) const { return verdict == v; }

  static Outcome refused(Verdict verdict, FieldError why) {
    Outcome o;
    o.verdict = verdict;
    o.errors.push_back(std::move(why));
    return o;
  }
  static Outcome refused(Verdict verdict) {
    Outcome o;
    o.verdict = verdict;
    return o;
  }
  // Invalid with these problems; ok when there are none.
  static Outcome invalid_if(std::vector<FieldError> problems) {
    Outcome o;
    if (!problems.empty()) o.verdict = Verdict::invalid;
    o.errors = std::move(problems);
    return o;
  }
  // The first problem's key, or "" (for messages about the whole form).
  std::string first_key() const { return errors.empty() ? "" : errors.front().key; }
};

}  // namespace ploeg
